import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import translation

from events.models import Circuit, Event, Session
from events.templatetags.calendar_tags import km

CALENDAR_QUERIES = 3  # season, events with their circuits and what they replace, sessions
# event, sessions, results, what replaced it, the re-ranked titles (the siblings' class places)
EVENT_QUERIES = 5


def badges(html):
    """(event name, state badge) for every event card, in order."""
    cards = re.findall(
        r'<h2 class="event-card__name">(?:<s>|<a [^>]*>)(.*?)<.*?class="badge badge--(\w+)"',
        html,
        re.S,
    )
    return cards


def test_calendar_after_the_season(season_2021, get_page, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC))

    html = get_page("/en/calendar/", queries=CALENDAR_QUERIES).content.decode()

    states = badges(html)
    assert states[:3] == [
        ("Race of Germany", "completed"),
        ("Race of Portugal (Vila Real)", "cancelled"),
        ("Race of Portugal", "completed"),
    ]
    assert len(states) == 12
    assert sum(state == "cancelled" for _name, state in states) == 4
    assert "Season complete" in html
    assert 'replaced by <a href="/en/events/2021/estoril/">Race of Portugal</a>' in html
    assert "moved from 31 July" in html
    assert '<a href="webcal://testserver/en/calendar/2021.ics">subscribe</a>' in html


def test_calendar_before_the_opener_counts_down(season_2021, get_page, time_machine):
    # 1 June 2021, 08:00 UTC; the first session is free practice 1, 14:30 on Thursday
    # 3 June at the Nürburgring (UTC+2), 12:30 UTC: 2 days 4 h 30 min away.
    time_machine.move_to(dt.datetime(2021, 6, 1, 8, tzinfo=dt.UTC))

    html = get_page("/en/calendar/2021/", queries=CALENDAR_QUERIES).content.decode()

    assert badges(html)[0] == ("Race of Germany", "next")
    assert badges(html)[2] == ("Race of Portugal", "upcoming")
    assert "Free practice 1 · <a" in html
    assert '<time datetime="2021-06-03T12:30:00+00:00" data-countdown>in 2 days 4 h</time>' in html
    assert "Track time: Thu 3 June, 14:30 CEST" in html


def test_a_session_whose_time_is_not_known_shows_its_day_not_a_countdown(
    season_2021, get_page, time_machine
):
    # Friday 4 June, 13:00 UTC: qualifying (14:05-14:45 local) is over; the races are
    # dated Saturday 5 June, their times not known.
    time_machine.move_to(dt.datetime(2021, 6, 4, 13, tzinfo=dt.UTC))

    html = get_page("/en/calendar/2021/", queries=CALENDAR_QUERIES).content.decode()

    block = html[html.index('id="countdown"') : html.index("</div>", html.index('id="countdown"'))]
    assert "Race 1 · <a" in block
    assert '<time datetime="2021-06-05">Saturday 5 June, time to be confirmed</time>' in block
    assert "data-countdown" not in block.replace("data-countdown-announce", "")


def test_countdown_to_a_known_time_ticks_in_the_browser(season_2021, get_page, time_machine):
    Session.objects.filter(event__slug="germany", code="Q").update(
        starts_at=dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)
    )
    time_machine.move_to(dt.datetime(2021, 6, 4, 9, 15, tzinfo=dt.UTC))

    html = get_page("/sv/calendar/2021/countdown/", queries=2).content.decode()

    assert re.search(
        r'<time datetime="2021-06-04T12:30:00\+00:00" data-countdown>om 3 h 15 min</time>', html
    )
    assert 'hx-trigger="countdown-end"' in html


def test_event_page(season_2021, get_page):
    html = get_page("/en/events/2021/estoril/", queries=EVENT_QUERIES).content.decode()

    assert "<h1>Race of Portugal</h1>" in html
    assert "Held in place of Race of Portugal (Vila Real), which was cancelled." in html
    schedule = html[
        html.index('id="schedule-title"') : html.index(
            "</table>", html.index('id="schedule-title"')
        )
    ]
    sessions = re.findall(r'<tr>\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', schedule)
    # The sourced timetable, in track time; the final qualifying order computed from
    # Q1-Q3 is a classification, not a session: it is not in the schedule.
    assert sessions == [
        ("Free practice 1", "Sat 26 June, 09:00 WEST"),
        ("Free practice 2", "Sat 26 June, 12:00 WEST"),
        ("Qualifying 1", "Sat 26 June, 15:00 WEST"),
        ("Qualifying 2", "Sat 26 June, 15:25 WEST"),
        ("Qualifying 3", "Sat 26 June, 15:40 WEST"),
        ("Race 1", "Sun 27 June, 12:15 WEST"),
        ("Race 2", "Sun 27 June, 15:15 WEST"),
    ]
    assert "Where to watch: live on Eurosport · Kanal 9." in html
    # The siblings in round 2 (results.csv): Q 19 and 20, R1 15 and 16, R2 17 and 16; in
    # the races, their places among the Junior and Trophy contenders too.
    glance = html[html.index('id="siblings-title"') : html.index('id="results-title"')]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td>', glance)
    assert [tuple(re.sub(r"<[^>]+>", "", cell) for cell in row) for row in rows] == [
        ("Qualifying", "19", "20"),
        ("Race 1", "15 (Trophy 2)", "16 (Junior 3, Trophy 3)"),
        ("Race 2", "17 (Trophy 3)", "16 (Junior 2, Trophy 2)"),
    ]


