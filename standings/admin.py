import hashlib

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from translated_fields.admin import TranslatedFieldAdmin

from events.models import Season
from standings import batches, results_admin
from standings.forms import ResultsUploadForm, SessionResultForm
from standings.impact import impact
from standings.importers import import_results
from standings.laps import format_lap
from standings.models import Adjustment, Entry, PointsScale, ResultBatch, SessionResult, Title
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


def can_write_results(request):
    """Whether the user may add, change and delete session results (the Results role)."""
    opts = SessionResult._meta
    return all(
        request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("add", "change", "delete")
    )


@admin.register(SessionResult)
class SessionResultAdmin(SimpleHistoryAdmin):
    form = SessionResultForm
    list_display = ["session", "position", "status", "driver", "best_lap"]
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

    @admin.display(description=_("best lap"), ordering="best_lap_ms")
    def best_lap(self, obj):
        return format_lap(obj.best_lap_ms)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="standings_sessionresult_import",
            ),
            path(
                "session/<int:session_id>/",
                self.admin_site.admin_view(self.session_results_view),
                name="standings_session_results",
            ),
            *super().get_urls(),
        ]

    def session_results_view(self, request, session_id):
        """One session's classification: upload or type it, preview, save."""
        if not can_write_results(request):
            raise PermissionDenied
        return results_admin.session_results(self, request, session_id)

    def import_view(self, request):
        """Upload the results of a whole season.csv, see what would change, then apply it."""
        if not can_write_results(request):
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
        context.update(form=form, title=_("Upload the results of a whole season"))
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
            report = import_results(
                pending["name"],
                pending["text"],
                season,
                user=request.user,
                kind=ResultBatch.Kind.SEASON_FILE,
            )
        except SeasonFileError as error:
            for problem in error.problems[:20]:
                messages.error(request, str(problem))
            return redirect(back)
        if report.batch is None:
            messages.info(request, _("Nothing changed: the results were already there."))
        else:
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("Imported %(file)s: the results of %(sessions)s changed.")
                    % {"file": pending["name"], "sessions": report.batch.what},
                    reverse("admin:standings_resultbatch_change", args=[report.batch.pk]),
                    gettext("See each driver before and after, or undo it"),
                ),
            )
        return redirect(reverse("admin:standings_sessionresult_changelist"))


@admin.register(Adjustment)
class AdjustmentAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["title", "round", "driver", "team", "points", "reason_en", "reason_sv"]
    list_filter = ["title__season", "title"]
    search_fields = ["driver__name", "team__name", "reason_en", "reason_sv"]
    autocomplete_fields = ["driver", "team"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("title__season", "driver", "team")


@admin.register(ResultBatch)
class ResultBatchAdmin(admin.ModelAdmin):
    """Every applied change of results, newest first, each with its undo."""

    list_display = ["created_at", "what", "how", "who", "state"]
    list_display_links = ["created_at", "what"]
    list_filter = ["season", "kind"]
    list_select_related = ["created_by", "undone_by"]
    change_list_template = "admin/standings/resultbatch/change_list.html"
    actions = None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by", "undone_by", "undoes")
            .prefetch_related("sessions__session__event")
        )

    def has_add_permission(self, request):
        return False  # a batch is made by applying results, never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the record stays; an undo is a batch of its own

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)  # a list to read, not to pick from
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def can_undo(self, request):
        return self.has_change_permission(request) and can_write_results(request)

    @admin.display(description=_("what"))
    def what(self, batch):
        return batch.what

    @admin.display(description=_("source"), ordering="kind")
    def how(self, batch):
        if batch.source:
            return f"{batch.get_kind_display()}: {batch.source}"
        return batch.get_kind_display()

    @admin.display(description=_("by"), ordering="created_by")
    def who(self, batch):
        return _person(batch.created_by, batch.kind)

    @admin.display(description=_("state"))
    def state(self, batch):
        if batch.undone_at is not None:
            return gettext("Undone %(when)s by %(who)s") % {
                "when": _moment(batch.undone_at),
                "who": _person(batch.undone_by),
            }
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:standings_resultbatch_undo", args=[batch.pk]),
            gettext("Undo"),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="standings_resultbatch_undo",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A batch's page: what it changed in each session, and its undo."""
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, batch):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(batch),
            "batch": batch,
            "changes": batches.changes_of(batch),
            "who": _person(batch.created_by, batch.kind),
            "undone_who": _person(batch.undone_by),
            "can_undo": batch.undone_at is None and self.can_undo(request),
        }
        return TemplateResponse(request, "admin/standings/resultbatch/detail.html", context)

    def undo_view(self, request, object_id):
        """Undo a batch: a confirmation page, then the undo (POST)."""
        if not self.can_undo(request):
            raise PermissionDenied
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "POST":
            try:
                undone = batches.undo(batch, user=request.user)
            except batches.UndoRefused as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
                return redirect(reverse("admin:standings_resultbatch_change", args=[batch.pk]))
            messages.success(
                request,
                gettext(
                    "Undone: %(what)s is back as it was. The standings on the site are updated."
                )
                % {"what": batch.what},
            )
            return redirect(reverse("admin:standings_resultbatch_change", args=[undone.pk]))
        problems = batches.undo_problems(batch)
        changes = []
        for change in batches.changes_of(batch):
            # What each session goes back to: from its results now to those before the batch.
            now = batches.snapshot(change.session) if change.session else change.after
            changes.append(batches.SessionChange(change.session, now, change.before, change.label))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Undo this change?"),
            "batch": batch,
            "changes": changes,
            "problems": problems,
            "impact": None
            if problems
            else impact(
                batch.season,
                {c.session: [batches.Line.of(row) for row in c.after] for c in changes},
            ),
        }
        return TemplateResponse(request, "admin/standings/resultbatch/undo.html", context)


def _person(user, kind=None):
    if user is None:
        if kind == ResultBatch.Kind.COMMAND:
            return gettext("the import_results command")
        return gettext("someone")
    return user.get_full_name() or user.get_username()


def _moment(value):
    return formats.date_format(timezone.localtime(value), "j F Y H:i")
