"""iCalendar feeds of the season's sessions: one VEVENT per session.

Times go out in UTC, as they are stored; a session known only by its date (or not even
that) becomes an all-day event. UIDs are made of slugs and session codes only, so the
/sv/ and /en/ feeds describe the same events and calendar apps never see duplicates.

A feed is the calendar as it was announced at the request's moment (`events.announced`),
like every page: a subscriber at the real time gets each change once it is announced, and
a staff preview gets the feed of its moment. An event not yet added is not in it (its own
feed is a 404), and one shown on its first planned dates has no sessions to give.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import STATUS, Calendar, vDuration
from icalendar import Event as VEvent

from delivery import areas, clock
from delivery.pagecache import reads
from delivery.text import one_line
from events import announced
from events.models import Event, Season
from events.schedule import QUALIFYING_PARTS, session_length

PRODID = "-//Backman WTCR//Calendar//EN"
UID_DOMAIN = "wtcr.backman"
# Calendar apps are asked to fetch the feed again this often.
REFRESH = dt.timedelta(hours=6)
# A session of unknown length still needs an end; an hour is a fair guess for a race.
ONE_DAY = dt.timedelta(days=1)

# As long as a page at most (were a bump ever lost, no feed is older than a page can be).
CACHE_SECONDS = settings.PAGE_CACHE_SECONDS
VEVENT_STATUS = {
    Event.Status.SCHEDULED: STATUS.CONFIRMED,
    Event.Status.POSTPONED: STATUS.TENTATIVE,
    Event.Status.CANCELLED: STATUS.CANCELLED,
}


@require_GET
@reads("calendar")
def season_ics(request, season):
    def build(now):
        found = get_object_or_404(Season, slug=season)
        events = list(found.events.select_related("circuit").prefetch_related("sessions"))
        return _feed(
            request=request,
            events=announced.as_announced(events, now),
            name=_("WTCR %(season)s · Bäckman") % {"season": found.slug},
            stem=f"wtcr-{found.slug}",
        ), _unchanged_between(events, now)

    return _built_once(request, build)


@require_GET
@reads("calendar")
def event_ics(request, season, slug):
    def build(now):
        event = get_object_or_404(
            Event.objects.select_related("season", "circuit"), season__slug=season, slug=slug
        )
        shown = announced.as_announced([event], now)
        if not shown:
            raise Http404("No such event at this moment")
        return _feed(
            request=request,
            events=shown,
            name=_("%(event)s · WTCR %(season)s")
            % {"event": one_line(event.name), "season": event.season.slug},
            stem=f"wtcr-{event.season.slug}-{event.slug}",
        ), _unchanged_between([event], now)

    return _built_once(request, build)


def _built_once(request, build):
    """A feed is built once per calendar version (and address and language): building
    one is most of its cost, and it changes only with the calendar and at the moments a
    change of it is announced. `build(now)` -> (response, (since, until)): the feed
    stays the same from `since` to `until` (None: no end)."""
    version = areas.current()["calendar"]
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"ics:v2:{version}:{get_language()}:{address}"
    now = clock.now(request)
    built = cache.get(key)
    if built is None or not (built[2] <= now and (built[3] is None or now < built[3])):
        response, (since, until) = build(now)
        built = (response.content, response["Content-Disposition"], since, until)
        cache.set(key, built, CACHE_SECONDS)
    response = HttpResponse(built[0], content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = built[1]
    return response


def _unchanged_between(events, now):
    """(since, until): the moments around `now` between which the calendar as announced
    shows `events` as it does at `now`."""
    moments = announced.moments(events)
    since = max((m for m in moments if m <= now), default=clock.EARLIEST)
    until = min((m for m in moments if m > now), default=None)
    return since, until


def _feed(*, request, events, name, stem):
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        calscale="GREGORIAN",
        method="PUBLISH",
        # A fixed UID: a random one would make every download differ.
        uid=f"{stem}@{UID_DOMAIN}",
    )
    # RFC 7986 wants the value type spelt out; icalendar leaves it implicit.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    stamp = timezone.now()
    for event in events:
        for component in _components(request=request, event=event, stamp=stamp):
            calendar.add_component(component)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{stem}.ics"'
    return response


def _components(*, request, event, stamp):
    """The VEVENTs of one event: its sessions, and the event itself when cancelled."""
    page = reverse("events:event", kwargs={"season": event.season.slug, "slug": event.slug})
    place = (event.circuit.name, event.circuit.city, event.circuit.country)
    shared = {
        "stamp": stamp,
        "sequence": event.sequence,
        "status": VEVENT_STATUS[event.status],
        "location": ", ".join(part for part in map(one_line, place) if part),
        "url": request.build_absolute_uri(page),
        "description": _("Round %(number)s") % {"number": event.round} if event.round else None,
    }
    uid = f"{event.season.slug}-{event.slug}"
    if event.status == Event.Status.CANCELLED:
        # Cancelled events usually have no sessions left; this entry tells subscribers
        # that the whole weekend is off.
        yield VEvent.new(
            uid=f"{uid}@{UID_DOMAIN}",
            summary=_("Cancelled: %(event)s") % {"event": one_line(event.name)},
            start=event.start_date,
            end=event.end_date + ONE_DAY,
            **shared,
        )
    # An event shown on its first planned dates: its sessions are those of its new dates.
    sessions = list(event.sessions.all()) if announced.timetable_known(event) else []
    codes = {session.code for session in sessions}
    for session in sessions:
        if session.code == "Q" and codes & QUALIFYING_PARTS:
            continue  # the final order of Q1-Q3: a classification, not a session to watch
        start, end = _span(session=session, event=event)
        yield VEvent.new(
            uid=f"{uid}-{session.code}@{UID_DOMAIN}",
            summary=_("%(session)s · %(event)s")
            % {"session": session.get_code_display(), "event": one_line(event.name)},
            start=start,
            end=end,
            **shared,
        )


def _span(*, session, event):
    """[start, end) of a session: UTC times when known, else whole days (end exclusive)."""
    if session.starts_at is not None:
        start = session.starts_at.astimezone(dt.UTC)
        return start, start + session_length(session)
    if session.start_date is not None:
        return session.start_date, session.start_date + ONE_DAY
    # Not even the day is known: the session is somewhere within the event's dates.
    return event.start_date, event.end_date + ONE_DAY
