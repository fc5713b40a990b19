"""The moments the calendar's pages change with no edit: sessions and events starting and
ending (registered with the cache layer in `EventsConfig.ready`)."""

from events.models import Event, Session
from events.schedule import event_window, session_length, session_start


def moments_after(now):
    """Every session's and event's start and end after `now`."""
    moments = set()
    for session in Session.objects.select_related("event__circuit"):
        start = session_start(session, session.event.circuit.zone)
        if start is not None:
            moments.add(start)
            moments.add(start + session_length(session))
    for event in Event.objects.select_related("circuit"):
        moments.update(event_window(event))
    return sorted(moment for moment in moments if moment > now)
