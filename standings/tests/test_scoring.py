import csv
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from standings.scoring import (
    AdjustmentIn,
    EntryIn,
    ResultIn,
    SeasonRules,
    Standings,
    TitleRules,
    compute_standings,
    scale_for,
    session_places,
)
from standings.tests.conftest import OFFICIAL_2021_DRIVERS

RACE = (25, 20, 16, 13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
QUALI = (5, 4, 3, 2, 1)
SEASON = SeasonRules(points={"R1": RACE, "R2": RACE, "Q1": QUALI, "Q3": QUALI})
DRIVERS = TitleRules(slug="drivers")
TEAMS = TitleRules(slug="teams", competitors="teams")


def entry(
    key: str,
    *,
    driver: str | None = None,
    team: str = "team",
    flags: Sequence[str] = (),
    wildcard: bool = False,
    rounds: Sequence[int] | None = None,
) -> EntryIn:
    driver = driver or key
    return EntryIn(
        key=key,
        driver=driver,
        driver_name=driver.title(),
        team=team,
        team_name=team.title(),
        flags=frozenset(flags),
        wildcard=wildcard,
        rounds=None if rounds is None else frozenset(rounds),
    )


def finish(
    round_: int, session: str, *keys: str, laps: Sequence[int | None] = (), event: str = "ev"
) -> list[ResultIn]:
    """A classification: `keys` in finishing order, `laps` their best laps (ms) if given."""
    return [
        ResultIn(
            round=round_,
            event=f"{event}{round_}",
            session=session,
            entry=key,
            position=position,
            classified=True,
            best_lap_ms=laps[position - 1] if laps else None,
        )
        for position, key in enumerate(keys, start=1)
    ]


def out(round_: int, session: str, key: str, best_lap_ms: int | None = None) -> ResultIn:
    """A row that is not classified (DNF and the like)."""
    return ResultIn(round_, f"ev{round_}", session, key, None, False, best_lap_ms)


def table(standings: Standings) -> list[tuple[int, str, int]]:
    return [(row.position, row.competitor, row.points) for row in standings.rows]


def points(standings: Standings) -> dict[str, int]:
    return {row.competitor: row.points for row in standings.rows}


# Scale lookup


def test_scale_lookup_prefers_title_then_event_then_season() -> None:
    season = SeasonRules(
        points={"R1": (3, 2, 1), "Q": (9,)}, event_points={"germany": {"Q": (10, 8)}}
    )
    title = TitleRules(slug="trophy", points={"R1": (10, 8)})
    assert scale_for(season=season, title=title, event="germany", session="R1") == (10, 8)
    assert scale_for(season=season, title=DRIVERS, event="germany", session="R1") == (3, 2, 1)
    assert scale_for(season=season, title=DRIVERS, event="germany", session="Q") == (10, 8)
    assert scale_for(season=season, title=DRIVERS, event="adria", session="Q") == (9,)
    assert scale_for(season=season, title=DRIVERS, event="adria", session="FP1") == ()


def test_empty_title_scale_means_no_points_even_where_the_event_has_one() -> None:
    season = SeasonRules(event_points={"germany": {"Q": (10, 8)}})
    title = TitleRules(slug="trophy", points={"Q": ()})
    assert scale_for(season=season, title=title, event="germany", session="Q") == ()
    entries = [entry("a")]
    results = [ResultIn(1, "germany", "Q", "a", 1, True)]
    assert points(
        compute_standings(season=season, title=title, entries=entries, results=results)
    ) == {"a": 0}
    assert points(
        compute_standings(season=season, title=DRIVERS, entries=entries, results=results)
    ) == {"a": 10}


def test_sessions_without_a_scale_score_nothing() -> None:
    entries = [entry("a"), entry("b")]
    results = finish(1, "FP1", "a", "b") + finish(1, "Q2", "b", "a")
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert table(standings) == [(1, "a", 0), (1, "b", 0)]


# Places


def test_a_car_behind_a_classified_wildcard_scores_the_next_place() -> None:
    keys = [f"c{i:02}" for i in range(1, 13)]
    entries = [entry(k) for k in keys] + [
        entry("wild", wildcard=True),
        entry("wdnf", wildcard=True),
    ]
    # The wildcard is 5th: c01-c04 keep 1st-4th, c05 (6th) scores 5th, c11 (12th) scores 11th.
    order = [*keys[:4], "wild", *keys[4:11]]
    results = [*finish(1, "R1", *order), out(1, "R1", "wdnf")]
    got = points(compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results))
    assert got["c04"] == 13
    assert got["c05"] == 11
    assert got["c11"] == 5  # 12th on the road, 11th place's points
    assert not {"c12", "wild", "wdnf"} & got.keys()  # c12 has no result row


