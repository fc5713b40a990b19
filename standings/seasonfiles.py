"""Reading and checking a season folder (DESIGN.md section 4a), before anything is written.

Every problem names the file, the line and the reason. Parsing never touches the
database: the importers resolve what is read here against it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from drivers.models import name_slug
from events.models import Session
from standings.models import MAX_ROUND, SessionResult, parse_rounds

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


@dataclass
class CalendarRow:
    line: int
    round: int | None
    slug: str
    name: str
    circuit: str
    city: str
    country: str
    timezone: str
    length_km: Decimal | None
    corners: int | None
    start_date: dt.date
    end_date: dt.date
    status: str
    replaces: str
    previous_start_date: dt.date | None


@dataclass
class SessionRow:
    line: int
    event: str
    code: str
    start_date: dt.date | None
    starts_local: dt.datetime | None
    duration_min: int | None
    starts_at: dt.datetime | None = None  # UTC, set once the circuit's time zone is known


@dataclass
class EntryRow:
    line: int
    number: int | None
    driver: str
    driver_slug: str
    nationality: str
    team: str
    car: str
    junior: bool
    trophy: bool
    female: bool
    wildcard: bool
    rounds: str
    round_set: frozenset[int] | None

    def covers(self, round_number):
        return self.round_set is None or round_number in self.round_set


@dataclass
class ResultRow:
    line: int
    round: int
    session: str
    position: int | None
    number: int | None
    driver: str
    driver_slug: str
    status: str
    best_lap_ms: int | None


@dataclass
class AdjustmentRow:
    line: int
    round: int
    title: str
    name: str
    points: int
    reason: str


@dataclass
class TitleSpec:
    slug: str
    name_en: str
    name_sv: str
    competitors: str = "drivers"
    eligible: str = "all"
    rerank: bool = False
    points: dict[str, tuple[int, ...]] = field(default_factory=dict)
    fastest_lap: int = 0
    fastest_qualifying: int = 0
    min_entrants: int = 0


@dataclass
class SeasonSpec:
    slug: str
    name: str
    broadcasters: list[str]
    notes_en: str
    notes_sv: str
    points: dict[str, tuple[int, ...]]
    event_points: dict[str, dict[str, tuple[int, ...]]]
    titles: list[TitleSpec]


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


# Field parsers: each raises RowError with a reason a press officer can act on.


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


def _calendar_row(line, row):
    timezone = row["timezone"].strip()
    if timezone not in zoneinfo.available_timezones():
        raise RowError(f"timezone must be an IANA time zone like Europe/Berlin, not {timezone!r}")
    length = row["length_km"].strip()
    if length and not re.fullmatch(r"[0-9]{1,2}(\.[0-9]{1,3})?", length):
        raise RowError(f"length_km must be a number of kilometres like 5.345, not {length!r}")
    length_km = Decimal(length) if length else None
    if length_km is not None and length_km <= 0:
        raise RowError("length_km must be more than zero")
    status = _choice(row["status"].strip(), "status", EVENT_STATUSES)
    round_number = _int(row["round"], "round", minimum=1, maximum=MAX_ROUND, empty=True)
    if status == "cancelled" and round_number is not None:
        raise RowError("a cancelled event has no round number: leave round empty")
    start, end = _date(row["start_date"], "start_date"), _date(row["end_date"], "end_date")
    if end < start:
        raise RowError(f"end_date {end} is before start_date {start}")
    slug = _text(row["slug"], "slug", max_length=50)
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise RowError(f"slug must be lowercase letters, digits and hyphens, not {slug!r}")
    country = row["country"].strip()
    if not re.fullmatch(r"[A-Z]{3}", country):
        raise RowError(f"country must be a three-letter code like DEU, not {country!r}")
    return CalendarRow(
        line=line,
        round=round_number,
        slug=slug,
        name=_text(row["name"], "name"),
        circuit=_text(row["circuit"], "circuit"),
        city=_text(row["city"], "city", max_length=100) if row["city"].strip() else "",
        country=country,
        timezone=timezone,
        length_km=length_km,
        corners=_int(row["corners"], "corners", minimum=1, maximum=999, empty=True),
        start_date=start,
        end_date=end,
        status=status,
        replaces=row["replaces"].strip(),
        previous_start_date=_date(
            row.get("previous_start_date", ""), "previous_start_date", empty=True
        ),
    )


def _session_row(line, row):
    value = row["starts_local"].strip()
    start_date, starts_local = None, None
    if value:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            start_date = _date(value, "starts_local")
        else:
            try:
                starts_local = dt.datetime.fromisoformat(value)
            except ValueError:
                raise RowError(
                    f"starts_local must be a local date-time like 2021-06-04T14:30, a date, "
                    f"or empty, not {value!r}"
                ) from None
            if starts_local.tzinfo is not None:
                raise RowError("starts_local is the local time at the circuit: give no offset")
            start_date = starts_local.date()
    return SessionRow(
        line=line,
        event=_text(row["event"], "event", max_length=50),
        code=_choice(row["session"].strip(), "session", SESSION_CODES),
        start_date=start_date,
        starts_local=starts_local,
        duration_min=_int(row["duration_min"], "duration_min", minimum=1, maximum=1440, empty=True),
    )


def _entry_row(line, row):
    driver = _text(row["driver"], "driver", max_length=100)
    nationality = row["nationality"].strip()
    if nationality and not re.fullmatch(r"[A-Z]{3}", nationality):
        raise RowError(f"nationality must be a three-letter code like SWE, not {nationality!r}")
    try:
        round_set = parse_rounds(row["rounds"])
    except ValueError as error:
        raise RowError(str(error)) from None
    return EntryRow(
        line=line,
        number=_int(row["number"], "number", minimum=0, maximum=MAX_NUMBER, empty=True),
        driver=driver,
        driver_slug=_driver_slug(driver),
        nationality=nationality,
        team=_text(row["team"], "team"),
        car=_text(row["car"], "car", max_length=100),
        junior=_yes_no(row["junior"], "junior"),
        trophy=_yes_no(row["trophy"], "trophy"),
        female=_yes_no(row["female"], "female"),
        wildcard=_yes_no(row["wildcard"], "wildcard"),
        rounds=row["rounds"].strip(),
        round_set=round_set,
    )


def _driver_slug(name):
    slug = name_slug(name)
    if not slug:
        raise RowError(f"driver {name!r} has no letters to make an address from")
    return slug


def _result_row(line, row):
    status = _choice(row["status"].strip(), "status", RESULT_STATUSES)
    position = _int(row["position"], "position", minimum=1, maximum=MAX_POSITION, empty=True)
    if status == "classified" and position is None:
        raise RowError("a classified row needs a position")
    if status != "classified" and position is not None:
        raise RowError(f"a {status} row has no position: leave position empty")
    driver = _text(row["driver"], "driver", max_length=100)
    return ResultRow(
        line=line,
        round=_int(row["round"], "round", minimum=1, maximum=MAX_ROUND),
        session=_choice(row["session"].strip(), "session", SESSION_CODES),
        position=position,
        number=_int(row["number"], "number", minimum=0, maximum=MAX_NUMBER, empty=True),
        driver=driver,
        driver_slug=_driver_slug(driver),
        status=status,
        best_lap_ms=parse_lap(row["best_lap"]),
    )


def _adjustment_row(line, row):
    points = _int(row["points"], "points", minimum=-10000, maximum=10000)
    if points == 0:
        raise RowError("points must not be zero")
    return AdjustmentRow(
        line=line,
        round=_int(row["round"], "round", minimum=1, maximum=MAX_ROUND),
        title=_text(row["title"], "title", max_length=30),
        name=_text(row["name"], "name"),
        points=points,
        reason=_text(row["reason"], "reason", max_length=300),
    )


def parse_results(name, text):
    """results.csv alone: (rows, problems)."""
    problems = []
    rows = _parse_rows(name, text, RESULT_COLUMNS, _result_row, problems)
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
        where = f"round {row.round} {row.session}"
        if row.round not in rounds:
            problems.append(Problem(name, row.line, f"round {row.round} is not in the calendar"))
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
                        f"position {row.position} appears twice in {where} "
                        f"(also line {seen_positions[key]})",
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
                    f"{row.driver} has two rows in {where} (also line {seen_drivers[key]})",
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
                    f"round {round_number} {session}: classified positions skip {shown} "
                    f"(a partial classification)",
                )
            )
    return problems, warnings, matched


def _find_entry(name, row, entries, problems):
    in_round = [entry for entry in entries if entry.covers(row.round)]
    same_number = [entry for entry in in_round if entry.number == row.number]
    for entry in same_number:
        if entry.driver_slug == row.driver_slug:
            return entry
    if row.number is None:
        reason = f"{row.driver} has no entry without a car number in round {row.round}"
    elif same_number:
        reason = (
            f"car {row.number} is {same_number[0].driver} in round {row.round}, not {row.driver}"
        )
    else:
        reason = f"car number {row.number} is not entered in round {row.round}"
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
                        f"car {entry.number} is also entered on line {other.line} "
                        f"for the same rounds",
                    )
                )
            elif entry.driver_slug == other.driver_slug:
                problems.append(
                    Problem(
                        "entries.csv",
                        entry.line,
                        f"{entry.driver} is also entered on line {other.line} for the same rounds",
                    )
                )


def _scale(value, where):
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        raise RowError(f"{where} must be a list of whole numbers of points, like [5, 4, 3]")
    return tuple(value)


def _scales(table, where):
    if not isinstance(table, dict):
        raise RowError(f"{where} must be a table of session = [points]")
    scales = {}
    for code, value in table.items():
        if code not in SESSION_CODES:
            raise RowError(f"{where}: {code!r} is not a session code ({', '.join(SESSION_CODES)})")
        scales[code] = _scale(value, f"{where}.{code}")
    return scales


def _translated(value, where):
    if isinstance(value, str):
        return value, value
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and isinstance(value.get("sv", ""), str)
    ):
        return value["en"], value.get("sv") or value["en"]
    raise RowError(f"{where} must be a string or a table with en and sv")


def parse_season_toml(text, name="season.toml"):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise SeasonFileError([Problem(name, line, f"not valid TOML ({error.msg})")]) from None
    try:
        return _season_spec(data)
    except RowError as error:
        raise SeasonFileError([Problem(name, None, str(error))]) from None


def _season_spec(data):
    slug = str(data.get("slug", "")).strip()
    if not re.fullmatch(r"[a-z0-9-]{1,20}", slug):
        raise RowError('slug must be set, e.g. slug = "2021"')
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RowError("name must be set")
    broadcasters = data.get("broadcasters", [])
    if not isinstance(broadcasters, list) or not all(isinstance(b, str) for b in broadcasters):
        raise RowError("broadcasters must be a list of names")
    notes_en, notes_sv = _translated(data.get("notes", ""), "notes")
    event_points = data.get("event_points", {})
    if not isinstance(event_points, dict):
        raise RowError("event_points must be tables named by event slug")
    if not isinstance(data.get("titles", []), list):
        raise RowError("titles must be [[titles]] tables")
    titles = [_title_spec(t, i) for i, t in enumerate(data.get("titles", []), start=1)]
    slugs = [title.slug for title in titles]
    if len(set(slugs)) != len(slugs):
        raise RowError("two [[titles]] share a slug")
    return SeasonSpec(
        slug=slug,
        name=name.strip(),
        broadcasters=broadcasters,
        notes_en=notes_en,
        notes_sv=notes_sv,
        points=_scales(data.get("points", {}), "points"),
        event_points={
            event: _scales(table, f"event_points.{event}") for event, table in event_points.items()
        },
        titles=titles,
    )


def _title_spec(data, index):
    where = f"titles #{index}"
    if not isinstance(data, dict):
        raise RowError(f"{where} must be a table")
    slug = str(data.get("slug", "")).strip()
    if not re.fullmatch(r"[a-z0-9-]{1,30}", slug):
        raise RowError(f"{where}: slug must be lowercase letters, digits and hyphens")
    name_en, name_sv = _translated(data.get("name", slug), f"{where}.name")
    competitors = data.get("competitors", "drivers")
    if competitors not in ("drivers", "teams"):
        raise RowError(f"{where}: competitors must be drivers or teams")
    eligible = data.get("eligible", "all")
    if eligible not in TITLE_ELIGIBLE:
        raise RowError(f"{where}: eligible must be one of {', '.join(TITLE_ELIGIBLE)}")
    bonus = data.get("bonus", {})
    if not isinstance(bonus, dict) or set(bonus) - {"fastest_lap", "fastest_qualifying"}:
        raise RowError(f"{where}: bonus takes fastest_lap and fastest_qualifying only")
    numbers = {
        "fastest_lap": bonus.get("fastest_lap", 0),
        "fastest_qualifying": bonus.get("fastest_qualifying", 0),
        "min_entrants": data.get("min_entrants", 0),
    }
    for key, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RowError(f"{where}: {key} must be a whole number of 0 or more")
    rerank = data.get("rerank", False)
    if not isinstance(rerank, bool):
        raise RowError(f"{where}: rerank must be true or false")
    return TitleSpec(
        slug=slug,
        name_en=name_en,
        name_sv=name_sv,
        competitors=competitors,
        eligible=eligible,
        rerank=rerank,
        points=_scales(data.get("points", {}), f"{where}.points"),
        **numbers,
    )


def local_to_utc(local, timezone):
    """A wall-clock time at the circuit to UTC; a time the clocks skip is refused."""
    zone = zoneinfo.ZoneInfo(timezone)
    aware = local.replace(tzinfo=zone)
    utc = aware.astimezone(dt.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise RowError(f"{local:%Y-%m-%d %H:%M} does not exist in {timezone} (clocks go forward)")
    return utc


def _read(folder, name, problems, *, optional=False):
    path = folder / name
    if not path.is_file():
        if not optional:
            problems.append(Problem(name, None, f"missing from {folder}"))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, "not UTF-8 text"))
        return None


def read_season_folder(folder):
    """Reads and checks a whole season folder; raises SeasonFileError listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SeasonFileError([Problem(str(folder), None, "not a folder")])
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
    calendar = _parse_rows(
        "calendar.csv",
        texts["calendar.csv"],
        CALENDAR_COLUMNS,
        _calendar_row,
        problems,
        CALENDAR_OPTIONAL,
    )
    sessions = _parse_rows(
        "sessions.csv", texts["sessions.csv"], SESSION_COLUMNS, _session_row, problems
    )
    entries = _parse_rows("entries.csv", texts["entries.csv"], ENTRY_COLUMNS, _entry_row, problems)
    results, result_problems = parse_results("results.csv", texts["results.csv"])
    problems.extend(result_problems)
    adjustments = None
    if texts["adjustments.csv"] is not None:
        adjustments = _parse_rows(
            "adjustments.csv",
            texts["adjustments.csv"],
            ADJUSTMENT_COLUMNS,
            _adjustment_row,
            problems,
        )
    _check_calendar(calendar, season, problems)
    _check_sessions(sessions, calendar, problems)
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


