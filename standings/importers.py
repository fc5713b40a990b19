"""Writing a season folder or a results file into the database.

Both imports check everything first (standings.seasonfiles) and then write in one
transaction: a refused file changes nothing, and a second run of the same file
changes nothing either. A dry run does the whole import and rolls it back, so its
report is exactly what a real run would change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from delivery import areas
from drivers.models import Driver, Team, name_slug
from events import history, revisions
from events.models import Circuit, Event, EventChange, Season, Session
from standings import batches, tables
from standings.laps import LapError, check_lap
from standings.models import Adjustment, Entry, PointsScale, ResultBatch, Title
from standings.seasonfiles import (
    Problem,
    SeasonFileError,
    check_results,
    parse_results,
    read_season_folder,
)

# Which content area each kind of imported row belongs to.
AREAS = {
    "seasons": "calendar",
    "circuits": "calendar",
    "events": "calendar",
    "sessions": "calendar",
    "teams": "drivers",
    "drivers": "drivers",
    "titles": "results",
    "points scales": "results",
    "entries": "results",
    "session results": "results",
    "adjustments": "results",
}


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    changes: list[str] = field(default_factory=list)  # what changed, a line each
    warnings: list = field(default_factory=list)
    # Each session whose results changed, with its results before and after.
    sessions: list[batches.SessionChange] = field(default_factory=list)
    batch: ResultBatch | None = None  # the change as recorded (not on a dry run)

    def count(self, label, outcome, n=1):
        self.counts[label][outcome] += n

    def changed_areas(self):
        """The content areas this import changed (none when it changed nothing)."""
        return sorted(
            {
                AREAS[label]
                for label, counter in self.counts.items()
                for outcome in ("created", "updated", "deleted", "replaced")
                if counter[outcome]
            }
        )

    @property
    def changed(self):
        return any(
            counter[outcome]
            for counter in self.counts.values()
            for outcome in ("created", "updated", "deleted", "replaced")
        )

    def summary(self):
        lines = []
        for label, counter in self.counts.items():
            parts = [
                f"{counter[outcome]} {outcome}"
                for outcome in ("created", "updated", "replaced", "deleted", "unchanged")
                if counter[outcome]
            ]
            lines.append(f"{label}: {', '.join(parts)}")
        return lines


class _Rollback(Exception):
    pass


def _sync(report, label, model, lookup, values):
    """Creates or updates one row; reports and returns created, updated or unchanged."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **values})
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.count(label, "created")
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(label, "updated")
        return obj, "updated"
    report.count(label, "unchanged")
    return obj, "unchanged"


def _run(dry_run, apply, *, record=None):
    """Runs apply(report) -> season in one transaction; rolls back on a dry run. With
    `record` ({"kind", "user", "source"}), the results it changed are kept as a batch."""
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            season = apply(report)
            if dry_run:
                raise _Rollback
            if record is not None and report.sessions:
                report.batch = batches.record(season, report.sessions, **record)
            # Bulk writes send no signals: the areas the import changed are named here, and
            # bumped once when it commits (with those its saves marked).
            changed = report.changed_areas()
            areas.changed(*changed)
            if changed:
                # Then the season's tables are computed for every round, here rather than
                # in the first readers' requests.
                transaction.on_commit(lambda: tables.compute_all(season), robust=True)
    except _Rollback:
        pass
    return report


def import_season(folder, *, dry_run=False):
    """Creates or updates everything in a season folder. Raises SeasonFileError."""
    data = read_season_folder(folder)

    def apply(report):
        report.warnings.extend(data.warnings)
        season, _outcome = _sync(
            report,
            "seasons",
            Season,
            {"slug": data.season.slug},
            {
                "name": data.season.name,
                "broadcasters": data.season.broadcasters,
                "notes_en": data.season.notes_en,
                "notes_sv": data.season.notes_sv,
            },
        )
        events = _sync_calendar(report, season, data.calendar)
        titles = _sync_titles(report, season, data.season.titles)
        _sync_scales(report, season, data.season, events, titles)
        _sync_sessions(report, events, data.sessions)
        entries, stale = _sync_entries(report, season, data.entries)
        by_round = {event.round: event for event in events.values() if event.round}
        matched = {line: entries[entry.line] for line, entry in data.result_entries.items()}
        _apply_results(report, by_round, data.results, matched)
        _remove_stale(
            report,
            "entries",
            "entries.csv",
            {str(entry): entry for entry in stale},
            raced={str(entry) for entry in stale if entry.results.exists()},
        )
        if data.adjustments is not None:
            _sync_adjustments(report, season, titles, entries.values(), data.adjustments)
        return season

    return _run(dry_run, apply)


