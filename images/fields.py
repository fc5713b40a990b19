"""The model field for images the public may download (press photos, portraits).

Every way a file reaches the field (an admin form, an import, the demo, `FieldFile.save`)
goes through `PublicImageFieldFile.save`, which

- stores the original as `images.renditions.public_original` makes it: upright, its ICC
  profile kept, its location, camera and editing metadata gone;
- names it with a random token (`photos/<32 hex digits>.jpg`): not the upload's name, not a
  hash of its bytes, so nobody can guess the address of a photo not yet published;
- makes its web sizes under that token (`photos/renditions/<token>-…-320.webp`, and an
  AVIF of each beside it where Pillow writes AVIF), so that they belong to this original
  alone, and writes them into the model's `renditions_field`.

The field remembers the files a row names when it is loaded. When a save replaces or clears
them, or the row is deleted, they are deleted once the transaction commits (never before: a
rollback leaves them), unless a row of any model with such a field still names them (copies
of a row, web sizes shared by rows stored before this field existed).
"""

import logging
import posixpath
import re
import secrets
from functools import partial

from django.apps import apps as global_apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile

from images.renditions import make_renditions, public_original, validate_image_upload

logger = logging.getLogger(__name__)

# Every PublicImageField of the project's models: a file is deleted only when none names it.
_FIELDS = []
# Where an instance keeps the stored names it was loaded with, per field.
_LOADED = "_public_image_files"
_PUBLIC_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")


def registered_fields():
    return list(_FIELDS)


def rendition_prefix(name):
    """Where the web sizes of the stored original `name` go: `photos/renditions/<token>`."""
    folder, filename = posixpath.split(name)
    return posixpath.join(folder, "renditions", posixpath.splitext(filename)[0])


def is_public_name(name):
    """Whether a stored name is one this field gave (a legacy upload's is not)."""
    return bool(_PUBLIC_NAME.fullmatch(posixpath.basename(name or "")))


class PublicImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the public copy of `content` under a random name (`name` is not used) and
        make its web sizes."""
        image = self.field.public_copy(self, content)
        name = f"{secrets.token_hex(16)}.{image.extension}"
        # Named: the dimensions are read only from a file with a name.
        super().save(name, ContentFile(image.data, name=name), save=False)
        if self.field.renditions_field:
            renditions = make_renditions(
                ContentFile(image.data), storage=self.storage, prefix=rendition_prefix(self.name)
            )
            setattr(self.instance, self.field.renditions_field, renditions)
        if save:
            self.instance.save()

    save.alters_data = True


class PublicImageField(models.ImageField):
    """An ImageField whose files leak nothing and go with their row (see the module's
    docstring). `renditions_field` names the JSONField, declared after this one, that holds
    the web sizes."""

    attr_class = PublicImageFieldFile
    default_validators = [validate_image_upload]

    def __init__(self, *args, renditions_field=None, **kwargs):
        self.renditions_field = renditions_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.renditions_field:
            kwargs["renditions_field"] = self.renditions_field
        return name, path, args, kwargs

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_renditions_field()]

    def _check_renditions_field(self):
        if not self.renditions_field:
            return []
        try:
            renditions = self.model._meta.get_field(self.renditions_field)
        except FieldDoesNotExist:
            return [
                checks.Error(
                    f"renditions_field '{self.renditions_field}' is not a field of the model.",
                    obj=self,
                    id="images.E001",
                )
            ]
        if renditions.creation_counter < self.creation_counter:
            # A save writes the fields in order: the web sizes are known after the image's.
            return [
                checks.Error(
                    f"renditions_field '{self.renditions_field}' must be declared after "
                    f"'{self.name}'.",
                    obj=self,
                    id="images.E002",
                )
            ]
        return []

    # Upload

    def run_validators(self, value):
        """The checks, then the public copy itself: an image Pillow cannot decode to the
        end is refused here, with the form's message, rather than failing the save."""
        super().run_validators(value)
        if value and not value._committed:
            value._public_copy = (value.file, public_original(value.file))

    def public_copy(self, field_file, content):
        made = getattr(field_file, "_public_copy", None)
        if made is not None and made[0] is content:
            return made[1]
        validate_image_upload(content)
        return public_original(content)

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        if not file and self.renditions_field:
            setattr(model_instance, self.renditions_field, [])
        return file

    # Files of replaced and deleted rows

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Models of migrations' historical states are left alone.
        if cls._meta.abstract or cls._meta.apps is not global_apps:
            return
        _FIELDS.append(self)
        signals.post_init.connect(self._loaded, sender=cls)
        signals.pre_save.connect(self._before_write, sender=cls)
        signals.pre_delete.connect(self._before_write, sender=cls)
        signals.post_save.connect(self._saved, sender=cls)
        signals.post_delete.connect(self._deleted, sender=cls)

    def _current(self, instance):
        """{"original": name, "renditions": names} of what the instance names in memory,
        without what is deferred, and "" for a file not stored yet."""
        values = instance.__dict__
        files = {}
        if self.attname in values:
            files["original"] = _stored_name(values[self.attname])
        if self.renditions_field and self.renditions_field in values:
            files["renditions"] = rendition_files(values[self.renditions_field])
        return files

    def _known(self, instance):
        return dict(instance.__dict__.get(_LOADED, {}).get(self.name, {}))

    def _remember(self, instance, files):
        # A new dict each time: copy.copy() of an instance must not share it.
        instance.__dict__[_LOADED] = {**instance.__dict__.get(_LOADED, {}), self.name: files}

    def _loaded(self, sender, instance, **kwargs):
        self._remember(instance, self._current(instance))

    def _before_write(self, sender, instance, using, raw=False, **kwargs):
        """Read from the database what was deferred when the row was loaded."""
        if raw or instance.pk is None or instance._state.adding:
            return
        known = self._known(instance)
        columns = {"original": self.attname, "renditions": self.renditions_field}
        missing = {key: column for key, column in columns.items() if column and key not in known}
        if not missing:
            return
        row = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values(*missing.values())
            .first()
        )
        if row is not None:
            if "original" in missing:
                known["original"] = row[self.attname] or ""
            if "renditions" in missing:
                known["renditions"] = rendition_files(row[self.renditions_field])
            self._remember(instance, known)

    def _saved(self, sender, instance, created, raw, using, update_fields, **kwargs):
        before = self._known(instance)
        now = self._current(instance)
        if update_fields is not None and not raw:
            update_fields = self._write_companions(
                sender, instance, using, update_fields, before, now
            )
        if update_fields is not None:
            # What the save did not write is what the row still names.
            columns = {"original": self.name, "renditions": self.renditions_field}
            for key, column in columns.items():
                if column not in update_fields and key in before:
                    now[key] = before[key]
        self._remember(instance, now)
        if raw or created:
            return  # a new row had no files of its own before
        self._delete_after_commit(_names(before) - _names(now), using)

    def _write_companions(self, sender, instance, using, update_fields, before, now):
        """A save limited to some fields (as Django limits the save of a row loaded with
        deferred fields to the loaded ones) that stored a new image also writes its web sizes
        and dimensions: the row never names an image with another one's web sizes. Returns
        the fields now written."""
        if self.name not in update_fields or now.get("original") == before.get("original"):
            return update_fields
        companions = {
            name: getattr(instance, name)
            for name in (self.renditions_field, self.width_field, self.height_field)
            if name and name not in update_fields and name in instance.__dict__
        }
        if companions:
            sender._base_manager.using(using).filter(pk=instance.pk).update(**companions)
        return update_fields | companions.keys()

    def _deleted(self, sender, instance, using, **kwargs):
        self._delete_after_commit(_names(self._known(instance)), using)

    def _delete_after_commit(self, names, using):
        if names:
            transaction.on_commit(
                partial(self._delete_unused, frozenset(names), using), using=using, robust=True
            )

    def _delete_unused(self, names, using):
        for name in sorted(names):
            if _in_use(name, using):
                continue
            try:
                self.storage.delete(name)
            except Exception:
                logger.exception("Could not delete %s", name)


def _stored_name(value):
    if isinstance(value, str):
        return value
    if isinstance(value, FieldFile) and value._committed:
        return value.name or ""
    return ""  # nothing, or a file not stored yet


def rendition_files(renditions):
    """The stored names of a renditions field's value: each size's WebP and its AVIF."""
    if not isinstance(renditions, list):
        return frozenset()
    return frozenset(
        name
        for item in renditions
        if isinstance(item, dict)
        for name in (item.get("name"), item.get("avif"))
        if name and isinstance(name, str)
    )


def _names(files):
    return ({files.get("original", "")} | files.get("renditions", frozenset())) - {""}


def _in_use(name, using):
    """Whether a row (of any model with a PublicImageField) names the file."""
    for field in _FIELDS:
        rows = field.model._base_manager.using(using)
        if rows.filter(**{field.attname: name}).exists():
            return True
        if field.renditions_field:
            # A text search narrows the rows down; their web sizes are then compared exactly.
            candidates = rows.filter(**{f"{field.renditions_field}__icontains": name})
            for renditions in candidates.values_list(field.renditions_field, flat=True):
                if name in rendition_files(renditions):
                    return True
    return False
