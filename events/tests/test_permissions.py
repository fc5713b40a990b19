"""The Calendar role postpones, cancels, replaces and moves events and edits session times,
and does nothing else; the Results role enters a session's time in track time and leaves
the events alone."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from events.models import Circuit, Event, Session

UTC = dt.UTC
NOW = dt.datetime(2021, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _before_the_opener(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def user_in(staff_user):
    def make(group):
        user = staff_user(group.lower().replace(" ", "-"), group)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def calendar(user_in, season_2021):
    return user_in("Calendar")


@pytest.fixture
def results(user_in, season_2021):
    return user_in("Results")


def status(client, name, *args):
    return client.get(reverse(name, args=args)).status_code


CALENDAR_CAN = [
    "admin:events_event_changelist",
    "admin:events_event_add",
    "admin:events_session_changelist",
    "admin:events_session_add",
    "admin:events_circuit_add",
]
CALENDAR_CANNOT = [
    "admin:news_article_changelist",
    "admin:news_article_add",
    "admin:news_photo_changelist",
    "admin:news_presscontact_changelist",
    "admin:standings_sessionresult_changelist",
    "admin:standings_sessionresult_import",
    "admin:standings_entry_changelist",
    "admin:standings_title_changelist",
    "admin:drivers_driver_changelist",
    "admin:drivers_milestone_add",
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:events_season_add",
]


def test_the_calendar_role_can_do_its_work(calendar):
    assert {name: status(calendar, name) for name in CALENDAR_CAN} == dict.fromkeys(
        CALENDAR_CAN, 200
    )
    germany = Event.objects.get(slug="germany")
    assert status(calendar, "admin:events_event_change", germany.pk) == 200


def test_the_calendar_role_can_do_nothing_else(calendar):
    assert {name: status(calendar, name) for name in CALENDAR_CANNOT} == dict.fromkeys(
        CALENDAR_CANNOT, 403
    )
    germany = Event.objects.get(slug="germany")
    assert status(calendar, "admin:events_event_delete", germany.pk) == 403


def event_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def row(form, code, name):
    n = next(
        key.split("-")[1]
        for key, value in form.items()
        if key.startswith("sessions-") and key.endswith("-code") and value == code
    )
    return f"sessions-{n}-{name}"


def save(client, admin_form, event, **changes):
    form = admin_form(client, event_url(event))
    form.update(changes)
    response = client.post(event_url(event), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    return event


def test_the_calendar_role_postpones_and_moves_an_event(calendar, admin_form):
    aragon = Event.objects.get(slug="aragon")

    save(calendar, admin_form, aragon, status="postponed", announced_on="2021-06-01")
    assert (aragon.status, aragon.sequence) == ("postponed", 1)

    form = admin_form(calendar, event_url(aragon))
    moved = {
        "status": "scheduled",
        "start_date": "2021-07-17",
        "end_date": "2021-07-18",
        **{
            row(form, code, "local_start"): ""
            for code in ("FP1", "FP2", "Q1", "Q2", "Q3", "Q", "R1", "R2")
        },
        **{
            row(form, code, "start_date"): ""
            for code in ("FP1", "FP2", "Q1", "Q2", "Q3", "Q", "R1", "R2")
        },
    }
    moved[row(form, "R1", "local_start")] = "2021-07-18T12:15"
    save(calendar, admin_form, aragon, **moved)

    assert (aragon.status, aragon.start_date, aragon.end_date) == (
        "scheduled",
        dt.date(2021, 7, 17),
        dt.date(2021, 7, 18),
    )
    assert (aragon.previous_start_date, aragon.previous_end_date) == (
        dt.date(2021, 7, 10),
        dt.date(2021, 7, 11),
    )
    assert aragon.sequence == 2
    r1 = Session.objects.get(event=aragon, code="R1")
    # Alcañiz is on UTC+2 in July.
    assert r1.starts_at == dt.datetime(2021, 7, 18, 10, 15, tzinfo=UTC)


def test_the_calendar_role_cancels_an_event_and_adds_the_one_replacing_it(
    calendar, admin_form, form_errors
):
    hungary = Event.objects.get(slug="hungary")
    form = admin_form(calendar, event_url(hungary))
    form["status"] = "cancelled"
    refused = calendar.post(event_url(hungary), form)
    assert "A cancelled event has no round: empty “Round”" in " ".join(form_errors(refused))

    save(calendar, admin_form, hungary, status="cancelled", round="")
    assert (hungary.status, hungary.round, hungary.sequence) == ("cancelled", None, 1)

    add = reverse("admin:events_event_add")
    form = {k: v for k, v in admin_form(calendar, add).items() if "__prefix__" not in k}
    form.update(
        {
            "season": hungary.season_id,
            "slug": "slovakia",
            "name_en": "Race of Slovakia",
            "name_sv": "Slovakiens deltävling",
            "circuit": Circuit.objects.get(name="Hungaroring").pk,
            "round": "4",
            "start_date": "2021-08-21",
            "end_date": "2021-08-22",
            "status": "scheduled",
            "replaces": hungary.pk,
            "announced_on": "2021-06-01",
        }
    )
    response = calendar.post(add, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Event.objects.get(slug="slovakia").replaces == hungary


def test_the_calendar_role_edits_a_session_time(calendar, admin_form):
    germany = Event.objects.get(slug="germany")
    q = Session.objects.get(event=germany, code="Q")
    url = reverse("admin:events_session_change", args=[q.pk])
    form = admin_form(calendar, url)
    form["local_start"] = "2021-06-04T15:00"

    assert calendar.post(url, form).status_code == 302

    q.refresh_from_db()
    assert q.starts_at == dt.datetime(2021, 6, 4, 13, 0, tzinfo=UTC)
    germany.refresh_from_db()
    assert germany.sequence == 1


RESULTS_CAN = ["admin:events_session_changelist", "admin:events_session_add"]


def test_the_results_role_enters_a_session_start_in_track_time(results, admin_form):
    assert {name: status(results, name) for name in RESULTS_CAN} == dict.fromkeys(RESULTS_CAN, 200)
    germany = Event.objects.get(slug="germany")
    r1 = Session.objects.get(event=germany, code="R1")
    url = reverse("admin:events_session_change", args=[r1.pk])
    form = admin_form(results, url)
    form.update({"local_start": "2021-06-05T12:15", "local_finished_by": "", "duration_min": "30"})

    assert results.post(url, form).status_code == 302

    r1.refresh_from_db()
    assert (r1.starts_at, r1.duration_min, r1.finished_by) == (
        dt.datetime(2021, 6, 5, 10, 15, tzinfo=UTC),
        30,
        None,
    )
    germany.refresh_from_db()
    assert germany.sequence == 1


def test_the_results_role_sees_the_events_but_does_not_change_them(results, admin_form):
    germany = Event.objects.get(slug="germany")
    assert status(results, "admin:events_event_change", germany.pk) == 200
    assert status(results, "admin:events_event_add") == 403
    form = admin_form(results, event_url(germany))
    form["status"] = "postponed"
    assert results.post(event_url(germany), form).status_code == 403
    germany.refresh_from_db()
    assert germany.status == "scheduled"


def test_results_staff_see_the_sessions_in_track_time_and_a_link_to_their_results(
    season_2021, django_user_model, client
):
    user = django_user_model.objects.create_user(
        "results-only", password="a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Results"))
    client.force_login(user)
    portugal = Event.objects.get(slug="estoril")
    page = client.get(
        reverse("admin:events_event_change", args=[portugal.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "27 juni 2021, 12:15" in page  # Race 1, at the track (WEST)
    assert "None" not in page
    race_1 = portugal.sessions.get(code="R1")
    assert reverse("admin:standings_session_results", args=[race_1.pk]) in page
