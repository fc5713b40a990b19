"""Import a results.csv into a season (the weekly routine after each session).

    python manage.py import_results results.csv --season 2021 [--dry-run]

Each session named in the file gets exactly the file's rows. The file is checked
before anything is written: a refusal names the file, the line and the reason,
and changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Season
from standings.importers import import_results
from standings.management.commands._output import run_import


class Command(BaseCommand):
    help = (
        "Import a results.csv (round,session,position,number,driver,status,best_lap) into a "
        "season. Each session in the file is replaced by the file's rows. Atomic and safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The results.csv file.")
        parser.add_argument("--season", required=True, help="The season slug, e.g. 2021.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report what would change; save nothing.",
        )

    def handle(self, file, season, dry_run=False, verbosity=1, **options):
        try:
            season_obj = Season.objects.get(slug=season)
        except Season.DoesNotExist:
            raise CommandError(f"No season {season!r}; import its folder first.") from None
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text.") from None
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        run_import(
            self,
            lambda: import_results(path.name, text, season_obj, dry_run=dry_run),
            verbosity=verbosity,
        )
