"""One dataclass per row of entries.csv, results.csv and adjustments.csv, and the parser
that makes it (calendar.csv and sessions.csv rows are events.seasonfiles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from drivers.models import name_slug
from events.seasonfiles import (
    SESSION_CODES,
    RowError,
    parse_choice,
    parse_int,
    parse_optional_text,
    parse_text,
    parse_yes_no,
)
from standings.models import MAX_ROUND, parse_rounds
from standings.seasonfiles.fields import MAX_NUMBER, MAX_POSITION, RESULT_STATUSES, parse_lap


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
    reason_sv: str = ""


def _entry_row(line, row):
    driver = parse_text(row["driver"], "driver", max_length=100)
    nationality = row["nationality"].strip()
    if nationality and not re.fullmatch(r"[A-Z]{3}", nationality):
        raise RowError(
            _("nationality must be a three-letter code like SWE, not %(value)s")
            % {"value": repr(nationality)}
        )
    try:
        round_set = parse_rounds(row["rounds"])
    except ValueError as error:
        raise RowError(str(error)) from None
    return EntryRow(
        line=line,
        number=parse_int(row["number"], "number", minimum=0, maximum=MAX_NUMBER, empty=True),
        driver=driver,
        driver_slug=_driver_slug(driver),
        nationality=nationality,
        team=parse_text(row["team"], "team"),
        car=parse_text(row["car"], "car", max_length=100),
        junior=parse_yes_no(row["junior"], "junior"),
        trophy=parse_yes_no(row["trophy"], "trophy"),
        female=parse_yes_no(row["female"], "female"),
        wildcard=parse_yes_no(row["wildcard"], "wildcard"),
        rounds=row["rounds"].strip(),
        round_set=round_set,
    )


def _driver_slug(name):
    slug = name_slug(name)
    if not slug:
        raise RowError(
            _("driver %(name)s has no letters to make an address from") % {"name": repr(name)}
        )
    return slug


def _result_row(line, row):
    status = parse_choice(row["status"].strip(), "status", RESULT_STATUSES)
    position = parse_int(row["position"], "position", minimum=1, maximum=MAX_POSITION, empty=True)
    if status == "classified" and position is None:
        raise RowError(_("a classified row needs a position"))
    if status != "classified" and position is not None:
        raise RowError(
            _("a %(status)s row has no position: leave position empty") % {"status": status}
        )
    driver = parse_text(row["driver"], "driver", max_length=100)
    return ResultRow(
        line=line,
        round=parse_int(row["round"], "round", minimum=1, maximum=MAX_ROUND),
        session=parse_choice(row["session"].strip(), "session", SESSION_CODES),
        position=position,
        number=parse_int(row["number"], "number", minimum=0, maximum=MAX_NUMBER, empty=True),
        driver=driver,
        driver_slug=_driver_slug(driver),
        status=status,
        best_lap_ms=parse_lap(row["best_lap"]),
    )


def _adjustment_row(line, row):
    points = parse_int(row["points"], "points", minimum=-10000, maximum=10000)
    if points == 0:
        raise RowError(_("points must not be zero"))
    return AdjustmentRow(
        line=line,
        round=parse_int(row["round"], "round", minimum=1, maximum=MAX_ROUND),
        title=parse_text(row["title"], "title", max_length=30),
        name=parse_text(row["name"], "name"),
        points=points,
        reason=parse_text(row["reason"], "reason", max_length=300),
        reason_sv=parse_optional_text(row.get("reason_sv", ""), "reason_sv", max_length=300),
    )