def test_event_results_tab_with_htmx(season_2021, get_page):
    response = get_page(
        "/en/events/2021/germany/?session=R1",
        queries=EVENT_QUERIES,
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results" class="results">')
    assert '<caption id="results-caption">Race 1 · Race of Germany</caption>' in html
    positions = re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", html)
    assert positions[:2] == ["1", "2"]
    assert positions[-1] == '<abbr title="Did not finish">DNF</abbr>'
    assert "HX-Request" in response["Vary"]


def test_a_cancelled_event_says_what_replaced_it(season_2021, get_page):
    html = get_page("/en/events/2021/vila-real/", queries=EVENT_QUERIES).content.decode()

    assert (
        'This event was cancelled. It was replaced by <a href="/en/events/2021/estoril/">'
        "Race of Portugal</a>."
    ) in html


@pytest.mark.parametrize(
    "url",
    ["/en/events/2021/nowhere/", "/en/events/1999/germany/", "/en/calendar/1999/"],
)
def test_unknown_events_are_404(season_2021, client, url):
    assert client.get(url).status_code == 404


def circuit_facts(html):
    """{term: description} of the event page's circuit facts."""
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    return dict(re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", facts))


@pytest.mark.parametrize(
    ("lang", "length", "corners"),
    [("sv", "25,378\N{NO-BREAK SPACE}km", "73"), ("en", "25.378\N{NO-BREAK SPACE}km", "73")],
)
def test_circuit_length_and_corners_in_the_page_language(
    season_2021, get_page, lang, length, corners
):
    Circuit.objects.filter(name="Nürburgring Nordschleife").update(
        length_km=Decimal("25.378"), corners=73
    )

    html = get_page(f"/{lang}/events/2021/germany/", queries=EVENT_QUERIES).content.decode()

    facts = circuit_facts(html)
    assert (facts.get("Längd") or facts.get("Length")) == length
    assert (facts.get("Kurvor") or facts.get("Corners")) == corners


def test_circuit_facts_leave_out_what_is_not_known(season_2021, get_page):
    # Aragón's length is in calendar.csv, its corners are not.
    html = get_page("/sv/events/2021/aragon/", queries=EVENT_QUERIES).content.decode()

    facts = circuit_facts(html)
    assert facts["Längd"] == "5,345\N{NO-BREAK SPACE}km"
    assert "Kurvor" not in facts


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (Decimal("25.378"), "25,378", "25.378"),
        (Decimal("5.300"), "5,3", "5.3"),
        (Decimal("25.000"), "25", "25"),
        (Decimal("100"), "100", "100"),
        (Decimal("4.65"), "4,65", "4.65"),
    ],
)
def test_km_writes_lengths_without_trailing_zeros(value, sv, en):
    with translation.override("sv"):
        assert km(value) == f"{sv}\N{NO-BREAK SPACE}km"
    with translation.override("en"):
        assert km(value) == f"{en}\N{NO-BREAK SPACE}km"
    assert km(None) == ""


WATCH = "Where to watch: live on Eurosport · Kanal 9."
ICS_LINK = "Add these sessions to your calendar (.ics)"


def test_a_cancelled_event_offers_no_broadcast_and_no_calendar_download(season_2021, get_page):
    html = get_page("/en/events/2021/macau/", queries=EVENT_QUERIES).content.decode()

    assert "This event was cancelled." in html
    assert "Where to watch" not in html
    assert ICS_LINK not in html
    assert "/en/events/2021/macau.ics" not in html


@pytest.mark.parametrize("status", [Event.Status.SCHEDULED, Event.Status.POSTPONED])
def test_other_events_keep_the_broadcasters_and_the_calendar_download(
    season_2021, get_page, status
):
    Event.objects.filter(slug="hungary").update(status=status)

    html = get_page("/en/events/2021/hungary/", queries=EVENT_QUERIES).content.decode()

    assert WATCH in html
    assert f'<a href="/en/events/2021/hungary.ics">{ICS_LINK}</a>' in html


@pytest.mark.parametrize(
    ("url", "link"),
    [
        (
            "/en/events/2021/germany/",
            '<a href="/en/weekend/2021/">How a WTCR weekend works: sessions, points and titles</a>',
        ),
        (
            "/sv/events/2021/macau/",
            '<a href="/sv/weekend/2021/">Så går en WTCR-helg till: pass, poäng och titlar</a>',
        ),
    ],
)
def test_every_event_page_links_to_how_a_weekend_works(season_2021, get_page, url, link):
    assert link in get_page(url, queries=EVENT_QUERIES).content.decode()
