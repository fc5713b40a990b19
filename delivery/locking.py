"""Optimistic locking: a save never silently overwrites a save it did not see.

A versioned model (`Versioned`) counts the saves of each row in `version`. Saving a stored
row is one statement, `UPDATE … SET …, version = n + 1 WHERE id = … AND version = n`, where
n is the version the instance was read with: if someone saved the row since, the statement
changes nothing and the save raises `VersionConflict` (its transaction, if any, rolls back).
Every save counts, imports and management commands included; `QuerySet.update()` leaves
the version as it is (bookkeeping such as an event's revision number), and a raw save
(loaddata, restore) keeps the version it is given.

The admin's side (which fields changed, by whom) is `delivery.locking_admin`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionConflict(Exception):
    """Someone saved the row after this instance was read: nothing was written."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(
            f"{instance._meta.label} {instance.pk} was saved by someone else after version "
            f"{getattr(instance, 'version', '?')} was read"
        )


class VersionField(models.PositiveIntegerField):
    """How many times the row has been saved (1 when created). Not content: a save that
    changes only the version changes no page (`delivery.areas`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 1)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        version = getattr(model_instance, self.attname)
        return version if add else version + 1


class Versioned(models.Model):
    version = VersionField(_("version"))

    class Meta:
        abstract = True

    def save_base(self, *args, raw=False, update_fields=None, **kwargs):
        if update_fields is not None and not raw:
            # A save of some fields is a save too (also the one Django makes of the fields
            # a deferred instance loaded).
            update_fields = frozenset(update_fields) | {"version"}
        return super().save_base(*args, raw=raw, update_fields=update_fields, **kwargs)

    def _save_table(self, raw=False, *args, **kwargs):
        # loaddata calls Model.save_base itself: a raw save is told apart here.
        self._saving_raw = raw
        try:
            return super()._save_table(raw, *args, **kwargs)
        finally:
            del self._saving_raw

    def _do_update(self, base_qs, using, pk_val, values, update_fields, *args, **kwargs):
        version = next((value for f, _m, value in values if isinstance(f, VersionField)), None)
        if version is None or getattr(self, "_saving_raw", False):
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, *args, **kwargs
            )
        read = version - 1
        updated = super()._do_update(
            base_qs.filter(version=read), using, pk_val, values, update_fields, *args, **kwargs
        )
        if updated:
            self.version = version
            return updated
        if base_qs.filter(pk=pk_val).exists():
            raise VersionConflict(self)
        return updated  # the row is gone: Django inserts it (or refuses, with update_fields)
