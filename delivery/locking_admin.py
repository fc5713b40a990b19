"""The admin's side of optimistic locking: a change form saved after someone else changed
what it shows is refused, and says which fields changed, by whom and when.

A change form carries a signed `edit_token`: for every field it shows (and the rows of
every inline), a digest of what was stored when the form was opened, and the last admin
log entry of the object. When it comes back, the row is read again (locked until the save
commits, where the database can). If anything the form shows has changed since, nothing
is saved: the form comes back with the editor's input, a message naming the changes, and
a token for what is stored now, so that saving again replaces the other person's changes
knowingly. Fields a form does not show are not written by it: a change to them is no
conflict. The save itself is the model's compare-and-set (`delivery.locking`).
"""

import hashlib
import json
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

from delivery.locking import VersionConflict

TOKEN = "edit_token"


def _digest(value):
    text = json.dumps(value, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _TokenField(forms.CharField):
    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False  # never a change of the object (its history would name it)


class ConcurrentEditForm(forms.ModelForm):
    edit_token = _TokenField(required=False)

    # Set by ConcurrentEditAdmin.get_form: stored object -> {key: (label, digest)} of its
    # inlines' rows.
    inline_state = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            stored = self._stored(lock=False)
            if stored is not None:
                self.initial[TOKEN] = self._token(stored)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned  # a new object: nobody else has it yet
        stored = self._stored(lock=True)
        if stored is None:
            raise ValidationError(_("Someone else deleted this after you opened the page."))
        try:
            opened = signing.loads(self.data.get(self.add_prefix(TOKEN)) or "", salt=self._salt())
        except signing.BadSignature:
            opened = None
        labels, digests = self._state(stored)
        changed = [] if opened is None else [k for k in digests if opened["s"].get(k) != digests[k]]
        if opened is not None and not changed:
            # What the editor saw is what is stored: the save may go ahead, even if the
            # row was saved since (with no change to this form's fields). The fields the
            # form does not show are taken as stored now, so the save does not write back
            # what they held when the admin loaded the row.
            if stored.version != self.instance.version:
                for field in self.instance._meta.concrete_fields:
                    if field.name not in self.fields and not field.primary_key:
                        setattr(self.instance, field.attname, getattr(stored, field.attname))
            self.instance.version = stored.version
            return cleaned
        data = self.data.copy()
        data[self.add_prefix(TOKEN)] = self._token(stored)
        self.data = data  # the form comes back ready to replace what is stored
        if opened is None:
            raise ValidationError(
                _(
                    "This form cannot tell whether someone else changed anything after you "
                    "opened it (it comes from an older page, or it is damaged). Your changes "
                    "have not been saved. Reload the page to see what is stored now, or save "
                    "again to replace it with your version."
                )
            )
        raise ValidationError(self._conflict_message(stored, [labels[k] for k in changed], opened))

    # What the form shows, as stored ---------------------------------------------------

    def _stored(self, *, lock):
        model = self._meta.model
        rows = model._base_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        return rows.first()

    def _state(self, stored):
        """({key: label}, {key: digest}) of every field the form shows and every inline."""
        labels, digests = {}, {}
        for name, form_field in self.fields.items():
            try:
                field = stored._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many:
                value = sorted(getattr(stored, name).values_list("pk", flat=True))
            elif field.concrete:
                value = field.value_from_object(stored)
            else:
                continue
            labels[name] = form_field.label or name
            digests[name] = _digest(value)
        for key, (label, digest) in (
            self.inline_state(stored) if self.inline_state else {}
        ).items():
            labels[key], digests[key] = label, digest
        return labels, digests

    def _salt(self):
        return f"delivery.locking_admin:{self._meta.model._meta.label_lower}:{self.instance.pk}"

    def _token(self, stored):
        _labels, digests = self._state(stored)
        entries = self._log(stored).order_by("-pk").values_list("pk", flat=True)
        return signing.dumps(
            {"s": digests, "l": entries.first() or 0}, salt=self._salt(), compress=True
        )

    def _log(self, stored):
        return LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(stored, for_concrete_model=False),
            object_id=str(stored.pk),
        )

    def _conflict_message(self, stored, labels, opened):
        fields = get_text_list([_("“%(field)s”") % {"field": label} for label in labels], _("and"))
        entries = list(self._log(stored).filter(pk__gt=opened["l"]).select_related("user"))
        names = list(dict.fromkeys(_name(entry.user) for entry in entries))
        if not entries:
            return _(
                "Someone else changed %(fields)s after you opened this page. Your changes "
                "have not been saved. Reload the page to see what is stored now, or save "
                "again to replace it with your version."
            ) % {"fields": fields}
        when = timezone.localtime(entries[-1].action_time)
        return _(
            "%(who)s changed %(fields)s on %(date)s at %(time)s, after you opened this page. "
            "Your changes have not been saved. Reload the page to see theirs, or save again "
            "to replace them with yours."
        ) % {
            "who": get_text_list(names, _("and")),
            "fields": fields,
            "date": formats.date_format(when, "j F Y"),
            "time": formats.time_format(when, "H:i"),
        }


def _name(user):
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


class ConcurrentEditAdmin:
    """A ModelAdmin mixin (first in the bases) for a `Versioned` model: a change form
    saved after someone else changed what it shows is refused."""

    form = ConcurrentEditForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.inline_state = staticmethod(partial(self._inline_state, request))
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is None
            or TOKEN in flatten_fieldsets(fieldsets)
            or not self.has_change_permission(request, obj)  # a page to view: nothing to save
        ):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], TOKEN]}), *others]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict:
            return self._saved_at_the_same_moment(request)

    def _saved_at_the_same_moment(self, request):
        """The row changed between the form's check and the save (the database could not
        lock it): the transaction rolled back, nothing was written."""
        self.message_user(
            request,
            _(
                "Someone else saved this at the same moment as you. Your changes have not "
                "been saved: make them again on what is stored now."
            ),
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())

    def _inline_state(self, request, obj):
        """{key: (label, digest)} of the rows each inline shows for obj."""
        state = {}
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            if not formset.form.base_fields:
                continue  # it shows nothing that can be edited
            # Whole rows: a form field may write another column (a session's track time
            # is stored in UTC).
            names = [f.attname for f in inline.model._meta.concrete_fields if not f.primary_key]
            rows = (
                inline.get_queryset(request)
                .filter(**{formset.fk.name: obj})
                .order_by("pk")
                .values_list("pk", *names)
            )
            label = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
            key = f"{inline.model._meta.label_lower}:{formset.fk.name}"
            state[key] = (capfirst(label), _digest([list(row) for row in rows]))
        return state
