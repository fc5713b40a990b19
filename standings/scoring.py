"""The sporting rules: results in, championship tables out.

Pure Python, no ORM: plain frozen dataclasses in, `Standings` out. The rules are
DESIGN.md section 4b; each function below names the rule it implements.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

RACE_SESSIONS = ("R1", "R2")
QUALIFYING_SESSIONS = ("Q", "Q1", "Q2", "Q3")
# Equal qualifying laps: the later session wins (Q3 before Q1); Q, the final
# classification, counts as the latest.
QUALIFYING_ORDER = {"Q1": 1, "Q2": 2, "Q3": 3, "Q": 4}


@dataclass(frozen=True)
class EntryIn:
    """One entry: a driver in a car for a team, for some rounds."""

    key: str  # unique among the season's entries
    driver: str  # driver identity (slug); two entries may share it
    driver_name: str
    team: str  # team identity (slug)
    team_name: str
    flags: frozenset[str] = frozenset()  # eligibility flags: "junior", "trophy", "female"
    wildcard: bool = False
    rounds: frozenset[int] | None = None  # the rounds it is entered in; None: every round


@dataclass(frozen=True)
class ResultIn:
    """One row of a session's final classification."""

    round: int
    event: str  # the event's slug, for per-event scales
    session: str  # FP1 FP2 Q Q1 Q2 Q3 R1 R2
    entry: str  # EntryIn.key
    position: int | None  # set for classified rows only
    classified: bool
    best_lap_ms: int | None = None
    status: str = ""  # classified, DNF, DNS, …: the engine reads only `classified`


@dataclass(frozen=True)
class AdjustmentIn:
    """Points added (or, negative, taken) from `round` on, to a driver or a team."""

    round: int
    competitor: str  # driver key for driver titles, team key for team titles
    points: int
    reason: str


@dataclass(frozen=True)
class TitleRules:
    slug: str
    competitors: str = "drivers"  # "drivers" or "teams"
    eligible: str = "all"  # "all" or an entry flag
    rerank: bool = False
    points: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # per session code
    fastest_lap: int = 0
    fastest_qualifying: int = 0
    min_entrants: int = 0


@dataclass(frozen=True)
class SeasonRules:
    points: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # per session code
    event_points: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    position: int  # shared positions repeat: 12, 12, 14
    shared: bool  # the position is shared with another row
    countback: bool  # equal on points with a neighbour; countback decided the order
    competitor: str  # driver key or team key
    name: str
    points: int  # total, adjustments included
    points_by_round: Mapping[int, int]  # scored points per round, adjustments excluded
    adjustments: tuple[AdjustmentIn, ...]
    wins: int  # race wins in the title's places
    podiums: int  # race podiums in the title's places
    race_places: Mapping[int, int]  # place -> count over race sessions, for countback
    progression: tuple[int, ...]  # running total after each round of Standings.rounds
    # (round, session, place in this title) of each race placed, in order
    finishes: tuple[tuple[int, str, int], ...] = ()
    entered: frozenset[int] | None = None  # rounds with an entry; None: every round

    @property
    def best_place(self) -> int | None:
        """The best race place in this title."""
        return min(self.race_places, default=None)

    def place(self, round_number: int, session: str) -> int | None:
        """The place in this title in one race (None: not placed there)."""
        return next((p for r, s, p in self.finishes if (r, s) == (round_number, session)), None)

    def entered_in(self, round_number: int) -> bool:
        return self.entered is None or round_number in self.entered


@dataclass(frozen=True)
class Standings:
    title: str
    awarded: bool
    eligible_entrants: int  # distinct eligible non-wildcard drivers entered in the season
    min_entrants: int
    rounds: tuple[int, ...]  # rounds with results, up to the round shown
    rows: tuple[Row, ...]


def scale_for(
    *, season: SeasonRules, title: TitleRules, event: str, session: str
) -> tuple[int, ...]:
    """The points scale for a session: the title's, else the event's, else the season's (§4a)."""
    if session in title.points:
        return tuple(title.points[session])  # an empty title scale means no points there
    event_scales = season.event_points.get(event, {})
    if session in event_scales:
        return tuple(event_scales[session])
    return tuple(season.points.get(session, ()))


