import hashlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from translated_fields.admin import TranslatedFieldAdmin

from events.models import Season
from standings.forms import ResultsUploadForm
from standings.importers import import_results
from standings.models import Adjustment, Entry, PointsScale, SessionResult, Title
from standings.seasonfiles import SeasonFileError

PENDING_IMPORT = "standings:pending-results-import"


class AdjustmentInline(admin.TabularInline):
    model = Adjustment
    extra = 0
    fields = ["round", "driver", "team", "points", "reason_en", "reason_sv"]
    autocomplete_fields = ["driver", "team"]


@admin.register(Title)
class TitleAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = [
        "name_en",
        "season",
        "slug",
        "competitors",
        "eligible",
        "rerank",
        "min_entrants",
    ]
    list_filter = ["season", "competitors", "eligible"]
    search_fields = ["name_en", "name_sv", "slug"]
    inlines = [AdjustmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season")


@admin.register(PointsScale)
class PointsScaleAdmin(admin.ModelAdmin):
    list_display = ["season", "session", "event", "title", "values"]
    list_filter = ["season", "session"]
    autocomplete_fields = ["event", "title"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("season", "event__season", "title__season")
        )


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "driver",
        "team",
        "car",
        "rounds",
        "junior",
        "trophy",
        "female",
        "wildcard",
    ]
    list_display_links = ["number", "driver"]
    list_filter = ["season", "wildcard", "junior", "trophy", "female", "team"]
    search_fields = ["driver__name", "team__name", "car", "number"]
    autocomplete_fields = ["driver", "team"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("driver", "team")


@admin.register(SessionResult)
class SessionResultAdmin(SimpleHistoryAdmin):
    list_display = ["session", "position", "status", "driver", "best_lap_ms"]
    list_filter = ["session__event__season", "session__code", "status", "session__event"]
    search_fields = ["entry__driver__name", "session__event__name_en", "session__event__name_sv"]
    autocomplete_fields = ["entry"]
    raw_id_fields = ["session"]
    change_list_template = "admin/standings/sessionresult/change_list.html"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("session__event__season", "entry__driver")
        )

    @admin.display(description=_("driver"), ordering="entry__driver__name")
    def driver(self, obj):
        return obj.entry.driver

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="standings_sessionresult_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a results.csv, see what would change, then apply it."""
        if not (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        ):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        if request.method == "POST" and "apply" in request.POST:
            return self._apply_pending(request)
        form = ResultsUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            season, name, text = form.cleaned_data["season"], form.file_name, form.text
            try:
                report = import_results(name, text, season, dry_run=True)
            except SeasonFileError as error:
                context["problems"] = error.problems
            else:
                digest = hashlib.sha256(text.encode()).hexdigest()
                request.session[PENDING_IMPORT] = {
                    "season": season.pk,
                    "name": name,
                    "text": text,
                    "digest": digest,
                }
                context.update(report=report, season=season, file_name=name, digest=digest)
        context.update(form=form, title=_("Import results"))
        return TemplateResponse(request, "admin/standings/sessionresult/import.html", context)

    def _apply_pending(self, request):
        pending = request.session.pop(PENDING_IMPORT, None)
        back = reverse("admin:standings_sessionresult_import")
        if pending is None or pending["digest"] != request.POST.get("digest"):
            # Another preview replaced the one this button belonged to.
            messages.error(request, _("Nothing to apply: upload the file again."))
            return redirect(back)
        season = Season.objects.filter(pk=pending["season"]).first()
        if season is None:
            messages.error(request, _("The season is gone: upload the file again."))
            return redirect(back)
        try:
            report = import_results(pending["name"], pending["text"], season)
        except SeasonFileError as error:
            for problem in error.problems[:20]:
                messages.error(request, str(problem))
            return redirect(back)
        if report.changed:
            messages.success(
                request,
                _("Imported %(file)s: %(changes)s")
                % {"file": pending["name"], "changes": "; ".join(report.changes)},
            )
        else:
            messages.info(request, _("Nothing changed: the results were already there."))
        return redirect(reverse("admin:standings_sessionresult_changelist"))


@admin.register(Adjustment)
class AdjustmentAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["title", "round", "driver", "team", "points", "reason_en", "reason_sv"]
    list_filter = ["title__season", "title"]
    search_fields = ["driver__name", "team__name", "reason_en", "reason_sv"]
    autocomplete_fields = ["driver", "team"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("title__season", "driver", "team")