def too_large(name, size):
    """The refusal of a results file of `size` bytes, when over the cap
    (settings.RESULTS_FILE_MAX_BYTES); None when it is not."""
    limit = settings.RESULTS_FILE_MAX_BYTES
    if size <= limit:
        return None
    return _(
        "%(file)s: %(size)s is more than a results file may be (%(limit)s); nothing was read."
    ) % {
        "file": name,
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def import_results(name, text, season, *, dry_run=False, user=None, kind=ResultBatch.Kind.COMMAND):
    """Imports a results.csv for one season, kept as a batch (ResultBatch) that can be
    undone. Raises SeasonFileError."""
    rows, problems = parse_results(name, text)
    entries = list(Entry.objects.filter(season=season).select_related("driver", "team"))
    by_round = {event.round: event for event in Event.objects.filter(season=season).rounds()}
    more, warnings, matched = check_results(name, rows, entries, set(by_round))
    problems.extend(more)
    if problems:
        raise SeasonFileError(problems)

    def apply(report):
        report.warnings.extend(warnings)
        _apply_results(report, by_round, rows, matched, file=name)
        return season

    return _run(dry_run, apply, record={"kind": kind, "user": user, "source": name})


def _sync_calendar(report, season, calendar):
    """Circuits and events as calendar.csv has them. A change of an event's status or
    dates (or of its sessions, in `_sync_sessions`) raises its revision and is kept in its
    history by `events.revisions`, once per import."""
    with revisions.recorded_as(EventChange.Source.IMPORT):
        circuits = {}
        for row in calendar:
            circuits[row.circuit], _outcome = _sync(
                report,
                "circuits",
                Circuit,
                {"name": row.circuit},
                {
                    "city": row.city,
                    "country": row.country,
                    "timezone": row.timezone,
                    "length_km": row.length_km,
                    "corners": row.corners,
                },
            )
        stale = Event.objects.filter(season=season).exclude(slug__in=[row.slug for row in calendar])
        _remove_stale(
            report,
            "events",
            "calendar.csv",
            {event.slug: event for event in stale},
            raced=set(stale.filter(sessions__results__isnull=False).values_list("slug", flat=True)),
        )
        # Free the round numbers that move, so that two events may swap rounds (one save
        # each: the history keeps the round an event had, not the empty one in between).
        wanted = {row.slug: row.round for row in calendar}
        for event in Event.objects.filter(season=season, round__isnull=False):
            if wanted.get(event.slug) != event.round:
                event.round = None
                event.save(update_fields=["round"])
        events = {}
        for row in calendar:
            events[row.slug], _outcome = _sync(
                report,
                "events",
                Event,
                {"season": season, "slug": row.slug},
                {
                    "name_en": row.name,
                    "name_sv": row.name_sv,
                    "circuit_id": circuits[row.circuit].pk,
                    "round": row.round,
                    "start_date": row.start_date,
                    "end_date": row.end_date,
                    "status": row.status,
                    "previous_start_date": row.previous_start_date,
                    "previous_end_date": row.previous_end_date,
                    "announced_on": row.announced,
                },
            )
        for row in calendar:
            event = events[row.slug]
            replaces = events[row.replaces].pk if row.replaces else None
            if event.replaces_id != replaces:
                event.replaces_id = replaces
                event.save(update_fields=["replaces"])
                report.count("events", "updated")
    return events


def _sync_titles(report, season, specs):
    """The season's titles become exactly those of season.toml."""
    for title in season.titles.exclude(slug__in=[spec.slug for spec in specs]):
        title.delete()
        report.count("titles", "deleted")
    titles = {}
    for order, spec in enumerate(specs, start=1):
        titles[spec.slug], _outcome = _sync(
            report,
            "titles",
            Title,
            {"season": season, "slug": spec.slug},
            {
                "name_en": spec.name_en,
                "name_sv": spec.name_sv,
                "order": order,
                "competitors": spec.competitors,
                "eligible": spec.eligible,
                "rerank": spec.rerank,
                "fastest_lap": spec.fastest_lap,
                "fastest_qualifying": spec.fastest_qualifying,
                "min_entrants": spec.min_entrants,
            },
        )
    return titles


def _scale_field(scale):
    """(25, 20, 16) -> "25, 20, 16", as PointsScale.values holds it."""
    return ", ".join(str(points) for points in scale)


def _sync_scales(report, season, spec, events, titles):
    """The season's scales become exactly those of season.toml."""
    wanted = {(None, None, code): scale for code, scale in spec.points.items()}
    for slug, scales in spec.event_points.items():
        wanted.update({(events[slug].pk, None, code): s for code, s in scales.items()})
    for title_spec in spec.titles:
        title = titles[title_spec.slug]
        wanted.update({(None, title.pk, code): s for code, s in title_spec.points.items()})
    existing = {
        (scale.event_id, scale.title_id, scale.session): scale
        for scale in PointsScale.objects.filter(season=season)
    }
    for key, scale in wanted.items():
        values = _scale_field(scale)
        current = existing.pop(key, None)
        if current is None:
            event_id, title_id, code = key
            PointsScale.objects.create(
                season=season, event_id=event_id, title_id=title_id, session=code, values=values
            )
            report.count("points scales", "created")
        elif current.values != values:
            current.values = values
            current.save(update_fields=["values"])
            report.count("points scales", "updated")
        else:
            report.count("points scales", "unchanged")
    for scale in existing.values():
        scale.delete()
        report.count("points scales", "deleted")


def _sync_sessions(report, events, rows):
    """Sessions as sessions.csv has them; then a line for each event whose calendar this
    import changes (its status, dates or sessions), old → new, in the report."""
    with revisions.recorded_as(EventChange.Source.IMPORT):
        for row in rows:
            _sync(
                report,
                "sessions",
                Session,
                {"event": events[row.event], "code": row.code},
                {
                    "start_date": row.start_date,
                    "starts_at": row.starts_at,
                    "duration_min": row.duration_min,
                    "finished_by": row.finished_by,
                },
            )
    _revise(report, events)


def _revise(report, events):
    """The history lines this import gave the events (events.revisions), in the report."""
    changes = EventChange.objects.filter(
        event__in=[event.pk for event in events.values()],
        source=EventChange.Source.IMPORT,
        pk__in=revisions.recorded_in_this_save(),
    ).select_related("event")
    for change in changes.order_by("event__start_date", "event__slug", "pk"):
        for line in history.lines(change):
            report.changes.append(f"{change.event.name}: {line}")


def _team(report, name):
    team = Team.objects.filter(name=name).first()
    if team is not None:
        report.count("teams", "unchanged")
        return team
    base = slugify(name) or "team"
    slug, n = base, 1
    while Team.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    report.count("teams", "created")
    return Team.objects.create(name=name, slug=slug)


def _sync_entries(report, season, rows):
    """Returns {entries.csv line: Entry}. A line keeps its database entry when driver,
    number and wildcard match and the rounds overlap, so rounds, team or car can change."""
    drivers, teams, entries = {}, {}, {}
    existing = list(Entry.objects.filter(season=season).select_related("driver"))
    for row in rows:
        if row.driver_slug not in drivers:
            values = {"name": row.driver}
            if row.nationality:
                values["nationality"] = row.nationality
            drivers[row.driver_slug], _outcome = _sync(
                report, "drivers", Driver, {"slug": row.driver_slug}, values
            )
        if row.team not in teams:
            teams[row.team] = _team(report, row.team)
        entry = _same_entry(existing, row)
        values = {
            "team_id": teams[row.team].pk,
            "car": row.car,
            "junior": row.junior,
            "trophy": row.trophy,
            "female": row.female,
            "rounds": row.rounds,
        }
        if entry:
            lookup = {"pk": entry.pk}
        else:
            lookup = {
                "season": season,
                "driver": drivers[row.driver_slug],
                "number": row.number,
                "wildcard": row.wildcard,
                "rounds": row.rounds,
            }
        entries[row.line], _outcome = _sync(report, "entries", Entry, lookup, values)
        if entry:
            existing.remove(entry)
    return entries, existing


def _same_entry(existing, row):
    for entry in existing:
        if (entry.driver.slug, entry.number, entry.wildcard) != (
            row.driver_slug,
            row.number,
            row.wildcard,
        ):
            continue
        if entry.round_set is None or row.round_set is None or entry.round_set & row.round_set:
            return entry
    return None


def _remove_stale(report, label, file, stale, *, raced):
    """Rows no longer in the file go, unless results still point at them.

    `stale` maps a name for the message to the row; `raced` holds the names with results.
    """
    if raced:
        raise SeasonFileError(
            Problem(
                file, None, _("%(name)s is no longer in the file but has results") % {"name": name}
            )
            for name in sorted(raced)
        )
    for row in stale.values():
        row.delete()
        report.count(label, "deleted")


def _apply_results(report, by_round, rows, matched, *, file="results.csv"):
    """Each session named in the rows gets exactly those rows (unchanged ones stay put)."""
    _check_laps(file, rows)
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.round, row.session)].append(row)
    for (round_number, code), session_rows in sorted(grouped.items()):
        event = by_round[round_number]
        session, created = Session.objects.get_or_create(event=event, code=code)
        if created:
            report.count("sessions", "created")
        wanted = {
            matched[row.line].pk: (row.position, row.status, row.best_lap_ms)
            for row in session_rows
        }
        before = batches.snapshot(session)
        existing = {
            row["entry"]: (row["position"], row["status"], row["best_lap_ms"]) for row in before
        }
        label = _("round %(round)d %(session)s (%(event)s)") % {
            "round": round_number,
            "session": code,
            "event": event.name,
        }
        if wanted == existing:
            report.count("session results", "unchanged")
            continue
        report.changes.append(_describe_change(label, existing, wanted, matched, session_rows))
        batches.replace_results(
            session,
            [
                batches.Line(matched[row.line].pk, row.position, row.status, row.best_lap_ms)
                for row in session_rows
            ],
            write=bulk_create_with_history,  # looked up here, where a test can replace it
        )
        report.sessions.append(batches.SessionChange(session, before, batches.snapshot(session)))
        report.count("session results", "replaced" if existing else "created")


