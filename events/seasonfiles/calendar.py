"""calendar.csv and sessions.csv of a season folder: one dataclass per row, the parser that
makes it, and the rules across the rows (circuits, slugs, rounds, sessions)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from events.models import MAX_ROUND
from events.seasonfiles.fields import (
    CALENDAR_COLUMNS,
    CALENDAR_OPTIONAL,
    EVENT_STATUSES,
    SESSION_CODES,
    SESSION_COLUMNS,
    SESSION_OPTIONAL,
    Problem,
    RowError,
    _date,
    local_to_utc,
    parse_choice,
    parse_int,
    parse_optional_text,
    parse_rows,
    parse_text,
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
    previous_end_date: dt.date | None = None
    announced: dt.date | None = None
    name_sv: str = ""


@dataclass
class SessionRow:
    line: int
    event: str
    code: str
    start_date: dt.date | None
    starts_local: dt.datetime | None
    duration_min: int | None
    finished_local: dt.datetime | None = None  # local time by which it had finished
    starts_at: dt.datetime | None = None  # UTC, set once the circuit's time zone is known
    finished_by: dt.datetime | None = None  # UTC, likewise


def parse_calendar(texts, problems):
    """calendar.csv and sessions.csv, row by row: (calendar rows, session rows). `texts`
    holds each file's text by name; what a row gets wrong is added to `problems`."""
    calendar = parse_rows(
        "calendar.csv",
        texts["calendar.csv"],
        CALENDAR_COLUMNS,
        _calendar_row,
        problems,
        CALENDAR_OPTIONAL,
    )
    sessions = parse_rows(
        "sessions.csv",
        texts["sessions.csv"],
        SESSION_COLUMNS,
        _session_row,
        problems,
        SESSION_OPTIONAL,
    )
    return calendar, sessions


def _calendar_row(line, row):
    timezone = row["timezone"].strip()
    if timezone not in zoneinfo.available_timezones():
        raise RowError(
            _("timezone must be an IANA time zone like Europe/Berlin, not %(value)s")
            % {"value": repr(timezone)}
        )
    length = row["length_km"].strip()
    if length and not re.fullmatch(r"[0-9]{1,2}(\.[0-9]{1,3})?", length):
        raise RowError(
            _("length_km must be a number of kilometres like 5.345, not %(value)s")
            % {"value": repr(length)}
        )
    length_km = Decimal(length) if length else None
    if length_km is not None and length_km <= 0:
        raise RowError(_("length_km must be more than zero"))
    status = parse_choice(row["status"].strip(), "status", EVENT_STATUSES)
    round_number = parse_int(row["round"], "round", minimum=1, maximum=MAX_ROUND, empty=True)
    if status == "cancelled" and round_number is not None:
        raise RowError(_("a cancelled event has no round number: leave round empty"))
    start, end = _date(row["start_date"], "start_date"), _date(row["end_date"], "end_date")
    if end < start:
        raise RowError(
            _("end_date %(end)s is before start_date %(start)s") % {"end": end, "start": start}
        )
    slug = parse_text(row["slug"], "slug", max_length=50)
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise RowError(
            _("slug must be lowercase letters, digits and hyphens, not %(value)s")
            % {"value": repr(slug)}
        )
    previous_start = _date(row.get("previous_start_date", ""), "previous_start_date", empty=True)
    previous_end = _date(row.get("previous_end_date", ""), "previous_end_date", empty=True)
    if previous_start and previous_end and previous_end < previous_start:
        raise RowError(
            _("previous_end_date %(end)s is before previous_start_date %(start)s")
            % {"end": previous_end, "start": previous_start}
        )
    country = row["country"].strip()
    if not re.fullmatch(r"[A-Z]{3}", country):
        raise RowError(
            _("country must be a three-letter code like DEU, not %(value)s")
            % {"value": repr(country)}
        )
    return CalendarRow(
        line=line,
        round=round_number,
        slug=slug,
        name=parse_text(row["name"], "name"),
        circuit=parse_text(row["circuit"], "circuit"),
        city=parse_text(row["city"], "city", max_length=100) if row["city"].strip() else "",
        country=country,
        timezone=timezone,
        length_km=length_km,
        corners=parse_int(row["corners"], "corners", minimum=1, maximum=999, empty=True),
        start_date=start,
        end_date=end,
        status=status,
        replaces=row["replaces"].strip(),
        previous_start_date=previous_start,
        previous_end_date=previous_end,
        announced=_date(row.get("announced", ""), "announced", empty=True),
        name_sv=parse_optional_text(row.get("name_sv", ""), "name_sv"),
    )


def _local_datetime(value, column):
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise RowError(
            _("%(column)s must be a local date-time like 2021-06-04T14:30, not %(value)s")
            % {"column": column, "value": repr(value)}
        ) from None
    if moment.tzinfo is not None:
        raise RowError(_no_offset(column))
    return moment


