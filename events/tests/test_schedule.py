import datetime as dt

import pytest
from django.utils import translation

from events.models import Circuit, Event, Session
from events.schedule import countdown, event_states, remaining_text, text_changes_at, timings
from events.seasonfiles import RowError, local_to_utc

UTC = dt.UTC


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(pk, start, end, *, tz="Europe/Berlin", status="scheduled", round_number=1):
    return Event(
        pk=pk,
        slug=f"e{pk}",
        round=round_number,
        start_date=dt.date.fromisoformat(start),
        end_date=dt.date.fromisoformat(end),
        status=status,
        circuit=Circuit(name=f"c{pk}", timezone=tz),
    )


def session(of, code, *, starts_at=None, day=None, minutes=None):
    return Session(
        event=of,
        code=code,
        starts_at=starts_at,
        start_date=dt.date.fromisoformat(day) if day else None,
        duration_min=minutes,
    )


@pytest.mark.parametrize(
    ("local", "zone", "utc"),
    [
        ("2021-06-04T14:30", "Europe/Berlin", "2021-06-04T12:30"),  # CEST, UTC+2
        ("2021-01-15T14:30", "Europe/Berlin", "2021-01-15T13:30"),  # CET, UTC+1
        ("2021-11-21T12:00", "Asia/Macau", "2021-11-21T04:00"),  # UTC+8, no DST
        (
            "2021-10-31T02:30",
            "Europe/Berlin",
            "2021-10-31T00:30",
        ),  # clocks go back: the first 02:30
        ("2021-08-22T00:30", "Europe/Budapest", "2021-08-21T22:30"),  # the day before in UTC
    ],
)
def test_local_circuit_time_to_utc(local, zone, utc):
    assert local_to_utc(dt.datetime.fromisoformat(local), zone) == at(utc)


def test_a_time_the_clocks_skip_is_refused():
    with translation.override("en"), pytest.raises(RowError) as refused:
        local_to_utc(dt.datetime(2021, 3, 28, 2, 30), "Europe/Berlin")

    assert (
        str(refused.value) == "2021-03-28 02:30 does not exist in Europe/Berlin (clocks go forward)"
    )


def test_event_states_through_a_season():
    germany = event(1, "2021-06-03", "2021-06-05")
    portugal = event(2, "2021-06-26", "2021-06-27", tz="Europe/Lisbon", round_number=2)
    vila_real = event(3, "2021-06-26", "2021-06-27", status="cancelled", round_number=None)
    spain = event(4, "2021-07-10", "2021-07-11", tz="Europe/Madrid", round_number=3)
    events = [spain, vila_real, portugal, germany]

    before = event_states(events, now=at("2021-06-01T08:00"))
    during = event_states(events, now=at("2021-06-04T08:00"))
    after = event_states(events, now=at("2021-06-06T08:00"))

    assert before == {1: "next", 2: "upcoming", 3: "cancelled", 4: "upcoming"}
    assert during == {1: "live", 2: "next", 3: "cancelled", 4: "upcoming"}
    assert after == {1: "completed", 2: "next", 3: "cancelled", 4: "upcoming"}


def test_an_event_is_live_from_midnight_at_the_circuit_not_in_utc():
    macau = event(1, "2021-11-19", "2021-11-21", tz="Asia/Macau")

    # 16:30 UTC on the 18th is 00:30 on the 19th in Macau (UTC+8).
    assert event_states([macau], now=at("2021-11-18T15:59"))[1] == "next"
    assert event_states([macau], now=at("2021-11-18T16:30"))[1] == "live"
    # The 21st ends at midnight in Macau, 16:00 UTC.
    assert event_states([macau], now=at("2021-11-21T15:59"))[1] == "live"
    assert event_states([macau], now=at("2021-11-21T16:00"))[1] == "completed"


def test_countdown_to_the_next_session_then_live_then_the_one_after():
    germany = event(1, "2021-06-03", "2021-06-05")
    q = session(germany, "Q", starts_at=at("2021-06-04T12:30"), day="2021-06-04", minutes=30)
    r1 = session(germany, "R1", starts_at=at("2021-06-05T11:15"), day="2021-06-05")
    sessions = [r1, q]

    first = countdown(sessions, now=at("2021-06-01T08:15"))
    live = countdown(sessions, now=at("2021-06-04T12:40"))
    then = countdown(sessions, now=at("2021-06-04T13:00"))

    assert (first.state, first.session.code, first.remaining) == (
        "next",
        "Q",
        dt.timedelta(days=3, hours=4, minutes=15),
    )
    assert (live.state, live.session.code, live.remaining) == (
        "live",
        "Q",
        dt.timedelta(minutes=20),
    )
    assert (then.state, then.session.code, then.starts) == ("next", "R1", at("2021-06-05T11:15"))


