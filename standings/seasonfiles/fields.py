"""Field parsers and CSV reading: every failure is a RowError or a Problem with a reason."""

import csv
import datetime as dt
import io
import re
import zoneinfo
from dataclasses import dataclass

from events.models import Session
from standings.models import SessionResult

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
CALENDAR_OPTIONAL = ["previous_start_date"]
SESSION_COLUMNS = ["event", "session", "starts_local", "duration_min"]
ENTRY_COLUMNS = [
    "number",
    "driver",
    "nationality",
    "team",
    "car",
    "junior",
    "trophy",
    "female",
    "wildcard",
    "rounds",
]
RESULT_COLUMNS = ["round", "session", "position", "number", "driver", "status", "best_lap"]
ADJUSTMENT_COLUMNS = ["round", "title", "name", "points", "reason"]
EVENT_STATUSES = ["scheduled", "postponed", "cancelled"]
SESSION_CODES = list(Session.Code.values)
RESULT_STATUSES = list(SessionResult.Status.values)
TITLE_ELIGIBLE = ["all", "junior", "trophy", "female"]
LAP_PATTERN = re.compile(r"^(?:([0-9]{1,2}):)?([0-9]{1,2})\.([0-9]{1,3})$")
MAX_POSITION = 200
MAX_NUMBER = 999


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self):
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class SeasonFileError(Exception):
    """The folder or file is refused; `problems` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class RowError(ValueError):
    pass


def _int(value, column, *, minimum, maximum, empty=False):
    value = value.strip()
    if value == "" and empty:
        return None
    if not re.fullmatch(r"-?[0-9]{1,9}", value):
        raise RowError(f"{column} must be a whole number, not {value!r}")
    number = int(value)
    if not minimum <= number <= maximum:
        raise RowError(f"{column} must be from {minimum} to {maximum}, not {number}")
    return number


def _date(value, column, *, empty=False):
    value = value.strip()
    if value == "" and empty:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} must be a date like 2021-06-04, not {value!r}") from None


def _choice(value, column, choices):
    if value not in choices:
        raise RowError(f"{column} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _yes_no(value, column):
    value = value.strip().lower()
    if value not in ("yes", "no"):
        raise RowError(f"{column} must be yes or no, not {value!r}")
    return value == "yes"


def _text(value, column, *, max_length=200):
    value = value.strip()
    if not value:
        raise RowError(f"{column} must not be empty")
    if len(value) > max_length:
        raise RowError(f"{column} is longer than {max_length} characters")
    return value


def parse_lap(value):
    """ "1:44.522" -> 104522 ms; "58.301" -> 58301; "" -> None."""
    value = value.strip()
    if not value:
        return None
    match = LAP_PATTERN.match(value)
    if not match:
        raise RowError(f"best_lap must look like 1:44.522 or 58.301, not {value!r}")
    minutes, seconds, fraction = match.groups()
    if minutes and int(seconds) >= 60:
        raise RowError(f"best_lap has {seconds} seconds past a minute: {value!r}")
    if int(minutes or 0) >= 60:
        raise RowError(f"best_lap must be under an hour, not {value!r}")
    millis = int(fraction.ljust(3, "0"))
    total = (int(minutes or 0) * 60 + int(seconds)) * 1000 + millis
    if total == 0:
        raise RowError("best_lap must be longer than zero")
    return total


def _read_csv(name, text, columns, optional=()):
    """Yields (line, row dict); a wrong header or row length is a Problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise SeasonFileError([Problem(name, None, "the file is empty")]) from None
    except csv.Error as error:
        raise SeasonFileError([Problem(name, 1, f"not readable as CSV ({error})")]) from None
    allowed = [columns + list(optional[:n]) for n in range(len(optional) + 1)]
    if header not in allowed:
        raise SeasonFileError(
            [Problem(name, 1, f"the header must be {','.join(columns)}, not {','.join(header)}")]
        )
    rows = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                rows.append((line, RowError(f"expected {len(header)} columns, found {len(row)}")))
                continue
            rows.append((line, dict(zip(header, row, strict=True))))
    except csv.Error as error:
        raise SeasonFileError(
            [Problem(name, reader.line_num, f"not readable as CSV ({error})")]
        ) from None
    return rows


def _parse_rows(name, text, columns, parse_row, problems, optional=()):
    parsed = []
    for line, row in _read_csv(name, text, columns, optional):
        if isinstance(row, RowError):
            problems.append(Problem(name, line, str(row)))
            continue
        try:
            parsed.append(parse_row(line, row))
        except RowError as error:
            problems.append(Problem(name, line, str(error)))
    return parsed


def local_to_utc(local, timezone):
    """A wall-clock time at the circuit to UTC; a time the clocks skip is refused."""
    zone = zoneinfo.ZoneInfo(timezone)
    aware = local.replace(tzinfo=zone)
    utc = aware.astimezone(dt.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise RowError(f"{local:%Y-%m-%d %H:%M} does not exist in {timezone} (clocks go forward)")
    return utc
