"""Any change of a session's time or an event's dates or status, from any admin page or an
import, raises that event's iCalendar SEQUENCE once per save and leaves a history line;
the feeds show it at once."""

import datetime as dt
import shutil
from html import unescape

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from events.history import lines
from events.models import Event, EventChange, Session
from standings.importers import import_season

UTC = dt.UTC
NOW = dt.datetime(2021, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _before_the_opener(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def germany(season_2021):
    return Event.objects.get(slug="germany")


@pytest.fixture
def staff(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def sequence(event):
    return Event.objects.values_list("sequence", flat=True).get(pk=event.pk)


def history(event):
    with translation.override("en"):
        return [lines(change) for change in event.changes.all()]


def feed_sequence(client, event, code):
    response = client.get(f"/en/events/2021/{event.slug}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    vevents = {str(v["UID"]): v for v in calendar.walk("VEVENT")}
    return vevents[f"2021-{event.slug}-{code}@wtcr.backman"]["SEQUENCE"]


def session_url(event, code):
    session = Session.objects.get(event=event, code=code)
    return reverse("admin:events_session_change", args=[session.pk])


# The session's own page --------------------------------------------------------------------


def test_the_session_page_shows_the_start_in_track_time(germany, staff, admin_form):
    form = admin_form(staff, session_url(germany, "Q"))

    # 12:05 UTC is 14:05 at Nürburg in June.
    assert form["local_start"] == "2021-06-04T14:05"
    assert form["start_date"] == "2021-06-04"
    assert form["duration_min"] == "40"
    assert admin_form(staff, session_url(germany, "R1"))["local_finished_by"] == "2021-06-05T15:30"


@pytest.mark.django_db(transaction=True)  # the feed follows the change when it commits
def test_editing_the_session_page_raises_the_sequence_and_the_feed_shows_it(
    germany, staff, client, admin_form
):
    assert feed_sequence(client, germany, "Q") == 0  # and the feed is cached
    form = admin_form(staff, session_url(germany, "Q"))
    form["local_start"] = "2021-06-04T14:30"

    response = staff.post(session_url(germany, "Q"), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Session.objects.get(event=germany, code="Q").starts_at == dt.datetime(
        2021, 6, 4, 12, 30, tzinfo=UTC
    )
    assert sequence(germany) == 1
    assert history(germany) == [
        ["Qualifying, start: 4 June 2021, 14:05 → 4 June 2021, 14:30 (track time)"]
    ]
    assert feed_sequence(client, germany, "Q") == 1
    assert feed_sequence(client, germany, "FP1") == 1


def test_a_session_page_saved_unchanged_changes_nothing(germany, staff, admin_form):
    url = session_url(germany, "R1")
    assert staff.post(url, admin_form(staff, url)).status_code == 302

    assert sequence(germany) == 0
    assert history(germany) == []
    r1 = Session.objects.get(event=germany, code="R1")
    assert r1.finished_by == dt.datetime(2021, 6, 5, 13, 30, tzinfo=UTC)


def test_the_session_page_takes_finished_by_in_track_time(germany, staff, admin_form):
    url = session_url(germany, "R1")
    form = admin_form(staff, url)
    form["local_finished_by"] = "2021-06-05T16:00"

    assert staff.post(url, form).status_code == 302

    r1 = Session.objects.get(event=germany, code="R1")
    assert r1.finished_by == dt.datetime(2021, 6, 5, 14, 0, tzinfo=UTC)
    assert sequence(germany) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"local_start": "2021-06-05T12:00", "local_finished_by": "2021-06-05T16:00"},
            "Leave “finished by” empty when the start time is known.",
        ),
        (
            {"local_finished_by": "2021-06-06T16:00"},
            "“Finished by” must be within the session's day, 5 June 2021.",
        ),
        (
            {"start_date": "2021-06-12"},
            "12 June 2021 is not one of the event's days (3 June 2021 to 5 June 2021). Change "
            "the session's day, or empty it while the new timetable is not known.",
        ),
    ],
)
def test_the_session_page_refuses_times_that_cannot_be(
    germany, staff, admin_form, form_errors, changes, error
):
    url = session_url(germany, "R1")
    form = admin_form(staff, url)
    form.update(changes)

    response = staff.post(url, form)

    assert response.status_code == 200
    assert error in form_errors(response)
    assert sequence(germany) == 0


def test_adding_a_session_to_an_existing_event_raises_the_sequence(germany, staff, admin_form):
    form = admin_form(staff, reverse("admin:events_session_add"))
    form.update(
        {
            "event": germany.pk,
            "code": "Q1",
            "local_start": "2021-06-04T17:00",
            "duration_min": "20",
        }
    )

    response = staff.post(reverse("admin:events_session_add"), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Session.objects.get(event=germany, code="Q1").starts_at == dt.datetime(
        2021, 6, 4, 15, 0, tzinfo=UTC
    )
    assert sequence(germany) == 1
    assert history(germany) == [["Qualifying 1 added: 4 June 2021, 17:00 (track time)"]]


def test_deleting_a_session_raises_the_sequence(germany, staff):
    session = Session.objects.create(event=germany, code="Q1", start_date=dt.date(2021, 6, 4))
    before = sequence(germany)
    url = reverse("admin:events_session_delete", args=[session.pk])

    assert staff.post(url, {"post": "yes"}).status_code == 302

    assert sequence(germany) == before + 1
    assert history(germany)[0] == ["Qualifying 1 removed"]


# The event's page --------------------------------------------------------------------------


def event_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def row(form, code, name):
    n = next(
        key.split("-")[1]
        for key, value in form.items()
        if key.startswith("sessions-") and key.endswith("-code") and value == code
    )
    return f"sessions-{n}-{name}"


def test_status_dates_and_session_times_in_one_save_raise_the_sequence_once(
    germany, staff, admin_form
):
    form = admin_form(staff, event_url(germany))
    form.update(
        {
            "status": "postponed",
            row(form, "Q", "local_start"): "2021-06-04T15:00",
            row(form, "FP1", "duration_min"): "45",
        }
    )

    assert staff.post(event_url(germany), form).status_code == 302

    assert sequence(germany) == 1
    assert history(germany) == [
        [
            "Status: scheduled → postponed",
            "Announced on: — → 1 June 2021",
            "Free practice 1, length: 40 min → 45 min",
            "Qualifying, start: 4 June 2021, 14:05 → 4 June 2021, 15:00 (track time)",
        ]
    ]


def test_a_session_added_and_one_deleted_on_the_event_page_raise_the_sequence_once(
    germany, staff, admin_form
):
    Session.objects.create(event=germany, code="Q1", start_date=dt.date(2021, 6, 4))
    before = sequence(germany)
    form = admin_form(staff, event_url(germany))
    n = int(form["sessions-TOTAL_FORMS"])
    form = {key: value for key, value in form.items() if "__prefix__" not in key}
    form.update(
        {
            "sessions-TOTAL_FORMS": str(n + 1),
            f"sessions-{n}-code": "Q2",
            f"sessions-{n}-start_date": "2021-06-04",
            f"sessions-{n}-local_start": "",
            f"sessions-{n}-duration_min": "",
            row(form, "Q1", "DELETE"): "on",
        }
    )

    response = staff.post(event_url(germany), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert sequence(germany) == before + 1
    assert history(germany)[0] == ["Qualifying 1 removed", "Qualifying 2 added: 4 June 2021"]


def test_a_move_keeps_the_dates_it_had_and_the_day_it_was_announced(germany, staff, admin_form):
    form = admin_form(staff, event_url(germany))
    form.update({"start_date": "2021-06-02", "end_date": "2021-06-05"})

    response = staff.post(event_url(germany), form, follow=True)

    germany.refresh_from_db()
    assert (germany.previous_start_date, germany.previous_end_date) == (
        dt.date(2021, 6, 3),
        dt.date(2021, 6, 5),
    )
    assert sequence(germany) == 1
    assert history(germany) == [
        [
            "Start date: 3 June 2021 → 2 June 2021",
            "Previous start date: — → 3 June 2021",
            "Previous end date: — → 5 June 2021",
            "Announced on: — → 1 June 2021",
        ]
    ]
    html = unescape(response.content.decode())
    assert (
        "Filled in for you: previous dates 3 June 2021 to 5 June 2021 (the calendar says the "
        "event was moved from them); “Announced on” 1 June 2021 (readers see the change from "
        "that day). If that is not right, change it and save again." in html
    )
    assert "The change is on the public calendar and the event's page now." in html


def test_a_save_of_the_event_page_keeps_what_it_does_not_show(germany, staff, admin_form):
    """ "Finished by" is on the session's own page only: the event's page leaves it alone."""
    form = admin_form(staff, event_url(germany))
    form["status"] = "postponed"

    assert staff.post(event_url(germany), form).status_code == 302

    r1 = Session.objects.get(event=germany, code="R1")
    assert r1.finished_by == dt.datetime(2021, 6, 5, 13, 30, tzinfo=UTC)


def test_two_saves_raise_the_sequence_twice(germany, staff, admin_form):
    for status in ("postponed", "scheduled"):
        form = admin_form(staff, event_url(germany))
        form["status"] = status
        assert staff.post(event_url(germany), form).status_code == 302

    assert sequence(germany) == 2
    assert history(germany) == [
        ["Status: postponed → scheduled"],
        ["Status: scheduled → postponed", "Announced on: — → 1 June 2021"],
    ]


def test_the_history_says_who_changed_what_in_the_readers_language(
    germany, admin_client, admin_form
):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    form = admin_form(admin_client, event_url(germany))
    form.update({"status": "postponed", row(form, "Q", "local_start"): "2021-06-04T15:00"})
    assert admin_client.post(event_url(germany), form).status_code == 302

    swedish = unescape(admin_client.get(event_url(germany)).content.decode())
    assert "Status: planerad → uppskjuten" in swedish
    assert "Kval, start: 4 juni 2021 kl. 14:05 → 4 juni 2021 kl. 15:00" in swedish
    assert "(banans lokala tid)" in swedish
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = admin_client.get(event_url(germany)).content.decode()
    assert "Status: scheduled → postponed" in english
    change = germany.changes.get()
    assert (change.source, change.changed_by.username) == ("admin", "admin")


# Imports and code --------------------------------------------------------------------------


def test_an_import_raises_each_changed_event_once_and_says_what_changed(germany, tmp_path):
    folder = shutil.copytree(settings.BASE_DIR / "data" / "seasons" / "2021", tmp_path / "2021")
    calendar = (folder / "calendar.csv").read_text(encoding="utf-8")
    (folder / "calendar.csv").write_text(
        calendar.replace("2021-06-03,2021-06-05,scheduled", "2021-06-03,2021-06-05,postponed"),
        encoding="utf-8",
    )
    sessions = (folder / "sessions.csv").read_text(encoding="utf-8")
    (folder / "sessions.csv").write_text(
        sessions.replace("germany,Q,2021-06-04T14:05,40,", "germany,Q,2021-06-04T14:30,30,"),
        encoding="utf-8",
    )

    with translation.override(None):
        report = import_season(folder)

    assert sequence(germany) == 1
    assert sequence(Event.objects.get(slug="estoril")) == 0
    expected = [
        "Status: scheduled → postponed",
        "Qualifying, start: 4 June 2021, 14:05 → 4 June 2021, 14:30 (track time)",
        "Qualifying, length: 40 min → 30 min",
    ]
    assert history(germany) == [expected]
    assert germany.changes.get().source == "import"
    assert [line for line in report.changes if line.startswith("Race of Germany")] == [
        f"Race of Germany: {line}" for line in expected
    ]


def test_two_events_swapping_rounds_keep_their_old_rounds_in_the_history(germany, tmp_path):
    folder = shutil.copytree(settings.BASE_DIR / "data" / "seasons" / "2021", tmp_path / "2021")
    calendar = (folder / "calendar.csv").read_text(encoding="utf-8")
    calendar = calendar.replace("5,most,", "X,most,").replace("6,pau-arnos,", "5,pau-arnos,")
    (folder / "calendar.csv").write_text(calendar.replace("X,most,", "6,most,"), encoding="utf-8")

    import_season(folder)

    assert history(Event.objects.get(slug="most")) == [["Round: 5 → 6"]]
    assert history(Event.objects.get(slug="pau-arnos")) == [["Round: 6 → 5"]]


def test_a_dry_run_leaves_no_trace(germany, tmp_path):
    folder = shutil.copytree(settings.BASE_DIR / "data" / "seasons" / "2021", tmp_path / "2021")
    sessions = (folder / "sessions.csv").read_text(encoding="utf-8")
    (folder / "sessions.csv").write_text(
        sessions.replace("germany,Q,2021-06-04T14:05,40,", "germany,Q,2021-06-04T14:30,40,"),
        encoding="utf-8",
    )

    report = import_season(folder, dry_run=True)

    assert report.changes
    assert sequence(germany) == 0
    assert not EventChange.objects.exists()


def test_a_change_made_in_code_is_revised_too(germany):
    q = Session.objects.get(event=germany, code="Q")
    q.duration_min = 30
    q.save()
    with transaction.atomic():
        germany.status = "cancelled"
        germany.round = None
        germany.save()
        Session.objects.filter(event=germany, code="FP1").delete()

    assert sequence(germany) == 2
    assert history(germany) == [
        ["Status: scheduled → cancelled", "Round: 1 → —", "Free practice 1 removed"],
        ["Qualifying, length: 40 min → 30 min"],
    ]


def test_a_stale_event_saved_never_takes_the_sequence_back(germany):
    stale = Event.objects.get(pk=germany.pk)
    q = Session.objects.get(event=germany, code="Q")
    q.duration_min = 30
    q.save()
    stale.name_en = "Race of Germany (Nordschleife)"
    stale.save()

    assert sequence(germany) == 1


def test_an_event_deleted_with_its_sessions_leaves_no_history_behind(season_2021):
    macau = Event.objects.get(slug="macau")
    Session.objects.create(event=macau, code="R1", start_date=dt.date(2021, 11, 21))

    macau.delete()

    assert not Event.objects.filter(slug="macau").exists()
    assert not EventChange.objects.filter(event_id=macau.pk).exists()
