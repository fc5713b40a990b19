"""Field parsers and CSV reading for season files: every failure is a RowError or a Problem
with a reason. Also the columns of calendar.csv and sessions.csv."""

import csv
import datetime as dt
import io
import re
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery.text import control_characters, describe
from events.models import Session

CALENDAR_COLUMNS = [
    "round",
    "slug",
    "name",
    "circuit",
    "city",
    "country",
    "timezone",
    "length_km",
    "corners",
    "start_date",
    "end_date",
    "status",
    "replaces",
]
# Optional columns may follow the required ones, each at most once, in any order.
CALENDAR_OPTIONAL = ["previous_start_date", "previous_end_date", "announced", "name_sv"]
SESSION_COLUMNS = ["event", "session", "starts_local", "duration_min"]
SESSION_OPTIONAL = ["finished_by"]
EVENT_STATUSES = ["scheduled", "postponed", "cancelled"]
SESSION_CODES = list(Session.Code.values)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self):
        if self.line:
            return _("%(file)s, line %(line)s: %(reason)s") % {
                "file": self.file,
                "line": self.line,
                "reason": self.reason,
            }
        return f"{self.file}: {self.reason}"


class SeasonFileError(Exception):
    """The folder or file is refused; `problems` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class RowError(ValueError):
    pass


# Field parsers: each raises RowError with a reason a press officer can act on.


def parse_int(value, column, *, minimum, maximum, empty=False):
    value = value.strip()
    if value == "" and empty:
        return None
    if not re.fullmatch(r"-?[0-9]{1,9}", value):
        raise RowError(
            _("%(column)s must be a whole number, not %(value)s")
            % {"column": column, "value": repr(value)}
        )
    number = int(value)
    if not minimum <= number <= maximum:
        raise RowError(
            _("%(column)s must be from %(minimum)s to %(maximum)s, not %(value)s")
            % {"column": column, "minimum": minimum, "maximum": maximum, "value": number}
        )
    return number


def _date(value, column, *, empty=False):
    value = value.strip()
    if value == "" and empty:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(
            _("%(column)s must be a date like 2021-06-04, not %(value)s")
            % {"column": column, "value": repr(value)}
        ) from None


def parse_choice(value, column, choices):
    if value not in choices:
        raise RowError(
            _("%(column)s must be one of %(choices)s, not %(value)s")
            % {"column": column, "choices": ", ".join(choices), "value": repr(value)}
        )
    return value


def parse_yes_no(value, column):
    value = value.strip().lower()
    if value not in ("yes", "no"):
        raise RowError(
            _("%(column)s must be yes or no, not %(value)s")
            % {"column": column, "value": repr(value)}
        )
    return value == "yes"


def refuse_control_characters(value, where, *, lines=False):
    """A RowError when `value` holds a line break, a tab or another control character
    (with `lines`, line breaks and tabs are allowed: text of several paragraphs)."""
    found = control_characters(value)
    if lines:
        found = "".join(c for c in found if c not in "\n\t")
    if found:
        raise RowError(
            _(
                "%(column)s contains a line break or another control character (%(found)s): "
                "write it as one line of plain text"
            )
            % {"column": where, "found": describe(found)}
        )
    return value


def parse_text(value, column, *, max_length=200):
    value = value.strip()
    if not value:
        raise RowError(_("%(column)s must not be empty") % {"column": column})
    if len(value) > max_length:
        raise RowError(_too_long(column, max_length))
    return value


def parse_optional_text(value, column, *, max_length=200):
    """Text that may be empty (an optional column, or an empty cell)."""
    value = value.strip()
    if len(value) > max_length:
        raise RowError(_too_long(column, max_length))
    return value


def _too_long(column, max_length):
    return ngettext(
        "%(column)s is longer than %(count)s character",
        "%(column)s is longer than %(count)s characters",
        max_length,
    ) % {"column": column, "count": max_length}


def _read_csv(name, text, columns, optional=()):
    """Yields (line, row dict); a wrong header or row length is a Problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise SeasonFileError([Problem(name, None, _("the file is empty"))]) from None
    except csv.Error as error:
        raise SeasonFileError([Problem(name, 1, _not_csv(error))]) from None
    extra = header[len(columns) :]
    if (
        header[: len(columns)] != columns
        or len(set(extra)) != len(extra)
        or not set(extra) <= set(optional)
    ):
        names = {"expected": ",".join(columns), "found": ",".join(header)}
        if optional:
            reason = _(
                "the header must be %(expected)s (then any of %(optional)s), not %(found)s"
            ) % {**names, "optional": ",".join(optional)}
        else:
            reason = _("the header must be %(expected)s, not %(found)s") % names
        raise SeasonFileError([Problem(name, 1, reason)])
    rows = []
    try:
        while True:
            # A quoted cell may run over several lines: a record is named by its first.
            line = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                columns_wrong = ngettext(
                    "expected %(expected)s column, found %(found)s",
                    "expected %(expected)s columns, found %(found)s",
                    len(header),
                ) % {"expected": len(header), "found": len(row)}
                rows.append((line, RowError(columns_wrong)))
                continue
            rows.append((line, dict(zip(header, row, strict=True))))
    except csv.Error as error:
        raise SeasonFileError([Problem(name, reader.line_num, _not_csv(error))]) from None
    return rows


def _not_csv(error):
    # The reason after it is Python's own words (English), kept as a detail.
    return _("not readable as CSV (%(error)s)") % {"error": error}


def parse_rows(name, text, columns, parse_row, problems, optional=()):
    parsed = []
    for line, row in _read_csv(name, text, columns, optional):
        if isinstance(row, RowError):
            problems.append(Problem(name, line, str(row)))
            continue
        try:
            for column, value in row.items():
                refuse_control_characters(value, column)
            parsed.append(parse_row(line, row))
        except RowError as error:
            problems.append(Problem(name, line, str(error)))
    return parsed


def local_to_utc(local, timezone):
    """A wall-clock time at the circuit to UTC; a time the clocks skip is refused."""
    zone = zoneinfo.ZoneInfo(timezone)
    aware = local.replace(tzinfo=zone)
    try:
        utc = aware.astimezone(dt.UTC)
    except OverflowError:
        raise RowError(
            _("%(moment)s is out of the range of dates") % {"moment": f"{local:%Y-%m-%d %H:%M}"}
        ) from None
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise RowError(
            _("%(moment)s does not exist in %(timezone)s (clocks go forward)")
            % {"moment": f"{local:%Y-%m-%d %H:%M}", "timezone": timezone}
        )
    return utc
