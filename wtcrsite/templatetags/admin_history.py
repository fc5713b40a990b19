"""Histories in the admin, in words and in the reader's language.

`{{ entry|change_message }}`: Django's own history (LogEntry) names the fields an edit
changed by the labels the form had, stored in English ("Changed Status and Start date.");
it translates them only where a catalogue holds that exact capitalised label. This names
them by the model's fields in the reader's language ("Ändrade status och startdatum.").

`{% for change in record|changes_in_words %}`: an edit kept by django-simple-history as
field, old value and new value, as a reader says them: a status by its name, a time in the
site's time zone and the reader's format, yes and no, a foreign key by its name, text
without markup and shortened around what changed.
"""

import datetime as dt
import json
from functools import lru_cache

from django import template
from django.apps import apps
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
from simple_history.models import DeletedObject
from simple_history.template_utils import ObjDiffDisplay
from simple_history.utils import get_m2m_reverse_field_name
from translated_fields.fields import show_language_code

register = template.Library()

# Messages Django's admin already has in every language, in its exact words: called through
# this name, `make messages` leaves them to Django's catalogue.
django_gettext = gettext

EMPTY = object()


@lru_cache(maxsize=256)
def _fields_by_label(model, language):
    """{the English label a form gave a field: its verbose name in `language`}. The admin's
    forms name a field of one language with its code ("Biography [en]", translated_fields)."""
    names = {}
    for field in model._meta.get_fields():
        if getattr(field, "verbose_name", None) is None:
            continue
        code = getattr(field, "_translated_field_language_code", None)
        with translation.override(None):
            plain = str(field.verbose_name)
            with show_language_code(True):
                coded = str(field.verbose_name)
        with translation.override(language):
            name = str(field.verbose_name)
        names[capfirst(plain)] = name
        if code:
            names[coded] = f"{name} [{code}]"
    return names


@lru_cache(maxsize=64)
def _model_by_name(name):
    """The model whose English verbose name is `name` (an inline's, as a LogEntry keeps it)."""
    with translation.override(None):
        found = [model for model in apps.get_models() if str(model._meta.verbose_name) == name]
    return found[0] if len(found) == 1 else None


def _field_name(label, model):
    if model is not None:
        name = _fields_by_label(model, translation.get_language()).get(label)
        if name:
            return name
    translated = gettext(label)
    if translated == label and label[:1].isupper():
        lower = label[:1].lower() + label[1:]
        if gettext(lower) != lower:
            return gettext(lower)
    return translated


def _name(name):
    """A model's verbose name as a LogEntry keeps it (English), in the reader's language."""
    return gettext(name) if name else ""


@register.filter
def change_message(entry):
    """What a LogEntry says was done, its field names in the reader's language."""
    try:
        parts = json.loads(entry.change_message) if entry.change_message[:1] == "[" else None
    except json.JSONDecodeError:
        parts = None
    if not isinstance(parts, list):
        return entry.get_change_message()
    model = entry.content_type.model_class() if entry.content_type_id else None
    messages = []
    for part in parts:
        if not isinstance(part, dict):
            continue
        if "added" in part:
            added = part["added"]
            if added:
                messages.append(
                    django_gettext("Added {name} “{object}”.").format(
                        name=_name(added.get("name")), object=added.get("object", "")
                    )
                )
            else:
                messages.append(django_gettext("Added."))
        elif "changed" in part:
            changed = part["changed"]
            owner = _model_by_name(changed["name"]) if "name" in changed else model
            fields = get_text_list(
                [_field_name(label, owner) for label in changed.get("fields", [])],
                django_gettext("and"),
            )
            if "name" in changed:
                messages.append(
                    django_gettext("Changed {fields} for {name} “{object}”.").format(
                        fields=fields,
                        name=_name(changed["name"]),
                        object=changed.get("object", ""),
                    )
                )
            else:
                messages.append(django_gettext("Changed {fields}.").format(fields=fields))
        elif "deleted" in part:
            deleted = part["deleted"]
            messages.append(
                django_gettext("Deleted {name} “{object}”.").format(
                    name=_name(deleted.get("name")), object=deleted.get("object", "")
                )
            )
    text = " ".join(message[:1].upper() + message[1:] for message in messages)
    return text or django_gettext("No fields changed.")


def _related(value):
    """A row a foreign key pointed to, by its name; one deleted since, by its kind."""
    if isinstance(value, DeletedObject):
        return gettext("Deleted %(type_name)s") % {"type_name": value.model._meta.verbose_name}
    return str(value)


def _in_words(field, value):
    """One stored value as a reader says it; EMPTY for nothing."""
    if isinstance(value, DeletedObject) and value.pk is None:
        value = None  # django-simple-history's word for an empty foreign key
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):  # a many-to-many field: the related rows
        related = get_m2m_reverse_field_name(field)
        return ", ".join(
            _related(item.get(related, "")) if isinstance(item, dict) else _related(item)
            for item in value
        )
    if isinstance(value, DeletedObject | models.Model):
        return _related(value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return django_gettext("Yes") if value else django_gettext("No")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, models.TextField):
        return " ".join(strip_tags(str(value)).split())
    return str(formats.localize(value))


@register.filter
def changes_in_words(record):
    """[{field, old, new}] of a django-simple-history record against the one before it."""
    previous = record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    shorten = ObjDiffDisplay(max_length=100).common_shorten_repr
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        old, new = _in_words(field, change.old), _in_words(field, change.new)
        if old is not EMPTY and new is not EMPTY:
            old, new = shorten(old, new)
        changes.append(
            {
                "field": capfirst(str(field.verbose_name)),
                "old": gettext("(empty)") if old is EMPTY else old,
                "new": gettext("(empty)") if new is EMPTY else new,
            }
        )
    return changes
