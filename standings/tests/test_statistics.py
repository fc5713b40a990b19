"""Season statistics and head-to-head, from their definitions:

a start is a race row of a driver who took the start (classified, DNF, NC, DSQ, EX;
not DNS, DNQ, WD); a win is a race finished first, a podium in the top three, a
pole is first place in the event's qualifying order (Q); a duel counts only where
both drivers were classified.
"""

from standings.scoring import EntryIn, ResultIn
from standings.statistics import driver_seasons, head_to_head


def entry(key, driver, *, wildcard=False):
    return EntryIn(
        key=key, driver=driver, driver_name=driver, team="t", team_name="T", wildcard=wildcard
    )


def row(round_, session, key, position=None, status="classified"):
    return ResultIn(
        round=round_,
        event=f"e{round_}",
        session=session,
        entry=key,
        position=position,
        classified=position is not None,
        status=status,
    )


ENTRIES = [entry("1", "ann"), entry("2", "bob"), entry("3", "ann", wildcard=True)]


def test_counts_from_the_definitions():
    results = [
        row(1, "Q", "1", 1),  # pole
        row(1, "Q1", "1", 1),  # Q1 is not the grid order: no pole
        row(1, "FP1", "1", 1),  # practice counts for nothing
        row(1, "R1", "1", 1),  # win
        row(1, "R2", "1", None, "DNF"),  # a start, not a finish
        row(2, "Q", "1", 4),
        row(2, "R1", "1", 3),  # podium
        row(2, "R2", "1", None, "DNS"),  # no start
        row(3, "R1", "3", 3),  # a wildcard outing is still her race
        row(3, "R2", "3", None, "DSQ"),  # started, then disqualified
        row(3, "R1", "2", 9),
    ]
    seasons = driver_seasons(entries=ENTRIES, results=results)
    ann = seasons["ann"]
    # podiums: the win, third in round 2, third in the wildcard outing
    assert (ann.starts, ann.finishes, ann.wins, ann.podiums, ann.poles) == (5, 3, 1, 3, 1)
    assert (ann.best_finish, ann.best_finish_count, ann.best_qualifying) == (1, 1, 1)
    assert [(o.round, o.session) for o in ann.outcomes] == [
        (1, "Q"),
        (1, "R1"),
        (1, "R2"),
        (2, "Q"),
        (2, "R1"),
        (2, "R2"),
        (3, "R1"),
        (3, "R2"),
    ]
    assert ann.outcome(2, "R2").status == "DNS"
    assert ann.outcome(2, "R2").position is None
    assert ann.outcome(4, "R1") is None
    bob = seasons["bob"]
    assert (bob.starts, bob.wins, bob.best_finish, bob.best_finish_count) == (1, 0, 9, 1)


def test_best_finish_counts_ties():
    results = [row(1, "R1", "2", 7), row(1, "R2", "2", 7), row(2, "R1", "2", 8)]
    bob = driver_seasons(entries=ENTRIES, results=results)["bob"]
    assert (bob.best_finish, bob.best_finish_count) == (7, 2)


def test_a_driver_without_rows_has_an_empty_season():
    seasons = driver_seasons(entries=ENTRIES, results=[])
    assert seasons["bob"].starts == 0
    assert seasons["bob"].best_finish is None
    assert seasons["bob"].best_qualifying is None
    assert seasons["bob"].outcomes == ()


def test_head_to_head_counts_only_sessions_both_were_classified():
    results = [
        row(1, "Q", "1", 3),
        row(1, "Q", "2", 5),  # ann ahead
        row(1, "R1", "1", 10),
        row(1, "R1", "2", 4),  # bob ahead
        row(1, "R2", "1", None, "DNF"),
        row(1, "R2", "2", 12),  # ann out: no duel
        row(2, "Q", "2", 1),  # ann has no qualifying row: no duel
        row(2, "R1", "1", 2),
        row(2, "R1", "2", 3),  # ann ahead
        row(2, "FP1", "1", 1),
        row(2, "FP1", "2", 2),  # practice is no duel
    ]
    seasons = driver_seasons(entries=ENTRIES, results=results)
    duel = head_to_head(seasons["ann"], seasons["bob"])
    assert duel.qualifying_score == (1, 0)
    assert duel.race_score == (1, 1)
    assert [(d.round, d.session, d.first, d.second) for d in duel.races] == [
        (1, "R1", 10, 4),
        (2, "R1", 2, 3),
    ]
    mirrored = head_to_head(seasons["bob"], seasons["ann"])
    assert mirrored.qualifying_score == (0, 1)
    assert mirrored.race_score == (1, 1)
