"""An event's revisions: every change of its calendar, whatever made it.

A save that changes an event's status, dates, round, circuit, replacement, first planned
dates or announcement day, or one of its sessions' code, day, start, length or "finished
by", or that adds a session to an event that existed already or removes one, does two
things in its transaction:

- the event's `sequence` (the iCalendar SEQUENCE) goes up by one, so that calendar apps
  replace their copy of its sessions;
- an `EventChange` keeps what changed: field, old value, new value (`events.history`
  says it in words, in the reader's language).

Both happen once per save, however many rows it writes: a save is the outermost atomic
block around the change (a test case's own blocks do not count): an admin form with its
inline rows, an import, a command. Without a transaction each row's save is a change of
its own. An event created in the same save gets neither: it has nothing to revise yet.

The signals below compare what a save writes with what was stored, so no admin page,
import or script can forget. `QuerySet.update()` and bulk writes send no signals: code
that changes the calendar that way must say so itself (`record`).
"""

import contextlib
import contextvars
import datetime as dt

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from events.models import Circuit, Event, EventChange, Session

EVENT_FIELDS = [
    "status",
    "start_date",
    "end_date",
    "round",
    "circuit",
    "replaces",
    "previous_start_date",
    "previous_end_date",
    "announced_on",
]
SESSION_FIELDS = ["code", "start_date", "starts_at", "duration_min", "finished_by"]

# Who is making the changes being saved: (user or None, EventChange.Source value or "").
_author = contextvars.ContextVar("events_revisions_author", default=(None, ""))


@contextlib.contextmanager
def recorded_as(source, user=None):
    """The changes saved inside are kept as made in `source` ("admin", "import"), by
    `user` (a signed-in staff member) when given."""
    token = _author.set((user, source))
    try:
        yield
    finally:
        _author.reset(token)


# Which save a change belongs to --------------------------------------------------------


class _Mark:
    """Kept in the transaction's commit callbacks: in save `batch`, event `event_id` was
    created ("new") or revised ("revised", its history line `change_id`). A callback
    registered inside a savepoint that rolls back is dropped with it, as are the writes it
    stands for; at commit it does nothing."""

    def __init__(self, batch, event_id, kind, change_id=None):
        self.block, self.key = batch
        self.event_id = event_id
        self.kind = kind
        self.change_id = change_id
        self.ran = False

    def __call__(self):
        self.ran = True


def _batch(connection):
    """(block, key) of the save under way: the outermost atomic block that is not a test
    case's, with the savepoints up to it (a block reused by a decorator is a new save each
    time it is entered); None outside one."""
    if not connection.in_atomic_block:
        return None
    for index, block in enumerate(connection.atomic_blocks):
        if not block._from_testcase:
            return block, tuple(connection.savepoint_ids[:index])
    return None


def _marks(connection, batch, event_id):
    for _sids, callback, _robust in connection.run_on_commit:
        if (
            isinstance(callback, _Mark)
            and not callback.ran
            and callback.event_id == event_id
            and callback.block is batch[0]
            and callback.key == batch[1]
        ):
            yield callback


def recorded_in_this_save():
    """The ids of the history lines (EventChange) the save under way has written."""
    connection = transaction.get_connection()
    batch = _batch(connection)
    if batch is None:
        return []
    return [
        callback.change_id
        for _sids, callback, _robust in connection.run_on_commit
        if isinstance(callback, _Mark)
        and not callback.ran
        and callback.change_id is not None
        and callback.block is batch[0]
        and callback.key == batch[1]
    ]


def _mark(batch, event_id, kind, change_id=None):
    if batch is not None:
        transaction.on_commit(_Mark(batch, event_id, kind, change_id))


def record(event_id, entries):
    """The event changed as `entries` say (see the module): its revision goes up, once per
    save, and the save's history line gets the entries."""
    if not entries or event_id is None:
        return
    batch = _batch(transaction.get_connection())
    marks = list(_marks(transaction.get_connection(), batch, event_id)) if batch else []
    if any(mark.kind == "new" for mark in marks):
        return
    revised = next((mark for mark in marks if mark.kind == "revised"), None)
    if revised is None and not Event.objects.filter(pk=event_id).update(sequence=F("sequence") + 1):
        return  # the event is gone
    change = None
    if revised is not None and revised.change_id is not None:
        change = EventChange.objects.filter(pk=revised.change_id).first()
    if change is None:
        user, source = _author.get()
        change = EventChange.objects.create(
            event_id=event_id,
            changes=merged([], entries),
            source=source,
            changed_by=user if user is not None and user.pk is not None else None,
        )
        if revised is None:
            _mark(batch, event_id, "revised", change.pk)
        else:
            revised.change_id = change.pk
        return
    change.changes = merged(change.changes, entries)
    if change.changes:
        change.save(update_fields=["changes"])
    else:
        change.delete()  # changed and changed back within one save
        revised.change_id = None


def _key(entry):
    return entry.get("session"), "presence" if "action" in entry else entry.get("field")