def test_a_date_only_session_shows_its_day_with_no_countdown():
    germany = event(1, "2021-06-03", "2021-06-05")
    q = session(germany, "Q", day="2021-06-04")

    state = countdown([q], now=at("2021-06-03T12:00"))

    assert (state.state, state.day, state.time_known) == ("next", dt.date(2021, 6, 4), False)
    assert (state.starts, state.remaining) == (None, None)


def test_a_date_only_session_is_next_through_its_day_until_it_has_finished():
    germany = event(1, "2021-06-03", "2021-06-05")
    q = session(germany, "Q", starts_at=at("2021-06-04T12:05"), day="2021-06-04", minutes=40)
    r1 = session(germany, "R1", day="2021-06-05")
    r1.finished_by = at("2021-06-05T13:30")  # both races ran before 15:30 local
    fp1 = session(
        event(2, "2021-06-26", "2021-06-27", tz="Europe/Lisbon", round_number=2),
        "FP1",
        starts_at=at("2021-06-26T08:00"),
        day="2021-06-26",
        minutes=45,
    )
    sessions = [fp1, r1, q]

    # After qualifying, and on Saturday morning: Race 1, its day, no countdown.
    for moment in ("2021-06-04T13:00", "2021-06-05T07:00", "2021-06-05T13:29"):
        state = countdown(sessions, now=at(moment))
        assert (state.session.code, state.time_known, state.remaining) == ("R1", False, None)
    # Once it is known to have finished, the next weekend's first session.
    state = countdown(sessions, now=at("2021-06-05T13:30"))
    assert (state.session.code, state.remaining) == (
        "FP1",
        dt.timedelta(days=20, hours=18, minutes=30),
    )


def test_a_date_only_session_waits_for_the_timed_ones_before_it_that_day():
    aragon = event(1, "2021-07-10", "2021-07-11", tz="Europe/Madrid")
    fp1 = session(aragon, "FP1", starts_at=at("2021-07-10T07:45"), day="2021-07-10", minutes=45)
    q1 = session(aragon, "Q1", starts_at=at("2021-07-10T14:30"), day="2021-07-10", minutes=20)
    q2 = session(aragon, "Q2", day="2021-07-10", minutes=10)

    assert countdown([q2, q1, fp1], now=at("2021-07-10T05:00")).session is fp1
    assert countdown([q2, q1, fp1], now=at("2021-07-10T09:00")).session is q1
    assert countdown([q2, q1, fp1], now=at("2021-07-10T14:51")).session is q2


def test_the_final_qualifying_order_is_not_a_session_to_count_down_to():
    portugal = event(1, "2021-06-26", "2021-06-27", tz="Europe/Lisbon")
    q3 = session(portugal, "Q3", starts_at=at("2021-06-26T14:40"), day="2021-06-26")
    q = session(portugal, "Q", day="2021-06-26")
    r1 = session(portugal, "R1", starts_at=at("2021-06-27T11:15"), day="2021-06-27")

    # Q3 (an hour when its length is not known) ends at 15:40 UTC; then Race 1, not Q.
    assert countdown([q, q3, r1], now=at("2021-06-26T15:00")).state == "live"
    assert countdown([q, q3, r1], now=at("2021-06-26T15:41")).session is r1


def test_a_postponed_event_is_never_next():
    hungary = event(1, "2021-08-21", "2021-08-22", tz="Europe/Budapest", status="postponed")
    q1 = session(hungary, "Q1", starts_at=at("2021-08-21T13:30"), day="2021-08-21", minutes=20)
    most = event(2, "2021-10-08", "2021-10-10", tz="Europe/Prague", round_number=2)
    fp1 = session(most, "FP1", starts_at=at("2021-10-08T10:00"), day="2021-10-08", minutes=45)

    assert countdown([q1, fp1], now=at("2021-08-01T00:00")).session is fp1
    assert countdown([q1, fp1], now=at("2021-08-21T13:35")).session is fp1
    assert event_states([hungary, most], now=at("2021-08-01T00:00")) == {
        1: "postponed",
        2: "next",
    }


def test_when_a_sessions_results_are_shown():
    germany = event(1, "2021-06-03", "2021-06-05")
    fp1 = session(germany, "FP1", starts_at=at("2021-06-03T12:30"), day="2021-06-03", minutes=40)
    r1 = session(germany, "R1", day="2021-06-05")
    r2 = session(germany, "R2", day="2021-06-05")
    r2.finished_by = at("2021-06-05T13:30")
    nowhen = session(germany, "Q")
    portugal = event(2, "2021-06-26", "2021-06-27", tz="Europe/Lisbon", round_number=2)
    q1 = session(portugal, "Q1", starts_at=at("2021-06-26T14:00"), day="2021-06-26", minutes=20)
    q3 = session(portugal, "Q3", starts_at=at("2021-06-26T14:40"), day="2021-06-26")
    q = session(portugal, "Q", day="2021-06-26")

    ends = {s.code + str(s.event.pk): t.ends for s, t in timings([fp1, r1, r2, nowhen, q1, q3, q])}

    assert ends == {
        "FP11": at("2021-06-03T13:10"),  # start + duration
        "R11": at("2021-06-05T22:00"),  # the end of its day at the circuit (UTC+2)
        "R21": at("2021-06-05T13:30"),  # what the data says it had finished by
        "Q1": at("2021-06-05T22:00"),  # no day at all: the end of the event
        "Q12": at("2021-06-26T14:20"),
        "Q32": at("2021-06-26T15:40"),  # an hour when its length is not known
        "Q2": at("2021-06-26T15:40"),  # the final order: when its last part has ended
    }


