"""Two people editing the same event: the second save is refused with a message naming
what changed, and the first edit is kept (its sessions included)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from events.history import lines
from events.models import Event, Session

NOW = dt.datetime(2021, 6, 5, 10, 0, tzinfo=dt.UTC)
LOCAL_START = "sessions-{n}-local_start"


@pytest.fixture
def germany(season_2021, time_machine):
    time_machine.move_to(NOW, tick=False)
    return Event.objects.get(slug="germany")


def url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def session_field(form, code, name):
    """The name of a session's field in the event's form."""
    n = next(
        key.split("-")[1]
        for key, value in form.items()
        if key.startswith("sessions-") and key.endswith("-code") and value == code
    )
    return f"sessions-{n}-{name}"


def test_a_second_event_edit_is_refused_and_the_first_kept(
    germany, editors, admin_form, form_errors
):
    anna, bertil = editors
    annas, bertils = admin_form(anna, url(germany)), admin_form(bertil, url(germany))
    original = germany.name

    annas["status"] = "postponed"
    assert anna.post(url(germany), annas).status_code == 302
    bertils["name"] = "Bertil's name"
    response = bertil.post(url(germany), bertils)

    assert response.status_code == 200
    assert form_errors(response) == [
        "Anna Berg changed “Status” and “Announced on” on 5 June 2021 at 12:00, after you "
        "opened this page. Your changes have not been saved. Reload the page to see theirs, or "
        "save again to replace them with yours."
    ]
    germany.refresh_from_db()
    assert (germany.status, germany.name) == ("postponed", original)
    with translation.override("en"):
        assert [lines(c) for c in germany.changes.all()] == [
            ["Status: scheduled → postponed", "Announced on: — → 5 June 2021"]
        ]


def test_a_session_time_changed_meanwhile_is_not_overwritten(
    germany, editors, admin_form, form_errors
):
    anna, bertil = editors
    annas, bertils = admin_form(anna, url(germany)), admin_form(bertil, url(germany))

    annas[session_field(annas, "Q", "local_start")] = "2021-06-04T15:00"
    assert anna.post(url(germany), annas).status_code == 302
    bertils["name"] = "Bertil's name"
    response = bertil.post(url(germany), bertils)

    assert form_errors(response) == [
        "Anna Berg changed “Sessions (times at the circuit, stored in UTC)” on 5 June 2021 at "
        "12:00, after you opened this page. Your changes have not been saved. Reload the page "
        "to see theirs, or save again to replace them with yours."
    ]
    assert Session.objects.get(event=germany, code="Q").starts_at == dt.datetime(
        2021, 6, 4, 13, 0, tzinfo=dt.UTC
    )


def test_an_import_of_session_times_meanwhile_is_not_overwritten(
    germany, editors, admin_form, form_errors
):
    """An import writes sessions in bulk and leaves the event's row alone: the form still
    sees that what it shows has changed."""
    _anna, bertil = editors
    bertils = admin_form(bertil, url(germany))
    imported = dt.datetime(2021, 6, 4, 9, 0, tzinfo=dt.UTC)
    Session.objects.filter(event=germany, code="Q").update(starts_at=imported)

    bertils["name"] = "Bertil's name"
    response = bertil.post(url(germany), bertils)

    assert form_errors(response) == [
        "Someone else changed “Sessions (times at the circuit, stored in UTC)” after you opened "
        "this page. Your changes have not been saved. Reload the page to see what is stored "
        "now, or save again to replace it with your version."
    ]
    assert Session.objects.get(event=germany, code="Q").starts_at == imported


def session_url(event, code):
    session = Session.objects.get(event=event, code=code)
    return reverse("admin:events_session_change", args=[session.pk])


def test_a_second_session_page_edit_is_refused_and_the_first_kept(
    germany, editors, admin_form, form_errors
):
    anna, bertil = editors
    url = session_url(germany, "Q")
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)

    annas["local_start"] = "2021-06-04T15:00"
    assert anna.post(url, annas).status_code == 302
    bertils["duration_min"] = "30"
    response = bertil.post(url, bertils)

    assert response.status_code == 200
    assert form_errors(response) == [
        "Anna Berg changed “Starts (track time)” on 5 June 2021 at 12:00, after you opened "
        "this page. Your changes have not been saved. Reload the page to see theirs, or save "
        "again to replace them with yours."
    ]
    q = Session.objects.get(event=germany, code="Q")
    assert (q.starts_at, q.duration_min) == (dt.datetime(2021, 6, 4, 13, 0, tzinfo=dt.UTC), 40)