def test_wildcards_score_nothing_and_are_never_listed() -> None:
    entries = [entry("a"), entry("w", wildcard=True, flags=("junior",))]
    results = finish(1, "R1", "w", "a")
    for title in (DRIVERS, TEAMS, TitleRules(slug="junior", eligible="junior", rerank=True)):
        standings = compute_standings(season=SEASON, title=title, entries=entries, results=results)
        assert "w" not in points(standings)
    got = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert table(got) == [(1, "a", 25)]
    # The team is the same, but only a's 25 counts for it.
    assert table(
        compute_standings(season=SEASON, title=TEAMS, entries=entries, results=results)
    ) == [(1, "team", 25)]


def test_rerank_scores_the_rank_among_eligible_classified_drivers() -> None:
    junior = TitleRules(slug="junior", eligible="junior", rerank=True)
    entries = [
        entry("a"),
        entry("b", flags=("junior",)),
        entry("c"),
        entry("d", flags=("junior",)),
        entry("e", flags=("junior",)),
        entry("w", wildcard=True, flags=("junior",)),
    ]
    # Road order w a b c d: b is the 1st junior (25), d the 2nd (20); e did not finish.
    results = [*finish(1, "R1", "w", "a", "b", "c", "d"), out(1, "R1", "e")]
    standings = compute_standings(season=SEASON, title=junior, entries=entries, results=results)
    assert table(standings) == [(1, "b", 25), (2, "d", 20), (3, "e", 0)]
    assert standings.rows[0].race_places == {1: 1}
    # Without re-ranking the same title scores road places less wildcards: b 2nd, d 4th.
    plain = TitleRules(slug="junior", eligible="junior")
    standings = compute_standings(season=SEASON, title=plain, entries=entries, results=results)
    assert table(standings) == [(1, "b", 20), (2, "d", 13), (3, "e", 0)]


def test_rows_that_are_not_classified_score_nothing_but_list_the_driver() -> None:
    entries = [entry("a"), entry("b"), entry("c")]
    results = [*finish(1, "R1", "a"), out(1, "R1", "b")]
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert table(standings) == [(1, "a", 25), (2, "b", 0)]  # c has no row: not listed


def test_wins_podiums_and_race_places_count_race_sessions_only() -> None:
    entries = [entry("a"), entry("b"), entry("c")]
    results = (
        finish(1, "R1", "a", "b", "c")
        + finish(1, "R2", "c", "a", "b")
        + finish(1, "Q1", "a", "b", "c")
        + finish(2, "R1", "a", "c", "b")
    )
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    first = standings.rows[0]
    assert (first.competitor, first.wins, first.podiums) == ("a", 2, 3)
    assert first.race_places == {1: 2, 2: 1}
    assert first.points == 25 + 20 + 5 + 25


# Bonuses


def test_fastest_lap_goes_to_the_fastest_eligible_classified_driver() -> None:
    trophy = TitleRules(
        slug="trophy", eligible="trophy", rerank=True, points={"R1": (10, 8)}, fastest_lap=1
    )
    entries = [entry("a"), entry("b", flags=("trophy",)), entry("c", flags=("trophy",))]
    entries.append(entry("d", flags=("trophy",)))
    # a (not trophy) is fastest overall and d (not classified) faster still: c's 90000 wins.
    results = [*finish(1, "R1", "a", "b", "c", laps=(80000, 91000, 90000)), out(1, "R1", "d", 1)]
    standings = compute_standings(season=SEASON, title=trophy, entries=entries, results=results)
    assert table(standings) == [(1, "b", 10), (2, "c", 9), (3, "d", 0)]


