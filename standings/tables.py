"""The season's tables: database rows in, scoring engine out, cached.

Loading a season takes a fixed number of queries whatever its size; the computed tables
are cached under the versions of the content areas they read (results, and the drivers'
and calendar's names and rounds), so any change there is seen at once and a news edit
keeps them.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from delivery import areas
from delivery.csv_export import csv_text
from drivers.models import Driver
from events.models import Session
from events.schedule import timings
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
from standings.statistics import DriverSeason, HeadToHead, driver_seasons, head_to_head

# Kept as long as a page at most: were a commit's bump ever lost (its process killed
# between the commit and the bump), no table would be older than a page can be.
CACHE_SECONDS = settings.PAGE_CACHE_SECONDS
# Bumped when SeasonTables changes shape: a shared cache may still hold the old one.
CACHE_FORMAT = 6
# The content areas the tables read.
AREAS = ("results", "drivers", "calendar")


@dataclass(frozen=True)
class SeasonTables:
    """Every title of a season after one round (None: after the latest), counting the
    results of the sessions that had ended by a moment."""

    rounds: tuple[int, ...]  # rounds with results shown at that moment
    after_round: int | None
    complete: frozenset[int]  # rounds whose every session had ended by that moment
    tables: dict[str, Standings]  # by title slug
    drivers: dict[str, DriverSeason]  # by driver slug: every entered driver, up to the round


def season_tables(season, *, after_round=None, moment=None):
    """All titles of `season` after `after_round` (None, or past the last round shown: after
    the latest), counting only the results of sessions that had ended by `moment`
    (`events.schedule.timings`; None: every result, as the admin and commands see them)."""
    prefix = _prefix(season)
    inputs = None
    shown_from = _get(f"{prefix}:moments")
    if shown_from is None:
        inputs = _load(season)
        shown_from = inputs.moments
        _set(f"{prefix}:moments", shown_from)
    stage = len(shown_from) if moment is None else bisect.bisect_right(shown_from, moment)
    key = f"{prefix}:at{stage}"
    latest = _get(key)
    if latest is None:
        inputs = inputs or _load(season)
        latest = _compute(inputs, None, stage)
        _set(key, latest)
    shown = _shown_round(latest.rounds, after_round)
    if shown is None:
        return latest
    tables = _get(f"{key}:{shown}")
    if tables is None:
        tables = _compute(inputs or _load(season), shown, stage)
        _set(f"{key}:{shown}", tables)
    return tables


# The tables this process used last, in front of the shared cache: unpickling a season's
# tables costs more than a page's queries. Keys hold the content versions, so a copy here
# is as right as the shared one.
_recent = collections.OrderedDict()
_recent_lock = threading.Lock()
RECENT_TABLES = 32


def _get(key):
    with _recent_lock:
        kept = _recent.get(key)
        if kept is not None and time.monotonic() - kept[1] < CACHE_SECONDS:
            _recent.move_to_end(key)
            return kept[0]
    tables = cache.get(key)
    if tables is not None:
        _remember(key, tables)
    return tables


def _set(key, tables):
    cache.set(key, tables, CACHE_SECONDS)
    _remember(key, tables)


def _remember(key, tables):
    with _recent_lock:
        _recent[key] = (tables, time.monotonic())
        _recent.move_to_end(key)
        while len(_recent) > RECENT_TABLES:
            _recent.popitem(last=False)


def forget_recent():
    with _recent_lock:
        _recent.clear()


def _prefix(season):
    versions = areas.current()
    stamp = ".".join(str(versions[name]) for name in AREAS)
    return f"standings:v{CACHE_FORMAT}:{season.pk}:{stamp}"


def compute_all(season):
    """Computes and caches the season's tables as readers see them now (after the latest
    round and after each round shown), and with every result (what an import does once it
    has committed)."""
    prefix = _prefix(season)
    inputs = _load(season)
    _set(f"{prefix}:moments", inputs.moments)
    for stage in {bisect.bisect_right(inputs.moments, timezone.now()), len(inputs.moments)}:
        key = f"{prefix}:at{stage}"
        latest = _compute(inputs, None, stage)
        _set(key, latest)
        for shown in {_shown_round(latest.rounds, r) for r in (0, *latest.rounds)} - {None}:
            _set(f"{key}:{shown}", _compute(inputs, shown, stage))


def fresh_tables(season, *, after_round=None, without=()):
    """The season's tables after `after_round` (None: the latest) with every result as the
    database holds it now, those of the sessions `without` ((round, code) pairs) left out.
    Never cached: a preview computes them inside a transaction that is rolled back."""
    inputs = _load(season)
    if without:
        kept = [
            (result, shown_from)
            for result, shown_from in inputs.results
            if (result.round, result.session) not in without
        ]
        inputs = dataclasses.replace(inputs, results=kept)
    return _compute(inputs, after_round, len(inputs.moments))


def _shown_round(rounds, after_round):
    """The round with results to show after `after_round`; None means the latest, 0 the
    state before the first round."""
    if after_round is None or not rounds or after_round >= rounds[-1]:
        return None
    if after_round < rounds[0]:
        return 0
    earlier = [r for r in rounds if r <= after_round]
    return earlier[-1] if earlier else rounds[0]


def _scales(rows):
    return {row.session: row.scale for row in rows}


@dataclass(frozen=True)
class _Inputs:
    """A season's data as the scoring engine takes it, read in six queries."""

    rules: SeasonRules
    titles: list[tuple[int, TitleRules]]
    entries: list[EntryIn]
    # Each result with the index in `moments` of the moment it is shown from.
    results: list[tuple[ResultIn, int]]
    adjustments: dict[int, list[AdjustmentIn]]
    # The distinct moments from which sessions' results are shown, in order.
    moments: tuple[dt.datetime, ...]
    # Each round with the index in `moments` of the end of its last session.
    round_ends: dict[int, int]