def _check_calendar(calendar, season, problems):
    circuits = {}
    for row in calendar:
        facts = (row.city, row.country, row.timezone, row.length_km, row.corners)
        first = circuits.setdefault(row.circuit, (row.line, facts))
        if first[1] != facts:
            problems.append(
                Problem(
                    "calendar.csv",
                    row.line,
                    f"{row.circuit} is also on line {first[0]} with other city, country, "
                    f"time zone, length or corners",
                )
            )
    slugs, rounds = {}, {}
    for row in calendar:
        if row.slug in slugs:
            problems.append(
                Problem(
                    "calendar.csv", row.line, f"slug {row.slug!r} is also on line {slugs[row.slug]}"
                )
            )
        slugs.setdefault(row.slug, row.line)
        if row.round is not None:
            if row.round in rounds:
                problems.append(
                    Problem(
                        "calendar.csv",
                        row.line,
                        f"round {row.round} is also on line {rounds[row.round]}",
                    )
                )
            rounds.setdefault(row.round, row.line)
    for row in calendar:
        if row.replaces and (row.replaces not in slugs or row.replaces == row.slug):
            problems.append(
                Problem(
                    "calendar.csv",
                    row.line,
                    f"replaces {row.replaces!r}, which is not another event in this calendar",
                )
            )
    for event in season.event_points:
        if event not in slugs:
            problems.append(
                Problem(
                    "season.toml", None, f"event_points.{event}: no event {event!r} in calendar.csv"
                )
            )


