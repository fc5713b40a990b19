"""Write the site's content (database rows and uploaded media) to one .tar.gz file.

The archive holds `data.json` (every model's rows, as `dumpdata` writes them: the admin's
change log and the edit histories included; without sessions, login attempts and things
Django rebuilds) and `media/`. Restore it with `manage.py restore FILE` into a migrated,
empty database, on SQLite or PostgreSQL.

The archive holds password hashes and everybody's edits: it is written readable by its
owner only (mode 0600), under a temporary name first, so that a backup that fails half way
never leaves a broken archive under the name asked for.
"""

import io
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    # Content versions are not content: a restore bumps every area past them.
    "delivery",
]


class Command(BaseCommand):
    help = "Back up the database content and uploaded media into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz file to write.")

    def handle(self, *args, archive, verbosity=1, **options):
        data = io.StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=False,
            exclude=EXCLUDE,
            indent=None,
            stdout=data,
        )
        payload = data.getvalue().encode("utf-8")
        media = Path(settings.MEDIA_ROOT)
        archive = Path(archive)
        # mkstemp creates the file with mode 0600, whatever the umask.
        try:
            handle, temporary = tempfile.mkstemp(
                dir=archive.parent, prefix=f".{archive.name}.", suffix=".part"
            )
        except OSError as error:
            raise CommandError(f"{archive}: cannot be written ({error.strerror}).") from None
        try:
            with os.fdopen(handle, "wb") as file:
                with tarfile.open(fileobj=file, mode="w:gz") as tar:
                    info = tarfile.TarInfo("data.json")
                    info.size = len(payload)
                    info.mode = 0o600
                    tar.addfile(info, io.BytesIO(payload))
                    if media.exists():
                        tar.add(media, arcname="media")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, archive)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if verbosity >= 1:
            self.stdout.write(f"Backed up the database and {media} to {archive}.")
