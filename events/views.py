from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delivery import clock, pagecache
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import reads
from events import pages
from events.models import Event, Season, Session
from events.schedule import countdown, event_states, remaining_text, text_changes_at
from events.structured_data import sports_event

# Display order of a weekend: practice, qualifying parts, the final order, races.
SESSION_ORDER = {
    code: n for n, code in enumerate(["FP1", "FP2", "Q1", "Q2", "Q3", "Q", "R1", "R2"])
}


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
    absolute = request.build_absolute_uri
    context = {
        "structured": sports_event(
            event,
            sessions=sessions,
            url=absolute(reverse("events:event", args=[season, slug])),
            season_url=absolute(reverse("events:season_calendar", args=[season])),
        ),
        "event": event,
        "season": event.season,
        "sessions": sessions,
        "replaced_by": list(event.replaced_by.all()),
        **pages.event_sections(request, event=event, sessions=sessions),
    }
    partial = wants_fragment(request)
    template = "events/event.html#results" if partial else "events/event.html"
    return render(request, template, context)
