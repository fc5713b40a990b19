from django.contrib import admin

from drivers.models import Driver, Team


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "nationality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
