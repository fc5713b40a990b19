"""Reading and checking the calendar of a season folder: calendar.csv and sessions.csv
(DESIGN.md section 4a), and the field parsers and CSV reading every season file shares.

Every problem names the file, the line and the reason. Parsing never touches the
database: the importers resolve what is read here against it.
"""

from events.seasonfiles.calendar import (
    CalendarRow,
    SessionRow,
    check_calendar,
    check_sessions,
    parse_calendar,
)
from events.seasonfiles.fields import (
    SESSION_CODES,
    Problem,
    RowError,
    SeasonFileError,
    local_to_utc,
    parse_choice,
    parse_int,
    parse_optional_text,
    parse_rows,
    parse_text,
    parse_yes_no,
    refuse_control_characters,
)

__all__ = [
    "SESSION_CODES",
    "CalendarRow",
    "Problem",
    "RowError",
    "SeasonFileError",
    "SessionRow",
    "check_calendar",
    "check_sessions",
    "local_to_utc",
    "parse_calendar",
    "parse_choice",
    "parse_int",
    "parse_optional_text",
    "parse_rows",
    "parse_text",
    "parse_yes_no",
    "refuse_control_characters",
]
