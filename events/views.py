from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delivery import clock, pagecache
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import reads
from events import pages
from events.announced import as_announced, timetable_known, undated_change
from events.models import Event, Season, Session
from events.schedule import (
    SESSION_ORDER,
    countdown,
    event_states,
    event_window,
    remaining_text,
    text_changes_at,
    timings,
)
from events.structured_data import sports_event


def countdown_context(season, *, request, now=None):
    """The next session of `season` (or the one running) at `now` (the request's clock), for
    the countdown block. Its text changes with time: the page cache is told when."""
    now = now or clock.now(request)
    sessions = Session.objects.filter(event__season=season).select_related("event__circuit")
    state = countdown(sessions_as_announced(sessions, now), now=now)
    if state.remaining:
        pagecache.changes_by(request, text_changes_at(now, state.remaining))
    return {
        "countdown": state,
        "countdown_text": remaining_text(state.remaining) if state.remaining else "",
        "countdown_season": season,
    }


def sessions_as_announced(sessions, now):
    """The sessions (with `event.circuit` loaded) of the events as they stood at `now`,
    each with its event as it stood: none of an event not yet added or shown on its first
    planned dates (`events.announced`)."""
    sessions = list(sessions)
    events = {}
    for session in sessions:
        events.setdefault(session.event_id, session.event)
    shown = {event.pk: event for event in as_announced(events.values(), now)}
    found = []
    for session in sessions:
        event = shown.get(session.event_id)
        if event is not None and timetable_known(event):
            session.event = event
            found.append(session)
    return found


@require_GET
@reads("calendar")
def calendar(request, season=None):
    if season is None:
        season = Season.objects.current()
        if season is None:
            return render(request, "events/calendar.html", {"season": None})
    else:
        season = get_object_or_404(Season, slug=season)
    now = clock.now(request)
    events = as_announced(season.events.select_related("circuit", "replaces"), now)
    states = event_states(events, now=now)
    replaced_by = {}
    for event in events:
        if event.replaces_id is not None:
            replaced_by.setdefault(event.replaces_id, []).append(event)
    previewing = clock.previewing(request)
    context = {
        "season": season,
        # (event, its state, what replaced it, whether the preview shows it as it finally
        # was for want of an announcement date)
        "events": [
            (
                event,
                states[event.pk],
                replaced_by.get(event.pk, []) if event.status == Event.Status.CANCELLED else [],
                previewing and undated_change(event) and now < event_window(event)[1],
            )
            for event in events
        ],
        # A staff preview of a moment before the season ended: say how changes are shown.
        "preview_before_end": previewing and any(now < event_window(event)[1] for event in events),
        **countdown_context(season, request=request, now=now),
    }
    return render(request, "events/calendar.html", context)


@never_cache
@require_GET
def countdown_block(request, season):
    """The countdown block alone: fetched by the page when its countdown reaches zero."""
    season = get_object_or_404(Season, slug=season)
    return render(request, "events/countdown.html", countdown_context(season, request=request))


@require_GET
@vary_on_htmx
@reads("calendar", "results", "drivers")
def event(request, season, slug):
    event = get_object_or_404(
        Event.objects.select_related("season", "circuit", "replaces"),
        season__slug=season,
        slug=slug,
    )
    now = clock.now(request)
    # The event as it stood at `now`: one added by an announcement still to come is not
    # there yet.
    shown = as_announced([event], now)
    if not shown:
        raise Http404("No such event at this moment")
    event = shown[0]
    sessions = sorted(event.sessions.all(), key=lambda s: SESSION_ORDER[s.code])
    if not timetable_known(event):
        sessions = []  # those of its new dates
    for session in sessions:
        session.event = event  # one Event object: its circuit is loaded once
    timing = timings(sessions)
    watchable = [session for session, times in timing if not times.derived]
    # What took the place of a cancelled event, as far as it was announced by `now`.
    replacements = as_announced(event.replaced_by.select_related("circuit"), now)
    absolute = request.build_absolute_uri
    context = {
        "structured": sports_event(
            event,
            sessions=watchable,
            url=absolute(reverse("events:event", args=[season, slug])),
            season_url=absolute(reverse("events:season_calendar", args=[season])),
        ),
        "event": event,
        "season": event.season,
        # The weekend's timetable: the final qualifying order is a classification, not a
        # session one can watch.
        "sessions": watchable,
        "replaced_by": replacements if event.status == Event.Status.CANCELLED else [],
        "undated_change": clock.previewing(request)
        and undated_change(event)
        and now < event_window(event)[1],
        # Results of the sessions that had ended by now, and of no other.
        **pages.event_sections(
            request, event=event, sessions=[s for s, times in timing if times.ends <= now]
        ),
    }
    partial = wants_fragment(request)
    template = "events/event.html#results" if partial else "events/event.html"
    return render(request, template, context)
