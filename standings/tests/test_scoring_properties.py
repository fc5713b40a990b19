import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from standings.scoring import (
    QUALIFYING_SESSIONS,
    RACE_SESSIONS,
    AdjustmentIn,
    EntryIn,
    ResultIn,
    SeasonRules,
    Standings,
    TitleRules,
    compute_standings,
    scale_for,
)

SESSIONS = ("FP1", "Q", "Q1", "Q3", "R1", "R2")
DRIVERS = ("ann", "bob", "cid", "dan", "eve")
TEAMS = ("red", "blue")
ROUNDS = (1, 2, 3)
SETTINGS = settings(max_examples=60, deadline=None, database=None)

scales = st.lists(st.integers(min_value=0, max_value=25), max_size=6).map(tuple)
# Most sessions carry points, so that every rule has something to act on.
season_scales = st.fixed_dictionaries(
    {"R1": scales, "R2": scales, "Q1": scales}, optional={"Q": scales, "Q3": scales}
)
often = st.integers(min_value=0, max_value=3).map(bool)  # True three times in four


@dataclass(frozen=True)
class Case:
    season: SeasonRules
    title: TitleRules
    entries: tuple[EntryIn, ...]
    results: tuple[ResultIn, ...]


@st.composite
def entries(draw: st.DrawFn) -> tuple[EntryIn, ...]:
    count = draw(st.integers(min_value=1, max_value=7))
    return tuple(
        EntryIn(
            key=f"e{index}",
            driver=(driver := draw(st.sampled_from(DRIVERS))),
            driver_name=driver.title(),
            team=(team := draw(st.sampled_from(TEAMS))),
            team_name=team.title(),
            flags=frozenset(draw(st.sets(st.sampled_from(("junior", "trophy"))))),
            wildcard=draw(st.booleans()),
        )
        for index in range(count)
    )


@st.composite
def session_rows(
    draw: st.DrawFn, round_: int, session: str, pool: tuple[EntryIn, ...]
) -> list[ResultIn]:
    seen: set[str] = set()
    racers = []
    for entry in draw(st.permutations(pool)):
        # One row per driver in a session; most entries take part, most are classified.
        if entry.driver not in seen and draw(often):
            seen.add(entry.driver)
            racers.append(entry)
    classified = [draw(often) for _ in racers]
    # Positions in road order; one gap at most, as in a partial classification.
    count = sum(classified)
    positions = sorted(draw(st.sets(st.integers(1, count + 1), min_size=count, max_size=count)))
    positions_iter = iter(positions)
    laps = st.sampled_from((None, 100, 101, 102))
    return [
        ResultIn(
            round=round_,
            event=f"ev{round_}",
            session=session,
            entry=entry.key,
            position=next(positions_iter) if is_classified else None,
            classified=is_classified,
            best_lap_ms=draw(laps),
        )
        for entry, is_classified in zip(racers, classified, strict=True)
    ]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    pool = draw(entries())
    results: list[ResultIn] = []
    for round_ in ROUNDS:
        for session in draw(st.sets(st.sampled_from(SESSIONS), max_size=4)):
            results += draw(session_rows(round_, session, pool))
    season = SeasonRules(
        points=draw(season_scales),
        event_points={"ev2": draw(st.dictionaries(st.sampled_from(SESSIONS), scales, max_size=2))},
    )
    title = TitleRules(
        slug="t",
        competitors=draw(st.sampled_from(("drivers", "teams"))),
        eligible=draw(st.sampled_from(("all", "junior", "trophy"))),
        rerank=draw(st.booleans()),
        points=draw(st.dictionaries(st.sampled_from(SESSIONS), scales, max_size=2)),
        fastest_lap=draw(st.integers(0, 2)),
        fastest_qualifying=draw(st.integers(0, 2)),
    )
    return Case(season, title, pool, tuple(results))


def adjustments(*, min_points: int) -> st.SearchStrategy[list[AdjustmentIn]]:
    return st.lists(
        st.builds(
            AdjustmentIn,
            round=st.sampled_from(ROUNDS),
            competitor=st.sampled_from(DRIVERS + TEAMS),
            points=st.integers(min_points, 5),
            reason=st.just("correction"),
        ),
        max_size=3,
    )


def standings(
    case: Case, *, adjusted: Sequence[AdjustmentIn] = (), after_round: int | None = None
) -> Standings:
    return compute_standings(
        season=case.season,
        title=case.title,
        entries=case.entries,
        results=case.results,
        adjustments=adjusted,
        after_round=after_round,
    )


def eligible(entry: EntryIn, title: TitleRules) -> bool:
    return not entry.wildcard and title.eligible in {"all", *entry.flags}


