from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from translated_fields.admin import TranslatedFieldAdmin

from delivery.locking_admin import ConcurrentEditAdmin
from drivers.models import CareerSeason, Driver, Milestone, Team
from events.pickers import EventPicker


class CareerInline(admin.TabularInline):
    model = CareerSeason
    extra = 0
    fields = [
        "first_year",
        "last_year",
        "series",
        "team",
        "result_sv",
        "result_en",
        "season",
        "note_sv",
        "note_en",
    ]


class MilestoneLinkForm(forms.ModelForm):
    class Meta:
        model = Milestone.drivers.through
        fields = ["milestone"]
        labels = {"milestone": _("milestone")}


# A driver's milestone is a row of the link table Django makes for Milestone.drivers; the
# inline names each row by its milestone, not "Milestone_drivers object (6)".
Milestone.drivers.through.__str__ = lambda link: str(link.milestone)


class MilestoneInline(admin.TabularInline):
    model = Milestone.drivers.through
    form = MilestoneLinkForm
    extra = 0
    autocomplete_fields = ["milestone"]
    verbose_name = _("milestone")
    verbose_name_plural = _("milestones")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("milestone")


@admin.register(Driver)
class DriverAdmin(ConcurrentEditAdmin, TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "nationality", "home_town", "has_photo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["siblings"]
    readonly_fields = ["portrait_preview"]
    inlines = [CareerInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "nationality", "home_town", "birth_date", "siblings"]}),
        (_("Biography"), {"fields": [("bio_sv", "bio_en")]}),
        (
            _("Portrait"),
            {
                "fields": [
                    "portrait",
                    "portrait_preview",
                    ("portrait_alt_sv", "portrait_alt_en"),
                    "portrait_credit",
                    ("portrait_rights_sv", "portrait_rights_en"),
                    "portrait_is_placeholder",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin/press.css"]}
        js = ["js/admin/photo-preview.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "portrait":
            # A chosen portrait shows at once (static/js/admin/photo-preview.js).
            kwargs["widget"] = AdminFileWidget(
                attrs={
                    "accept": "image/jpeg,image/png,image/webp",
                    "data-photo-preview": gettext(
                        "Preview. Location and camera data are removed when the photo is saved."
                    ),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """The press office edits bios and portraits; a driver's identity (name, address,
        nationality, family) is the administrators'."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.is_superuser:
            fields = [*fields, "name", "slug", "nationality", "siblings"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return {}  # the slug is read-only for them
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, driver):
        return bool(driver.portrait) and not driver.portrait_is_placeholder

    @admin.display(description=_("web sizes"))
    def portrait_preview(self, driver):
        if not driver.portrait_renditions:
            return "\N{EN DASH}"
        smallest = driver.portrait_renditions[0]
        sizes = ", ".join(
            f"{r['width']}\N{MULTIPLICATION SIGN}{r['height']}" for r in driver.portrait_renditions
        )
        return format_html(
            '<img src="{}" width="{}" height="{}" alt=""> {}',
            default_storage.url(smallest["name"]),
            smallest["width"],
            smallest["height"],
            sizes,
        )

    def save_model(self, request, obj, form, change):
        """A new portrait is a real photo unless the form says otherwise. (Its web sizes are
        made, and the old files removed, by the field: images.fields.)"""
        if (
            "portrait" in form.changed_data
            and obj.portrait
            and "portrait_is_placeholder" not in form.changed_data
        ):
            obj.portrait_is_placeholder = False
        super().save_model(request, obj, form, change)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Milestone)
class MilestoneAdmin(EventPicker, TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["title", "date", "series", "kind", "driver_names"]
    list_filter = ["kind", "series", "drivers"]
    search_fields = ["title_sv", "title_en", "series", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["drivers"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (
            None,
            {"fields": ["slug", ("date", "date_precision"), "series", "kind", "drivers", "event"]},
        ),
        (_("Text"), {"fields": [("title_sv", "title_en"), ("caption_sv", "caption_en")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("drivers")

    @admin.display(description=_("drivers"))
    def driver_names(self, milestone):
        return ", ".join(driver.name for driver in milestone.drivers.all())