def compute_standings(
    *,
    season: SeasonRules,
    title: TitleRules,
    entries: Sequence[EntryIn],
    results: Sequence[ResultIn],
    adjustments: Sequence[AdjustmentIn] = (),
    after_round: int | None = None,
) -> Standings:
    """One title's table after `after_round` (None: every round with results), §4b."""
    by_key = {entry.key: entry for entry in entries}
    shown = sorted(
        (r for r in results if after_round is None or r.round <= after_round), key=_result_order
    )
    unknown = sorted({r.entry for r in shown} - by_key.keys())
    if unknown:
        raise ValueError(f"results name unknown entries: {', '.join(unknown)}")
    rounds = tuple(sorted({r.round for r in shown}))
    tallies = _tally(season=season, title=title, by_key=by_key, results=shown)
    entered = _entered(title, entries)
    drafts = [
        replace(
            _draft(key, tally, rounds=rounds, adjustments=adjustments), entered=entered.get(key)
        )
        for key, tally in tallies.items()
    ]
    entrants = _eligible_entrants(title, entries)
    return Standings(
        title=title.slug,
        awarded=entrants >= title.min_entrants,
        eligible_entrants=entrants,
        min_entrants=title.min_entrants,
        rounds=rounds,
        rows=_ranked(drafts),
    )


@dataclass
class _Tally:
    """What one competitor has scored so far, before adjustments."""

    names: set[str] = field(default_factory=set)
    by_round: Counter[int] = field(default_factory=Counter)
    race_places: Counter[int] = field(default_factory=Counter)
    finishes: list[tuple[int, str, int]] = field(default_factory=list)


def _result_order(row: ResultIn) -> tuple[int, str, bool, int, str]:
    # A fixed order makes the output independent of the input order.
    return (row.round, row.session, row.position is None, row.position or 0, row.entry)


def _is_eligible(entry: EntryIn, title: TitleRules) -> bool:
    return not entry.wildcard and (title.eligible == "all" or title.eligible in entry.flags)


def _competitor(entry: EntryIn, title: TitleRules) -> tuple[str, str]:
    if title.competitors == "teams":
        return entry.team, entry.team_name
    return entry.driver, entry.driver_name


def _eligible_entrants(title: TitleRules, entries: Sequence[EntryIn]) -> int:
    return len({entry.driver for entry in entries if _is_eligible(entry, title)})


def _entered(title: TitleRules, entries: Sequence[EntryIn]) -> dict[str, frozenset[int] | None]:
    """The rounds each competitor had an entry in (any entry, wildcards too; None: every round)."""
    entered: dict[str, frozenset[int] | None] = {}
    for entry in entries:
        key = _competitor(entry, title)[0]
        if key in entered and entered[key] is None:
            continue
        if entry.rounds is None:
            entered[key] = None
        else:
            entered[key] = entered.get(key, frozenset()) | entry.rounds
    return entered


def session_places(
    *, title: TitleRules, entries: Sequence[EntryIn], results: Sequence[ResultIn]
) -> dict[str, int]:
    """{entry key: place in `title`} in one session: the place it scores from, among the
    title's eligible classified entries when the title re-ranks (§4b)."""
    by_key = {entry.key: entry for entry in entries}
    rows = sorted(results, key=_result_order)
    return {row.entry: place for row, place in _places(rows, by_key, title)}


def _is_placed(row: ResultIn) -> bool:
    return row.classified and row.position is not None


def _places(
    rows: Sequence[ResultIn], by_key: Mapping[str, EntryIn], title: TitleRules
) -> list[tuple[ResultIn, int]]:
    """Scoring place of each eligible classified row of one session (rows in position order)."""
    placed = [r for r in rows if _is_placed(r)]
    eligible = [r for r in placed if _is_eligible(by_key[r.entry], title)]
    if title.rerank:
        return [(row, rank) for rank, row in enumerate(eligible, start=1)]
    wildcard_positions = [r.position or 0 for r in placed if by_key[r.entry].wildcard]
    return [
        (row, (row.position or 0) - sum(p < (row.position or 0) for p in wildcard_positions))
        for row in eligible
    ]


def _fastest(
    rows: Sequence[ResultIn], by_key: Mapping[str, EntryIn], title: TitleRules
) -> ResultIn | None:
    """The eligible classified row with the best lap; equal laps: later session, better position."""
    timed = [
        r
        for r in rows
        if _is_placed(r) and r.best_lap_ms is not None and _is_eligible(by_key[r.entry], title)
    ]
    if not timed:
        return None
    return min(
        timed,
        key=lambda r: (r.best_lap_ms, -QUALIFYING_ORDER.get(r.session, 0), r.position, r.entry),
    )


def _grouped(rows: Iterable[ResultIn], key: Callable[[ResultIn], object]) -> list[list[ResultIn]]:
    # Rows arrive in `_result_order`, so each round and session is one run.
    return [list(run) for _, run in itertools.groupby(rows, key=key)]