def test_equal_fastest_laps_go_to_the_better_position() -> None:
    title = TitleRules(slug="drivers", points={"R1": ()}, fastest_lap=2)
    entries = [entry("a"), entry("b"), entry("c")]
    results = finish(1, "R1", "a", "b", "c", laps=(91000, 90000, 90000))
    got = points(compute_standings(season=SEASON, title=title, entries=entries, results=results))
    assert got == {"a": 0, "b": 2, "c": 0}


def test_no_lap_times_no_fastest_lap_bonus() -> None:
    title = TitleRules(slug="drivers", fastest_lap=1, fastest_qualifying=1)
    entries = [entry("a"), entry("b")]
    results = finish(1, "R1", "a", "b") + finish(1, "Q", "b", "a")
    got = points(compute_standings(season=SEASON, title=title, entries=entries, results=results))
    assert got == {"a": 25, "b": 20}


def test_fastest_lap_is_awarded_in_each_race() -> None:
    title = TitleRules(slug="drivers", points={"R1": (), "R2": ()}, fastest_lap=1)
    entries = [entry("a"), entry("b")]
    results = (
        finish(1, "R1", "a", "b", laps=(100, 99))
        + finish(1, "R2", "a", "b", laps=(98, 99))
        + finish(2, "R1", "a", "b", laps=(None, 97))
        + finish(2, "Q", "a", "b", laps=(1, 2))  # not a race: no fastest-lap bonus
    )
    standings = compute_standings(season=SEASON, title=title, entries=entries, results=results)
    assert points(standings) == {"a": 1, "b": 2}
    assert standings.rows[0].points_by_round == {1: 1, 2: 1}


def test_fastest_qualifying_lap_over_the_event_equal_times_go_to_the_later_session() -> None:
    title = TitleRules(slug="drivers", points={"Q1": (), "Q3": ()}, fastest_qualifying=3)
    entries = [entry("a"), entry("b"), entry("c"), entry("d")]
    # a and b share 70000, b's in Q3 (later than Q1) wins; d's 60000 is not classified.
    results = (
        finish(1, "Q1", "a", "c", laps=(70000, 72000))
        + finish(1, "Q3", "b", laps=(70000,))
        + [out(1, "Q1", "d", 60000)]
    )
    got = points(compute_standings(season=SEASON, title=title, entries=entries, results=results))
    assert got == {"a": 0, "b": 3, "c": 0, "d": 0}


def test_fastest_qualifying_is_one_bonus_per_event_q_counts_as_latest() -> None:
    title = TitleRules(slug="drivers", points={"Q": (), "Q1": ()}, fastest_qualifying=1)
    entries = [entry("a"), entry("b"), entry("c")]
    results = (
        finish(1, "Q1", "a", "b", laps=(500, 500))  # same session: the better position, a
        + finish(2, "Q1", "b", laps=(400,))
        + finish(2, "Q", "c", laps=(400,))  # Q is the latest: c beats b's equal Q1 lap
    )
    got = points(compute_standings(season=SEASON, title=title, entries=entries, results=results))
    assert got == {"a": 1, "b": 0, "c": 1}


def test_fastest_qualifying_among_eligible_drivers_only() -> None:
    title = TitleRules(slug="trophy", eligible="trophy", points={"Q": ()}, fastest_qualifying=1)
    entries = [entry("a"), entry("b", flags=("trophy",))]
    results = finish(1, "Q", "a", "b", laps=(400, 401))
    got = points(compute_standings(season=SEASON, title=title, entries=entries, results=results))
    assert got == {"b": 1}


# Teams and drivers with two entries


