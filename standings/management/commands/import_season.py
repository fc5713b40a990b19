"""Create or update a season from a season folder (DESIGN.md section 4a).

    python manage.py import_season data/seasons/2021 [--dry-run] [--yes]

Everything is checked before anything is written, in one transaction: a bad file
stops the import with the file, the line and the reason, and changes nothing.
Running it again on the same folder changes nothing.

A season that is not in the database yet is imported at once. One that is (it may hold
corrections made in the admin, which the folder would undo) is first imported as a dry
run: the command shows what would change, a line per changed event, session and result
(old → new), and asks "Apply these changes? [y/N]". `--yes` applies without asking;
without a terminal to ask on and without `--yes`, it changes nothing.
"""

import sys

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import DatabaseError, transaction

from events.models import Season
from standings.importers import import_season
from standings.management.commands._output import refused, run_import
from standings.seasonfiles import SeasonFileError, read_season_folder


class _Moved(Exception):
    """What the import would change is not what was shown."""


class Command(BaseCommand):
    help = (
        "Create or update a season from a season folder (season.toml, calendar.csv, "
        "sessions.csv, entries.csv, results.csv, optional adjustments.csv). Atomic: a "
        "refused file changes nothing. A season not in the database yet is imported at "
        "once; for one that is, the command shows what importing the folder again would "
        "change (old → new) and asks before changing anything."
    )
    # call_command(..., stdin=…): where the answer is read from (a test's).
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The season folder, e.g. data/seasons/2021.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report what would change; save nothing.",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=(
                "For a season already in the database: apply the changes without asking "
                "(they are still listed). Needed where there is no terminal to ask on."
            ),
        )

    @no_translations  # the commands speak English; the admin, the editor's language
    def handle(self, folder, dry_run=False, yes=False, verbosity=1, **options):
        if dry_run:
            run_import(self, lambda: import_season(folder, dry_run=True), verbosity=verbosity)
            return
        try:
            slug = read_season_folder(folder).season.slug
        except SeasonFileError as error:
            raise refused(error) from None
        if not Season.objects.filter(slug=slug).exists():
            run_import(self, lambda: import_season(folder), verbosity=verbosity)
            return
        if yes:
            run_import(
                self,
                lambda: import_season(folder),
                verbosity=verbosity,
                header=f"Season {slug} was in the database already. Imported; changed:",
            )
            return
        preview = run_import(
            self,
            lambda: import_season(folder, dry_run=True),
            verbosity=max(verbosity, 1),
            header=f"Season {slug} is in the database already. Importing the folder would change:",
        )
        if not preview.changed:
            return
        stdin = options.get("stdin") or sys.stdin
        if not stdin.isatty():
            raise CommandError(
                f"Nothing was changed. Season {slug} is in the database already, and "
                "importing the folder would change what is listed above (edits made in "
                "the admin among them). To apply it, run the command again with --yes, "
                "or in a terminal to be asked."
            )
        self.stdout.write("Apply these changes? [y/N] ", ending="")
        self.stdout.flush()
        if stdin.readline().strip().lower() not in ("y", "yes"):
            self.stdout.write("Nothing was changed.")
            return
        try:
            with transaction.atomic():
                report = import_season(folder)
                if report.changes != preview.changes or report.summary() != preview.summary():
                    raise _Moved
        except _Moved:
            raise CommandError(
                "Nothing was changed: the database changed while you were deciding (someone "
                "saved in the admin, or another import ran). Run the command again to see "
                "what importing the folder would change now."
            ) from None
        except (SeasonFileError, DatabaseError) as error:
            raise refused(error) from None
        if verbosity >= 1:
            self.stdout.write("Imported: the changes listed above are saved.")