def _load(season):
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
            rounds=entry.round_set,
        )
        for entry in Entry.objects.filter(season=season).select_related("driver", "team")
    ]
    sessions = timings(
        Session.objects.filter(event__season=season, event__round__isnull=False).select_related(
            "event__circuit"
        )
    )
    ends = {session.pk: timing.ends for session, timing in sessions}
    moments = tuple(sorted(set(ends.values())))
    stage_of = {pk: bisect.bisect_left(moments, end) for pk, end in ends.items()}
    round_ends = {}
    for session, _timing in sessions:
        number = session.event.round
        round_ends[number] = max(round_ends.get(number, 0), stage_of[session.pk])
    results = [
        (
            ResultIn(
                round=result.session.event.round,
                event=result.session.event.slug,
                session=result.session.code,
                entry=str(result.entry_id),
                position=result.position,
                classified=result.classified,
                best_lap_ms=result.best_lap_ms,
                status=result.status,
            ),
            stage_of[result.session_id],
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
                reason=adjustment.reason_en,  # the view shows it in the page language
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
    title_rules = [
        (
            title.pk,
            TitleRules(
                slug=title.slug,
                competitors=title.competitors,
                eligible=title.eligible,
                rerank=title.rerank,
                points=_scales(s for s in scales if s.title_id == title.pk),
                fastest_lap=title.fastest_lap,
                fastest_qualifying=title.fastest_qualifying,
                min_entrants=title.min_entrants,
            ),
        )
        for title in titles
    ]
    return _Inputs(rules, title_rules, entries, results, adjustments, moments, round_ends)


def _compute(inputs, after_round, stage):
    """The tables after `after_round`, counting the results shown from the first `stage`
    moments."""
    results = [result for result, shown_from in inputs.results if shown_from < stage]
    complete = frozenset(number for number, end in inputs.round_ends.items() if end < stage)
    tables = {
        rules.slug: compute_standings(
            season=inputs.rules,
            title=rules,
            entries=inputs.entries,
            results=results,
            # A round's adjustments count once the round is over, not after its first session.
            adjustments=[a for a in inputs.adjustments.get(title_id, ()) if a.round in complete],
            after_round=after_round,
        )
        for title_id, rules in inputs.titles
    }
    rounds = tuple(sorted({result.round for result in results}))
    shown = [r for r in results if after_round is None or r.round <= after_round]
    drivers = driver_seasons(entries=inputs.entries, results=shown)
    return SeasonTables(
        rounds=rounds, after_round=after_round, complete=complete, tables=tables, drivers=drivers
    )


def standings_csv(standings):
    """The table as CSV text: position,name,points (a not-awarded title: the header only)."""
    rows = standings.rows if standings.awarded else ()
    return csv_text(["position", "name", "points"], ([r.position, r.name, r.points] for r in rows))


@dataclass(frozen=True)
class Placing:
    title: Title
    row: object  # scoring.Row of the driver, or of their team in a teams title
    awarded: bool


def driver_placings(season, drivers, *, moment=None):
    """{driver slug: [Placing, …]}: where each driver (or their team) stands in every title
    they appear in, counting the results shown by `moment` (None: every result)."""
    titles = list(season.titles.all())
    teams = {}
    for driver_slug, team_slug in Entry.objects.filter(
        season=season, driver__slug__in=drivers, wildcard=False
    ).values_list("driver__slug", "team__slug"):
        teams.setdefault(driver_slug, set()).add(team_slug)
    tables = season_tables(season, moment=moment).tables
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


@dataclass(frozen=True)
class TitleStanding:
    """Where a driver stands in one title they contest, and why they may score there."""

    title: Title
    row: object | None  # the driver's (or team's) scoring.Row; None before any result
    awarded: bool


@dataclass(frozen=True)
class Duel:
    other: Driver
    head_to_head: HeadToHead
    points: tuple[int | None, int | None]  # drivers' title points of each
    seasons: tuple[DriverSeason, DriverSeason]  # for best results side by side


@dataclass(frozen=True)
class DriverStatistics:
    season: DriverSeason
    entries: list[Entry]
    standings: list[TitleStanding]
    drivers_title: TitleStanding | None  # the season's first drivers' title, all eligible
    points_by_round: dict[int, int]  # in the drivers' title
    duels: list[Duel]
    rounds: tuple[int, ...] = ()  # the season's rounds with results shown

    @property
    def entered(self):
        """The rounds the driver had an entry in (None: every round)."""
        rounds = set()
        for entry in self.entries:
            if entry.round_set is None:
                return None
            rounds |= entry.round_set
        return frozenset(rounds)

    @property
    def entered_text(self):
        """The entered rounds in words: "1-4", "1-4, 7" with en dashes ("" for every round)."""
        entered = self.entered
        if not entered:
            return ""
        runs = []
        for number in sorted(entered):
            if runs and number == runs[-1][1] + 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        return ", ".join(str(a) if a == b else f"{a}\N{EN DASH}{b}" for a, b in runs)

    @property
    def stepped_out(self):
        """Whether a round after the driver's last entered one has results shown: from then
        on the site may say they raced only some rounds."""
        entered = self.entered
        return bool(entered) and any(r > max(entered) for r in self.rounds)

    @property
    def contended(self):
        """The titles that rank each race among their own contenders (Trophy, Junior), in
        which the driver has a place and the title is awarded."""
        return [s for s in self.standings if s.title.rerank and s.awarded and s.row is not None]

    @property
    def main_entry(self):
        """The entry that tells the driver's team and car: the last season entry, not a wildcard."""
        scoring = [entry for entry in self.entries if not entry.wildcard]
        return (scoring or self.entries or [None])[-1]

    @property
    def flags(self):
        return sorted(
            {flag for entry in self.entries if not entry.wildcard for flag in entry.flags}
        )


def driver_statistics(season, driver, *, siblings=(), moment=None):
    """`driver`'s season computed from the results shown by `moment` (None: every result):
    counts, titles, head-to-head with each sibling. A fixed number of queries (two, plus
    the tables when not cached)."""
    entries = sorted(
        Entry.objects.filter(season=season, driver=driver).select_related("team"),
        key=lambda entry: (min(entry.round_set or {0}), entry.pk),
    )
    titles = list(season.titles.all())
    computed = season_tables(season, moment=moment)
    own = computed.drivers.get(driver.slug) or _empty_season(driver.slug)
    scoring = [entry for entry in entries if not entry.wildcard]
    flags = {flag for entry in scoring for flag in entry.flags}
    teams = {entry.team.slug for entry in scoring}
    standings = []
    for title in titles:
        table = computed.tables[title.slug]
        if title.competitors == Title.Competitors.TEAMS:
            keys = teams
        elif scoring and (title.eligible == Title.Eligible.ALL or title.eligible in flags):
            keys = {driver.slug}
        else:
            continue
        rows = [row for row in table.rows if row.competitor in keys]
        standings.extend(TitleStanding(title, row, table.awarded) for row in rows)
        if not rows and keys:
            standings.append(TitleStanding(title, None, table.awarded))
    main = next(
        (
            s
            for s in standings
            if s.title.competitors == Title.Competitors.DRIVERS
            and s.title.eligible == Title.Eligible.ALL
        ),
        None,
    )
    drivers_table = computed.tables[main.title.slug] if main else None

    def points_of(slug):
        if drivers_table is None:
            return None
        return next((row.points for row in drivers_table.rows if row.competitor == slug), None)

    duels = [
        Duel(
            other=other,
            head_to_head=head_to_head(own, computed.drivers[other.slug]),
            points=(points_of(driver.slug), points_of(other.slug)),
            seasons=(own, computed.drivers[other.slug]),
        )
        for other in siblings
        if other.slug in computed.drivers
    ]
    return DriverStatistics(
        season=own,
        entries=entries,
        standings=standings,
        drivers_title=main,
        points_by_round=dict(main.row.points_by_round) if main and main.row else {},
        duels=duels,
        rounds=computed.rounds,
    )


def _empty_season(slug):
    return driver_seasons(entries=[EntryIn(slug, slug, slug, "", "")], results=[])[slug]
