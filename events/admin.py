import hashlib

from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from translated_fields.admin import TranslatedFieldAdmin

from delivery.locking_admin import ConcurrentEditAdmin, ConcurrentEditForm
from events import announced, history, revisions
from events.forms import SessionForm, SessionFormSet, SessionRowForm, zone_of
from events.models import Circuit, Event, EventChange, Season, Session


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Circuit)
class CircuitAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "timezone", "length_km", "corners"]
    list_filter = ["country"]
    search_fields = ["name", "city"]


class RecordedInAdmin:
    """A ModelAdmin mixin: calendar changes saved from its pages are kept in the event's
    history as made in the admin, by the signed-in user (`events.revisions`)."""

    def changeform_view(self, request, *args, **kwargs):
        with revisions.recorded_as(EventChange.Source.ADMIN, request.user):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with revisions.recorded_as(EventChange.Source.ADMIN, request.user):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with revisions.recorded_as(EventChange.Source.ADMIN, request.user):
            return super().changelist_view(request, *args, **kwargs)

    def calendar_message(self, request, event, before):
        """After a save: when it raised the event's revision, what readers and calendar
        subscribers get, and when."""
        after = Event.objects.filter(pk=event.pk).values_list("sequence", flat=True).first()
        if after is None or before is None or after <= before:
            return
        event = Event.objects.select_related("circuit").get(pk=event.pk)
        moment = announced.announcement(event)
        if moment is not None and timezone.now() < moment:
            self.message_user(
                request,
                gettext(
                    "The change is saved. Readers see it from %(date)s, the day in “Announced "
                    "on”; until then the calendar, the event's page and the calendar feeds show "
                    "the event as it was."
                )
                % {"date": formats.date_format(event.announced_on, "j F Y")},
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            gettext(
                "The change is on the public calendar and the event's page now. Calendar "
                "subscribers get it the next time their calendar app fetches the feed, "
                "usually within a few hours."
            ),
            messages.SUCCESS,
        )


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionRowForm
    formset = SessionFormSet
    template = "admin/events/event/tabular.html"
    extra = 0
    fields = ["code", "start_date", "local_start", "duration_min"]
    verbose_name_plural = _("sessions (times at the circuit, stored in UTC)")
    results_links = True  # the template links each session to its results page

    @admin.display(description=_("starts (track time)"))
    def local_start(self, session):
        """The start as shown to those who may only view the event."""
        if session.starts_at is None:
            return "\N{EN DASH}"
        local = session.starts_at.astimezone(session.event.circuit.zone)
        return formats.date_format(local, "j F Y, H:i")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The zone the rows are shown in: the stored circuit's (obj is read before the
        # page's own circuit is taken in).
        formset.shown_zone = zone_of(obj) if obj is not None and obj.pk else None
        return formset


class EventChangeInline(admin.TabularInline):
    model = EventChange
    template = "admin/events/event/tabular.html"
    extra = 0
    fields = ["changed_at", "made_by", "what_changed"]
    readonly_fields = ["changed_at", "made_by", "what_changed"]
    can_delete = False
    verbose_name_plural = _("history of status, date and session changes")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"))
    def made_by(self, change):
        return history.author(change) or "—"

    @admin.display(description=_("what changed"))
    def what_changed(self, change):
        # One line each (the cell is a paragraph: no blocks in it).
        return format_html_join(
            mark_safe("<br>"), "{}", ((text,) for text in history.lines(change))
        )


class EventForm(ConcurrentEditForm):
    """The event's page. A change of its status or dates fills in what the calendar needs
    and the editor left empty: the dates a moved event had (its previous dates) and the
    day the change was announced (today at the circuit), so that readers see the change at
    once and the calendar can say "moved from …". Both are said after the save."""

    def clean(self):
        cleaned = super().clean()
        self.filled = {}
        if self.instance.pk is None:
            return cleaned
        changed = set(self.changed_data)
        previous = {"previous_start_date", "previous_end_date"}
        if (
            {"start_date", "end_date"} & changed
            and previous <= set(self.fields)
            and not previous & changed
            and not cleaned.get("previous_start_date")
            and not cleaned.get("previous_end_date")
            and self.initial.get("start_date")
        ):
            for name, was in (
                ("previous_start_date", "start_date"),
                ("previous_end_date", "end_date"),
            ):
                cleaned[name] = self.filled[name] = self.initial[was]
        if (
            {"status", "start_date", "end_date", "replaces"} & changed
            and "announced_on" in self.fields
            and "announced_on" not in changed
            and not cleaned.get("announced_on")
        ):
            circuit = cleaned.get("circuit") or self.instance.circuit
            today = timezone.localdate(timezone.now(), circuit.zone)
            cleaned["announced_on"] = self.filled["announced_on"] = today

        return cleaned

    def filled_message(self):
        """What clean() filled in, in words; None when nothing."""
        parts = []
        if "previous_start_date" in self.filled:
            parts.append(
                gettext(
                    "previous dates %(first)s to %(last)s (the calendar says the event was "
                    "moved from them)"
                )
                % {
                    "first": formats.date_format(self.filled["previous_start_date"], "j F Y"),
                    "last": formats.date_format(self.filled["previous_end_date"], "j F Y"),
                }
            )
        if "announced_on" in self.filled:
            parts.append(
                gettext("“Announced on” %(date)s (readers see the change from that day)")
                % {"date": formats.date_format(self.filled["announced_on"], "j F Y")}
            )
        if not parts:
            return None
        return gettext(
            "Filled in for you: %(parts)s. If that is not right, change it and save again."
        ) % {"parts": "; ".join(parts)}