def _check_laps(file, rows):
    """A best lap no car could have driven is refused, with its line."""
    problems = []
    for row in rows:
        try:
            check_lap(row.best_lap_ms)
        except LapError as error:
            problems.append(Problem(file, row.line, str(error)))
    if problems:
        raise SeasonFileError(problems)


def _names(names):
    shown = ", ".join(names[:5])
    return shown + ("…" if len(names) > 5 else "")


def _describe_change(label, existing, wanted, matched, rows):
    """One line of what changed in a session (its cars before and after are in
    ImportReport.sessions)."""
    names = {matched[row.line].pk: row.driver for row in rows}
    added = [names[key] for key in wanted if key not in existing]
    removed = len([key for key in existing if key not in wanted])
    changed = [names[key] for key in wanted if key in existing and existing[key] != wanted[key]]
    if not existing:
        return ngettext(
            "%(session)s: %(n)d new row", "%(session)s: %(n)d new rows", len(wanted)
        ) % {"session": label, "n": len(wanted)}
    parts = []
    if changed:
        parts.append(
            ngettext("%(n)d changed (%(names)s)", "%(n)d changed (%(names)s)", len(changed))
            % {"n": len(changed), "names": _names(changed)}
        )
    if added:
        parts.append(
            ngettext("%(n)d added (%(names)s)", "%(n)d added (%(names)s)", len(added))
            % {"n": len(added), "names": _names(added)}
        )
    if removed:
        parts.append(ngettext("%(n)d removed", "%(n)d removed", removed) % {"n": removed})
    return f"{label}: {'; '.join(parts)}"


