"""The season's tables: database rows in, scoring engine out, cached.

Loading a season takes a fixed number of queries whatever its size; the computed
tables are cached until results, entries or rules change (invalidate()).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from events.models import Event, Season, Session
from standings.models import Adjustment, Entry, PointsScale, SessionResult, Title
from standings.scoring import (
    AdjustmentIn,
    EntryIn,
    ResultIn,
    SeasonRules,
    Standings,
    TitleRules,
    compute_standings,
)

VERSION_KEY = "standings:version"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class SeasonTables:
    """Every title of a season after one round (None: after the latest)."""

    rounds: tuple[int, ...]  # rounds that have results, in the whole season
    after_round: int | None
    tables: dict[str, Standings]  # by title slug


def invalidate(**kwargs):
    """Forget every computed table (results, entries or rules changed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def connect_signals():
    """Admin edits of anything the tables read forget the computed tables."""
    for model in (Season, Event, Session, Title, PointsScale, Entry, SessionResult, Adjustment):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"tables-save-{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"tables-delete-{model.__name__}"
        )


def season_tables(season, *, after_round=None):
    """All titles of `season` after `after_round` (None or out of range: the latest round)."""
    key = f"standings:{_version()}:{season.pk}:{after_round}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _compute(season, after_round)
    if result.after_round != after_round:
        # An out-of-range round shows the latest: one cache entry for both.
        cache.set(f"standings:{_version()}:{season.pk}:{result.after_round}", result, CACHE_SECONDS)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _scales(rows):
    return {row.session: row.scale for row in rows}


def _compute(season, after_round):
    scales = list(PointsScale.objects.filter(season=season).select_related("event"))
    titles = list(season.titles.all())
    entries = [
        EntryIn(
            key=str(entry.pk),
            driver=entry.driver.slug,
            driver_name=entry.driver.name,
            team=entry.team.slug,
            team_name=entry.team.name,
            flags=entry.flags,
            wildcard=entry.wildcard,
        )
        for entry in Entry.objects.filter(season=season).select_related("driver", "team")
    ]
    results = [
        ResultIn(
            round=result.session.event.round,
            event=result.session.event.slug,
            session=result.session.code,
            entry=str(result.entry_id),
            position=result.position,
            classified=result.classified,
            best_lap_ms=result.best_lap_ms,
        )
        for result in SessionResult.objects.filter(
            session__event__season=season, session__event__round__isnull=False
        ).select_related("session__event")
    ]
    adjustments = {}
    for adjustment in Adjustment.objects.filter(title__season=season).select_related(
        "driver", "team"
    ):
        competitor = adjustment.driver.slug if adjustment.driver_id else adjustment.team.slug
        adjustments.setdefault(adjustment.title_id, []).append(
            AdjustmentIn(
                round=adjustment.round,
                competitor=competitor,
                points=adjustment.points,
                reason=adjustment.reason,
            )
        )
    event_points = {}
    for scale in scales:
        if scale.event_id:
            event_points.setdefault(scale.event.slug, {})[scale.session] = scale.scale
    rules = SeasonRules(
        points=_scales(s for s in scales if not s.event_id and not s.title_id),
        event_points=event_points,
    )
    rounds = tuple(sorted({result.round for result in results}))
    if after_round not in rounds:
        after_round = None
    tables = {}
    for title in titles:
        title_rules = TitleRules(
            slug=title.slug,
            competitors=title.competitors,
            eligible=title.eligible,
            rerank=title.rerank,
            points=_scales(s for s in scales if s.title_id == title.pk),
            fastest_lap=title.fastest_lap,
            fastest_qualifying=title.fastest_qualifying,
            min_entrants=title.min_entrants,
        )
        tables[title.slug] = compute_standings(
            season=rules,
            title=title_rules,
            entries=entries,
            results=results,
            adjustments=adjustments.get(title.pk, ()),
            after_round=after_round,
        )
    return SeasonTables(rounds=rounds, after_round=after_round, tables=tables)


def standings_csv(standings):
    """The table as CSV text: position,name,points (a not-awarded title: the header only)."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(["position", "name", "points"])
    if standings.awarded:
        writer.writerows([row.position, row.name, row.points] for row in standings.rows)
    return output.getvalue()


@dataclass(frozen=True)
class Placing:
    title: Title
    row: object  # scoring.Row of the driver, or of their team in a teams title
    awarded: bool


def driver_placings(season, drivers):
    """{driver slug: [Placing, …]}: where each driver (or their team) stands in every title
    they appear in, after the latest round."""
    titles = list(season.titles.all())
    teams = {}
    for driver_slug, team_slug in Entry.objects.filter(
        season=season, driver__slug__in=drivers, wildcard=False
    ).values_list("driver__slug", "team__slug"):
        teams.setdefault(driver_slug, set()).add(team_slug)
    tables = season_tables(season).tables
    placings = {slug: [] for slug in drivers}
    for title in titles:
        standings = tables[title.slug]
        for slug in drivers:
            keys = teams.get(slug, set()) if title.competitors == "teams" else {slug}
            placings[slug].extend(
                Placing(title=title, row=row, awarded=standings.awarded)
                for row in standings.rows
                if row.competitor in keys
            )
    return placings