def test_team_points_sum_what_its_drivers_scored_for_it() -> None:
    entries = [
        entry("a1", driver="ann", team="red"),
        entry("b1", driver="bob", team="red"),
        entry("c1", driver="cid", team="blue"),
        # cid moves from blue to red in round 2: his points count for each team separately.
        entry("c2", driver="cid", team="red"),
    ]
    results = finish(1, "R1", "a1", "c1", "b1") + finish(2, "R1", "c2", "a1", "b1")
    teams = compute_standings(season=SEASON, title=TEAMS, entries=entries, results=results)
    # red: 25+16 in round 1, 25+20+16 in round 2 = 102; blue: cid's 20 in round 1.
    assert table(teams) == [(1, "red", 102), (2, "blue", 20)]
    assert teams.rows[0].points_by_round == {1: 41, 2: 61}
    assert teams.rows[0].race_places == {1: 2, 2: 1, 3: 2}
    drivers = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    # As a driver cid is one person: 20 + 25.
    assert table(drivers) == [(1, "ann", 45), (1, "cid", 45), (3, "bob", 32)]


def test_a_driver_with_two_entries_is_listed_once() -> None:
    entries = [
        entry("w", driver="nico", team="target", wildcard=True),
        entry("s", driver="nico", team="target"),
        entry("x", driver="xavi"),
    ]
    # nico's wildcard outing in round 1 scores nothing and moves xavi to 1st place's points.
    results = finish(1, "R1", "w", "x") + finish(2, "R1", "x", "s")
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert table(standings) == [(1, "xavi", 50), (2, "nico", 20)]
    assert standings.eligible_entrants == 2


# Adjustments


def test_adjustments_count_from_their_round_on() -> None:
    entries = [entry("a"), entry("b")]
    results = finish(1, "R1", "a", "b") + finish(2, "R1", "a", "b") + finish(3, "R1", "b", "a")
    adjustments = [
        AdjustmentIn(round=2, competitor="b", points=-5, reason="stewards"),
        AdjustmentIn(round=3, competitor="a", points=7, reason="correction"),
    ]
    standings = compute_standings(
        season=SEASON, title=DRIVERS, entries=entries, results=results, adjustments=adjustments
    )
    a, b = standings.rows
    assert (a.competitor, a.points, a.progression) == ("a", 77, (25, 50, 77))
    assert a.points_by_round == {1: 25, 2: 25, 3: 20}  # scored points only
    assert (b.competitor, b.points, b.progression) == ("b", 60, (20, 35, 60))
    assert b.adjustments == (adjustments[0],)
    early = compute_standings(
        season=SEASON,
        title=DRIVERS,
        entries=entries,
        results=results,
        adjustments=adjustments,
        after_round=2,
    )
    assert [(r.competitor, r.points, r.adjustments) for r in early.rows] == [
        ("a", 50, ()),
        ("b", 35, (adjustments[0],)),
    ]


def test_adjustments_change_points_not_countback_places() -> None:
    entries = [entry("a"), entry("b")]
    # a: 1st and 5th = 36; b: 2nd and 4th = 33, plus 3 = 36.
    results = finish(1, "R1", "a", "b") + finish(1, "R2", "x1", "x2", "x3", "b", "a")
    entries += [entry("x1"), entry("x2"), entry("x3")]
    adjustments = [AdjustmentIn(1, "b", 3, "correction")]
    standings = compute_standings(
        season=SEASON, title=DRIVERS, entries=entries, results=results, adjustments=adjustments
    )
    a, b = (row for row in standings.rows if row.competitor in {"a", "b"})
    # Both 36: a's win decides; b's adjustment is no place of its own.
    assert [(a.competitor, a.points, a.countback), (b.competitor, b.points, b.countback)] == [
        ("a", 36, True),
        ("b", 36, True),
    ]
    assert b.race_places == {2: 1, 4: 1}


def test_adjustments_for_competitors_not_listed_are_ignored() -> None:
    entries = [entry("a"), entry("b")]
    adjustments = [AdjustmentIn(1, "b", 10, "x"), AdjustmentIn(1, "nobody", 10, "x")]
    standings = compute_standings(
        season=SEASON,
        title=DRIVERS,
        entries=entries,
        results=finish(1, "R1", "a"),
        adjustments=adjustments,
    )
    assert table(standings) == [(1, "a", 25)]


# Order


