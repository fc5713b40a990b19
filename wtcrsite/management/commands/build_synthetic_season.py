"""Build a synthetic benchmark season at N times the size of the shipped 2021 data.

    python manage.py build_synthetic_season [--scale 10] [--dry-run]

The 2021 rules; the calendar run twice (a second copy of every round, a year on) and N/2
times the drivers (clearly synthetic names: "Synthetic Driver 0001", at most 200, the
format's largest classification), every session fully classified: at the default scale
about ten times the result rows of the real season. It is written as a season folder and
loaded with the normal importer, as season `synthetic-<N>x`. `make run` never loads it;
it exists to show that pages make the same number of queries whatever the size. It also
makes N times the articles, photos and milestones there are (synthetic copies).
"""

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from news.synthetic import multiply_news
from standings.importers import import_season

SOURCE = settings.BASE_DIR / "data" / "seasons" / "2021"
FLAGS = ("junior", "trophy", "female")
REPEAT = 2  # the calendar, run this many times
ROUNDS = 8  # rounds of the real calendar
MAX_PLACES = 200  # the season format's largest position
SHIFT = dt.timedelta(days=7 * 52)


def _shifted(text):
    return (dt.date.fromisoformat(text[:10]) + SHIFT).isoformat() + text[10:] if text else ""


def _twice(target):
    """calendar.csv and sessions.csv with a second copy of every round, a year on."""
    calendar = list(csv.DictReader(io.StringIO((SOURCE / "calendar.csv").read_text("utf-8"))))
    fields = list(calendar[0])
    # The copy is a plain scheduled round: not moved, with no announcement of a change.
    plain = {"replaces": "", "previous_start_date": "", "previous_end_date": "", "announced": ""}
    copies = [
        row
        | {column: value for column, value in plain.items() if column in row}
        | {
            "round": str(int(row["round"]) + ROUNDS),
            "slug": f"{row['slug']}-again",
            "name": f"{row['name']} (again)",
            "start_date": _shifted(row["start_date"]),
            "end_date": _shifted(row["end_date"]),
        }
        | ({"name_sv": f"{row['name_sv']} (igen)"} if row.get("name_sv") else {})
        for row in calendar
        if row["round"]
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(calendar + copies)
    (target / "calendar.csv").write_text(out.getvalue(), encoding="utf-8")

    sessions = list(csv.DictReader(io.StringIO((SOURCE / "sessions.csv").read_text("utf-8"))))
    copied = {row["slug"] for row in calendar if row["round"]}
    more = [
        row
        | {"event": f"{row['event']}-again", "starts_local": _shifted(row["starts_local"])}
        | ({"finished_by": _shifted(row["finished_by"])} if row.get("finished_by") else {})
        for row in sessions
        if row["event"] in copied
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(sessions[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(sessions + more)
    (target / "sessions.csv").write_text(out.getvalue(), encoding="utf-8")


def synthetic_folder(target, scale):
    """Write the synthetic season folder into `target`; return its slug."""
    slug = f"synthetic-{scale}x"
    toml = (SOURCE / "season.toml").read_text(encoding="utf-8")
    toml = re.sub(r'^slug = ".*"$', f'slug = "{slug}"', toml, count=1, flags=re.M)
    toml = re.sub(
        r'^name = ".*"$',
        f'name = "Synthetic benchmark season ({scale}x)"',
        toml,
        count=1,
        flags=re.M,
    )
    toml = re.sub(r"^notes = .*$", "", toml, count=1, flags=re.M)
    (target / "season.toml").write_text(toml, encoding="utf-8")
    _twice(target)

    real_entries = list(csv.DictReader(io.StringIO((SOURCE / "entries.csv").read_text("utf-8"))))
    season_entries = [e for e in real_entries if e["wildcard"] == "no"]
    drivers = min(len({e["driver"] for e in real_entries}) * scale // REPEAT, MAX_PLACES)
    entries = io.StringIO()
    writer = csv.writer(entries, lineterminator="\n")
    writer.writerow(
        ["number", "driver", "nationality", "team", "car", *FLAGS, "wildcard", "rounds"]
    )
    for n in range(1, drivers + 1):
        model = season_entries[n % len(season_entries)]
        writer.writerow(
            [
                n,
                f"Synthetic Driver {n:04d}",
                model["nationality"],
                f"Synthetic Team {(n - 1) // 2 + 1:03d}",
                model["car"],
                *(model[flag] for flag in FLAGS),
                "no",
                "All",
            ]
        )
    (target / "entries.csv").write_text(entries.getvalue(), encoding="utf-8")

    real = {
        (int(row["round"]), row["session"])
        for row in csv.DictReader(io.StringIO((SOURCE / "results.csv").read_text("utf-8")))
    }
    sessions = sorted(real | {(number + ROUNDS, code) for number, code in real})
    results = io.StringIO()
    writer = csv.writer(results, lineterminator="\n")
    writer.writerow(["round", "session", "position", "number", "driver", "status", "best_lap"])
    for round_number, code in sessions:
        # A different, fixed order per session: every driver classified.
        offset = (round_number * 7 + len(code) * 3 + ord(code[-1])) % drivers
        for position in range(1, drivers + 1):
            n = (position - 1 + offset) % drivers + 1
            lap = f"1:{40 + position // 60:02d}.{(position * 37) % 1000:03d}"
            writer.writerow(
                [round_number, code, position, n, f"Synthetic Driver {n:04d}", "classified", lap]
            )
    (target / "results.csv").write_text(results.getvalue(), encoding="utf-8")
    return slug


class Command(BaseCommand):
    help = (
        "Build and import a synthetic benchmark season at N times the real data, and N times "
        "the articles, photos and milestones there are (not for the demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10, help="Size factor (default 10).")
        parser.add_argument("--dry-run", action="store_true", help="Check it, change nothing.")

    def handle(self, *args, scale, dry_run=False, verbosity=1, **options):
        with tempfile.TemporaryDirectory() as folder:
            slug = synthetic_folder(Path(folder), scale)
            report = import_season(Path(folder), dry_run=dry_run)
        added = 0 if dry_run else multiply_news(scale)
        if verbosity >= 1:
            state = "checked" if dry_run else ("loaded" if report.changed else "up to date")
            self.stdout.write(f"Synthetic season {slug}: {state}.")
            if added:
                self.stdout.write(
                    f"Synthetic news: {added} copies of articles, photos, milestones."
                )