def _listed(
    title: TitleRules, by_key: Mapping[str, EntryIn], results: Sequence[ResultIn]
) -> dict[str, _Tally]:
    """Every eligible competitor with a result row of any status, zero points included."""
    tallies: dict[str, _Tally] = {}
    for row in results:
        entry = by_key[row.entry]
        if _is_eligible(entry, title):
            key, name = _competitor(entry, title)
            tallies.setdefault(key, _Tally()).names.add(name)
    return tallies


def _bonuses(
    title: TitleRules, by_key: Mapping[str, EntryIn], results: Sequence[ResultIn]
) -> list[tuple[ResultIn, int]]:
    """Fastest lap of each race, fastest qualifying lap of each event."""
    awards: list[tuple[ResultIn | None, int]] = []
    if title.fastest_lap:
        races = (r for r in results if r.session in RACE_SESSIONS)
        for rows in _grouped(races, key=lambda r: (r.round, r.session)):
            awards.append((_fastest(rows, by_key, title), title.fastest_lap))
    if title.fastest_qualifying:
        qualifying = (r for r in results if r.session in QUALIFYING_SESSIONS)
        for rows in _grouped(qualifying, key=lambda r: r.round):
            awards.append((_fastest(rows, by_key, title), title.fastest_qualifying))
    return [(row, points) for row, points in awards if row is not None]


def _tally(
    *,
    season: SeasonRules,
    title: TitleRules,
    by_key: Mapping[str, EntryIn],
    results: Sequence[ResultIn],
) -> dict[str, _Tally]:
    tallies = _listed(title, by_key, results)

    def tally_of(row: ResultIn) -> _Tally:
        return tallies[_competitor(by_key[row.entry], title)[0]]

    for rows in _grouped(results, key=lambda r: (r.round, r.session)):
        session = rows[0].session
        scale = scale_for(season=season, title=title, event=rows[0].event, session=session)
        for row, place in _places(rows, by_key, title):
            tally_of(row).by_round[row.round] += scale[place - 1] if place <= len(scale) else 0
            if session in RACE_SESSIONS:
                tally_of(row).race_places[place] += 1
                tally_of(row).finishes.append((row.round, session, place))
    for row, points in _bonuses(title, by_key, results):
        tally_of(row).by_round[row.round] += points
    return tallies


def _draft(
    key: str, tally: _Tally, *, rounds: tuple[int, ...], adjustments: Sequence[AdjustmentIn]
) -> Row:
    """A row with its numbers; position and flags come from `_ranked`."""
    # Adjustments count from their round on, as far as the last round shown.
    applied = tuple(
        sorted(
            (a for a in adjustments if a.competitor == key and rounds and a.round <= rounds[-1]),
            key=lambda a: (a.round, a.points, a.reason),
        )
    )
    progression = tuple(
        sum(tally.by_round[r] for r in rounds if r <= shown)
        + sum(a.points for a in applied if a.round <= shown)
        for shown in rounds
    )
    places = dict(sorted(tally.race_places.items()))
    return Row(
        position=0,
        shared=False,
        countback=False,
        competitor=key,
        name=min(tally.names),
        points=progression[-1] if progression else 0,
        points_by_round={r: tally.by_round[r] for r in rounds},
        adjustments=applied,
        wins=places.get(1, 0),
        podiums=sum(count for place, count in places.items() if place <= 3),
        race_places=places,
        progression=progression,
        finishes=tuple(sorted(tally.finishes, key=lambda f: (f[0], RACE_SESSIONS.index(f[1])))),
    )


def _name_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _ranked(drafts: Sequence[Row]) -> tuple[Row, ...]:
    """Points, then countback (most wins, most seconds, …), then shared places listed by name."""
    deepest = max((p for d in drafts for p in d.race_places), default=0)

    def merit(row: Row) -> tuple[int, ...]:
        return (-row.points, *(-row.race_places.get(p, 0) for p in range(1, deepest + 1)))

    ordered = sorted(drafts, key=lambda r: (merit(r), _name_key(r.name), r.name, r.competitor))
    decided = [
        a.points == b.points and merit(a) != merit(b) for a, b in itertools.pairwise(ordered)
    ]
    merits = [merit(row) for row in ordered]
    rows: list[Row] = []
    for index, row in enumerate(ordered):
        rows.append(
            replace(
                row,
                position=merits.index(merits[index]) + 1,  # shared: 12, 12, then 14
                shared=merits.count(merits[index]) > 1,
                countback=(index > 0 and decided[index - 1])
                or (index < len(decided) and decided[index]),
            )
        )
    return tuple(rows)
