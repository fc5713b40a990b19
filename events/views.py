from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delivery import clock, pagecache
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import reads
from events import pages
from events.models import Event, Season, Session
from events.schedule import (
    SESSION_ORDER,
    countdown,
    event_states,
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
    state = countdown(sessions, now=now)
    if state.remaining:
        pagecache.changes_by(request, text_changes_at(now, state.remaining))
    return {
        "countdown": state,
        "countdown_text": remaining_text(state.remaining) if state.remaining else "",
        "countdown_season": season,
    }


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
    events = list(
        season.events.select_related("circuit", "replaces").prefetch_related("replaced_by")
    )
    states = event_states(events, now=now)
    context = {
        "season": season,
        "events": [(event, states[event.pk]) for event in events],
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
    sessions = sorted(event.sessions.all(), key=lambda s: SESSION_ORDER[s.code])
    for session in sessions:
        session.event = event  # one Event object: its circuit is loaded once
    now = clock.now(request)
    timing = timings(sessions)
    watchable = [session for session, times in timing if not times.derived]
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
        "replaced_by": list(event.replaced_by.all()),
        # Results of the sessions that had ended by now, and of no other.
        **pages.event_sections(
            request, event=event, sessions=[s for s, times in timing if times.ends <= now]
        ),
    }
    partial = wants_fragment(request)
    template = "events/event.html#results" if partial else "events/event.html"
    return render(request, template, context)
