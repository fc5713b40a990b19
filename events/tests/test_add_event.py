"""Session times typed on the event's own page are track times of the circuit chosen on
that same page: kept on "Add event", refused with a message when no circuit is chosen, and
read in the new circuit's time when the circuit changes."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Circuit, Event, Session

UTC = dt.UTC
NOW = dt.datetime(2021, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english(admin_client, time_machine):
    time_machine.move_to(NOW, tick=False)
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def add_form(client, admin_form, sessions, **fields):
    """The "Add event" form as a browser posts it, with a row per session:
    sessions = [(code, local start, duration)]."""
    data = admin_form(client, reverse("admin:events_event_add"))
    data = {name: value for name, value in data.items() if "__prefix__" not in name}
    data.update(
        {
            "season": Event.objects.first().season_id,
            "slug": "extra",
            "name_en": "Race of Sweden",
            "name_sv": "Sveriges deltävling",
            "start_date": "2021-09-10",
            "end_date": "2021-09-12",
            "status": "scheduled",
            "sessions-TOTAL_FORMS": str(len(sessions)),
        }
    )
    for n, (code, start, duration) in enumerate(sessions):
        data.update(
            {
                f"sessions-{n}-code": code,
                f"sessions-{n}-start_date": "",
                f"sessions-{n}-local_start": start,
                f"sessions-{n}-duration_min": duration,
            }
        )
    data.update(fields)
    return data


def test_times_typed_on_add_event_are_kept_in_the_circuits_time(
    season_2021, admin_client, admin_form
):
    berlin = Circuit.objects.get(name="Nürburgring Nordschleife")
    data = add_form(
        admin_client,
        admin_form,
        [("FP1", "2021-09-10T14:30", "40"), ("R1", "2021-09-12T11:15", "")],
        circuit=berlin.pk,
    )

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="extra")
    stored = {s.code: (s.start_date, s.starts_at, s.duration_min) for s in event.sessions.all()}
    # Nürburg is on UTC+2 in September.
    assert stored == {
        "FP1": (dt.date(2021, 9, 10), dt.datetime(2021, 9, 10, 12, 30, tzinfo=UTC), 40),
        "R1": (dt.date(2021, 9, 12), dt.datetime(2021, 9, 12, 9, 15, tzinfo=UTC), None),
    }
    assert event.sequence == 0  # a new event: nothing to revise yet
    assert event.changes.count() == 0


def test_a_time_typed_before_a_circuit_is_chosen_is_refused(
    season_2021, admin_client, admin_form, form_errors
):
    data = add_form(admin_client, admin_form, [("FP1", "2021-09-10T14:30", "40")], circuit="")

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 200
    assert "Choose the event's circuit: session times are read in its local time." in form_errors(
        response
    )
    assert not Event.objects.filter(slug="extra").exists()


def test_a_changed_circuit_reads_the_times_shown_in_its_own_time(
    season_2021, admin_client, admin_form
):
    """The times on the page are track times: moved to another circuit, the sessions start
    at those times there (Estoril is an hour behind Nürburg)."""
    germany = Event.objects.get(slug="germany")
    url = reverse("admin:events_event_change", args=[germany.pk])
    data = admin_form(admin_client, url)
    data["circuit"] = Circuit.objects.get(name="Circuito do Estoril").pk

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    q = Session.objects.get(event=germany, code="Q")
    # 14:05 at Estoril (UTC+1 in June), as the page showed it.
    assert q.starts_at == dt.datetime(2021, 6, 4, 13, 5, tzinfo=UTC)
    r1 = Session.objects.get(event=germany, code="R1")
    assert (r1.start_date, r1.starts_at) == (dt.date(2021, 6, 5), None)
