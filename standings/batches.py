"""Changes of results kept as batches, and undone.

Every applied change of results (a session's classification typed or uploaded in the
admin, a results file uploaded in the admin, `manage.py import_results`) is recorded as a
ResultBatch: each session it touched, with its results before and after. Undoing a batch
puts those sessions back as they were before it, as a batch of its own (so an undo can be
undone too), and only when nothing changed them since: a later batch or an edit by hand
must be undone first. Every write marks the results area, and the season's tables are
computed again once it commits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from delivery import areas
from events.models import Session
from standings import tables
from standings.laps import format_lap
from standings.models import Entry, ResultBatch, ResultBatchSession, SessionResult, session_name


@dataclass(frozen=True)
class Line:
    """One row of a session's classification as it is stored: an entry's place."""

    entry: int  # Entry pk
    position: int | None
    status: str
    best_lap_ms: int | None = None

    @classmethod
    def of(cls, row):
        """The line of a snapshot row (a dict) or of a Line."""
        if isinstance(row, Line):
            return row
        return cls(row["entry"], row["position"], row["status"], row["best_lap_ms"])


def snapshot(session):
    """The session's results as stored: a list of dicts, in classification order."""
    results = (
        SessionResult.objects.filter(session=session)
        .select_related("entry__driver")
        .order_by(F("position").asc(nulls_last=True), "entry__number", "entry_id")
    )
    return [
        {
            "entry": result.entry_id,
            "number": result.entry.number,
            "driver": result.entry.driver.name,
            "position": result.position,
            "status": result.status,
            "best_lap_ms": result.best_lap_ms,
        }
        for result in results
    ]


def key_of(rows):
    """What two classifications are compared by (names and numbers aside)."""
    return tuple(
        sorted(
            (line.entry, line.position or 0, line.status, line.best_lap_ms or 0)
            for line in map(Line.of, rows)
        )
    )


def digest(session, rows):
    """A short fingerprint of a session's classification, for a preview to name what it saw."""
    text = json.dumps([session.pk, key_of(rows)])
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def replace_results(session, lines, *, user=None, write=bulk_create_with_history):
    """The session's results become exactly `lines` (each result's history starts here)."""
    SessionResult.objects.filter(session=session).delete()
    write(
        [
            SessionResult(
                session=session,
                entry_id=line.entry,
                position=line.position,
                status=line.status,
                best_lap_ms=line.best_lap_ms,
            )
            for line in map(Line.of, lines)
        ],
        SessionResult,
        default_user=user,
    )


def results_changed(season):
    """Readers see the change when it commits; the season's tables are computed then."""
    areas.changed("results")
    transaction.on_commit(lambda: tables.compute_all(season), robust=True)


# What changed, for people ----------------------------------------------------------------


def place_text(row):
    """A row's place in words: "3", "Did not finish", a dash (no row)."""
    if row is None:
        return "\N{EN DASH}"
    if row["status"] == SessionResult.Status.CLASSIFIED and row["position"] is not None:
        return str(row["position"])
    return str(SessionResult.Status(row["status"]).label)


@dataclass(frozen=True)
class RowChange:
    """One car in a session: its row before and after (None: no row)."""

    number: int | None
    driver: str
    old: dict | None
    new: dict | None

    @property
    def old_place(self):
        return place_text(self.old)

    @property
    def new_place(self):
        return place_text(self.new)

    @property
    def old_lap(self):
        return format_lap(self.old["best_lap_ms"]) if self.old else ""

    @property
    def new_lap(self):
        return format_lap(self.new["best_lap_ms"]) if self.new else ""

    @property
    def changed(self):
        return self.old is None or self.new is None or Line.of(self.old) != Line.of(self.new)


def row_changes(before, after, *, only_changed=True):
    """Each car of either list with its row before and after, in the order of `after`,
    then the cars that lost their row."""
    old = {row["entry"]: row for row in before}
    new = {row["entry"]: row for row in after}
    order = [row["entry"] for row in after] + [row["entry"] for row in before]
    seen, changes = set(), []
    for entry in order:
        if entry in seen:
            continue
        seen.add(entry)
        row = new.get(entry) or old[entry]
        change = RowChange(row["number"], row["driver"], old.get(entry), new.get(entry))
        if change.changed or not only_changed:
            changes.append(change)
    return changes


@dataclass(frozen=True)
class SessionChange:
    """A session a change touched, with its results before and after."""

    session: Session | None
    before: list
    after: list
    label: str = ""

    @property
    def name(self):
        return session_name(self.session) if self.session is not None else self.label

    @property
    def rows(self):
        return row_changes(self.before, self.after)


def changes_of(batch):
    """[SessionChange] of a recorded batch."""
    return [
        SessionChange(part.session, part.before, part.after, part.label)
        for part in batch.sessions.select_related("session__event")
    ]


