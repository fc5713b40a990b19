from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from drivers.models import FEATURED_DRIVERS
from events.models import Event, Season, Session
from events.schedule import countdown, event_states, remaining_text, text_changes_at
from standings.models import SessionResult
from wtcrsite import clock, pagecache
from wtcrsite.htmx import vary_on_htmx, wants_fragment

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
def event(request, season, slug):
    event = get_object_or_404(
        Event.objects.select_related("season", "circuit", "replaces"),
        season__slug=season,
        slug=slug,
    )
    sessions = sorted(event.sessions.all(), key=lambda s: SESSION_ORDER[s.code])
    results = list(
        SessionResult.objects.filter(session__event=event)
        .select_related("entry__driver", "entry__team")
        .order_by(F("position").asc(nulls_last=True), "entry__number")
    )
    by_session = {session.pk: [] for session in sessions}
    for result in results:
        by_session[result.session_id].append(result)
    with_results = [session for session in sessions if by_session[session.pk]]
    chosen = next(
        (s for s in with_results if s.code == request.GET.get("session")),
        with_results[-1] if with_results else None,
    )
    context = {
        "event": event,
        "season": event.season,
        "sessions": sessions,
        "result_sessions": with_results,
        "chosen": chosen,
        "results": _with_fastest_lap(by_session[chosen.pk]) if chosen else [],
        "siblings": _siblings(with_results, by_session),
        "replaced_by": list(event.replaced_by.all()),
    }
    partial = wants_fragment(request)
    template = "events/event.html#results" if partial else "events/event.html"
    return render(request, template, context)


def _with_fastest_lap(results):
    """(result, fastest) pairs: the classified row with the lowest best lap is marked."""
    laps = [r.best_lap_ms for r in results if r.classified and r.best_lap_ms]
    fastest = min(laps) if laps else None
    return [(result, fastest is not None and result.best_lap_ms == fastest) for result in results]


def _siblings(sessions, by_session):
    """Per session, the featured drivers' results: [(session, [result or None, …])]."""
    rows = []
    for session in sessions:
        found = {r.entry.driver.slug: r for r in by_session[session.pk]}
        if any(slug in found for slug in FEATURED_DRIVERS):
            rows.append((session, [found.get(slug) for slug in FEATURED_DRIVERS]))
    return rows