def test_countback_decides_equal_points_and_marks_both_rows() -> None:
    entries = [entry("ann"), entry("bob"), entry("cid"), entry("dan")]
    # ann 1st+5th = 36, bob 2nd+3rd = 36 (ann has the win), cid 3rd+1st = 41, dan 4th+2nd = 33.
    results = finish(1, "R1", "ann", "bob", "cid", "dan") + finish(
        1, "R2", "cid", "dan", "bob", "x", "ann"
    )
    entries.append(entry("x"))
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert [
        (r.position, r.competitor, r.points, r.countback, r.shared) for r in standings.rows
    ] == [
        (1, "cid", 41, False, False),
        (2, "ann", 36, True, False),
        (3, "bob", 36, True, False),
        (4, "dan", 33, False, False),
        (5, "x", 13, False, False),
    ]


def test_countback_goes_down_the_places() -> None:
    entries = [entry(k) for k in ("a", "b", "c", "d", "e")]
    title = TitleRules(slug="drivers", points={"R1": (), "R2": ()})
    # No points at all. a (1st, 5th) beats b (1st): equal wins, a has a 5th. c and d (2nd and
    # 3rd each) share 3rd. x (4th, 5th) beats e (4th). Every pair is decided by countback but c-d.
    results = finish(1, "R1", "a", "c", "d", "e", "x", "y") + finish(
        1, "R2", "b", "d", "c", "x", "a"
    )
    entries += [entry("x"), entry("y")]
    standings = compute_standings(season=SEASON, title=title, entries=entries, results=results)
    assert [(r.position, r.competitor, r.shared) for r in standings.rows] == [
        (1, "a", False),
        (2, "b", False),
        (3, "c", True),
        (3, "d", True),
        (5, "x", False),
        (6, "e", False),
        (7, "y", False),
    ]
    assert [r.countback for r in standings.rows] == [True, True, True, True, True, True, True]


def test_drivers_still_equal_share_the_position_listed_by_name() -> None:
    entries = [
        entry("w", driver="walter"),
        entry("z", driver="Zoe"),
        entry("e", driver="émile"),
        entry("d", driver="dora"),
    ]
    # Zoe and émile: 2nd+3rd each = 36; listed by name ignoring case and accents (émile first).
    results = finish(1, "R1", "w", "z", "e", "d") + finish(1, "R2", "w", "e", "z", "d")
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert [(r.position, r.name, r.points, r.shared, r.countback) for r in standings.rows] == [
        (1, "Walter", 50, False, False),
        (2, "Émile", 36, True, False),
        (2, "Zoe", 36, True, False),
        (4, "Dora", 26, False, False),
    ]


# Rounds shown


def test_after_round_considers_only_the_rounds_up_to_it() -> None:
    entries = [entry("a"), entry("b"), entry("c")]
    results = (
        finish(1, "R1", "a", "b")
        + finish(3, "R1", "b", "a")
        + finish(4, "R1", "c", "b")  # c only appears in round 4
    )
    early = compute_standings(
        season=SEASON, title=DRIVERS, entries=entries, results=results, after_round=3
    )
    assert early.rounds == (1, 3)
    assert table(early) == [(1, "a", 45), (1, "b", 45)]
    assert early.rows[0].points_by_round == {1: 25, 3: 20}
    assert early.rows[0].progression == (25, 45)
    full = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert full.rounds == (1, 3, 4)
    assert table(full) == [(1, "b", 65), (2, "a", 45), (3, "c", 25)]
    assert full.rows[2].points_by_round == {1: 0, 3: 0, 4: 25}
    assert full.rows[2].progression == (0, 0, 25)


def test_progression_ends_at_the_points() -> None:
    entries = [entry("a"), entry("b")]
    results = finish(1, "R1", "a", "b") + finish(2, "R2", "b", "a") + [out(5, "R1", "a")]
    adjustments = [AdjustmentIn(2, "a", -3, "stewards")]
    standings = compute_standings(
        season=SEASON, title=DRIVERS, entries=entries, results=results, adjustments=adjustments
    )
    assert standings.rounds == (1, 2, 5)
    assert {r.competitor: r.progression for r in standings.rows} == {
        "a": (25, 42, 42),
        "b": (20, 45, 45),
    }
    assert all(r.progression[-1] == r.points for r in standings.rows)


