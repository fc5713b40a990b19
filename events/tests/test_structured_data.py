import datetime as dt
import json
import re

import pytest
from django.utils import translation

from events.models import Circuit, Event, Season, Session
from events.structured_data import sports_event

# event, sessions, results, what replaced it, the re-ranked titles (the siblings' class places)
EVENT_QUERIES = 5
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

STATUSES = {
    "germany": "EventScheduled",
    "vila-real": "EventCancelled",
    "inje": "EventCancelled",
    "ningbo": "EventCancelled",
    "macau": "EventCancelled",
    "adria": "EventRescheduled",
    "hungary": "EventPostponed",  # set below
}


def _event(**fields):
    season = Season(slug="2021", name="WTCR 2021")
    circuit = Circuit(
        name="Nürburgring Nordschleife", city="Nürburg", country="DEU", timezone="Europe/Berlin"
    )
    defaults = {
        "slug": "germany",
        "name_en": "Race of Germany",
        "start_date": dt.date(2021, 6, 3),
        "end_date": dt.date(2021, 6, 5),
    }
    return Event(season=season, circuit=circuit, **(defaults | fields))


def test_a_scheduled_event_with_its_circuit_and_dates():
    with translation.override("en"):
        data = sports_event(
            _event(), sessions=[], url="https://x.test/en/events/2021/germany/", season_url="/c/"
        )

    assert data == {
        "@context": "https://schema.org",
        "@type": "SportsEvent",
        "name": "Race of Germany",
        "url": "https://x.test/en/events/2021/germany/",
        "sport": "Touring car racing",
        "startDate": "2021-06-03",
        "endDate": "2021-06-05",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Nürburgring Nordschleife",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "DE",
                "addressLocality": "Nürburg",
            },
        },
        "superEvent": {"@type": "EventSeries", "name": "WTCR 2021", "url": "/c/"},
    }


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": "postponed"}, "EventPostponed"),
        ({"status": "cancelled"}, "EventCancelled"),
        ({"status": "postponed", "previous_start_date": dt.date(2021, 5, 1)}, "EventPostponed"),
        ({"previous_start_date": dt.date(2021, 5, 1)}, "EventRescheduled"),
    ],
)
def test_status(fields, status):
    data = sports_event(_event(**fields), sessions=[], url="u")

    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert ("previousStartDate" in data) == ("previous_start_date" in fields)


def test_sessions_by_what_is_known_of_their_start():
    event = _event()
    sessions = [
        Session(
            event=event,
            code="Q",
            start_date=dt.date(2021, 6, 4),
            starts_at=dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC),
            duration_min=45,
        ),
        Session(
            event=event,
            code="R1",
            start_date=dt.date(2021, 6, 5),
            starts_at=dt.datetime(2021, 6, 5, 9, tzinfo=dt.UTC),
        ),
        Session(event=event, code="R2", start_date=dt.date(2021, 6, 5), duration_min=30),
        Session(event=event, code="FP1"),
    ]

    with translation.override("sv"):
        data = sports_event(event, sessions=sessions, url="u")

    assert data["subEvent"] == [
        {
            "@type": "SportsEvent",
            "name": "Kval",
            "startDate": "2021-06-04T12:30:00+00:00",
            "endDate": "2021-06-04T13:15:00+00:00",
        },
        {"@type": "SportsEvent", "name": "Race 1", "startDate": "2021-06-05T09:00:00+00:00"},
        {"@type": "SportsEvent", "name": "Race 2", "startDate": "2021-06-05"},
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_event_page_has_one_sports_event(
    season_2021, client, django_assert_max_num_queries, time_machine, language
):
    time_machine.move_to(dt.datetime(2021, 9, 1, 12, tzinfo=dt.UTC))
    Event.objects.filter(slug="hungary").update(status=Event.Status.POSTPONED)

    for event in Event.objects.filter(season=season_2021):
        url = f"/{language}/events/2021/{event.slug}/"
        with django_assert_max_num_queries(EVENT_QUERIES + 20):
            html = client.get(url).content.decode()

        blocks = JSON_LD.findall(html)
        assert len(blocks) == 1, url
        data = json.loads(blocks[0])
        assert data["@type"] == "SportsEvent"
        assert data["url"] == f"http://testserver{url}"
        assert data["eventStatus"] == (
            "https://schema.org/" + STATUSES.get(event.slug, "EventScheduled")
        ), url
        # Sessions with a day, not counting the final qualifying order computed from Q1-Q3.
        codes = set(event.sessions.values_list("code", flat=True))
        dated = event.sessions.filter(start_date__isnull=False)
        if codes & {"Q1", "Q2", "Q3"}:
            dated = dated.exclude(code="Q")
        assert len(data.get("subEvent", [])) == dated.count(), url
        if event.slug == "adria":
            assert data["previousStartDate"] == "2021-07-31"
        else:
            assert "previousStartDate" not in data


def test_a_hostile_event_name_stays_inside_its_script(season_2021, get_page):
    name = "</script><script>alert(1)</script> & <!--"
    Event.objects.filter(slug="germany").update(name_en=name, name_sv=name)

    html = get_page("/en/events/2021/germany/", queries=EVENT_QUERIES).content.decode()

    (block,) = JSON_LD.findall(html)
    assert json.loads(block)["name"] == name
    assert "<script>alert(1)" not in html
