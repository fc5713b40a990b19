"""Lap times as people write them: "1:44.522" in, milliseconds stored, "1:44.522" shown.

A timing sheet writes minutes, seconds and thousandths. Typed in a hurry, a lap also comes
as "104.522" (seconds) or "1.44,522" (a Swedish keyboard): both are read as 1:44.522. What
cannot be read for sure ("104522", "1:44") is refused with the form it should take.
"""

import re

from django.utils.translation import gettext as _

# No touring car laps a circuit in less than 20 seconds, nor takes 20 minutes for its best
# lap (the Nordschleife takes about nine).
MIN_LAP_MS = 20_000
MAX_LAP_MS = 20 * 60_000

# minutes : seconds . thousandths, the separators as a hurried hand types them
_FULL = re.compile(r"(\d{1,2})\s*[:.,;]\s*(\d{1,2})\s*[.,]\s*(\d{1,})", re.ASCII)
# seconds . thousandths (more than 59 seconds is minutes too)
_SECONDS = re.compile(r"(\d{1,4})\s*[.,]\s*(\d{1,})", re.ASCII)


class LapError(ValueError):
    """A lap time that cannot be read, or is out of range; the message says why."""


def format_lap(milliseconds):
    """104522 -> "1:44.522"; 58301 -> "58.301"; None -> ""."""
    if milliseconds is None or milliseconds == "":
        return ""
    minutes, rest = divmod(int(milliseconds), 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{minutes}:{seconds:02d}.{millis:03d}" if minutes else f"{seconds}.{millis:03d}"


def parse_lap(text):
    """ "1:44.522", "1:44,522", "1.44,522", "104.522" -> 104522; "" -> None. Raises LapError."""
    value = (text or "").strip()
    if not value:
        return None
    example = {"example": "1:44.522"}
    if match := _FULL.fullmatch(value):
        minutes, seconds, fraction = match.groups()
        if int(seconds) >= 60:
            raise LapError(
                _("%(lap)s has %(seconds)s seconds: a minute has 60. Write it like %(example)s.")
                % {"lap": value, "seconds": seconds, **example}
            )
        if len(seconds) == 1:
            raise LapError(
                _("Write the seconds with two digits, like %(example)s, not %(lap)s.")
                % {"lap": value, **example}
            )
    elif match := _SECONDS.fullmatch(value):
        minutes = "0"
        seconds, fraction = match.groups()
    elif value.isascii() and value.isdigit():
        raise LapError(
            _(
                "%(lap)s has no minutes or seconds: write the lap as minutes:seconds.thousandths, "
                "like %(example)s."
            )
            % {"lap": value, **example}
        )
    else:
        raise LapError(
            _("%(lap)s is not a lap time: write minutes:seconds.thousandths, like %(example)s.")
            % {"lap": value, **example}
        )
    if len(fraction) > 3:
        raise LapError(
            _("%(lap)s has more than thousandths of a second: write it like %(example)s.")
            % {"lap": value, **example}
        )
    total = (int(minutes) * 60 + int(seconds)) * 1000 + int(fraction.ljust(3, "0"))
    check_lap(total)
    return total


def check_lap(milliseconds):
    """Raises LapError when a lap of `milliseconds` is too short or too long to be one."""
    if milliseconds is None:
        return
    if milliseconds < MIN_LAP_MS:
        raise LapError(
            _("A lap of %(lap)s is too short: a best lap takes at least %(min)s.")
            % {"lap": format_lap(milliseconds), "min": format_lap(MIN_LAP_MS)}
        )
    if milliseconds > MAX_LAP_MS:
        raise LapError(
            _("A lap of %(lap)s is too long: a best lap takes at most %(max)s.")
            % {"lap": format_lap(milliseconds), "max": format_lap(MAX_LAP_MS)}
        )
