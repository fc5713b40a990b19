"""The staff home page: what matters this week, for whoever signs in to the admin.

The next event and session (or the one running), with its countdown, its time at the
track and in the site's time zone; the weekend's sessions and whether their results are
in; what is scheduled to publish; drafts; the latest results imports; and the buttons to
the two jobs of a race weekend: writing a release, entering a session's results. Each part
shows only to those whose role may open what it links to. It reads the staff member's
clock (delivery.clock), so a preview of a past weekend shows that weekend.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse

from delivery import clock
from events.models import Event, Season, Session
from events.schedule import LIVE, SESSION_ORDER, countdown, remaining_text, timings
from news.models import Article
from standings.models import SessionResult

# How many scheduled articles, drafts and imports the page lists.
LISTED = 8
# Practice results are not kept as a rule; a classification is wanted from these.
CLASSIFIED = {"Q", "Q1", "Q2", "Q3", "R1", "R2"}


@dataclass
class SessionLine:
    session: Session
    starts: object  # aware datetime, or None when only its day is known
    ends: object
    ended: bool
    has_results: bool
    results_url: str | None

    @property
    def missing(self):
        return self.ended and not self.has_results and self.session.code in CLASSIFIED


def _results_url(session):
    """The session's own results page in the admin (None until it exists)."""
    try:
        return reverse("admin:standings_session_results", args=[session.pk])
    except NoReverseMatch:
        return None


def _weekend(event, now, results_url):
    sessions = (
        Session.objects.filter(event=event)
        .select_related("event__circuit")
        .annotate(has_results=Exists(SessionResult.objects.filter(session=OuterRef("pk"))))
    )
    lines = [
        SessionLine(
            session,
            timing.start,
            timing.ends,
            timing.ends <= now,
            session.has_results,
            results_url(session) if not timing.derived else None,
        )
        for session, timing in timings(sessions)
    ]
    return sorted(lines, key=lambda line: SESSION_ORDER[line.session.code])


def _results_target(lines, next_session):
    """The session whose results are wanted now: the last one of the weekend to end without
    its results; else the one counted down to; else the weekend's last."""
    waiting = sorted(
        (line for line in lines if line.missing and line.results_url), key=lambda line: line.ends
    )
    if waiting:
        return waiting[-1]
    for line in lines:
        if (
            next_session is not None
            and line.session.pk == next_session.pk
            and line.results_url
            and line.session.code in CLASSIFIED
        ):
            return line
    enterable = [line for line in lines if line.results_url and line.session.code in CLASSIFIED]
    return enterable[-1] if enterable else None


def _this_week(now):
    season = Season.objects.current()
    if season is None:
        return {}
    sessions = Session.objects.filter(event__season=season).select_related(
        "event__circuit", "event__season"
    )
    state = countdown(sessions, now=now)
    if state.session is not None:
        event = state.session.event
    else:
        # The season is over (or has no times yet): its last event that went ahead.
        event = (
            Event.objects.filter(season=season, start_date__lte=now.date())
            .exclude(status=Event.Status.CANCELLED)
            .select_related("circuit", "season")
            .order_by("-start_date")
            .first()
        )
    found = {"season": season, "countdown": state, "event": event, "live": state.state == LIVE}
    if state.remaining is not None:
        found["remaining"] = remaining_text(state.remaining)
    return found


def context(request):
    now = clock.now(request)
    user = request.user
    home = {"now": now, "previewing": clock.previewing(request)}
    week = _this_week(now)
    home.update(week)
    # As the session's results page asks.
    may_enter_results = user.has_perms(
        [f"standings.{action}_sessionresult" for action in ("add", "change", "delete")]
    )
    event = week.get("event")
    if event is not None:
        lines = _weekend(event, now, _results_url if may_enter_results else lambda s: None)
        home["weekend"] = lines
        target = _results_target(lines, week["countdown"].session)
        if may_enter_results and target is not None:
            home["results_target"] = target
        if user.has_perm("events.change_event"):
            home["event_admin_url"] = reverse("admin:events_event_change", args=[event.pk])
    if user.has_perm("news.add_article"):
        home["write_url"] = reverse("admin:news_article_add")
    if user.has_perm("news.view_article"):
        articles = Article.objects.select_related("author__byline")
        home["scheduled"] = list(articles.scheduled(now).order_by("publish_at")[:LISTED])
        home["drafts"] = list(articles.drafts().order_by("-updated_at")[:LISTED])
    home["imports"] = _latest_imports(user)
    return home


def _latest_imports(user):
    """The latest applied results changes, when the user may see them."""
    from standings import models

    batch = getattr(models, "ResultBatch", None)
    if batch is None or not user.has_perm("standings.view_resultbatch"):
        return None
    return list(batch.objects.select_related("created_by").order_by("-created_at")[:LISTED])
