"""Restore a `manage.py backup` archive into a migrated, empty database.

Refuses a database that already holds content, so a restore never mixes two sites;
the media files are written back under MEDIA_ROOT.
"""

import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delivery import areas
from events.models import Season
from news.models import Article
from wtcrsite import roles

# Fields renamed since an older backup was written: (model, old name) -> new name.
RENAMED = {
    ("events.event", "name"): "name_en",  # event names in two languages
    ("standings.adjustment", "reason"): "reason_en",  # adjustment reasons likewise
}


class Command(BaseCommand):
    help = "Restore a backup archive (database content and media) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A .tar.gz file written by `backup`.")

    def handle(self, *args, archive, verbosity=1, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        if Season.objects.exists() or Article.objects.exists():
            raise CommandError(
                "The database already holds content: restore into a new, migrated database."
            )
        with tempfile.TemporaryDirectory() as folder:
            try:
                with tarfile.open(archive, "r:gz") as tar:
                    tar.extractall(folder, filter="data")
            except (tarfile.TarError, OSError) as error:
                raise CommandError(f"{archive}: not a readable backup ({error}).") from error
            data = Path(folder) / "data.json"
            if not data.is_file():
                raise CommandError(f"{archive}: no data.json inside; not a backup of this site.")
            _rename_old_fields(data)
            with transaction.atomic():
                # The roles `migrate` made (wtcrsite.roles) give way to the backup's groups,
                # which are then brought to this release's permissions.
                Group.objects.filter(name__in=roles.ROLES, user__isnull=True).delete()
                call_command("loaddata", str(data), verbosity=0)
                roles.sync_roles()
                # loaddata's raw saves mark no area: every page reads restored content.
                areas.changed(*areas.names())
            media = Path(folder) / "media"
            if media.is_dir():
                target = Path(settings.MEDIA_ROOT)
                target.mkdir(parents=True, exist_ok=True)
                for path in media.rglob("*"):
                    if path.is_file():
                        destination = target / path.relative_to(media)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        destination.write_bytes(path.read_bytes())
        if verbosity >= 1:
            self.stdout.write(f"Restored {archive}.")


def _rename_old_fields(data):
    """A backup from before a field was renamed restores into today's models."""
    try:
        rows = json.loads(data.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return  # loaddata says what is wrong with it
    changed = False
    for row in rows if isinstance(rows, list) else ():
        fields = row.get("fields") if isinstance(row, dict) else None
        if not isinstance(fields, dict):
            continue
        for (model, old), new in RENAMED.items():
            if row.get("model") == model and old in fields and new not in fields:
                fields[new] = fields.pop(old)
                changed = True
    if changed:
        data.write_text(json.dumps(rows), encoding="utf-8")