def test_cancelled_events_are_skipped_and_the_season_completes():
    cancelled = event(1, "2021-11-19", "2021-11-21", tz="Asia/Macau", status="cancelled")
    race = session(cancelled, "R1", starts_at=at("2021-11-21T04:00"))

    assert countdown([race], now=at("2021-11-01T00:00")).state == "complete"


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (dt.timedelta(days=3, hours=4, minutes=15), "in 3 days 4 h"),
        (dt.timedelta(days=1, minutes=5), "in 1 day 0 h"),
        (dt.timedelta(hours=5, minutes=12, seconds=40), "in 5 h 12 min"),
        (dt.timedelta(minutes=4, seconds=59), "in 4 min"),
        (dt.timedelta(seconds=20), "in 1 min"),
    ],
)
def test_remaining_text(remaining, text):
    with translation.override("en"):
        assert remaining_text(remaining) == text


@pytest.mark.parametrize(
    ("remaining", "step"),
    [
        # "in 2 days 13 h" until 2 days 13 h are left, then "in 2 days 12 h".
        (dt.timedelta(days=2, hours=13, minutes=30), dt.timedelta(minutes=30)),
        (dt.timedelta(days=2, hours=14), dt.timedelta(0)),  # "14 h" only at this instant
        (dt.timedelta(days=1, seconds=30), dt.timedelta(seconds=30)),
        # Under a day the minutes count: "in 5 h 12 min" for 40 more seconds.
        (dt.timedelta(hours=5, minutes=12, seconds=40), dt.timedelta(seconds=40)),
        (dt.timedelta(minutes=4, seconds=1), dt.timedelta(seconds=1)),
    ],
)
def test_text_changes_at(remaining, step):
    now = at("2021-06-01T08:30")
    assert text_changes_at(now, remaining) == now + step
    # Just before that moment the text still reads the same, just after it does not.
    before = remaining - step + dt.timedelta(microseconds=1)
    after = remaining - step - dt.timedelta(microseconds=1)
    assert remaining_text(before) == remaining_text(remaining)
    assert remaining_text(after) != remaining_text(remaining)


def test_finished_by_counts_only_for_a_session_whose_start_is_not_known():
    germany = event(1, "2021-06-03", "2021-06-05")
    q = session(germany, "Q", starts_at=at("2021-06-04T12:05"), day="2021-06-04", minutes=40)
    q.finished_by = at("2021-06-04T12:06")  # left over, or a slip: the session ran 40 min
    ((_session, timing),) = timings([q])
    assert timing.ends == at("2021-06-04T12:45")


def test_finished_by_outside_the_sessions_day_is_not_believed():
    germany = event(1, "2021-06-03", "2021-06-05")
    r1 = session(germany, "R1", day="2021-06-05")
    r1.finished_by = at("2020-06-05T13:30")  # a year early
    ((_session, timing),) = timings([r1])
    assert timing.ends == at("2021-06-05T22:00")  # the end of its day


def test_the_final_qualifying_order_never_ends_before_its_parts():
    portugal = event(1, "2021-06-26", "2021-06-27", tz="Europe/Lisbon")
    q1 = session(portugal, "Q1", starts_at=at("2021-06-26T14:00"), day="2021-06-26", minutes=20)
    q = session(portugal, "Q", day="2021-06-26")
    q.finished_by = at("2021-06-26T08:00")
    ends = {s.code: t.ends for s, t in timings([q1, q])}
    assert ends["Q"] == at("2021-06-26T14:20")


def test_a_date_at_the_end_of_time_breaks_no_page():
    germany = event(1, "2021-06-03", "2021-06-05")
    far = session(germany, "FP1", day="9999-12-31")
    ((_session, timing),) = timings([far])
    assert timing.ends.year >= 2200
    assert countdown([far], now=at("2021-06-01T00:00")).session is far


def test_a_session_with_no_time_had_ended_when_a_later_one_started():
    sochi = event(1, "2021-11-26", "2021-11-28", tz="Europe/Moscow")
    q1 = session(sochi, "Q1", minutes=20)  # no day known
    q = session(sochi, "Q")
    r1 = session(sochi, "R1", starts_at=at("2021-11-28T09:15"), day="2021-11-28")
    ends = {s.code: t.ends for s, t in timings([q1, q, r1])}
    assert ends == {
        "Q1": at("2021-11-28T09:15"),
        "Q": at("2021-11-28T09:15"),
        "R1": at("2021-11-28T10:15"),
    }
