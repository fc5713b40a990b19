"""Write the site's content (database rows and uploaded media) to one .tar.gz file.

The archive holds `data.json` (every model's rows, as `dumpdata` writes them, without
sessions, login attempts and things Django rebuilds) and `media/`. Restore it with
`manage.py restore FILE` into a migrated, empty database, on SQLite or PostgreSQL.
"""

import io
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
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
        with tarfile.open(archive, "w:gz") as tar:
            info = tarfile.TarInfo("data.json")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
            if media.exists():
                tar.add(media, arcname="media")
        if verbosity >= 1:
            self.stdout.write(f"Backed up the database and {media} to {archive}.")
