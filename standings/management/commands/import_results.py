"""Import a results.csv into a season (the weekly routine after each session).

    python manage.py import_results results.csv --season 2021 [--dry-run]

Each session named in the file gets exactly the file's rows. The file is checked
before anything is written: a refusal names the file, the line and the reason,
and changes nothing. A file larger than settings.RESULTS_FILE_MAX_BYTES is refused
before it is read.
"""

import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from events.models import Season
from standings.importers import import_results, too_large
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

    @no_translations  # the commands speak English; the admin, the editor's language
    def handle(self, file, season, dry_run=False, verbosity=1, **options):
        try:
            season_obj = Season.objects.get(slug=season)
        except Season.DoesNotExist:
            raise CommandError(f"No season {season!r}; import its folder first.") from None
        path = Path(file)
        text = read_capped(path, file)
        run_import(
            self,
            lambda: import_results(path.name, text, season_obj, dry_run=dry_run),
            verbosity=verbosity,
        )


def read_capped(path, shown):
    """The file's text, its size checked before a byte is read; a refusal otherwise."""
    limit = settings.RESULTS_FILE_MAX_BYTES
    try:
        status = os.stat(path)
        if stat.S_ISREG(status.st_mode):
            if refusal := too_large(shown, status.st_size):
                raise CommandError(refusal)
        elif not stat.S_ISDIR(status.st_mode):  # a device or a pipe could never end
            raise CommandError(f"{shown}: not a regular file.")
        with open(path, "rb") as source:
            data = source.read(limit + 1)  # a file that grew since is not read whole
    except OSError as error:
        raise CommandError(f"{shown}: cannot be read ({error.strerror}).") from None
    if len(data) > limit:
        raise CommandError(too_large(shown, len(data)))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{shown}: not UTF-8 text.") from None
