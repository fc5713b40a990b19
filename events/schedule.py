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


def local_midnight(day, zone):
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def event_window(event):
    """[start, end) of the event: its first day's midnight to the midnight after its last
    day, at the circuit."""
    zone = event.circuit.zone
    return (
        local_midnight(event.start_date, zone),
        local_midnight(event.end_date + dt.timedelta(days=1), zone),
    )


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


@dataclass(frozen=True)
class Countdown:
    state: str  # "next", "live" or "complete"
    session: object = None  # the session counted down to, or live
    starts: dt.datetime | None = None
    time_known: bool = False
    remaining: dt.timedelta | None = None  # to the start, or to the end of a live session
    ends: dt.datetime | None = None


def countdown(sessions, *, now):
    """The next session (or the one running) among `sessions` of events that go ahead.

    Each session needs `event.circuit` loaded. A session without a known end is live
    for its duration, or an hour."""
    dated = []
    for session in sessions:
        if session.event.status == CANCELLED:
            continue
        start = session_start(session, session.event.circuit.zone)
        if start is not None:
            dated.append((start, session))
    dated.sort(key=lambda pair: (pair[0], pair[1].code))
    for start, session in dated:
        if session.starts_at is None:
            continue
        end = start + session_length(session)
        if start <= now < end:
            return Countdown(LIVE, session, start, True, end - now, end)
    for start, session in dated:
        if start > now:
            return Countdown(NEXT, session, start, session.starts_at is not None, start - now)
    return Countdown("complete")


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