# Recording -------------------------------------------------------------------------------


def _label(session):
    event = session.event
    return f"{event.season.slug} {event.name_en} {session.code}"


def record(season, changes, *, kind, user=None, source="", token="", undoes=None):
    """A batch of `changes` ([SessionChange]); in the caller's transaction."""
    batch = ResultBatch.objects.create(
        season=season,
        created_by=user,
        kind=kind,
        source=source[:255],
        token=token,
        undoes=undoes,
    )
    ResultBatchSession.objects.bulk_create(
        ResultBatchSession(
            batch=batch,
            session=change.session,
            label=_label(change.session),
            before=change.before,
            after=change.after,
        )
        for change in changes
    )
    return batch


class StalePreview(Exception):
    """The session's results changed since the preview was made."""


class AlreadyApplied(Exception):
    """This preview was applied already (a second submit)."""

    def __init__(self, batch):
        super().__init__(batch)
        self.batch = batch


def apply_session(session, lines, *, user, kind, source="", token, seen):
    """Writes `lines` as the session's results and records the batch, if the session's
    results are still those the preview saw (`seen`, their digest) and this preview
    (`token`) was not applied yet. Returns the batch (None: nothing to change)."""
    season = session.event.season
    with transaction.atomic():
        # One change of a session at a time: a second editor waits here, then finds the
        # results changed under their preview.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        done = ResultBatch.objects.filter(token=token).first() if token else None
        if done is not None:
            raise AlreadyApplied(done)
        before = snapshot(session)
        if digest(session, before) != seen:
            raise StalePreview
        if key_of(before) == key_of(lines):
            return None
        try:
            with transaction.atomic():
                batch = record(season, [], kind=kind, user=user, source=source, token=token)
        except IntegrityError:
            raise AlreadyApplied(ResultBatch.objects.filter(token=token).first()) from None
        replace_results(session, lines, user=user)
        ResultBatchSession.objects.create(
            batch=batch,
            session=session,
            label=_label(session),
            before=before,
            after=snapshot(session),
        )
        results_changed(season)
    return batch


# Undoing ---------------------------------------------------------------------------------


class UndoRefused(Exception):
    """Why a batch cannot be undone: a list of sentences for the person who asked."""

    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = list(reasons)


def undo_problems(batch):
    """Why `batch` cannot be undone now ([] when it can)."""
    if batch.undone_at is not None:
        return [_("This change has been undone already.")]
    problems = []
    parts = list(batch.sessions.select_related("session__event"))
    for part in parts:
        if part.session is None:
            problems.append(
                _("%(session)s no longer exists: this change cannot be undone.")
                % {"session": part.label}
            )
        elif key_of(snapshot(part.session)) != key_of(part.after):
            problems.append(_changed_since(batch, part))
    needed = {row["entry"] for part in parts for row in part.before}
    present = set(Entry.objects.filter(pk__in=needed).values_list("pk", flat=True))
    for part in parts:
        for row in part.before:
            if row["entry"] not in present:
                problems.append(
                    _("The entry of %(driver)s in %(session)s has been deleted since.")
                    % {"driver": row["driver"], "session": part.name}
                )
                present.add(row["entry"])  # named once
    return problems


def _changed_since(batch, part):
    later = list(
        ResultBatch.objects.filter(
            sessions__session=part.session, pk__gt=batch.pk, undone_at__isnull=True
        )
        .distinct()
        .order_by("-pk")
    )
    if later:
        return _(
            "The results of %(session)s have changed since: undo the later changes first, "
            "newest first (%(later)s)."
        ) % {"session": part.name, "later": "; ".join(str(b) for b in later)}
    return _(
        "The results of %(session)s have been edited by hand since: this change cannot be "
        "undone without losing that edit."
    ) % {"session": part.name}


def undo(batch, *, user):
    """Puts the sessions of `batch` back as they were before it; returns the undo's own
    batch. Raises UndoRefused (nothing changed) when that would lose a later change."""
    with transaction.atomic():
        batch = ResultBatch.objects.select_for_update().get(pk=batch.pk)
        sessions = [part.session_id for part in batch.sessions.all() if part.session_id]
        list(Session.objects.select_for_update().filter(pk__in=sessions).order_by("pk"))
        if problems := undo_problems(batch):
            raise UndoRefused(problems)
        changes = []
        for part in batch.sessions.select_related("session__event__season"):
            now = snapshot(part.session)
            replace_results(part.session, part.before, user=user)
            changes.append(SessionChange(part.session, now, snapshot(part.session)))
        undone = record(batch.season, changes, kind=ResultBatch.Kind.UNDO, user=user, undoes=batch)
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.save(update_fields=["undone_at", "undone_by"])
        results_changed(batch.season)
    return undone
