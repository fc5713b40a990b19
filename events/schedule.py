"""Where the season stands at a moment: event states, the next session, countdowns.

Pure functions of the data and `now` (an aware datetime); the views pass the clock.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CANCELLED, POSTPONED = "cancelled", "postponed"
COMPLETED, LIVE, NEXT, UPCOMING = "completed", "live", "next", "upcoming"


# A session whose length is not known is taken to last an hour.
DEFAULT_SESSION_LENGTH = dt.timedelta(minutes=60)


def session_length(session):
    if session.duration_min is None:
        return DEFAULT_SESSION_LENGTH
    return dt.timedelta(minutes=session.duration_min)


# Past any moment a page is computed for: the end of a day the calendar cannot follow.
END_OF_TIME = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


def local_midnight(day, zone):
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def midnight_after(day, zone):
    """The end of `day` at the circuit (the end of time after 31 December 9999)."""
    try:
        return local_midnight(day + dt.timedelta(days=1), zone)
    except OverflowError:
        return END_OF_TIME


def event_window(event):
    """[start, end) of the event: its first day's midnight to the midnight after its last
    day, at the circuit."""
    zone = event.circuit.zone
    return local_midnight(event.start_date, zone), midnight_after(event.end_date, zone)


def event_states(events, *, now):
    """{event pk: state} for a season's events at `now`."""
    states, next_found = {}, False
    for event in sorted(events, key=lambda e: (e.start_date, e.round or 0)):
        if event.status in (CANCELLED, POSTPONED):
            states[event.pk] = event.status
            continue
        start, end = event_window(event)
        if now >= end:
            states[event.pk] = COMPLETED
        elif now >= start:
            states[event.pk] = LIVE
        elif not next_found:
            states[event.pk], next_found = NEXT, True
        else:
            states[event.pk] = UPCOMING
    return states


def session_start(session, zone):
    """When a session starts: its time, or the start of its day at the circuit when only
    the date is known; None when neither is."""
    if session.starts_at is not None:
        return session.starts_at
    if session.start_date is not None:
        return local_midnight(session.start_date, zone)
    return None


QUALIFYING_PARTS = frozenset({"Q1", "Q2", "Q3"})
# The order of a weekend: practice, the parts of qualifying, its final order, the races.
SESSION_ORDER = {
    code: n for n, code in enumerate(["FP1", "FP2", "Q1", "Q2", "Q3", "Q", "R1", "R2"])
}


@dataclass(frozen=True)
class Timing:
    """What the data says of a session's time."""

    start: dt.datetime | None  # its start, when the time is known
    day: dt.date | None  # its day at the circuit, when known
    ends: dt.datetime  # the moment it had ended: its results are shown from then on
    derived: bool  # Q computed from Q1-Q3: a classification, not a session one can watch


def _finished_by(session, zone):
    """The data's "finished by", when it can be believed: for a session whose start is
    not known, within its day at the circuit (or its event's days, when it has no day)."""
    finished = session.finished_by
    if finished is None or session.starts_at is not None:
        return None
    if session.start_date is not None:
        first, end = (
            local_midnight(session.start_date, zone),
            midnight_after(session.start_date, zone),
        )
    else:
        first, end = event_window(session.event)
    return finished if first < finished <= end else None


def _own_end(session, zone):
    finished = _finished_by(session, zone)
    if finished is not None:
        return finished
    if session.starts_at is not None:
        try:
            return session.starts_at + session_length(session)
        except OverflowError:
            return END_OF_TIME
    if session.start_date is not None:
        return midnight_after(session.start_date, zone)
    return event_window(session.event)[1]


