"""One session's classification, uploaded as a file or typed in the admin: read, checked
against the cars entered in its round, and turned into lines (standings.batches.Line).

The file is a CSV whose first line names its columns: position, number, status and
best_lap (driver is optional; other columns, such as a timing sheet's gaps, are ignored).
Commas or semicolons separate the cells. Every problem names the line and says why, in
the language of whoever reads it; a file with a problem writes nothing.
"""

from __future__ import annotations

import csv
import io

from django.db.models import F
from django.utils.translation import gettext as _

from delivery.text import control_characters, describe
from drivers.models import name_slug
from events.seasonfiles import Problem
from standings.batches import Line
from standings.laps import LapError, parse_lap
from standings.models import Entry, SessionResult

MAX_POSITION = 200
STATUSES = {status.lower(): status for status in SessionResult.Status.values}
# The names a column may go by in a file's first line.
COLUMNS = {
    "position": {"position", "pos", "place", "placering", "plats"},
    "number": {"number", "no", "nr", "car", "car_number", "bil", "startnummer", "nummer"},
    "status": {"status"},
    "best_lap": {"best_lap", "bestlap", "lap", "fastest_lap", "bästa_varv", "varvtid"},
    "driver": {"driver", "name", "förare", "namn"},
}
REQUIRED = ("position", "number")


def entries_for(session):
    """The entries of the session's round: the cars that can have a result in it."""
    round_number = session.event.round
    entries = (
        Entry.objects.filter(season_id=session.event.season_id)
        .select_related("driver", "team")
        .order_by(F("number").asc(nulls_last=True), "driver__name")
    )
    return [entry for entry in entries if round_number is not None and entry.covers(round_number)]


def entry_label(entry):
    """ "#11 Thed Björk (Cyan Racing Lynk & Co)"."""
    number = f"#{entry.number} " if entry.number is not None else ""
    return f"{number}{entry.driver.name} ({entry.team.name})"


def read_file(name, text, entries):
    """([Line], [Problem]) of a classification file; no lines when there is a problem."""
    problems = []
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return [], [Problem(name, None, _("the file is empty."))]
        columns = _columns(header)
        if isinstance(columns, str):
            return [], [Problem(name, 1, columns)]
        rows = []
        while True:
            line = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(
                    Problem(
                        name,
                        line,
                        _("%(found)d cells, but the first line names %(columns)d columns.")
                        % {"found": len(row), "columns": len(header)},
                    )
                )
                continue
            rows.append((line, {key: row[i] if i < len(row) else "" for key, i in columns.items()}))
    except csv.Error as error:
        return [], [Problem(name, reader.line_num, _("not readable as CSV (%s).") % error)]
    lines = []
    for line_number, cells in rows:
        try:
            lines.append((line_number, _line(cells, entries)))
        except ValueError as error:
            problems.append(Problem(name, line_number, str(error)))
    found = [line for _n, line in lines]
    for index, _field, message in check_lines(found, [n for n, _line in lines]):
        problems.append(Problem(name, lines[index][0], message))
    if problems:
        return [], problems
    if not lines:
        return [], [Problem(name, None, _("the file has no cars in it."))]
    return found, []


def _columns(header):
    """{column: index} of a header line, or the reason it is refused."""
    found = {}
    for index, cell in enumerate(header):
        key = "_".join(cell.strip().lower().split())
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        return _(
            "the first line must name the columns: position, number, status, best_lap "
            "(driver may be added), not %(header)s."
        ) % {"header": ",".join(cell.strip() for cell in header)[:200]}
    return found


def _line(cells, entries):
    for column, value in cells.items():
        if found := control_characters(value):
            raise ValueError(
                _("%(column)s holds a control character (%(chars)s): write plain text.")
                % {"column": column, "chars": describe(found)}
            )
    cells = {column: value.strip() for column, value in cells.items()}
    position = _whole(cells.get("position", ""), _("position"), maximum=MAX_POSITION)
    status_text = cells.get("status", "")
    if status_text:
        status = STATUSES.get(status_text.lower())
        if status is None:
            raise ValueError(
                _("status %(status)s is not one of %(statuses)s.")
                % {"status": status_text[:40], "statuses": ", ".join(SessionResult.Status.values)}
            )
    elif position is not None:
        status = SessionResult.Status.CLASSIFIED
    else:
        raise ValueError(_("a car needs a position, or a status such as DNF."))
    if status == SessionResult.Status.CLASSIFIED and position is None:
        raise ValueError(_("a classified car needs a position."))
    if status != SessionResult.Status.CLASSIFIED and position is not None:
        raise ValueError(
            _("a car with status %(status)s has no position: leave the position empty.")
            % {"status": status}
        )
    try:
        lap = parse_lap(cells.get("best_lap", ""))
    except LapError as error:
        raise ValueError(str(error)) from None
    entry = _entry(cells.get("number", ""), cells.get("driver", ""), entries)
    return Line(entry.pk, position, status, lap)


def _whole(value, name, *, maximum):
    if not value:
        return None
    text = value.removesuffix(".")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= maximum:
        raise ValueError(
            _("%(name)s must be a whole number from 1 to %(max)d, not %(value)s.")
            % {"name": name, "max": maximum, "value": value[:20]}
        )
    return int(text)


def _entry(number_text, driver, entries):
    """The entry of a car number (and driver, when the file names one)."""
    number = _whole(number_text.lstrip("#"), _("number"), maximum=999)
    slug = name_slug(driver) if driver else ""
    if number is None:
        same = [e for e in entries if e.number is None and slug and e.driver.slug == slug]
        if not same:
            raise ValueError(_("a car number is needed."))
        return same[0]
    same = [e for e in entries if e.number == number]
    if not same:
        raise ValueError(_("car %(number)d is not entered in this round.") % {"number": number})
    if slug:
        named = [e for e in same if e.driver.slug == slug]
        if not named:
            raise ValueError(
                _("car %(number)d is %(entered)s in this round, not %(driver)s.")
                % {"number": number, "entered": same[0].driver.name, "driver": driver[:100]}
            )
        return named[0]
    return same[0]


def check_lines(lines, numbers=None):
    """[(index, field, problem)] of rules across lines: a car or a position twice. `numbers`: the
    line number of each line as its reader knows it (1, 2, 3… by default)."""
    numbers = numbers or range(1, len(lines) + 1)
    problems = []
    cars, positions = {}, {}
    for index, line in enumerate(lines):
        if line.entry in cars:
            problems.append(
                (
                    index,
                    "entry",
                    _("this car is already on line %(other)s.") % {"other": cars[line.entry]},
                )
            )
        else:
            cars[line.entry] = numbers[index]
        if line.position is None:
            continue
        if line.position in positions:
            problems.append(
                (
                    index,
                    "position",
                    _("position %(position)d is already on line %(other)s.")
                    % {"position": line.position, "other": positions[line.position]},
                )
            )
        else:
            positions[line.position] = numbers[index]
    return problems


def gaps(lines):
    """The classified positions missing below the last one (a partial classification)."""
    positions = {line.position for line in lines if line.position is not None}
    return sorted(set(range(1, max(positions, default=0) + 1)) - positions)