def _no_offset(column):
    return _("%(column)s is the local time at the circuit: give no offset") % {"column": column}


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
                    _(
                        "starts_local must be a local date-time like 2021-06-04T14:30, a date, "
                        "or empty, not %(value)s"
                    )
                    % {"value": repr(value)}
                ) from None
            if starts_local.tzinfo is not None:
                raise RowError(_no_offset("starts_local"))
            start_date = starts_local.date()
    finished = row.get("finished_by", "").strip()
    finished_local = _local_datetime(finished, "finished_by") if finished else None
    if finished_local is not None:
        if starts_local is not None:
            raise RowError(
                _(
                    "finished_by is for a session whose start time is not known: leave it "
                    "empty when starts_local has a time"
                )
            )
        if start_date is not None and not _within_days(finished_local, start_date, start_date):
            raise RowError(
                _("finished_by %(finished)s is not within the session's day, %(day)s")
                % {"finished": finished, "day": start_date}
            )
    return SessionRow(
        line=line,
        event=parse_text(row["event"], "event", max_length=50),
        code=parse_choice(row["session"].strip(), "session", SESSION_CODES),
        start_date=start_date,
        starts_local=starts_local,
        duration_min=parse_int(
            row["duration_min"], "duration_min", minimum=1, maximum=1440, empty=True
        ),
        finished_local=finished_local,
    )


def check_calendar(calendar, problems):
    """A circuit has the same facts on every row; slugs and rounds are unique; `replaces`
    names another event of the calendar."""
    circuits = {}
    for row in calendar:
        facts = (row.city, row.country, row.timezone, row.length_km, row.corners)
        first = circuits.setdefault(row.circuit, (row.line, facts))
        if first[1] != facts:
            problems.append(
                Problem(
                    "calendar.csv",
                    row.line,
                    _(
                        "%(circuit)s is also on line %(line)s with other city, country, "
                        "time zone, length or corners"
                    )
                    % {"circuit": row.circuit, "line": first[0]},
                )
            )
    slugs, rounds = {}, {}
    for row in calendar:
        if row.slug in slugs:
            problems.append(
                Problem(
                    "calendar.csv",
                    row.line,
                    _("slug %(slug)s is also on line %(line)s")
                    % {"slug": repr(row.slug), "line": slugs[row.slug]},
                )
            )
        slugs.setdefault(row.slug, row.line)
        if row.round is not None:
            if row.round in rounds:
                problems.append(
                    Problem(
                        "calendar.csv",
                        row.line,
                        _("round %(round)s is also on line %(line)s")
                        % {"round": row.round, "line": rounds[row.round]},
                    )
                )
            rounds.setdefault(row.round, row.line)
    for row in calendar:
        if row.replaces and (row.replaces not in slugs or row.replaces == row.slug):
            problems.append(
                Problem(
                    "calendar.csv",
                    row.line,
                    _("replaces %(slug)s, which is not another event in this calendar")
                    % {"slug": repr(row.replaces)},
                )
            )


def check_sessions(sessions, calendar, problems):
    """Each session belongs to an event of the calendar, once per session code; local
    times are converted to UTC (`starts_at`, `finished_by`) in its circuit's time zone."""
    events = {row.slug: row for row in calendar}
    seen = {}
    for row in sessions:
        event = events.get(row.event)
        if event is None:
            problems.append(
                Problem(
                    "sessions.csv",
                    row.line,
                    _("event %(slug)s is not in calendar.csv") % {"slug": repr(row.event)},
                )
            )
        else:
            _check_session_times(row, event, problems)
        key = (row.event, row.code)
        if key in seen:
            problems.append(
                Problem(
                    "sessions.csv",
                    row.line,
                    _("%(event)s %(session)s is also on line %(line)s")
                    % {"event": row.event, "session": row.code, "line": seen[key]},
                )
            )
        seen.setdefault(key, row.line)


def _within_days(moment, first, last):
    """Whether a local date-time falls after `first`'s midnight and by the end of `last`."""
    try:
        return dt.datetime.combine(first, dt.time()) < moment and (
            moment - dt.timedelta(days=1) <= dt.datetime.combine(last, dt.time())
        )
    except OverflowError:
        return False


def _check_session_times(row, event, problems):
    """A session's day is one of its event's days; a `finished_by` without a day falls
    within them; local times are converted to UTC in the circuit's time zone."""
    if row.start_date is not None and not event.start_date <= row.start_date <= event.end_date:
        problems.append(
            Problem(
                "sessions.csv",
                row.line,
                _("the session's day %(day)s is not one of the event's days (%(start)s to %(end)s)")
                % {"day": row.start_date, "start": event.start_date, "end": event.end_date},
            )
        )
    elif (
        row.start_date is None
        and row.finished_local is not None
        and not _within_days(row.finished_local, event.start_date, event.end_date)
    ):
        problems.append(
            Problem(
                "sessions.csv",
                row.line,
                _("finished_by %(finished)s is not within the event's days (%(start)s to %(end)s)")
                % {
                    "finished": f"{row.finished_local:%Y-%m-%dT%H:%M}",
                    "start": event.start_date,
                    "end": event.end_date,
                },
            )
        )
    try:
        if row.starts_local is not None:
            row.starts_at = local_to_utc(row.starts_local, event.timezone)
        if row.finished_local is not None:
            row.finished_by = local_to_utc(row.finished_local, event.timezone)
    except RowError as error:
        problems.append(Problem("sessions.csv", row.line, str(error)))
