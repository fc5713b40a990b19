from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.html import format_html_join
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
    extra = 0
    fields = ["code", "start_date", "local_start", "duration_min"]
    verbose_name_plural = _("sessions (times at the circuit, stored in UTC)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The zone the rows are shown in: the stored circuit's (obj is read before the
        # page's own circuit is taken in).
        formset.shown_zone = zone_of(obj) if obj is not None and obj.pk else None
        return formset


class EventChangeInline(admin.TabularInline):
    model = EventChange
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
        return format_html_join("\n", "<div>{}</div>", ((text,) for text in history.lines(change)))


class EventForm(ConcurrentEditForm):
    def clean(self):
        cleaned = super().clean()
        moved = {"start_date", "end_date"} & set(self.changed_data)
        previous = {"previous_start_date", "previous_end_date"}
        if (
            self.instance.pk is not None
            and moved
            and not previous & set(self.changed_data)
            and not cleaned.get("previous_start_date")
            and not cleaned.get("previous_end_date")
            and self.initial.get("start_date")
        ):
            # A move: the dates it had are kept as the ones first planned.
            cleaned["previous_start_date"] = self.initial["start_date"]
            cleaned["previous_end_date"] = self.initial["end_date"]
            self.previous_filled = True
        return cleaned


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
    autocomplete_fields = ["circuit", "replaces"]
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
        form_filled = getattr(request, "_previous_filled", None)
        if form_filled:
            self.message_user(request, form_filled, messages.INFO)
        return response

    def save_form(self, request, form, change):
        if getattr(form, "previous_filled", False):
            request._previous_filled = gettext(
                "Its previous dates are now %(first)s to %(last)s: the calendar says it was "
                "moved from them. If the new dates only correct a mistake, empty “Previous "
                "start date” and “Previous end date” and save again."
            ) % {
                "first": formats.date_format(form.cleaned_data["previous_start_date"], "j F Y"),
                "last": formats.date_format(form.cleaned_data["previous_end_date"], "j F Y"),
            }
        return super().save_form(request, form, change)


@admin.register(Session)
class SessionAdmin(RecordedInAdmin, admin.ModelAdmin):
    form = SessionForm
    list_display = ["event", "code", "start_date", "track_time", "duration_min"]
    list_filter = ["event__season", "code"]
    search_fields = ["event__name_en", "event__name_sv"]
    autocomplete_fields = ["event"]
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
