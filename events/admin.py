from django.contrib import admin

from events.models import Circuit, Event, Season, Session


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
    extra = 0
    fields = ["code", "start_date", "starts_at", "duration_min"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "season", "round", "start_date", "end_date", "status", "circuit"]
    list_filter = ["season", "status"]
    search_fields = ["name", "slug", "circuit__name"]
    autocomplete_fields = ["circuit", "replaces"]
    inlines = [SessionInline]
    ordering = ["season", "start_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season", "circuit")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["event", "code", "start_date", "starts_at"]
    list_filter = ["event__season", "code"]
    search_fields = ["event__name"]
    autocomplete_fields = ["event"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__season")