def _sync_adjustments(report, season, titles, entries, rows):
    """The season's adjustments become exactly those of adjustments.csv."""
    drivers = {entry.driver.slug: entry.driver for entry in entries}
    teams = {entry.team.name: entry.team for entry in entries}
    wanted = []
    for row in rows:
        title = titles[row.title]
        is_team = title.competitors == Title.Competitors.TEAMS
        wanted.append(
            (
                title.pk,
                row.round,
                None if is_team else drivers[name_slug(row.name)].pk,
                teams[row.name].pk if is_team else None,
                row.points,
                row.reason,
                row.reason_sv,
            )
        )
    current = Adjustment.objects.filter(title__season=season)
    existing = list(
        current.values_list(
            "title_id", "round", "driver_id", "team_id", "points", "reason_en", "reason_sv"
        )
    )
    if Counter(existing) == Counter(wanted):
        report.count("adjustments", "unchanged", len(wanted))
        return
    deleted, _by_model = current.delete()
    Adjustment.objects.bulk_create(
        Adjustment(
            title_id=t, round=r, driver_id=d, team_id=tm, points=p, reason_en=en, reason_sv=sv
        )
        for t, r, d, tm, p, en, sv in wanted
    )
    report.count("adjustments", "deleted", deleted)
    report.count("adjustments", "created", len(wanted))


__all__ = ["ImportReport", "SeasonFileError", "import_results", "import_season", "too_large"]