@admin.register(Event)
class EventAdmin(ConcurrentEditAdmin, RecordedInAdmin, TranslatedFieldAdmin, admin.ModelAdmin):
    form = EventForm
    list_display = [
        "name_en",
        "name_sv",
        "season",
        "round",
        "start_date",
        "end_date",
        "status",
        "circuit",
    ]
    list_filter = ["season", "status"]
    search_fields = ["name_en", "name_sv", "slug", "circuit__name"]
    # circuit and replaces are plain lists (a season has a dozen events): a screen reader
    # names them, as it does not the autocomplete widget.
    readonly_fields = ["sequence"]
    inlines = [SessionInline, EventChangeInline]
    ordering = ["season", "start_date"]
    fieldsets = [
        (None, {"fields": ["season", "slug", "name_en", "name_sv", "circuit", "round"]}),
        (
            _("Dates and status"),
            {
                "description": _(
                    "To postpone or cancel the event, change its status. To move it, enter "
                    "its new dates (and set the status back to “Scheduled” if it was "
                    "postponed): the dates it had are kept as its previous dates. A "
                    "cancelled event has no round; an event run in its place names it under "
                    "“Replaces”."
                ),
                "fields": [
                    "start_date",
                    "end_date",
                    "status",
                    "replaces",
                    "previous_start_date",
                    "previous_end_date",
                    "announced_on",
                    "sequence",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season", "circuit")

    def save_model(self, request, obj, form, change):
        request._event_sequence = obj.sequence if change else None
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self.calendar_message(request, obj, getattr(request, "_event_sequence", None))
        if filled := getattr(request, "_event_filled", None):
            self.message_user(request, filled, messages.INFO)
        return response

    def save_form(self, request, form, change):
        request._event_filled = form.filled_message() if hasattr(form, "filled") else None
        return super().save_form(request, form, change)


class SessionPageForm(ConcurrentEditForm, SessionForm):
    """The session's own page: a save after someone else changed what it shows (its
    start and "finished by" included, stored in UTC) is refused."""

    def _state(self, stored):
        labels, digests = super()._state(stored)
        for name, column in (("local_start", "starts_at"), ("local_finished_by", "finished_by")):
            if name in self.fields:
                labels[name] = capfirst(self.fields[name].label)
                digests[name] = hashlib.sha256(str(getattr(stored, column)).encode()).hexdigest()[
                    :16
                ]
        return labels, digests


@admin.register(Session)
class SessionAdmin(ConcurrentEditAdmin, RecordedInAdmin, admin.ModelAdmin):
    form = SessionPageForm
    list_display = ["event", "code", "start_date", "track_time", "duration_min"]
    list_filter = ["event__season", "code"]
    search_fields = ["event__name_en", "event__name_sv"]
    fields = ["event", "code", "start_date", "local_start", "duration_min", "local_finished_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__season", "event__circuit")

    @admin.display(description=_("starts (track time)"), ordering="starts_at")
    def track_time(self, session):
        if session.starts_at is None:
            return "—"
        local = session.starts_at.astimezone(session.event.circuit.zone)
        return formats.time_format(local, "H:i")

    def save_model(self, request, obj, form, change):
        stored = Event.objects.filter(pk=obj.event_id).values_list("sequence", flat=True).first()
        request._event_sequence = (obj.event_id, stored)
        super().save_model(request, obj, form, change)

    def _after_save(self, request, obj):
        event_id, before = getattr(request, "_event_sequence", (None, None))
        if event_id == obj.event_id:
            self.calendar_message(request, obj.event, before)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._after_save(request, obj)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._after_save(request, obj)
        return response

    def delete_model(self, request, obj):
        before = Event.objects.filter(pk=obj.event_id).values_list("sequence", flat=True).first()
        super().delete_model(request, obj)
        self.calendar_message(request, obj.event, before)
