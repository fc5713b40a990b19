"""An event page's results: each session's classification and the siblings' results
(registered with `events.pages` from `StandingsConfig.ready`)."""

from django.db.models import F

from delivery.pagecache import accept, reject
from drivers.models import FEATURED_DRIVERS
from standings.models import SessionResult, Title
from standings.scoring import RACE_SESSIONS, EntryIn, ResultIn, TitleRules, session_places
from standings.titles import short_name


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
    # One query on every event page, so that the count does not depend on the data.
    titles = list(Title.objects.filter(season_id=event.season_id, rerank=True))
    siblings = _siblings(titles, with_results, by_session)
    return {
        "result_sessions": with_results,
        "chosen": chosen,
        "results": _with_fastest_lap(by_session[chosen.pk]) if chosen else [],
        "siblings": siblings,
        "sibling_places": any(item and item[1] for _s, items in siblings for item in items),
    }


def _with_fastest_lap(results):
    """(result, fastest) pairs: the classified row with the lowest best lap is marked."""
    laps = [r.best_lap_ms for r in results if r.classified and r.best_lap_ms]
    fastest = min(laps) if laps else None
    return [(result, fastest is not None and result.best_lap_ms == fastest) for result in results]


def _siblings(titles, sessions, by_session):
    """Per session, the featured drivers' results, each with its places in the titles that
    rank a race among their own contenders (Trophy, Junior):
    [(session, [(result, [(title's short name, place), …]) or None, …])]."""
    rows = []
    for session in sessions:
        found = {r.entry.driver.slug: r for r in by_session[session.pk]}
        if not any(slug in found for slug in FEATURED_DRIVERS):
            continue
        places = {}
        if session.code in RACE_SESSIONS:
            places = _race_places(titles, by_session[session.pk])
        rows.append(
            (
                session,
                [
                    (found[slug], places.get(found[slug].entry_id, [])) if slug in found else None
                    for slug in FEATURED_DRIVERS
                ],
            )
        )
    return rows


def _race_places(titles, results):
    """{entry pk: [(title's short name, place), …]}: each entry's place in every re-ranked
    title of one race, by the scoring engine's rule."""
    entries = [
        EntryIn(
            key=str(r.entry_id),
            driver=r.entry.driver.slug,
            driver_name=r.entry.driver.name,
            team=r.entry.team.slug,
            team_name=r.entry.team.name,
            flags=r.entry.flags,
            wildcard=r.entry.wildcard,
        )
        for r in results
    ]
    # One race: the round, event and session are the same for every row.
    rows = [
        ResultIn(
            round=0,
            event="",
            session="R",
            entry=str(r.entry_id),
            position=r.position,
            classified=r.classified,
        )
        for r in results
    ]
    places = {}
    for title in titles:
        rules = TitleRules(
            slug=title.slug, competitors=title.competitors, eligible=title.eligible, rerank=True
        )
        for key, place in session_places(title=rules, entries=entries, results=rows).items():
            places.setdefault(int(key), []).append((short_name(title), place))
    return places
