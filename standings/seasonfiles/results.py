"""results.csv: parsing, and the rules across its rows (positions, drivers, entries)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from events.seasonfiles import Problem, parse_rows
from standings.seasonfiles.fields import RESULT_COLUMNS
from standings.seasonfiles.rows import _result_row


def parse_results(name, text):
    """results.csv alone: (rows, problems)."""
    problems = []
    rows = parse_rows(name, text, RESULT_COLUMNS, _result_row, problems)
    return rows, problems


def check_results(name, rows, entries, rounds):
    """Cross-row rules of a results file against the entries and the season's rounds.

    `entries`: objects with number, driver, driver_slug and covers(round).
    Returns (problems, warnings, {line: entry}).
    """
    problems, warnings, matched = [], [], {}
    seen_positions, seen_drivers = {}, {}
    classified = defaultdict(list)
    for row in rows:
        where = {"round": row.round, "session": row.session}
        if row.round not in rounds:
            problems.append(Problem(name, row.line, _not_in_calendar(row.round)))
            continue
        entry = _find_entry(name, row, entries, problems)
        if entry is not None:
            matched[row.line] = entry
        if row.position is not None:
            key = (row.round, row.session, row.position)
            if key in seen_positions:
                problems.append(
                    Problem(
                        name,
                        row.line,
                        _(
                            "position %(position)s appears twice in round %(round)s "
                            "%(session)s (also line %(line)s)"
                        )
                        % {**where, "position": row.position, "line": seen_positions[key]},
                    )
                )
            else:
                seen_positions[key] = row.line
            classified[(row.round, row.session)].append(row.position)
        key = (row.round, row.session, row.driver_slug)
        if key in seen_drivers:
            problems.append(
                Problem(
                    name,
                    row.line,
                    _("%(driver)s has two rows in round %(round)s %(session)s (also line %(line)s)")
                    % {**where, "driver": row.driver, "line": seen_drivers[key]},
                )
            )
        else:
            seen_drivers[key] = row.line
    for (round_number, session), positions in sorted(classified.items()):
        missing = sorted(set(range(1, max(positions) + 1)) - set(positions))  # positions <= 200
        if missing:
            shown = ", ".join(str(p) for p in missing[:10]) + ("…" if len(missing) > 10 else "")
            warnings.append(
                Problem(
                    name,
                    None,
                    _(
                        "round %(round)s %(session)s: classified positions skip %(missing)s "
                        "(a partial classification)"
                    )
                    % {"round": round_number, "session": session, "missing": shown},
                )
            )
    return problems, warnings, matched


def _not_in_calendar(round_number):
    return _("round %(round)s is not in the calendar") % {"round": round_number}


def _find_entry(name, row, entries, problems):
    in_round = [entry for entry in entries if entry.covers(row.round)]
    same_number = [entry for entry in in_round if entry.number == row.number]
    for entry in same_number:
        if entry.driver_slug == row.driver_slug:
            return entry
    names = {"driver": row.driver, "number": row.number, "round": row.round}
    if row.number is None:
        reason = _("%(driver)s has no entry without a car number in round %(round)s") % names
    elif same_number:
        reason = _("car %(number)s is %(entered)s in round %(round)s, not %(driver)s") % {
            **names,
            "entered": same_number[0].driver,
        }
    else:
        reason = _("car number %(number)s is not entered in round %(round)s") % names
    problems.append(Problem(name, row.line, reason))
    return None


def _check_entries(entries, problems):
    """Two entries with the same number, or the same driver, never share a round."""
    for index, entry in enumerate(entries):
        for other in entries[:index]:
            shares_a_round = (
                entry.round_set is None
                or other.round_set is None
                or bool(entry.round_set & other.round_set)
            )
            if not shares_a_round:
                continue
            if entry.number is not None and entry.number == other.number:
                problems.append(
                    Problem(
                        "entries.csv",
                        entry.line,
                        _("car %(number)s is also entered on line %(line)s for the same rounds")
                        % {"number": entry.number, "line": other.line},
                    )
                )
            elif entry.driver_slug == other.driver_slug:
                problems.append(
                    Problem(
                        "entries.csv",
                        entry.line,
                        _("%(driver)s is also entered on line %(line)s for the same rounds")
                        % {"driver": entry.driver, "line": other.line},
                    )
                )
