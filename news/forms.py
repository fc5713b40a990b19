"""The admin's article form: publication as a choice (a draft, now, or at a time in the site's
zone), and pickers that say what a press officer needs to know about each choice."""

from django import forms
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    BaseAdminDateWidget,
    BaseAdminTimeWidget,
)
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery.locking_admin import ConcurrentEditForm
from news import publishing
from news.models import Article

DRAFT, NOW, SCHEDULE, KEEP = "draft", "now", "schedule", "keep"


class ScheduleWidget(AdminSplitDateTime):
    """The admin's date and time fields, the time to the minute ("08:00")."""

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(
            self, [BaseAdminDateWidget, BaseAdminTimeWidget(format="%H:%M")], attrs
        )


def _same_minute(one, other):
    return (
        one is not None
        and other is not None
        and one.replace(second=0, microsecond=0) == other.replace(second=0, microsecond=0)
    )


class ArticleForm(ConcurrentEditForm):
    publication = forms.ChoiceField(
        label=gettext_lazy("When you save"), required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"publish_at": ScheduleWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The publication time stored when the form was made (a version from the history,
        # there; what is stored now, for a form posted back).
        self.opened_publish_at = self.instance.publish_at
        status = self.instance.status
        labels = {
            DRAFT: _("Save as draft (not on the site)"),
            NOW: _("Publish now"),
            SCHEDULE: _("Schedule: it publishes by itself at the time below"),
            KEEP: _("Keep it published"),
        }
        offered = [DRAFT, NOW, SCHEDULE]
        if status == "published":
            labels[KEEP] = _("Keep it published (since %(moment)s, %(zone)s, %(abbreviation)s)") % {
                "moment": publishing.date_and_time(self.opened_publish_at),
                "zone": publishing.zone_name(),
                "abbreviation": publishing.abbreviation(self.opened_publish_at),
            }
            labels[DRAFT] = _("Unpublish: back to draft")
            labels[SCHEDULE] = _("Take it off the site until the time below")
            offered = [KEEP, DRAFT, SCHEDULE]
        # A form sent back (someone else changed the article meanwhile) keeps its choice.
        posted = self.data.get(self.add_prefix("publication")) if self.is_bound else None
        if posted in labels and posted not in offered:
            offered.append(posted)
        field = self.fields["publication"]
        field.choices = [(choice, labels[choice]) for choice in offered]
        field.initial = {"draft": DRAFT, "scheduled": SCHEDULE, "published": KEEP}[status]
        if "publish_at" in self.fields:
            now = timezone.now()
            self.fields["publish_at"].help_text = _(
                "%(zone)s. It is now %(moment)s (%(abbreviation)s)."
            ) % {
                "zone": capfirst(publishing.zone_name()),
                "moment": publishing.date_and_time(now),
                "abbreviation": publishing.abbreviation(now),
            }

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("publication")
        if "publish_at" not in self.fields or not choice:
            return cleaned  # a form from an older page, without the choice: the date as typed
        posted, opened, now = cleaned.get("publish_at"), self.opened_publish_at, timezone.now()
        if choice != SCHEDULE:
            # The date belongs to scheduling: what it holds otherwise is no error.
            self._errors.pop("publish_at", None)
        match choice:
            case "draft":
                cleaned["publish_at"] = None
            case "keep":
                # As shown on the page; someone may have unpublished it since (the form then
                # comes back once, saying so): saving again puts it back. It stays on the
                # site: a later time typed here is no choice of this one ("Schedule" is).
                kept = (
                    opened
                    if posted is None or _same_minute(posted, opened) or posted > now
                    else posted
                )
                cleaned["publish_at"] = (
                    kept if kept is not None and kept <= now else now.replace(microsecond=0)
                )
            case "now":
                already = opened is not None and opened <= now
                cleaned["publish_at"] = opened if already else now.replace(microsecond=0)
            case "schedule":
                cleaned["publish_at"] = self._scheduled(posted, opened, now)
        return cleaned

    def _scheduled(self, posted, opened, now):
        if "publish_at" in self._errors:
            return None
        if posted is None:
            self.add_error("publish_at", _("Enter the date and time it is to publish at."))
            return None
        if _same_minute(posted, opened):
            # Untouched: it may have come while the page was open, and published as planned.
            return opened
        if posted <= now:
            self.add_error(
                "publish_at",
                _(
                    "%(moment)s has already passed: it is now %(now)s. Choose a later time, "
                    "or “Publish now”."
                )
                % {"moment": publishing.with_zone(posted), "now": publishing.date_and_time(now)},
            )
            return None
        return posted
