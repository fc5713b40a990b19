"""A whole season folder: every file read, then checked against the others."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from drivers.models import name_slug
from events.seasonfiles import (
    CalendarRow,
    Problem,
    SeasonFileError,
    SessionRow,
    check_calendar,
    check_sessions,
    parse_calendar,
    parse_rows,
)
from standings.seasonfiles.fields import ADJUSTMENT_COLUMNS, ADJUSTMENT_OPTIONAL, ENTRY_COLUMNS
from standings.seasonfiles.results import (
    _check_entries,
    _not_in_calendar,
    check_results,
    parse_results,
)
from standings.seasonfiles.rows import (
    AdjustmentRow,
    EntryRow,
    ResultRow,
    _adjustment_row,
    _entry_row,
)
from standings.seasonfiles.rules import SeasonSpec, parse_season_toml


@dataclass
class SeasonFolder:
    season: SeasonSpec
    calendar: list[CalendarRow]
    sessions: list[SessionRow]
    entries: list[EntryRow]
    results: list[ResultRow]
    adjustments: list[AdjustmentRow] | None  # None: no adjustments.csv in the folder
    warnings: list[Problem]
    result_entries: dict[int, EntryRow]  # results.csv line -> the entry it belongs to


def _read(folder, name, problems, *, optional=False):
    path = folder / name
    if not path.is_file():
        if not optional:
            problems.append(Problem(name, None, _("missing from %(folder)s") % {"folder": folder}))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, _("not UTF-8 text")))
        return None


def read_season_folder(folder):
    """Reads and checks a whole season folder; raises SeasonFileError listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SeasonFileError([Problem(str(folder), None, _("not a folder"))])
    problems = []
    texts = {
        name: _read(folder, name, problems, optional=name == "adjustments.csv")
        for name in (
            "season.toml",
            "calendar.csv",
            "sessions.csv",
            "entries.csv",
            "results.csv",
            "adjustments.csv",
        )
    }
    if problems:
        raise SeasonFileError(problems)
    season = parse_season_toml(texts["season.toml"])
    calendar, sessions = parse_calendar(texts, problems)
    entries = parse_rows("entries.csv", texts["entries.csv"], ENTRY_COLUMNS, _entry_row, problems)
    results, result_problems = parse_results("results.csv", texts["results.csv"])
    problems.extend(result_problems)
    adjustments = None
    if texts["adjustments.csv"] is not None:
        adjustments = parse_rows(
            "adjustments.csv",
            texts["adjustments.csv"],
            ADJUSTMENT_COLUMNS,
            _adjustment_row,
            problems,
            ADJUSTMENT_OPTIONAL,
        )
    check_calendar(calendar, problems)
    _check_event_points(season, calendar, problems)
    check_sessions(sessions, calendar, problems)
    _check_entries(entries, problems)
    rounds = {row.round for row in calendar if row.round is not None}
    result_problems, warnings, matched = check_results("results.csv", results, entries, rounds)
    problems.extend(result_problems)
    if adjustments:
        _check_adjustments(adjustments, season, entries, rounds, problems)
    if problems:
        raise SeasonFileError(problems)
    return SeasonFolder(
        season, calendar, sessions, entries, results, adjustments, warnings, matched
    )


def _check_event_points(season, calendar, problems):
    """season.toml's event_points name events of calendar.csv."""
    slugs = {row.slug for row in calendar}
    for event in season.event_points:
        if event not in slugs:
            problems.append(
                Problem(
                    "season.toml",
                    None,
                    _("event_points.%(slug)s: no event %(quoted)s in calendar.csv")
                    % {"slug": event, "quoted": repr(event)},
                )
            )


def _check_adjustments(adjustments, season, entries, rounds, problems):
    """An adjustment names a title of the season, a calendar round, and a driver (or a
    team) that can score in that title."""
    titles = {title.slug: title for title in season.titles}
    for row in adjustments:
        title = titles.get(row.title)
        if title is None:
            problems.append(
                Problem(
                    "adjustments.csv",
                    row.line,
                    _("title %(slug)s is not in season.toml") % {"slug": repr(row.title)},
                )
            )
            continue
        if row.round not in rounds:
            problems.append(Problem("adjustments.csv", row.line, _not_in_calendar(row.round)))
        scoring = [
            entry
            for entry in entries
            if not entry.wildcard and (title.eligible == "all" or getattr(entry, title.eligible))
        ]
        if title.competitors == "teams":
            known = any(entry.team == row.name for entry in scoring)
        else:
            known = any(entry.driver_slug == name_slug(row.name) for entry in scoring)
        if not known:
            if title.competitors == "teams":
                reason = _("%(name)s is not an entered team who can score in %(title)s")
            else:
                reason = _("%(name)s is not an entered driver who can score in %(title)s")
            problems.append(
                Problem(
                    "adjustments.csv",
                    row.line,
                    reason % {"name": repr(row.name), "title": row.title},
                )
            )
