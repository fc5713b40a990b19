"""The calendar as it was announced: events as they stood at a moment.

An event's `announced_on` is the day its change was announced: its cancellation,
postponement, move, replacement, or its addition to the calendar. Until that day begins
at its circuit (local midnight), pages show the event as it was scheduled then:

- a cancelled or postponed event is scheduled (a cancelled event has no round number:
  the data does not say which one it had);
- a moved event is on the dates first planned (`previous_start_date` to
  `previous_end_date`, or as many days as it now lasts), with no round number (its number
  is the one of its new place in the season) and no sessions (they are those of its new
  dates). From its first planned day it is postponed: it was not run on those dates, and
  its new ones were not announced yet;
- an event that the announcement added (scheduled, not moved) or that replaces another
  is not there at all.

Where `announced_on` is empty no date is known: the event is shown as it finally was.

Pure functions of the events (with `circuit` loaded) and `now`; the views pass the clock.
"""

import copy

from events.schedule import CANCELLED, POSTPONED, local_midnight

SCHEDULED = "scheduled"


def announcement(event):
    """The moment `event`'s change was announced: the start of `announced_on` at its
    circuit; None when no date is known."""
    if event.announced_on is None:
        return None
    return local_midnight(event.announced_on, event.circuit.zone)


def first_planned_dates(event):
    """(start, end) of a moved event as first planned: `previous_end_date`, or as many
    days as it now lasts when that is not known. None for an event that was not moved."""
    start = event.previous_start_date
    if start is None:
        return None
    end = event.previous_end_date or start + (event.end_date - event.start_date)
    return start, max(start, end)


def as_announced(events, now):
    """The events as they stood at `now`, in calendar order: those whose change was
    announced later are unsaved copies as they were scheduled then (see the module), those
    that announcement added are left out, the others are the objects given."""
    shown = []
    for event in events:
        moment = announcement(event)
        if moment is None or now >= moment:
            shown.append(event)
        elif (before := _before_change(event, now)) is not None:
            shown.append(before)
    return sorted(shown, key=_calendar_order)


def announced_later(event):
    """The day `event`'s change is announced, when `event` is shown as it stood before it
    (a copy made by `as_announced`); else None."""
    return getattr(event, "announced_later", None)


def timetable_known(event):
    """False for an event shown on its first planned dates: the sessions stored are those
    of its new dates, and the ones first planned are not known."""
    return not getattr(event, "first_planned", False)


def undated_change(event):
    """True when `event` was cancelled, postponed, moved or put in the place of another
    and no date is known for when that was announced: at any moment it is shown as it
    finally was."""
    changed = (
        event.status in (CANCELLED, POSTPONED)
        or event.previous_start_date is not None
        or event.replaces_id is not None
    )
    return changed and event.announced_on is None


def _before_change(event, now):
    """`event` as it was scheduled before its change was announced, or None when the
    announcement added it."""
    moved = first_planned_dates(event)
    if event.replaces_id is not None or (event.status == SCHEDULED and moved is None):
        return None
    before = copy.copy(event)
    before.announced_later = event.announced_on
    before.status = SCHEDULED
    if event.status == CANCELLED:
        before.round = None
    if moved is not None:
        before.start_date, before.end_date = moved
        before.previous_start_date = before.previous_end_date = None
        before.round = None
        before.first_planned = True
        if now >= local_midnight(moved[0], event.circuit.zone):
            before.status = POSTPONED
    return before


def _calendar_order(event):
    # As Event.Meta.ordering: an event with no round before one with a round on its day.
    return (
        event.season_id or 0,
        event.start_date,
        event.round is not None,
        event.round or 0,
        event.slug,
    )


def moments(events):
    """The moments at which `as_announced` changes what it shows of `events`: each
    announcement, and a moved event's first planned day (it is postponed from then on
    until its move is announced)."""
    found = set()
    for event in events:
        moment = announcement(event)
        if moment is None:
            continue
        found.add(moment)
        if (moved := first_planned_dates(event)) is not None:
            start = local_midnight(moved[0], event.circuit.zone)
            if start < moment:
                found.add(start)
    return found
