"""schema.org JSON-LD for an event page: a SportsEvent with its sessions as sub-events."""

import datetime as dt

from django.utils.translation import gettext

from events.countries import COUNTRIES
from events.models import Event

SCHEMA = "https://schema.org/"


def event_status(event):
    """The schema.org EventStatusType of `event`: a postponement or cancellation first, then
    a move to new dates."""
    if event.status == Event.Status.CANCELLED:
        return SCHEMA + "EventCancelled"
    if event.status == Event.Status.POSTPONED:
        return SCHEMA + "EventPostponed"
    if event.previous_start_date:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def sports_event(event, *, sessions, url, season_url=None, image=None):
    """A schema.org SportsEvent: dates, status, circuit, and each session with a known day."""
    circuit = event.circuit
    address = {"@type": "PostalAddress", "addressCountry": _alpha2(circuit.country)}
    if circuit.city:
        address["addressLocality"] = circuit.city
    data = {
        "@context": "https://schema.org",
        "@type": "SportsEvent",
        "name": event.name,
        "url": url,
        "sport": gettext("Touring car racing"),
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
        "eventStatus": event_status(event),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": circuit.name, "address": address},
    }
    if event.previous_start_date:
        data["previousStartDate"] = event.previous_start_date.isoformat()
    if image:
        data["image"] = image
    if season_url:
        data["superEvent"] = {"@type": "EventSeries", "name": event.season.name, "url": season_url}
    sub_events = [_session(session) for session in sessions if session.start_date]
    if sub_events:
        data["subEvent"] = sub_events
    return data


def _session(session):
    data = {"@type": "SportsEvent", "name": session.get_code_display()}
    if session.starts_at:
        start = session.starts_at.astimezone(dt.UTC)
        data["startDate"] = start.isoformat()
        if session.duration_min:
            end = start + dt.timedelta(minutes=session.duration_min)
            data["endDate"] = end.isoformat()
    else:
        data["startDate"] = session.start_date.isoformat()
    return data


def _alpha2(code):
    """schema.org wants a two-letter country code; the calendar stores three letters."""
    return COUNTRIES[code][0] if code in COUNTRIES else code
