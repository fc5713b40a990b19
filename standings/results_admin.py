"""The admin page of one session's results: upload or type its classification, see what
it would change (places, points, the standings), then save it as a batch.

A preview names what it saw (a signed digest of the session's results and of the rows it
previewed, and a token of its own): saving refuses a preview whose session changed since
(and shows the new one), saves a second submit of the same preview once, and previews
again rows edited after their preview.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from delivery.text import one_line
from events.models import Session
from events.schedule import timings
from standings import batches
from standings.classification import entries_for, gaps, read_file
from standings.forms import ClassificationFileForm, ClassificationFormSet
from standings.impact import session_impact
from standings.models import Entry, ResultBatch, session_name

PREFIX = "rows"
SALT = "standings.session-results.preview"


def session_results(model_admin, request, session_id):
    session = get_object_or_404(
        Session.objects.select_related("event__season", "event__circuit"), pk=session_id
    )
    page = _Page(model_admin, request, session)
    if session.event.round is None:
        return page.render()
    if request.method != "POST":
        return page.render(formset=page.formset(initial=page.current))
    if "upload" in request.POST:
        return page.upload()
    formset = page.formset(data=request.POST)
    if not formset.is_valid():
        return page.render(formset=formset)
    lines = formset.lines()
    if "apply" in request.POST:
        return page.apply(lines)
    return page.preview(lines, source=page.posted_source())


class _Page:
    def __init__(self, model_admin, request, session):
        self.admin = model_admin
        self.request = request
        self.session = session
        self.entries = entries_for(session)
        self.current = batches.snapshot(session)
        known = {entry.pk for entry in self.entries}
        # A car with a result whose entry no longer covers the round keeps its row.
        stray = [row["entry"] for row in self.current if row["entry"] not in known]
        if stray:
            self.entries += list(
                Entry.objects.filter(pk__in=stray).select_related("driver", "team")
            )

    @property
    def url(self):
        return reverse("admin:standings_session_results", args=[self.session.pk])

    def formset(self, *, data=None, initial=None):
        if data is not None:
            return ClassificationFormSet(data, prefix=PREFIX, entries=self.entries)
        rows = [
            {
                "position": row["position"],
                "entry": row["entry"],
                "status": row["status"],
                "best_lap_ms": row["best_lap_ms"],
            }
            for row in map(_row, initial or [])
        ]
        rows += [{}] * max(0, len(self.entries) - len(rows))
        return ClassificationFormSet(initial=rows, prefix=PREFIX, entries=self.entries)

    def posted_source(self):
        preview = self.signed_preview()
        return preview["source"] if preview else ""

    def signed_preview(self):
        """The preview the posted form was made from (None: none, or not this session's)."""
        try:
            preview = signing.loads(self.request.POST.get("preview", ""), salt=SALT)
        except signing.BadSignature:
            return None
        if not isinstance(preview, dict) or preview.get("session") != self.session.pk:
            return None
        return preview

    # Steps --------------------------------------------------------------------------

    def upload(self):
        form = ClassificationFileForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.render(formset=self.formset(initial=self.current), file_form=form)
        name = one_line(form.file_name)[:255]
        lines, problems = read_file(name, form.text, self.entries)
        if problems:
            return self.render(
                formset=self.formset(initial=self.current), file_form=form, problems=problems
            )
        return self.preview(lines, source=name)

    def preview(self, lines, *, source, note=None):
        """The preview of `lines`; the rows below it show them as read (1:44,9 as 1:44.900)."""
        signed = signing.dumps(
            {
                "session": self.session.pk,
                "seen": batches.digest(self.session, self.current),
                "rows": batches.digest(self.session, lines),
                "token": secrets.token_hex(16),
                "source": source,
            },
            salt=SALT,
        )
        return self.render(
            formset=self.formset(initial=lines),
            impact=session_impact(self.session, lines),
            missing=gaps(lines),
            preview=signed,
            source=source,
            unchanged=batches.key_of(lines) == batches.key_of(self.current),
            note=note,
        )

    def apply(self, lines):
        preview = self.signed_preview()
        if preview is None or preview["rows"] != batches.digest(self.session, lines):
            return self.preview(
                lines,
                source=preview["source"] if preview else "",
                note=_("The rows changed after the preview: check this preview, then save."),
            )
        source = preview["source"]
        try:
            batch = batches.apply_session(
                self.session,
                lines,
                user=self.request.user,
                kind=ResultBatch.Kind.SESSION_FILE if source else ResultBatch.Kind.TYPED,
                source=source,
                token=preview["token"],
                seen=preview["seen"],
            )
        except batches.AlreadyApplied as applied:
            messages.info(
                self.request, _("These results were saved already (the form was sent twice).")
            )
            return redirect(_batch_url(applied.batch) if applied.batch else self.url)
        except batches.StalePreview:
            return self.preview(
                lines,
                source=source,
                note=_(
                    "Someone changed this session's results after your preview. Nothing was "
                    "saved: check the new preview, then save again."
                ),
            )
        if batch is None:
            messages.info(self.request, _("Nothing changed: these results were already saved."))
            return redirect(self.url)
        messages.success(
            self.request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Saved: the results of %(session)s. The standings on the site are updated.")
                % {"session": session_name(self.session)},
                _batch_url(batch),
                _("See the change or undo it"),
            ),
        )
        return redirect(self.url)

    def render(self, **context):
        session = self.session
        ((_session, timing),) = timings([session])
        context = {
            **self.admin.admin_site.each_context(self.request),
            "opts": self.admin.model._meta,
            "title": _("Results: %(session)s") % {"session": session_name(session)},
            "session": session,
            "event": session.event,
            "ends": timing.ends,
            "ended": timing.ends <= timezone.now(),
            "current": self.current,
            "file_form": ClassificationFileForm(),
            "recent": list(
                ResultBatch.objects.filter(sessions__session=session)
                .select_related("created_by")
                .prefetch_related("sessions__session__event")
                .distinct()[:5]
            ),
            **context,
        }
        return TemplateResponse(self.request, "admin/standings/session_results.html", context)


def _row(item):
    if isinstance(item, batches.Line):
        return {
            "entry": item.entry,
            "position": item.position,
            "status": item.status,
            "best_lap_ms": item.best_lap_ms,
        }
    return item


def _batch_url(batch):
    return reverse("admin:standings_resultbatch_change", args=[batch.pk])
