"""History lines written as text before the changes were kept field by field become
fields where the text can be read back: "status: scheduled → postponed, start date:
2021-06-03 → 2021-06-10" (the admin wrote the field names in the editor's language), "session
times changed", "calendar.csv imported with changes". Any other text stays as it is and
is shown as it was."""

import re

from django.db import migrations

FIELDS = {
    "status": "status",
    "start date": "start_date",
    "startdatum": "start_date",
    "end date": "end_date",
    "slutdatum": "end_date",
    "round": "round",
    "omgång": "round",
    "circuit": "circuit",
    "bana": "circuit",
    "replaces": "replaces",
    "ersätter": "replaces",
}
SESSIONS = {"session times changed", "passtider ändrade"}
IMPORTED = "calendar.csv imported with changes"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PART = re.compile(r"(?P<label>[^:,]+): (?P<old>[^→]*) → (?P<new>[^→]*)")


def parse(text, circuits, events):
    """[entries] for a text the old admin or import wrote, or None when it cannot be read.
    `circuits`: {pk: name}; `events`: {pk: (season slug, name_en, name_sv)}."""
    text = text.strip()
    if text in SESSIONS:
        return [{"field": "sessions"}], ""
    if text == IMPORTED:
        return [{"field": "imported"}], "import"
    entries = []
    for part in text.split(", "):
        match = PART.fullmatch(part)
        if match is None or match["label"] not in FIELDS:
            return None
        field = FIELDS[match["label"]]
        old, new = (_value(field, match[side], circuits, events) for side in ("old", "new"))
        if old is _UNREADABLE or new is _UNREADABLE:
            return None
        entries.append({"field": field, "old": old, "new": new})
    return entries, "admin"


_UNREADABLE = object()


def _value(field, text, circuits, events):
    if text in ("None", ""):
        return None
    if field == "status":
        return text if text in ("scheduled", "postponed", "cancelled") else _UNREADABLE
    if field in ("start_date", "end_date"):
        return text if DATE.fullmatch(text) else _UNREADABLE
    if field == "round":
        return int(text) if text.isdigit() else _UNREADABLE
    if field == "circuit":
        # The form's initial value was the circuit's id, the saved one its name.
        if text.isdigit():
            return circuits.get(int(text), _UNREADABLE)
        return text
    if field == "replaces":
        if text.isdigit():
            found = events.get(int(text))
            return {"en": found[1], "sv": found[2] or found[1]} if found else _UNREADABLE
        for slug, en, sv in events.values():
            if text in (f"{slug} {en}", f"{slug} {sv}"):
                return {"en": en, "sv": sv or en}
        return _UNREADABLE
    return _UNREADABLE


def forwards(apps, schema_editor):
    EventChange = apps.get_model("events", "EventChange")
    Circuit = apps.get_model("events", "Circuit")
    Event = apps.get_model("events", "Event")
    old = [change for change in EventChange.objects.exclude(description="") if not change.changes]
    if not old:
        return
    circuits = dict(Circuit.objects.values_list("pk", "name"))
    events = {
        pk: (slug, en, sv)
        for pk, slug, en, sv in Event.objects.values_list("pk", "season__slug", "name_en", "name_sv")
    }
    for change in old:
        parsed = parse(change.description, circuits, events)
        if parsed is None:
            continue  # shown as it was written
        change.changes, change.source = parsed
        change.description = ""
        change.save(update_fields=["changes", "source", "description"])


class Migration(migrations.Migration):
    dependencies = [("events", "0009_event_history_in_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