def _check_sessions(sessions, calendar, problems):
    events = {row.slug: row for row in calendar}
    seen = {}
    for row in sessions:
        if row.event not in events:
            problems.append(
                Problem("sessions.csv", row.line, f"event {row.event!r} is not in calendar.csv")
            )
        elif row.starts_local is not None:
            try:
                row.starts_at = local_to_utc(row.starts_local, events[row.event].timezone)
            except RowError as error:
                problems.append(Problem("sessions.csv", row.line, str(error)))
        key = (row.event, row.code)
        if key in seen:
            problems.append(
                Problem(
                    "sessions.csv",
                    row.line,
                    f"{row.event} {row.code} is also on line {seen[key]}",
                )
            )
        seen.setdefault(key, row.line)


def _check_adjustments(adjustments, season, entries, rounds, problems):
    """An adjustment names a title of the season, a calendar round, and a driver (or a
    team) that can score in that title."""
    titles = {title.slug: title for title in season.titles}
    for row in adjustments:
        title = titles.get(row.title)
        if title is None:
            problems.append(
                Problem("adjustments.csv", row.line, f"title {row.title!r} is not in season.toml")
            )
            continue
        if row.round not in rounds:
            problems.append(
                Problem("adjustments.csv", row.line, f"round {row.round} is not in the calendar")
            )
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
            kind = "team" if title.competitors == "teams" else "driver"
            problems.append(
                Problem(
                    "adjustments.csv",
                    row.line,
                    f"{row.name!r} is not an entered {kind} who can score in {row.title}",
                )
            )