def expected_total(case: Case) -> int:
    """Every scale value handed out plus every bonus, counted session by session."""
    by_key = {e.key: e for e in case.entries}
    total = 0
    sessions = {(r.round, r.event, r.session) for r in case.results}
    for round_, event, session in sessions:
        rows = [r for r in case.results if (r.round, r.session) == (round_, session)]
        placed = sorted((r for r in rows if r.classified), key=lambda r: r.position or 0)
        mine = [r for r in placed if eligible(by_key[r.entry], case.title)]
        wild = [r.position for r in placed if by_key[r.entry].wildcard]
        places = (
            range(1, len(mine) + 1)
            if case.title.rerank
            else [(r.position or 0) - sum(p < (r.position or 0) for p in wild) for r in mine]
        )
        scale = scale_for(season=case.season, title=case.title, event=event, session=session)
        total += sum(scale[place - 1] for place in places if place <= len(scale))
        if session in RACE_SESSIONS and any(r.best_lap_ms is not None for r in mine):
            total += case.title.fastest_lap
    for round_ in ROUNDS:
        timed = [
            r
            for r in case.results
            if r.round == round_
            and r.session in QUALIFYING_SESSIONS
            and r.classified
            and r.best_lap_ms is not None
            and eligible(by_key[r.entry], case.title)
        ]
        total += case.title.fastest_qualifying if timed else 0
    return total


def points(table: Standings) -> dict[str, int]:
    return {row.competitor: row.points for row in table.rows}


@SETTINGS
@given(cases())
def test_points_are_the_scale_values_and_bonuses_handed_out(case: Case) -> None:
    table = standings(case)
    assert sum(row.points for row in table.rows) == expected_total(case)
    for row in table.rows:
        assert row.points == sum(row.points_by_round.values())
        assert tuple(row.points_by_round) == table.rounds
        assert row.progression[-1:] == (row.points,)


@SETTINGS
@given(cases(), adjustments(min_points=-5))
def test_the_order_is_total(case: Case, adjusted: list[AdjustmentIn]) -> None:
    table = standings(case, adjusted=adjusted)
    by_key = {e.key: e for e in case.entries}
    attr = "team" if case.title.competitors == "teams" else "driver"
    listed = {
        getattr(by_key[r.entry], attr)
        for r in case.results
        if eligible(by_key[r.entry], case.title)
    }
    competitors = [row.competitor for row in table.rows]
    assert sorted(competitors) == sorted(listed)  # each exactly once
    assert [row.position for row in table.rows[:1]] == [1] * bool(table.rows)
    for index, (a, b) in enumerate(itertools.pairwise(table.rows), start=1):
        assert a.points >= b.points
        assert a.position <= b.position
        if a.position == b.position:
            assert (a.shared, b.shared, a.points) == (True, True, b.points)
        else:
            assert b.position == index + 1  # 12, 12, then 14


@SETTINGS
@given(cases(), adjustments(min_points=-5), st.randoms(use_true_random=False))
def test_the_input_order_does_not_matter(
    case: Case, adjusted: list[AdjustmentIn], random: Random
) -> None:
    shuffled_entries = list(case.entries)
    shuffled_results = list(case.results)
    shuffled_adjustments = list(adjusted)
    for items in (shuffled_entries, shuffled_results, shuffled_adjustments):
        random.shuffle(items)
    shuffled = compute_standings(
        season=case.season,
        title=case.title,
        entries=shuffled_entries,
        results=shuffled_results,
        adjustments=shuffled_adjustments,
    )
    assert shuffled == standings(case, adjusted=adjusted)


@SETTINGS
@given(cases())
def test_ineligible_rows_never_score_and_never_change_eligible_points(case: Case) -> None:
    by_key = {e.key: e for e in case.entries}
    table = standings(case)
    attr = "team" if case.title.competitors == "teams" else "driver"
    allowed = {getattr(e, attr) for e in case.entries if eligible(e, case.title)}
    assert {row.competitor for row in table.rows} <= allowed

    def kept(row: ResultIn) -> bool:
        entry = by_key[row.entry]
        # Without re-ranking, classified wildcards ahead still shift the places.
        return eligible(entry, case.title) or (entry.wildcard and not case.title.rerank)

    fewer = Case(case.season, case.title, case.entries, tuple(filter(kept, case.results)))
    assert points(standings(fewer)) == points(table)


@SETTINGS
@given(cases(), adjustments(min_points=0))
def test_points_never_go_down_from_one_round_to_the_next(
    case: Case, adjusted: list[AdjustmentIn]
) -> None:
    before = points(standings(case, adjusted=adjusted, after_round=ROUNDS[0]))
    for round_ in ROUNDS[1:]:
        after = points(standings(case, adjusted=adjusted, after_round=round_))
        assert before.keys() <= after.keys()
        assert all(after[key] >= before[key] for key in before)
        before = after
