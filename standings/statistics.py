"""A driver's season in numbers, and two drivers side by side.

Pure Python like `scoring`: the engine's entries and result rows in, plain
dataclasses out. Counts use the real classification (wildcards included):
a win is a race finished first, whoever was behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from standings.scoring import RACE_SESSIONS, EntryIn, ResultIn

QUALIFYING = "Q"  # the event's final qualifying order, which sets the grid
# Statuses of drivers who took the start of a race (DNS, DNQ and WD did not).
STARTED = frozenset({"classified", "DNF", "NC", "DSQ", "EX"})


@dataclass(frozen=True)
class Outcome:
    """One session of a driver: a classified position, or the status instead."""

    round: int
    event: str
    session: str
    position: int | None
    status: str

    @property
    def classified(self) -> bool:
        return self.position is not None


@dataclass(frozen=True)
class DriverSeason:
    driver: str
    outcomes: tuple[Outcome, ...]  # qualifying and races, by round then session
    starts: int
    finishes: int
    wins: int
    podiums: int
    poles: int
    best_finish: int | None  # best race position
    best_finish_count: int  # how many races ended there
    best_qualifying: int | None

    def outcome(self, round_number: int, session: str) -> Outcome | None:
        return next(
            (o for o in self.outcomes if o.round == round_number and o.session == session), None
        )


@dataclass(frozen=True)
class Duel:
    round: int
    session: str
    first: int  # position of the first driver
    second: int


@dataclass(frozen=True)
class HeadToHead:
    first: str
    second: str
    qualifying: tuple[Duel, ...]
    races: tuple[Duel, ...]

    @staticmethod
    def _score(duels: Sequence[Duel]) -> tuple[int, int]:
        ahead = sum(1 for duel in duels if duel.first < duel.second)
        return ahead, len(duels) - ahead

    @property
    def qualifying_score(self) -> tuple[int, int]:
        return self._score(self.qualifying)

    @property
    def race_score(self) -> tuple[int, int]:
        return self._score(self.races)


def _status(row: ResultIn) -> str:
    if row.classified:
        return "classified"
    return row.status or "DNF"  # a row without a status: started, did not finish


def driver_seasons(
    *,
    entries: Sequence[EntryIn],
    results: Sequence[ResultIn],
) -> dict[str, DriverSeason]:
    """Every driver's season from their rows in Q, R1 and R2 (all their entries together)."""
    driver_of = {entry.key: entry.driver for entry in entries}
    rows: dict[str, list[Outcome]] = {entry.driver: [] for entry in entries}
    for row in results:
        if row.session != QUALIFYING and row.session not in RACE_SESSIONS:
            continue
        driver = driver_of[row.entry]
        position = row.position if row.classified else None
        rows[driver].append(Outcome(row.round, row.event, row.session, position, _status(row)))
    return {driver: _season(driver, outcomes) for driver, outcomes in rows.items()}


def _season(driver: str, outcomes: list[Outcome]) -> DriverSeason:
    order = {code: index for index, code in enumerate((QUALIFYING, *RACE_SESSIONS))}
    outcomes.sort(key=lambda o: (o.round, order[o.session]))
    races = [o for o in outcomes if o.session in RACE_SESSIONS]
    finishes = [o.position for o in races if o.classified]
    grids = [o.position for o in outcomes if o.session == QUALIFYING and o.classified]
    best = min(finishes, default=None)
    return DriverSeason(
        driver=driver,
        outcomes=tuple(outcomes),
        starts=sum(1 for o in races if o.status in STARTED),
        finishes=len(finishes),
        wins=finishes.count(1),
        podiums=sum(1 for p in finishes if p <= 3),
        poles=grids.count(1),
        best_finish=best,
        best_finish_count=finishes.count(best) if best is not None else 0,
        best_qualifying=min(grids, default=None),
    )


def head_to_head(first: DriverSeason, second: DriverSeason) -> HeadToHead:
    """Sessions where both were classified, and who was ahead: qualifying (Q) and races."""
    theirs = {(o.round, o.session): o for o in second.outcomes if o.classified}
    duels = [
        Duel(o.round, o.session, o.position, theirs[(o.round, o.session)].position)
        for o in first.outcomes
        if o.classified and (o.round, o.session) in theirs
    ]
    return HeadToHead(
        first=first.driver,
        second=second.driver,
        qualifying=tuple(d for d in duels if d.session == QUALIFYING),
        races=tuple(d for d in duels if d.session in RACE_SESSIONS),
    )