def test_listing_rules() -> None:
    junior = TitleRules(slug="junior", eligible="junior")
    entries = [
        entry("a", flags=("junior",)),
        entry("b", flags=("junior",)),  # only a DNS-like row: listed with zero
        entry("c"),  # not a junior
        entry("d", flags=("junior",)),  # no result row: not listed
        entry("w", flags=("junior",), wildcard=True),
    ]
    results = [*finish(1, "R1", "w", "c", "a"), out(1, "R2", "b")]
    standings = compute_standings(season=SEASON, title=junior, entries=entries, results=results)
    # a is 3rd on the road behind one wildcard: 2nd place's 20.
    assert table(standings) == [(1, "a", 20), (2, "b", 0)]
    assert standings.eligible_entrants == 3


def test_a_title_short_of_entrants_is_not_awarded_but_still_computed() -> None:
    female = TitleRules(slug="female", eligible="female", min_entrants=3)
    entries = [
        entry("j1", driver="jessica", flags=("female",)),
        entry("j2", driver="jessica", flags=("female",)),  # the same driver counts once
        entry("m", driver="maria", flags=("female",), wildcard=True),  # wildcards do not count
        entry("t", driver="tom"),
    ]
    results = finish(1, "R1", "t", "j1")
    standings = compute_standings(season=SEASON, title=female, entries=entries, results=results)
    assert (standings.awarded, standings.eligible_entrants, standings.min_entrants) == (False, 1, 3)
    assert table(standings) == [(1, "jessica", 20)]
    drivers = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert (drivers.awarded, drivers.eligible_entrants) == (True, 2)  # jessica and tom


def test_no_results_no_rows() -> None:
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=[entry("a")], results=[])
    assert (standings.rounds, standings.rows) == ((), ())


def test_unknown_entries_are_refused() -> None:
    with pytest.raises(ValueError, match="ghost"):
        compute_standings(
            season=SEASON, title=DRIVERS, entries=[], results=finish(1, "R1", "ghost")
        )


# The real 2021 season

SEASON_DIR = Path(__file__).resolve().parents[2] / "data" / "seasons" / "2021"


def _frozen(rounds: set[int] | None) -> frozenset[int] | None:
    return None if rounds is None else frozenset(rounds)


def _rounds(spec: str) -> set[int] | None:
    if spec.strip().lower() == "all":
        return None
    rounds: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        rounds.update(range(int(first), int(last or first) + 1))
    return rounds


def _lap_ms(text: str) -> int | None:
    if not text:
        return None
    minutes, _, seconds = text.rpartition(":")
    return round((int(minutes or 0) * 60 + float(seconds)) * 1000)


