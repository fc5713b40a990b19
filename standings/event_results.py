"""An event page's results: each session's classification and the siblings' results
(registered with `events.pages` from `StandingsConfig.ready`)."""

from django.db.models import F

from delivery.pagecache import accept, reject
from drivers.models import FEATURED_DRIVERS
from standings.models import SessionResult


def section(request, *, event, sessions):
    results = list(
        SessionResult.objects.filter(session__event=event)
        .select_related("entry__driver", "entry__team")
        .order_by(F("position").asc(nulls_last=True), "entry__number")
    )
    by_session = {session.pk: [] for session in sessions}
    for result in results:
        if result.session_id in by_session:  # a session that had not ended: not yet
            by_session[result.session_id].append(result)
    with_results = [session for session in sessions if by_session[session.pk]]
    accept(request, "session")
    asked = request.GET.get("session")
    chosen = next((s for s in with_results if s.code == asked), None)
    if asked and chosen is None:
        reject(request, "session")  # no such session, or none with results yet
    if chosen is None and with_results:
        chosen = with_results[-1]
    return {
        "result_sessions": with_results,
        "chosen": chosen,
        "results": _with_fastest_lap(by_session[chosen.pk]) if chosen else [],
        "siblings": _siblings(with_results, by_session),
    }


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
