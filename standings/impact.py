"""What a change of results would do, before it is made: each car's place and points in
the session, and every title's table (rank, points, the change from now).

The change is written inside a transaction that is then rolled back, and the tables are
computed from the database without their cache (`tables.fresh_tables`): nothing of a
preview is kept, and no reader ever sees its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from standings import tables
from standings.batches import replace_results, row_changes, snapshot
from standings.models import Entry, Title


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class CarLine:
    """A car of the session: its place and its points in the drivers' title, before and
    after (points None: the car scores nothing in that title, a wildcard)."""

    change: object  # batches.RowChange
    old_points: int | None
    new_points: int | None

    @property
    def changed(self):
        return self.change.changed or self.old_points != self.new_points


@dataclass(frozen=True)
class TableLine:
    competitor: str  # a driver's or a team's slug
    name: str
    position: int | None  # None: no longer in the table
    points: int | None
    old_position: int | None  # None: new in the table
    old_points: int | None

    @property
    def moved(self):
        """Places gained (positive) or lost (negative); None when new or gone."""
        if self.position is None or self.old_position is None:
            return None
        return self.old_position - self.position

    @property
    def gained(self):
        return (self.points or 0) - (self.old_points or 0)

    @property
    def changed(self):
        return (self.position, self.points) != (self.old_position, self.old_points)

    @property
    def notes(self):
        """The change from now in words, each with how it reads: [(text, "up"/"down"/"same")]."""
        if self.old_position is None:
            return [(_("new in the table"), "up")]
        if self.position is None:
            return [(_("leaves the table"), "down")]
        notes = []
        moved = self.moved
        if moved > 0:
            notes.append(
                (ngettext("up %(n)d place", "up %(n)d places", moved) % {"n": moved}, "up")
            )
        elif moved < 0:
            notes.append(
                (ngettext("down %(n)d place", "down %(n)d places", -moved) % {"n": -moved}, "down")
            )
        gained = self.gained
        if gained:
            points = ngettext("%(n)s point", "%(n)s points", abs(gained)) % {
                "n": f"{gained:+d}".replace("-", "\N{MINUS SIGN}")
            }
            notes.append((points, "up" if gained > 0 else "down"))
        return notes or [(_("no change"), "same")]


@dataclass(frozen=True)
class TitleImpact:
    title: Title
    lines: list[TableLine]

    @property
    def changed(self):
        return any(line.changed for line in self.lines)


@dataclass(frozen=True)
class Impact:
    after_round: int | None
    titles: list[TitleImpact]
    cars: list[CarLine]  # for a change of one session; [] otherwise

    @property
    def main(self):
        return self.titles[0] if self.titles else None

    @property
    def others(self):
        return self.titles[1:]


def _main_title(titles):
    """The drivers' title everyone scores in, first."""
    main = next(
        (t for t in titles if t.competitors == "drivers" and t.eligible == "all"),
        titles[0] if titles else None,
    )
    return [main, *[t for t in titles if t != main]] if main else []


def impact(season, changes, *, after_round=None):
    """What writing `changes` ({session: [Line]}) would do to the season's tables after
    `after_round` (None: the latest). Nothing is kept."""
    before = tables.fresh_tables(season, after_round=after_round)
    with transaction.atomic():
        for session, lines in changes.items():
            replace_results(session, lines)
        after = tables.fresh_tables(season, after_round=after_round)
        transaction.set_rollback(True)
    titles = _main_title(list(season.titles.all()))
    impacts = [_title_impact(t, before.tables[t.slug], after.tables[t.slug]) for t in titles]
    return Impact(after_round=after_round, titles=impacts, cars=[])


def session_impact(session, lines):
    """impact() of one session's new classification, with each car's place and points in
    the session, in the tables after the session's round."""
    season = session.event.season
    round_number = session.event.round
    old_rows = snapshot(session)
    without = tables.fresh_tables(
        season, after_round=round_number, without={(round_number, session.code)}
    )
    result = impact(season, {session: lines}, after_round=round_number)
    titles = _main_title(list(season.titles.all()))
    new_rows = _rows_of(lines)
    cars = []
    if titles:
        main = titles[0]
        base = _points(without.tables[main.slug])
        old = _table_of(result.main, old=True)
        new = _table_of(result.main, old=False)
        drivers = dict(Entry.objects.filter(season=season).values_list("pk", "driver__slug"))
        for change in row_changes(old_rows, new_rows, only_changed=False):
            driver = drivers.get((change.new or change.old)["entry"])
            cars.append(
                CarLine(
                    change=change,
                    old_points=_session_points(old, base, driver, change.old),
                    new_points=_session_points(new, base, driver, change.new),
                )
            )
    return Impact(after_round=result.after_round, titles=result.titles, cars=cars)


def _rows_of(lines):
    """Snapshot-like rows of lines, named from their entries."""
    entries = {
        entry.pk: entry
        for entry in Entry.objects.filter(pk__in=[line.entry for line in lines]).select_related(
            "driver"
        )
    }
    return [
        {
            "entry": line.entry,
            "number": entries[line.entry].number,
            "driver": entries[line.entry].driver.name,
            "position": line.position,
            "status": line.status,
            "best_lap_ms": line.best_lap_ms,
        }
        for line in lines
    ]


def _points(standings):
    return {row.competitor: row.points for row in standings.rows}


def _table_of(title_impact, *, old):
    return {
        line.competitor: (line.old_points if old else line.points)
        for line in title_impact.lines
        if (line.old_points if old else line.points) is not None
    }


def _session_points(table, base, driver, row):
    """What the session gave `driver`: the table's points with it, less those without it."""
    if row is None:
        return None
    if driver not in table:
        return None  # scores nothing in this title (a wildcard)
    return table[driver] - base.get(driver, 0)


def _title_impact(title, before, after):
    old = {row.competitor: row for row in before.rows}
    lines = []
    for row in after.rows:
        was = old.pop(row.competitor, None)
        lines.append(
            TableLine(
                competitor=row.competitor,
                name=row.name,
                position=row.position,
                points=row.points,
                old_position=was.position if was else None,
                old_points=was.points if was else None,
            )
        )
    for was in old.values():
        lines.append(TableLine(was.competitor, was.name, None, None, was.position, was.points))
    return TitleImpact(title=title, lines=lines)