def merged(existing, entries):
    """The entries of one save: a field changed twice keeps its first old value and its
    last new one, and is left out when it is back where it was."""
    result = [dict(entry) for entry in existing]
    for entry in entries:
        key = _key(entry)
        found = next((i for i, e in enumerate(result) if _key(e) == key), None)
        if found is None:
            result.append(dict(entry))
        elif "action" in entry:
            if result[found]["action"] != entry["action"]:
                del result[found]  # added and removed again (or the reverse)
            else:
                result[found] = dict(entry)
        else:
            combined = {**entry, "old": result[found]["old"]}
            if combined["old"] == combined["new"]:
                del result[found]
            else:
                result[found] = combined
    return result


# What a save changes ---------------------------------------------------------------------


def _json(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _normal(field, value):
    try:
        return field.to_python(value)
    except Exception:  # noqa: BLE001 - compared as it is
        return value


def _stored(model, instance, names, update_fields):
    """{attname: stored value} of the fields this save writes, or None for a new row."""
    if instance._state.adding or instance.pk is None:
        return None
    fields = [model._meta.get_field(name) for name in names]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if not fields:
        return {}
    return model._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first()


def _event_entries(instance, stored):
    entries = []
    for name in EVENT_FIELDS:
        field = Event._meta.get_field(name)
        if field.attname not in stored:
            continue
        old = _normal(field, stored[field.attname])
        new = _normal(field, getattr(instance, field.attname))
        if old == new:
            continue
        if name == "circuit":
            names = dict(Circuit.objects.filter(pk__in=[old, new]).values_list("pk", "name"))
            old, new = names.get(old), names.get(new)
        elif name == "replaces":
            found = {
                pk: {"en": en, "sv": sv or en}
                for pk, en, sv in Event.objects.filter(pk__in=[old, new]).values_list(
                    "pk", "name_en", "name_sv"
                )
            }
            old, new = found.get(old), found.get(new)
        entries.append({"field": name, "old": _json(old), "new": _json(new)})
    return entries


def _zone_of(event_id):
    return (
        Event.objects.filter(pk=event_id).values_list("circuit__timezone", flat=True).first()
        or "UTC"
    )


def _presence(session, action):
    entry = {"session": session.code, "action": action}
    if session.start_date is not None:
        entry["start_date"] = _json(session.start_date)
    if session.starts_at is not None:
        entry["starts_at"] = _json(session.starts_at)
        entry["zone"] = _zone_of(session.event_id)
    return entry


def _session_entries(instance, stored):
    entries, zone = [], None
    for name in SESSION_FIELDS:
        field = Session._meta.get_field(name)
        if field.attname not in stored:
            continue
        old = _normal(field, stored[field.attname])
        new = _normal(field, getattr(instance, field.attname))
        if old == new:
            continue
        code = stored.get("code", instance.code)
        entry = {"session": code, "field": name, "old": _json(old), "new": _json(new)}
        if name in ("starts_at", "finished_by"):
            zone = zone or _zone_of(instance.event_id)
            entry["zone"] = zone
        entries.append(entry)
    return entries


# Signals ----------------------------------------------------------------------------------


def _event_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._revision_stored = (
        None if raw else _stored(Event, instance, EVENT_FIELDS, update_fields)
    )


def _event_saved(sender, instance, created=False, raw=False, **kwargs):
    stored = instance.__dict__.pop("_revision_stored", None)
    if raw:
        return
    if created:
        _mark(_batch(transaction.get_connection()), instance.pk, "new")
    elif stored:
        record(instance.pk, _event_entries(instance, stored))


def _session_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._revision_stored = (
        None if raw else _stored(Session, instance, [*SESSION_FIELDS, "event"], update_fields)
    )


def _session_saved(sender, instance, created=False, raw=False, **kwargs):
    stored = instance.__dict__.pop("_revision_stored", None)
    if raw:
        return
    if created:
        record(instance.event_id, [_presence(instance, "added")])
        return
    if not stored:
        return
    before = stored.get("event_id", instance.event_id)
    if before != instance.event_id:
        # Moved to another event: gone from one, added to the other.
        old = Session(
            event_id=before,
            code=stored.get("code", instance.code),
            start_date=stored.get("start_date"),
            starts_at=stored.get("starts_at"),
        )
        record(before, [_presence(old, "removed")])
        record(instance.event_id, [_presence(instance, "added")])
        return
    record(instance.event_id, _session_entries(instance, stored))


def _session_deleted(sender, instance, origin=None, **kwargs):
    # A session deleted with its event (or season) is no change of an event that stays.
    own = isinstance(origin, Session) or (isinstance(origin, QuerySet) and origin.model is Session)
    if own:
        record(instance.event_id, [_presence(instance, "removed")])


def connect():
    uid = "events.revisions"
    pre_save.connect(_event_before, sender=Event, dispatch_uid=f"{uid}.event-before")
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}.event-saved")
    pre_save.connect(_session_before, sender=Session, dispatch_uid=f"{uid}.session-before")
    post_save.connect(_session_saved, sender=Session, dispatch_uid=f"{uid}.session-saved")
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid=f"{uid}.session-deleted")
