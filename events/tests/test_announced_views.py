"""Pages computed as of a moment before a change of the calendar was announced show the
calendar as it stood then. In 2021: the revised calendar of 19 August moved Adria from
31 July-1 August to 5-7 November, added Sochi and cancelled Inje, Ningbo and Macau."""

import datetime as dt
import json
import re

import pytest
from icalendar import Calendar

from events.changes import moments_after
from events.models import Session
from events.tests.test_views import CALENDAR_QUERIES, EVENT_QUERIES, badges
from events.views import sessions_as_announced

UTC = dt.UTC
DASH = "\N{EN DASH}"
JULY = dt.datetime(2021, 7, 20, 12, tzinfo=UTC)  # Aragón run, Adria's first weekend ahead
DAY_BEFORE = dt.datetime(2021, 8, 18, 12, tzinfo=UTC)  # 14:00 in Rome: still 18 August
AFTER = dt.datetime(2021, 8, 20, 12, tzinfo=UTC)  # the revised calendar
TODAY = dt.datetime(2026, 11, 24, 12, tzinfo=UTC)


def card(html, name):
    """The calendar card of the event named `name`."""
    start = html.index(f">{name}<")
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def countdown_block(html):
    start = html.index('id="countdown"')
    return html[start : html.index("</div>", start)]


def test_the_calendar_before_the_revised_calendar(season_2021, get_page, time_machine):
    time_machine.move_to(JULY, tick=False)

    html = get_page("/en/calendar/2021/", queries=CALENDAR_QUERIES).content.decode()

    assert badges(html) == [
        ("Race of Germany", "completed"),
        ("Race of Portugal (Vila Real)", "cancelled"),
        ("Race of Portugal", "completed"),
        ("Race of Spain", "completed"),
        ("Race of Italy", "next"),  # on its first planned weekend
        ("Race of Hungary", "upcoming"),
        ("Race of Czech Republic", "upcoming"),
        ("Race of France", "upcoming"),
        ("Race of Korea", "upcoming"),  # not cancelled yet
        ("Race of China", "upcoming"),
        ("Race of Macau", "upcoming"),
        # no Race of Russia: Sochi was added on 19 August
    ]
    italy = card(html, "Race of Italy")
    assert f"31 July {DASH} 1 August 2021" in italy
    assert "moved from" not in italy
    assert "Round number not known" in italy  # round 7 is its place in November
    assert "As it stood before the change announced on 19 August 2021." in italy
    korea = card(html, "Race of Korea")
    assert "Round number not known" in korea
    assert "<s>" not in korea
    assert "Race of Russia" not in html
    # Adria's first planned timetable is not known: the countdown is to Hungary's practice.
    assert "/en/events/2021/hungary/" in countdown_block(html)
    # Readers' pages (and tests without a preview) carry no preview notes.
    assert "Preview: each event is shown" not in html


def test_the_day_before_adria_is_postponed(season_2021, get_page, time_machine):
    # Its first planned weekend has passed and it was not run: postponed, new dates to come.
    time_machine.move_to(DAY_BEFORE, tick=False)

    html = get_page("/en/calendar/2021/", queries=CALENDAR_QUERIES).content.decode()

    assert ("Race of Italy", "postponed") in badges(html)
    assert ("Race of Hungary", "next") in badges(html)
    assert f"31 July {DASH} 1 August 2021" in card(html, "Race of Italy")
    page = get_page("/en/events/2021/adria/", queries=EVENT_QUERIES).content.decode()
    assert "This event has been postponed; new dates to come." in page


def test_the_calendar_once_the_revision_is_announced(season_2021, get_page, time_machine):
    time_machine.move_to(AFTER, tick=False)

    html = get_page("/en/calendar/2021/", queries=CALENDAR_QUERIES).content.decode()

    states = dict(badges(html))
    assert len(states) == 12
    assert states["Race of Korea"] == states["Race of China"] == states["Race of Macau"]
    assert states["Race of Macau"] == "cancelled"
    assert states["Race of Italy"] == states["Race of Russia"] == "upcoming"
    italy = card(html, "Race of Italy")
    assert f"5{DASH}7 November 2021 · moved from 31 July" in italy
    assert "Round 7" in italy
    assert "As it stood" not in html


def test_the_event_page_of_a_moved_event_before_its_move(season_2021, get_page, time_machine):
    time_machine.move_to(JULY, tick=False)

    html = get_page("/en/events/2021/adria/", queries=EVENT_QUERIES).content.decode()

    head = html[html.index("<h1>") : html.index('id="circuit-title"')]
    assert f"31 July {DASH} 1 August 2021" in head
    assert "Moved from" not in head
    assert "Round" not in html[html.index('class="eyebrow-dark"') : html.index("<h1>")]
    assert "As it stood before the change announced on 19 August 2021." in head
    schedule = html[
        html.index('id="schedule-title"') : html.index(
            "</section>", html.index('id="schedule-title"')
        )
    ]
    assert "The timetable for these dates is not known." in schedule
    assert "<table" not in schedule
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert (data["startDate"], data["endDate"]) == ("2021-07-31", "2021-08-01")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert "previousStartDate" not in data
    assert "subEvent" not in data


