"""Store again the images uploaded before originals lost their metadata.

Photos and portraits uploaded by an earlier version keep working as they are, but their
originals still hold what the camera wrote (GPS position, serial numbers) under the name they
were uploaded with, and rows may share web sizes. This stores each such original again as
an upload is stored now (images.fields): metadata removed, a random name, web sizes of its
own; the old files are deleted once no row names them. Run it once after upgrading; it is
safe to rerun (an image already stored this way is left alone).

It also makes the AVIF web sizes of images stored before there were any (their WebP sizes,
which pages show until then, stay as they are); an image whose AVIF would not be smaller
than its WebP gets none, as on upload.
"""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from images.fields import is_public_name, registered_fields, rendition_prefix
from images.renditions import avif_supported, made_from, make_renditions


class Command(BaseCommand):
    help = (
        "Store uploaded images from before metadata removal again: without location and "
        "camera data, under random names, with web sizes of their own."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the images that would be stored."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        stored = problems = 0
        for field in registered_fields():
            model = field.model
            rows = (
                model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .order_by("pk")
                .values_list("pk", field.attname)
            )
            for pk, name in rows:
                if is_public_name(name):
                    continue
                label = f"{model._meta.label} {pk} ({name})"
                if dry_run:
                    self.stdout.write(f"Would store again: {label}")
                    stored += 1
                    continue
                try:
                    new_name = self._store_again(model, field, pk)
                except (OSError, ValidationError) as error:
                    problems += 1
                    self.stderr.write(f"Left as it is: {label}: {error}")
                    continue
                if new_name:
                    stored += 1
                    if verbosity >= 2:
                        self.stdout.write(f"Stored again: {label} as {new_name}")
        if verbosity >= 1:
            verb = "Would store" if dry_run else "Stored"
            self.stdout.write(f"{verb} {stored} image(s) again; {problems} left with a problem.")
        if not dry_run and avif_supported():
            made = self._add_avif(verbosity)
            if verbosity >= 1:
                self.stdout.write(f"Made AVIF web sizes of {made} image(s).")

    def _add_avif(self, verbosity):
        made = 0
        for field in registered_fields():
            if not field.renditions_field:
                continue
            rows = (
                field.model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .order_by("pk")
                .values_list("pk", field.attname, field.renditions_field)
            )
            for pk, name, renditions in rows:
                if not is_public_name(name) or not _lacks_avif(renditions):
                    continue
                try:
                    done = self._avif_of(field.model, field, pk)
                except OSError as error:
                    self.stderr.write(f"No AVIF for {field.model._meta.label} {pk}: {error}")
                    continue
                if done:
                    made += 1
                    if verbosity >= 2:
                        self.stdout.write(f"AVIF sizes made: {field.model._meta.label} {pk}")
        return made

    @transaction.atomic
    def _avif_of(self, model, field, pk):
        """Adds AVIF sizes to the row's renditions when the image's WebP sizes are the ones
        it names (made from its stored original); anything else is left as it is."""
        instance = model._base_manager.select_for_update().get(pk=pk)
        image = getattr(instance, field.attname)
        renditions = getattr(instance, field.renditions_field)
        if not image or not is_public_name(image.name) or not _lacks_avif(renditions):
            return False
        with image.open("rb") as file:
            data = file.read()
        prefix = rendition_prefix(image.name)
        if not made_from(renditions, data, prefix=prefix):
            return False  # web sizes of other bytes: not made again here
        made = make_renditions(ContentFile(data), storage=field.storage, prefix=prefix)
        webp = [(r["name"], r["width"], r["height"]) for r in made]
        named = [(r["name"], r.get("width"), r.get("height")) for r in renditions]
        if webp != named or not all(r.get("avif") for r in made):
            return False
        model._base_manager.filter(pk=pk).update(**{field.renditions_field: made})
        return True

    @transaction.atomic
    def _store_again(self, model, field, pk):
        """Stores the row's image again; the old files go when the transaction commits."""
        instance = model._base_manager.select_for_update().get(pk=pk)
        image = getattr(instance, field.attname)
        if not image or is_public_name(image.name):
            return None  # changed since it was listed
        with image.open("rb") as file:
            data = file.read()
        image.save(posixpath.basename(image.name), ContentFile(data), save=False)
        written = [field.name, field.width_field, field.height_field, field.renditions_field]
        instance.save(update_fields=[name for name in written if name])
        return getattr(instance, field.attname).name


def _lacks_avif(renditions):
    return (
        isinstance(renditions, list)
        and bool(renditions)
        and all(isinstance(r, dict) for r in renditions)
        and not all(r.get("avif") for r in renditions)
    )
