"""The moments the calendar's pages change with no edit: sessions and events starting and
ending, results being shown, changes of the calendar being announced (registered with the
cache layer in `EventsConfig.ready`)."""

from events import announced
from events.models import Event, Session
from events.schedule import event_window, timings


def moments_after(now):
    """Every session's start and end (when its results are shown), every event's start
    and end, and every moment the calendar as announced changes (`announced.moments`)
    after `now`."""
    moments = set()
    sessions = Session.objects.select_related("event__circuit")
    for _session, timing in timings(sessions):
        if timing.start is not None:
            moments.add(timing.start)
        moments.add(timing.ends)
    events = list(Event.objects.select_related("circuit"))
    for event in events:
        moments.update(event_window(event))
    moments.update(announced.moments(events))
    return sorted(moment for moment in moments if moment > now)