def _csv(name: str) -> list[dict[str, str]]:
    with (SEASON_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Season2021:
    def __init__(self) -> None:
        toml = tomllib.loads((SEASON_DIR / "season.toml").read_text(encoding="utf-8"))
        self.rules = SeasonRules(
            points={k: tuple(v) for k, v in toml["points"].items()},
            event_points={
                event: {k: tuple(v) for k, v in scales.items()}
                for event, scales in toml.get("event_points", {}).items()
            },
        )
        self.titles = {t["slug"]: self._title(t) for t in toml["titles"]}
        events = {int(r["round"]): r["slug"] for r in _csv("calendar.csv") if r["round"]}
        rows = _csv("entries.csv")
        self.entries = [
            EntryIn(
                key=str(index),
                driver=row["driver"],
                driver_name=row["driver"],
                team=row["team"],
                team_name=row["team"],
                flags=frozenset(f for f in ("junior", "trophy", "female") if row[f] == "yes"),
                wildcard=row["wildcard"] == "yes",
                rounds=_frozen(_rounds(row["rounds"])),
            )
            for index, row in enumerate(rows)
        ]
        spans = [(row["number"], row["driver"], _rounds(row["rounds"])) for row in rows]

        def entry_key(number: str, driver: str, round_: int) -> str:
            (index,) = [
                i
                for i, (n, d, rounds) in enumerate(spans)
                if (n, d) == (number, driver) and (rounds is None or round_ in rounds)
            ]
            return str(index)

        self.results = [
            ResultIn(
                round=int(row["round"]),
                event=events[int(row["round"])],
                session=row["session"],
                entry=entry_key(row["number"], row["driver"], int(row["round"])),
                position=int(row["position"]) if row["position"] else None,
                classified=row["status"] == "classified",
                best_lap_ms=_lap_ms(row["best_lap"]),
            )
            for row in _csv("results.csv")
        ]
        self.adjustments = _csv("adjustments.csv")

    @staticmethod
    def _title(data: dict) -> TitleRules:
        bonus = data.get("bonus", {})
        return TitleRules(
            slug=data["slug"],
            competitors=data.get("competitors", "drivers"),
            eligible=data.get("eligible", "all"),
            rerank=data.get("rerank", False),
            points={k: tuple(v) for k, v in data.get("points", {}).items()},
            fastest_lap=bonus.get("fastest_lap", 0),
            fastest_qualifying=bonus.get("fastest_qualifying", 0),
            min_entrants=data.get("min_entrants", 0),
        )

    def standings(self, slug: str) -> Standings:
        return compute_standings(
            season=self.rules,
            title=self.titles[slug],
            entries=self.entries,
            results=self.results,
            adjustments=[
                AdjustmentIn(int(a["round"]), a["name"], int(a["points"]), a["reason"])
                for a in self.adjustments
                if a["title"] == slug
            ],
        )


@pytest.fixture(scope="module")
def season_2021_files() -> Season2021:
    return Season2021()


def test_2021_drivers_title_matches_the_official_table(season_2021_files: Season2021) -> None:
    standings = season_2021_files.standings("drivers")
    got = points(standings)
    assert {name: got[name] for name in OFFICIAL_2021_DRIVERS} == OFFICIAL_2021_DRIVERS
    assert [r.name for r in standings.rows[:5]] == [
        "Yann Ehrlacher",
        "Frédéric Vervisch",
        "Jean-Karl Vernay",
        "Yvan Muller",
        "Santiago Urrutia",
    ]
    assert standings.rounds == (1, 2, 3, 4, 5, 6, 7, 8)
    assert standings.awarded
    assert not {"Petr Fulín", "Kirill Ladygin", "Mikhail Mityaev"} & got.keys()


def test_2021_teams_title_top_three(season_2021_files: Season2021) -> None:
    standings = season_2021_files.standings("teams")
    assert [r.points for r in standings.rows[:3]] == [392, 334, 308]


def test_2021_junior_and_trophy_top_three_after_adjustments(season_2021_files: Season2021) -> None:
    junior = season_2021_files.standings("junior")
    assert [(r.name, r.points) for r in junior.rows[:3]] == [
        ("Luca Engstler", 372),
        ("Gilles Magnus", 371),
        ("Bence Boldizs", 250),
    ]
    trophy = season_2021_files.standings("trophy")
    assert [(r.name, r.points) for r in trophy.rows[:3]] == [
        ("Gilles Magnus", 143),
        ("Tom Coronel", 114),
        ("Bence Boldizs", 77),
    ]


def test_2021_female_title_is_not_awarded(season_2021_files: Season2021) -> None:
    female = season_2021_files.standings("female")
    assert (female.awarded, female.eligible_entrants, female.min_entrants) == (False, 1, 3)
    assert [r.name for r in female.rows] == ["Jessica Bäckman"]


def test_2021_the_siblings_among_the_trophy_and_junior_contenders(
    season_2021_files: Season2021,
) -> None:
    trophy = {row.name: row for row in season_2021_files.standings("trophy").rows}
    jessica = trophy["Jessica Bäckman"]
    # Third in R1 of round 1, second in R2 of round 2, third in R1 of round 2 and in R2
    # of round 3: four Trophy podiums, no win.
    assert (jessica.podiums, jessica.wins, jessica.best_place) == (4, 0, 2)
    assert (jessica.position, jessica.points) == (4, 32)
    assert jessica.finishes == (
        (1, "R1", 3),
        (1, "R2", 4),
        (2, "R1", 3),
        (2, "R2", 2),
        (3, "R2", 3),
        (4, "R1", 4),
        (4, "R2", 4),
    )
    assert jessica.entered == frozenset({1, 2, 3, 4})
    assert [jessica.entered_in(r) for r in (4, 5)] == [True, False]
    andreas = trophy["Andreas Bäckman"]
    assert (andreas.podiums, andreas.best_place, andreas.position, andreas.points) == (4, 2, 5, 23)
    junior = {row.name: row for row in season_2021_files.standings("junior").rows}
    assert (junior["Jessica Bäckman"].podiums, junior["Jessica Bäckman"].best_place) == (3, 2)


# Places in a title, race by race; rounds entered


TROPHY = TitleRules(slug="trophy", eligible="trophy", rerank=True, points={"R1": (10, 8, 5)})


def test_a_re_ranked_title_places_each_race_among_its_contenders() -> None:
    entries = [
        entry("a"),
        entry("t1", flags=["trophy"]),
        entry("w", flags=["trophy"], wildcard=True),
        entry("t2", flags=["trophy"]),
    ]
    results = [*finish(1, "R1", "a", "t1", "w", "t2"), *finish(1, "R2", "t2", "a", "t1", "w")]
    standings = compute_standings(season=SEASON, title=TROPHY, entries=entries, results=results)
    rows = {row.competitor: row for row in standings.rows}
    # t1: second in R1, first among the Trophy drivers (a is not one); third in R2,
    # second in the Trophy. A wildcard is no contender: t2 is second in R1, not third.
    assert rows["t1"].finishes == ((1, "R1", 1), (1, "R2", 2))
    assert rows["t2"].finishes == ((1, "R1", 2), (1, "R2", 1))
    assert (rows["t1"].podiums, rows["t1"].wins, rows["t1"].best_place) == (2, 1, 1)
    assert (rows["t1"].place(1, "R2"), rows["t1"].place(2, "R1")) == (2, None)
    assert session_places(title=TROPHY, entries=entries, results=list(reversed(results[:4]))) == {
        "t1": 1,
        "t2": 2,
    }


def test_a_title_that_does_not_re_rank_places_by_position_without_wildcards() -> None:
    entries = [entry("a"), entry("w", wildcard=True), entry("b")]
    results = [*finish(1, "R1", "w", "a", "b"), out(1, "R1", "c")]
    entries.append(entry("c"))
    assert session_places(title=DRIVERS, entries=entries, results=results) == {"a": 1, "b": 2}
    standings = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    assert [(row.competitor, row.best_place) for row in standings.rows] == [
        ("a", 1),
        ("b", 2),
        ("c", None),
    ]
    assert compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=[]).rows == ()


def test_the_rounds_a_competitor_was_entered_in() -> None:
    entries = [
        entry("a", team="red", rounds=[1, 2]),
        entry("b", team="red", rounds=[4]),
        entry("c", team="blue"),
        entry("a7", driver="a", team="blue", rounds=[7], wildcard=True),
    ]
    results = [*finish(1, "R1", "a", "c"), *finish(4, "R1", "c", "b")]
    drivers = compute_standings(season=SEASON, title=DRIVERS, entries=entries, results=results)
    entered = {row.competitor: row.entered for row in drivers.rows}
    # A wildcard entry is an entry too: it shows in the round, with no points.
    assert entered == {"a": frozenset({1, 2, 7}), "b": frozenset({4}), "c": None}
    teams = compute_standings(season=SEASON, title=TEAMS, entries=entries, results=results)
    entered = {row.competitor: row.entered for row in teams.rows}
    # A team is entered in a round when any of its drivers is.
    assert entered == {"red": frozenset({1, 2, 4}), "blue": None}
    row = next(row for row in teams.rows if row.competitor == "red")
    assert [row.entered_in(r) for r in (1, 3, 4)] == [True, False, True]
