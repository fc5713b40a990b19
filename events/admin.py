from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from translated_fields.admin import TranslatedFieldAdmin

from delivery.locking_admin import ConcurrentEditAdmin
from events.forms import SessionForm
from events.models import Circuit, Event, EventChange, Season, Session

# Changes to these fields reach calendar apps (a new revision) and the event's history.
TRACKED_FIELDS = ["status", "start_date", "end_date", "round", "circuit", "replaces"]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Circuit)
class CircuitAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "timezone", "length_km", "corners"]
    list_filter = ["country"]
    search_fields = ["name", "city"]


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionForm
    extra = 0
    fields = ["code", "start_date", "local_start", "duration_min"]
    verbose_name_plural = _("sessions (times at the circuit, stored in UTC)")
    # Django's, with a link to each session's results page.
    template = "admin/events/session/tabular.html"

    def get_formset(self, request, obj=None, **kwargs):
        zone = obj.circuit.zone if obj is not None else None

        class ZonedSessionForm(SessionForm):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, zone=zone, **form_kwargs)

        kwargs["form"] = ZonedSessionForm
        return super().get_formset(request, obj, **kwargs)


class EventChangeInline(admin.TabularInline):
    model = EventChange
    extra = 0
    fields = ["changed_at", "description"]
    readonly_fields = ["changed_at", "description"]
    can_delete = False
    verbose_name_plural = _("history of status and date changes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ConcurrentEditAdmin, TranslatedFieldAdmin, admin.ModelAdmin):
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season", "circuit")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = [name for name in TRACKED_FIELDS if name in form.changed_data]
        if change and changed:
            described = ", ".join(
                f"{Event._meta.get_field(name).verbose_name}: {form.initial.get(name)} → "
                f"{form.cleaned_data.get(name)}"
                for name in changed
            )
            EventChange.objects.create(event=obj, description=described[:300])
            self._revise(obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Session and change and formset.has_changed():
            EventChange.objects.create(
                event=form.instance, description=str(_("session times changed"))
            )
            self._revise(form.instance)

    def _revise(self, event):
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["event", "code", "start_date", "starts_at"]
    list_filter = ["event__season", "code"]
    search_fields = ["event__name_en", "event__name_sv"]
    autocomplete_fields = ["event"]
    fields = ["event", "code", "start_date", "starts_at", "duration_min"]
    readonly_fields = ["starts_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__season")