def timings(sessions):
    """[(session, Timing)] for sessions with `event.circuit` loaded, in their order.

    A session whose start is not known has ended at the moment the data says it had
    finished by (`finished_by`, believed within its day); else a session has ended at its
    start plus its length; else at the end of its day at the circuit, or at the end of its
    event when it has no day, but no later than the start of a later session of its
    weekend (practice and qualifying come before the races). The event's final
    qualifying order (Q, where the event has Q1-Q3) has ended when its last part has."""
    sessions = list(sessions)

    def weekend_of(session):
        return session.event_id if session.event_id is not None else id(session.event)

    by_event = {}
    for session in sessions:
        by_event.setdefault(weekend_of(session), []).append(session)
    ends = {}
    for weekend in by_event.values():
        zone = weekend[0].event.circuit.zone
        for session in weekend:
            ends[id(session)] = _end_in(session, weekend, zone)
    found = []
    for session in sessions:
        weekend = by_event[weekend_of(session)]
        parts = [ends[id(s)] for s in weekend if s.code in QUALIFYING_PARTS]
        derived = session.code == "Q" and bool(parts)
        end = ends[id(session)]
        if derived:
            # The final order exists once its last part has ended (or later, when the
            # data says so), never before.
            finished = _finished_by(session, session.event.circuit.zone)
            end = max(*parts, finished) if finished is not None else max(parts)
        found.append((session, Timing(session.starts_at, session.start_date, end, derived)))
    return found


def _end_in(session, weekend, zone):
    end = _own_end(session, zone)
    if session.starts_at is None and _finished_by(session, zone) is None:
        order = SESSION_ORDER[session.code]
        later = [
            other.starts_at
            for other in weekend
            if other.starts_at is not None and SESSION_ORDER[other.code] > order
        ]
        if later:
            end = min(end, *later)
    return end


def ended_by(sessions, now):
    """The pks of the sessions among `sessions` that had ended by `now`: those whose
    results are shown."""
    return {session.pk for session, timing in timings(sessions) if timing.ends <= now}


@dataclass(frozen=True)
class Countdown:
    state: str  # "next", "live" or "complete"
    session: object = None  # the session counted down to, or live
    starts: dt.datetime | None = None  # its start; None when only its day is known
    time_known: bool = False
    remaining: dt.timedelta | None = None  # to the start, or to the end of a live session
    ends: dt.datetime | None = None
    day: dt.date | None = None  # its day at the circuit


def countdown(sessions, *, now):
    """The next session (or the one running) among `sessions` of events that go ahead.

    Each session needs `event.circuit` loaded. Only sessions one can watch count: practice,
    the parts of qualifying (or its single session) and the races; not the final
    qualifying order computed from Q1-Q3, not a postponed or cancelled event's. A
    session whose day is known but not its time is next until it has ended (the end of
    its day, or when the data says it had finished), with no countdown; one whose length
    is not known is live for an hour."""
    timed = [
        (session, timing)
        for session, timing in timings(
            s for s in sessions if s.event.status not in (CANCELLED, POSTPONED)
        )
        if not timing.derived and timing.day is not None
    ]
    for session, timing in timed:
        if timing.start is not None and timing.start <= now < timing.ends:
            return Countdown(
                LIVE, session, timing.start, True, timing.ends - now, timing.ends, timing.day
            )
    ahead = [
        (session, timing)
        for session, timing in timed
        if (timing.start > now if timing.start is not None else timing.ends > now)
    ]
    if not ahead:
        return Countdown("complete")
    session, timing = min(
        ahead,
        key=lambda pair: (
            pair[1].day,
            pair[0].event.start_date,
            pair[0].event_id or 0,
            SESSION_ORDER[pair[0].code],
        ),
    )
    if timing.start is None:
        return Countdown(NEXT, session, None, False, None, None, timing.day)
    return Countdown(NEXT, session, timing.start, True, timing.start - now, None, timing.day)


def text_changes_at(now, remaining):
    """The last moment remaining_text() reads as it does at `now`: it steps down just after
    a whole hour is left while days remain, just after a whole minute after that."""
    unit = dt.timedelta(hours=1) if remaining >= dt.timedelta(days=1) else dt.timedelta(minutes=1)
    return now + remaining % unit


def remaining_text(remaining):
    """'in 3 days 4 h', 'in 5 h 12 min', 'in 4 min': what the page says before a script ticks."""
    minutes = int(remaining.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return ngettext("in %(d)d day %(h)d h", "in %(d)d days %(h)d h", days) % {
            "d": days,
            "h": hours,
        }
    if hours:
        return _("in %(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("in %(m)d min") % {"m": max(minutes, 1)}
