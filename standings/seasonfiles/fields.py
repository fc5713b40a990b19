"""The columns and fields only entries, results and adjustments have. The field parsers
and CSV reading every season file shares are events.seasonfiles.fields."""

import re

from django.utils.translation import gettext as _

from events.seasonfiles import RowError
from standings.models import SessionResult

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
ADJUSTMENT_OPTIONAL = ["reason_sv"]
RESULT_STATUSES = list(SessionResult.Status.values)
TITLE_ELIGIBLE = ["all", "junior", "trophy", "female"]
LAP_PATTERN = re.compile(r"^(?:([0-9]{1,2}):)?([0-9]{1,2})\.([0-9]{1,3})$")
MAX_POSITION = 200
MAX_NUMBER = 999


def parse_lap(value):
    """ "1:44.522" -> 104522 ms; "58.301" -> 58301; "" -> None."""
    value = value.strip()
    if not value:
        return None
    match = LAP_PATTERN.match(value)
    if not match:
        raise RowError(
            _("best_lap must look like 1:44.522 or 58.301, not %(value)s") % {"value": repr(value)}
        )
    minutes, seconds, fraction = match.groups()
    if minutes and int(seconds) >= 60:
        raise RowError(
            _("best_lap has %(seconds)s seconds past a minute: %(value)s")
            % {"seconds": seconds, "value": repr(value)}
        )
    if int(minutes or 0) >= 60:
        raise RowError(_("best_lap must be under an hour, not %(value)s") % {"value": repr(value)})
    millis = int(fraction.ljust(3, "0"))
    total = (int(minutes or 0) * 60 + int(seconds)) * 1000 + millis
    if total == 0:
        raise RowError(_("best_lap must be longer than zero"))
    return total
