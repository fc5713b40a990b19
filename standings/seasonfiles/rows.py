"""One dataclass per row of each season file, and the parser that makes it."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from drivers.models import name_slug
from standings.models import MAX_ROUND, parse_rounds
from standings.seasonfiles.fields import (
    EVENT_STATUSES,
    MAX_NUMBER,
    MAX_POSITION,
    RESULT_STATUSES,
    SESSION_CODES,
    RowError,
    _choice,
    _date,
    _int,
    _text,
    _yes_no,
    parse_lap,
)


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
