"""An event's history in words, in the active language: "Status: scheduled → postponed",
"Start date: 3 June 2021 → 10 June 2021", "Qualifying, start: 4 June 2021, 14:05 →
4 June 2021, 14:30 (track time)". What each `EventChange` holds is written by
`events.revisions`; a line recorded before that, as plain text, is shown as it was."""

import datetime as dt
import zoneinfo

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.models import Event, EventChange, Session

NOTHING = "—"


def lines(change):
    """The change's lines, in the active language."""
    if not change.changes:
        return [change.description] if change.description else []
    # A new start says the new day too.
    timed = {e["session"] for e in change.changes if e.get("field") == "starts_at" and e.get("new")}
    return [
        line(entry)
        for entry in change.changes
        if not (entry.get("field") == "start_date" and entry.get("session") in timed)
    ]


def author(change):
    """Who or what made the change, in words ("" when not known)."""
    if change.changed_by is not None:
        return change.changed_by.get_full_name() or change.changed_by.get_username()
    if change.source:
        return capfirst(EventChange.Source(change.source).label)
    return ""


def line(entry):
    if "session" in entry:
        return _session_line(entry)
    name = entry.get("field")
    if name == "sessions":  # a line recorded before the fields were kept
        return _("Session times changed")
    if name == "imported":
        return _("Changed by a season folder import (the details were not kept)")
    try:
        label = capfirst(Event._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field this version does not know
        label = name
    return _("%(what)s: %(old)s → %(new)s") % {
        "what": label,
        "old": _event_value(name, entry.get("old")),
        "new": _event_value(name, entry.get("new")),
    }


def _event_value(name, value):
    if value in (None, ""):
        return NOTHING
    if name == "status":
        try:
            return str(Event.Status(value).label).lower()
        except ValueError:
            return str(value)
    if name in (
        "start_date",
        "end_date",
        "previous_start_date",
        "previous_end_date",
        "announced_on",
    ):
        return _date(value)
    if name == "replaces" and isinstance(value, dict):
        return value.get(get_language()) or value.get("en") or NOTHING
    return str(value)


def _session_name(code):
    try:
        return str(Session.Code(code).label)
    except ValueError:
        return str(code)


SESSION_FIELDS = {
    "start_date": lambda: _("day"),
    "starts_at": lambda: _("start"),
    "duration_min": lambda: _("length"),
    "finished_by": lambda: _("finished by"),
    "code": lambda: _("session"),
}


def _session_line(entry):
    session = _session_name(entry["session"])
    zone = entry.get("zone") or "UTC"
    action = entry.get("action")
    if action == "added":
        if entry.get("starts_at"):
            return _("%(session)s added: %(start)s (track time)") % {
                "session": session,
                "start": _moment(entry["starts_at"], zone),
            }
        if entry.get("start_date"):
            return _("%(session)s added: %(day)s") % {
                "session": session,
                "day": _date(entry["start_date"]),
            }
        return _("%(session)s added") % {"session": session}
    if action == "removed":
        return _("%(session)s removed") % {"session": session}
    name = entry.get("field")
    what = SESSION_FIELDS[name]() if name in SESSION_FIELDS else str(name)
    old, new = entry.get("old"), entry.get("new")
    values = {"session": session, "what": what}
    if name in ("starts_at", "finished_by"):
        return _("%(session)s, %(what)s: %(old)s → %(new)s (track time)") % {
            **values,
            "old": _moment(old, zone),
            "new": _moment(new, zone),
        }
    if name == "start_date":
        old, new = _date(old), _date(new)
    elif name == "duration_min":
        old, new = _minutes(old), _minutes(new)
    elif name == "code":
        old, new = _session_name(old), _session_name(new)
    return _("%(session)s, %(what)s: %(old)s → %(new)s") % {
        **values,
        "old": NOTHING if old in (None, "") else old,
        "new": NOTHING if new in (None, "") else new,
    }


def _date(value):
    if not value:
        return NOTHING
    try:
        return formats.date_format(dt.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return str(value)


def _moment(value, zone):
    if not value:
        return NOTHING
    try:
        local = dt.datetime.fromisoformat(value).astimezone(zoneinfo.ZoneInfo(zone))
    except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return str(value)
    return _("%(date)s, %(time)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


def _minutes(value):
    if value in (None, ""):
        return NOTHING
    return _("%(minutes)s min") % {"minutes": value}
