"""Choosing an event in the admin: each event named with its status when it is cancelled or
postponed ("Race of China (cancelled)"), in a list grouped by season; an autocomplete would
name them all alike. For any model with an `event` foreign key (articles, photos,
milestones)."""

from django import forms
from django.contrib import admin
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy

from events.models import Event

STATUS_NOTES = {
    Event.Status.CANCELLED: gettext_lazy("%(event)s (cancelled)"),
    Event.Status.POSTPONED: gettext_lazy("%(event)s (postponed)"),
}


def event_label(event):
    """The event's name, saying when it is cancelled or postponed."""
    note = STATUS_NOTES.get(event.status)
    return str(note % {"event": event.name}) if note else event.name


class _EventsBySeason(ModelChoiceIterator):
    """Choices in one group per season ("2021")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for event in self.queryset:
            groups.setdefault(event.season.slug, []).append(self.choice(event))
        yield from groups.items()


class EventChoiceField(forms.ModelChoiceField):
    """Events grouped by season, the newest first, each saying whether it is cancelled."""

    iterator = _EventsBySeason

    def __init__(self, queryset, **kwargs):
        # In each season as the calendar lists them: a cancelled event before its replacement.
        ordering = ["-season__slug", *Event._meta.ordering[1:]]
        kwargs.setdefault("empty_label", gettext_lazy("No event"))
        super().__init__(queryset.select_related("season").order_by(*ordering), **kwargs)

    def label_from_instance(self, event):
        return event_label(event)


class EventFilter(admin.RelatedFieldListFilter):
    """The events, saying which are cancelled or postponed."""

    def field_choices(self, field, request, model_admin):
        events = Event.objects.select_related("season").order_by("-season__slug", "start_date")
        return [(event.pk, event_label(event)) for event in events]


class EventPicker:
    """A ModelAdmin mixin: the `event` field is a list of the events by season, each saying
    whether it is cancelled or postponed (an autocomplete would name them all alike)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["form_class"] = EventChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
