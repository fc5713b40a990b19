"""The calendar as it was announced (events.announced): pure functions, no database."""

import datetime as dt

from events.announced import (
    announced_later,
    announcement,
    as_announced,
    moments,
    timetable_known,
    undated_change,
)
from events.models import Circuit, Event

UTC = dt.UTC
DAY = dt.date.fromisoformat


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(pk, slug, start, end, *, tz="Europe/Rome", round_number=None, **fields):
    return Event(
        pk=pk,
        season_id=1,
        slug=slug,
        round=round_number,
        start_date=DAY(start),
        end_date=DAY(end),
        circuit=Circuit(name=slug, timezone=tz),
        **fields,
    )


def calendar():
    """Part of 2021 as finally run, with the changes of 19 August and one with no date."""
    return [
        event(1, "hungary", "2021-08-21", "2021-08-22", tz="Europe/Budapest", round_number=4),
        event(2, "vila-real", "2021-06-26", "2021-06-27", tz="Europe/Lisbon", status="cancelled"),
        event(
            3,
            "estoril",
            "2021-06-26",
            "2021-06-27",
            tz="Europe/Lisbon",
            round_number=2,
            replaces_id=2,
        ),
        event(
            4,
            "adria",
            "2021-11-05",
            "2021-11-07",
            round_number=7,
            previous_start_date=DAY("2021-07-31"),
            previous_end_date=DAY("2021-08-01"),
            announced_on=DAY("2021-08-19"),
        ),
        event(
            5,
            "inje",
            "2021-10-16",
            "2021-10-17",
            tz="Asia/Seoul",
            status="cancelled",
            announced_on=DAY("2021-08-19"),
        ),
        event(
            6,
            "sochi",
            "2021-11-26",
            "2021-11-28",
            tz="Europe/Moscow",
            round_number=8,
            announced_on=DAY("2021-08-19"),
        ),
    ]


def shown(events):
    return [
        (e.slug, e.status, e.round, e.start_date.isoformat(), e.end_date.isoformat())
        for e in events
    ]


def test_an_announcement_takes_effect_at_local_midnight_at_the_circuit():
    adria, inje = calendar()[3], calendar()[4]

    assert announcement(adria) == at("2021-08-18T22:00")  # CEST, UTC+2
    assert announcement(inje) == at("2021-08-18T15:00")  # KST, UTC+9
    assert announcement(calendar()[0]) is None


def test_before_the_announcement_the_calendar_is_as_it_was_scheduled():
    before = as_announced(calendar(), at("2021-07-20T12:00"))

    assert shown(before) == [
        # Vila Real and Estoril: no date is known for that change; as finally run.
        ("vila-real", "cancelled", None, "2021-06-26", "2021-06-27"),
        ("estoril", "scheduled", 2, "2021-06-26", "2021-06-27"),
        # Adria on its first planned dates; its round number is that of November.
        ("adria", "scheduled", None, "2021-07-31", "2021-08-01"),
        ("hungary", "scheduled", 4, "2021-08-21", "2021-08-22"),
        # Inje still on; which round it was is not known.
        ("inje", "scheduled", None, "2021-10-16", "2021-10-17"),
        # Sochi, added on 19 August, is not there.
    ]
    adria = before[2]
    assert adria.previous_start_date is None
    assert adria.previous_end_date is None
    assert announced_later(adria) == DAY("2021-08-19")
    assert not timetable_known(adria)
    assert timetable_known(before[4])
    assert announced_later(before[4]) == DAY("2021-08-19")
    assert announced_later(before[3]) is None


def test_the_events_given_are_not_changed():
    events = calendar()

    as_announced(events, at("2021-07-20T12:00"))

    adria = events[3]
    assert (adria.start_date, adria.round, adria.previous_start_date) == (
        DAY("2021-11-05"),
        7,
        DAY("2021-07-31"),
    )
    assert events[4].status == "cancelled"
    assert not hasattr(adria, "announced_later")
    assert timetable_known(adria)


def test_a_moved_event_is_postponed_once_its_first_planned_dates_have_come():
    # It was not run on 31 July, and its new dates were announced on 19 August.
    on_the_day = as_announced(calendar(), at("2021-07-30T22:00"))  # midnight in Adria
    day_before = as_announced(calendar(), at("2021-07-30T21:59"))

    assert [e.status for e in day_before if e.slug == "adria"] == ["scheduled"]
    assert [e.status for e in on_the_day if e.slug == "adria"] == ["postponed"]


def test_each_circuit_turns_the_page_at_its_own_midnight():
    # 18 August, 16:00 UTC: past midnight in Seoul, not yet in Rome or Moscow.
    between = {e.slug: e for e in as_announced(calendar(), at("2021-08-18T16:00"))}

    assert between["inje"].status == "cancelled"
    assert between["adria"].start_date == DAY("2021-07-31")
    assert "sochi" not in between


def test_after_the_announcement_the_final_calendar():
    events = calendar()

    after = as_announced(events, at("2021-08-20T12:00"))

    assert {e.slug for e in after} == {e.slug for e in events}
    assert all(any(e is given for given in events) for e in after)  # the objects given


def test_a_moved_event_with_no_known_last_day_keeps_its_length():
    adria = calendar()[3]
    adria.previous_end_date = None

    (before,) = as_announced([adria], at("2021-07-20T12:00"))

    assert (before.start_date, before.end_date) == (DAY("2021-07-31"), DAY("2021-08-02"))


def test_a_postponed_event_and_a_replacement_announced_later():
    postponed = event(
        7,
        "most",
        "2021-10-08",
        "2021-10-10",
        round_number=5,
        status="postponed",
        announced_on=DAY("2021-09-01"),
    )
    replacement = event(
        8,
        "pau",
        "2021-10-15",
        "2021-10-17",
        round_number=6,
        replaces_id=5,
        announced_on=DAY("2021-09-01"),
    )

    before = as_announced([postponed, replacement], at("2021-08-20T12:00"))

    assert shown(before) == [("most", "scheduled", 5, "2021-10-08", "2021-10-10")]


def test_the_moments_the_calendar_as_announced_changes():
    assert moments(calendar()) == {
        at("2021-07-30T22:00"),  # Adria's first planned day: postponed from then on
        at("2021-08-18T22:00"),  # 19 August in Rome
        at("2021-08-18T15:00"),  # in Seoul
        at("2021-08-18T21:00"),  # in Moscow
    }


def test_a_change_with_no_known_date():
    events = {e.slug: e for e in calendar()}

    assert undated_change(events["vila-real"])
    assert undated_change(events["estoril"])
    assert not undated_change(events["hungary"])  # no change
    assert not undated_change(events["adria"])  # its date is known
