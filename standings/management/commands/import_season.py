"""Create or update a season from a season folder (DESIGN.md section 4a).

    python manage.py import_season data/seasons/2021 [--dry-run]

Everything is checked before anything is written, in one transaction: a bad file
stops the import with the file, the line and the reason, and changes nothing.
Running it again on the same folder changes nothing.
"""

from django.core.management.base import BaseCommand, no_translations

from standings.importers import import_season
from standings.management.commands._output import run_import


class Command(BaseCommand):
    help = (
        "Create or update a season from a season folder (season.toml, calendar.csv, "
        "sessions.csv, entries.csv, results.csv, optional adjustments.csv). Atomic and "
        "safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The season folder, e.g. data/seasons/2021.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report what would change; save nothing.",
        )

    @no_translations  # the commands speak English; the admin, the editor's language
    def handle(self, folder, dry_run=False, verbosity=1, **options):
        run_import(self, lambda: import_season(folder, dry_run=dry_run), verbosity=verbosity)
