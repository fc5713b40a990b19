import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from events.history import lines
from events.models import Event, Session

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def change_form_data(event, **overrides):
    """The event's change form as the admin would post it, sessions inline."""
    sessions = list(event.sessions.order_by("code"))
    data = {
        "season": event.season_id,
        "slug": event.slug,
        "name_en": event.name_en,
        "name_sv": event.name_sv,
        "circuit": event.circuit_id,
        "round": event.round or "",
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "status": event.status,
        "replaces": event.replaces_id or "",
        "previous_start_date": event.previous_start_date or "",
        "previous_end_date": event.previous_end_date or "",
        "announced_on": event.announced_on or "",
        "sessions-TOTAL_FORMS": len(sessions),
        "sessions-INITIAL_FORMS": len(sessions),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
        "changes-TOTAL_FORMS": 0,
        "changes-INITIAL_FORMS": 0,
        "changes-MIN_NUM_FORMS": 0,
        "changes-MAX_NUM_FORMS": 1000,
    }
    zone = event.circuit.zone
    for n, session in enumerate(sessions):
        local = session.starts_at.astimezone(zone) if session.starts_at else None
        data.update(
            {
                f"sessions-{n}-id": session.pk,
                f"sessions-{n}-event": event.pk,
                f"sessions-{n}-code": session.code,
                f"sessions-{n}-start_date": session.start_date or "",
                f"sessions-{n}-local_start": local.strftime("%Y-%m-%dT%H:%M") if local else "",
                f"sessions-{n}-duration_min": session.duration_min or "",
            }
        )
    data.update(overrides)
    return data


def opened(client, obj):
    """The edit token of obj's change form, as a browser gets it when it opens the form."""
    html = client.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    ).content.decode()
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def index_of(event, code):
    return [s.code for s in event.sessions.order_by("code")].index(code)


def test_session_times_are_shown_in_track_time(season_2021, admin_client):
    Session.objects.filter(event__slug="germany", code="Q").update(
        starts_at=dt.datetime(2021, 6, 4, 12, 30, tzinfo=UTC)
    )
    germany = Event.objects.get(slug="germany")

    html = admin_client.get(
        reverse("admin:events_event_change", args=[germany.pk])
    ).content.decode()

    # 12:30 UTC is 14:30 at Nürburg in June (UTC+2).
    assert 'value="2021-06-04T14:30"' in html


def test_a_track_time_is_stored_in_utc_and_revises_the_event(season_2021, admin_client):
    germany = Event.objects.get(slug="germany")
    n = index_of(germany, "Q")

    response = admin_client.post(
        reverse("admin:events_event_change", args=[germany.pk]),
        change_form_data(
            germany,
            edit_token=opened(admin_client, germany),
            **{f"sessions-{n}-local_start": "2021-06-04T15:00"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(event=germany, code="Q")
    assert session.starts_at == dt.datetime(2021, 6, 4, 13, 0, tzinfo=UTC)
    germany.refresh_from_db()
    assert germany.sequence == 1
    with translation.override("en"):
        assert [lines(c) for c in germany.changes.all()] == [
            ["Qualifying, start: 4 June 2021, 14:05 → 4 June 2021, 15:00 (track time)"]
        ]


def test_a_status_change_is_kept_in_the_history(season_2021, admin_client):
    adria = Event.objects.get(slug="adria")

    admin_client.post(
        reverse("admin:events_event_change", args=[adria.pk]),
        change_form_data(adria, edit_token=opened(admin_client, adria), status="postponed"),
    )

    adria.refresh_from_db()
    assert adria.status == "postponed"
    assert adria.sequence == 1
    with translation.override("en"):
        assert [lines(c) for c in adria.changes.all()] == [["Status: scheduled → postponed"]]


def test_a_time_the_clocks_skip_is_refused(season_2021, admin_client):
    germany = Event.objects.get(slug="germany")
    germany.start_date, germany.end_date = dt.date(2021, 3, 27), dt.date(2021, 3, 28)
    germany.save()
    n = index_of(germany, "Q")
    before = Session.objects.get(event=germany, code="Q").starts_at

    response = admin_client.post(
        reverse("admin:events_event_change", args=[germany.pk]),
        change_form_data(
            germany,
            edit_token=opened(admin_client, germany),
            **{f"sessions-{n}-local_start": "2021-03-28T02:30"},
        ),
    )

    assert response.status_code == 200
    assert (
        "This time does not exist at the circuit (clocks go forward)." in response.content.decode()
    )
    assert Session.objects.get(event=germany, code="Q").starts_at == before


def test_the_admin_shows_both_names_and_the_announcement(season_2021, admin_client):
    adria = Event.objects.get(slug="adria")

    form = admin_client.get(reverse("admin:events_event_change", args=[adria.pk]))
    html = form.content.decode()
    assert 'name="name_en" value="Race of Italy"' in html
    assert 'name="name_sv" value="Italiens deltävling"' in html
    assert "Name [en]" in html
    assert "Name [sv]" in html
    assert 'name="previous_end_date" value="2021-08-01"' in html
    assert 'name="announced_on" value="2021-08-19"' in html
    listing = admin_client.get(reverse("admin:events_event_changelist"), {"q": "deltävling"})
    assert "Race of Italy" in listing.content.decode()
    assert "Italiens deltävling" in listing.content.decode()


def test_a_swedish_name_edited_in_the_admin_is_kept(season_2021, admin_client):
    germany = Event.objects.get(slug="germany")

    admin_client.post(
        reverse("admin:events_event_change", args=[germany.pk]),
        change_form_data(
            germany, edit_token=opened(admin_client, germany), name_sv="Tyska deltävlingen"
        ),
    )

    germany.refresh_from_db()
    assert (germany.name_en, germany.name_sv) == ("Race of Germany", "Tyska deltävlingen")