def test_the_event_page_of_a_cancelled_event_before_its_cancellation(
    season_2021, get_page, time_machine
):
    time_machine.move_to(JULY, tick=False)

    html = get_page("/en/events/2021/macau/", queries=EVENT_QUERIES).content.decode()

    assert "This event was cancelled." not in html
    assert "Add these sessions to your calendar (.ics)" in html
    assert "As it stood before the change announced on 19 August 2021." in html


def test_an_event_added_later_is_not_there_yet(season_2021, get_page, time_machine):
    time_machine.move_to(JULY, tick=False)

    get_page("/en/events/2021/sochi/", queries=1, status=404)
    get_page("/en/events/2021/sochi.ics", queries=1, status=404)

    time_machine.move_to(AFTER, tick=False)
    get_page("/en/events/2021/sochi/", queries=EVENT_QUERIES)


def test_the_countdown_leaves_out_what_was_not_announced(season_2021):
    sessions = Session.objects.select_related("event__circuit")

    july = {session.event.slug for session in sessions_as_announced(sessions, JULY)}
    after = {session.event.slug for session in sessions_as_announced(sessions, AFTER)}

    # Adria's sessions are those of November; Sochi was not on the calendar yet.
    assert july == after - {"adria", "sochi"}
    assert {"adria", "sochi"} <= after


def test_the_season_feed_is_the_calendar_of_its_moment(season_2021, get_page, time_machine):
    time_machine.move_to(DAY_BEFORE, tick=False)

    before = get_page("/en/calendar/2021.ics", queries=3).content
    uids = {str(v["UID"]) for v in Calendar.from_ical(before).walk("VEVENT")}
    assert not any(uid.startswith(("2021-adria-", "2021-sochi-")) for uid in uids)
    assert "2021-inje@wtcr.backman" not in uids  # not cancelled yet
    assert "2021-vila-real@wtcr.backman" in uids  # no date known: as it finally was
    assert get_page("/en/calendar/2021.ics", queries=0).content == before  # built once

    # The revision is announced: the feed built before it is not given out again, though
    # nothing was edited.
    time_machine.move_to(AFTER, tick=False)
    after = get_page("/en/calendar/2021.ics", queries=3).content
    uids = {str(v["UID"]) for v in Calendar.from_ical(after).walk("VEVENT")}
    assert {"2021-adria-R1@wtcr.backman", "2021-sochi-R1@wtcr.backman"} <= uids
    assert "2021-inje@wtcr.backman" in uids


def test_the_page_cache_expires_when_a_change_is_announced(
    season_2021, client, settings, time_machine
):
    settings.PAGE_CACHE = True
    # 19 August begins in Rome at 22:00 UTC: the page cached before is not served after.
    time_machine.move_to(dt.datetime(2021, 8, 18, 21, 59, tzinfo=UTC), tick=False)
    assert f"31 July {DASH} 1 August 2021" in client.get("/en/calendar/2021/").content.decode()
    assert client.get("/en/calendar/2021/")["Cache-Status"] == "wtcrsite; hit"

    time_machine.move_to(dt.datetime(2021, 8, 18, 22, 0, 1, tzinfo=UTC), tick=False)
    assert "moved from 31 July" in client.get("/en/calendar/2021/").content.decode()

    moments = moments_after(dt.datetime(2021, 8, 1, tzinfo=UTC))
    assert {
        dt.datetime(2021, 8, 18, 15, tzinfo=UTC),  # Inje, Seoul
        dt.datetime(2021, 8, 18, 16, tzinfo=UTC),  # Ningbo and Macau, UTC+8
        dt.datetime(2021, 8, 18, 21, tzinfo=UTC),  # Sochi, Moscow
        dt.datetime(2021, 8, 18, 22, tzinfo=UTC),  # Adria, Rome
    } <= set(moments)
    assert dt.datetime(2021, 7, 30, 22, tzinfo=UTC) in moments_after(JULY)  # Adria postponed


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_staff_are_told_how_a_preview_shows_the_changes(season_2021, admin_client, today):
    html = admin_client.get("/en/calendar/2021/?as_of=2021-06-01T12:00").content.decode()

    assert "Preview: each event is shown as its changes had been announced by this moment." in html
    assert "Where no announcement date is known, an event is shown as it finally was" in html
    undated = "No date is known for when this change was announced: shown as it finally was."
    assert undated in card(html, "Race of Portugal (Vila Real)")
    assert undated in card(html, "Race of Portugal")
    assert undated not in card(html, "Race of Spain")
    assert undated not in card(html, "Race of Italy")  # its date is known
    event_page = admin_client.get("/en/events/2021/vila-real/").content.decode()
    assert undated in event_page

    # Once the season has ended, there is nothing to say.
    after = admin_client.get("/en/calendar/2021/?as_of=2021-12-01T12:00").content.decode()
    assert "Preview: each event is shown" not in after
    assert undated not in after


def test_staff_see_the_notes_in_swedish(season_2021, admin_client, today):
    html = admin_client.get("/sv/calendar/2021/?as_of=2021-07-20T14:00").content.decode()

    assert f"31 juli {DASH} 1 augusti 2021" in card(html, "Italiens deltävling")
    assert "19 augusti 2021" in card(html, "Italiens deltävling")
    assert "Preview" not in html.replace("preview-banner", "")
