import datetime as dt
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from events.models import Session
from standings.importers import import_season

pytestmark = pytest.mark.django_db(transaction=True)
UTC = dt.UTC
QUALIFYING = dt.datetime(2021, 6, 4, 12, 30, tzinfo=UTC)  # 14:30 at Nürburg (UTC+2)
RACE_1 = dt.datetime(2021, 6, 5, 11, 15, tzinfo=UTC)
RACE_2 = dt.datetime(2021, 6, 5, 14, 0, tzinfo=UTC)


@pytest.fixture
def timed_season():
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    Session.objects.filter(event__slug="germany", code="Q").update(
        starts_at=QUALIFYING, duration_min=30
    )
    Session.objects.filter(event__slug="germany", code="R1").update(starts_at=RACE_1)
    Session.objects.filter(event__slug="germany", code="R2").update(starts_at=RACE_2)


def test_countdown_ticks_and_rolls_over(timed_season, open_context, time_machine, axe):
    start = QUALIFYING - dt.timedelta(seconds=10)
    time_machine.move_to(start, tick=False)
    page = open_context(timezone_id="America/New_York", viewport={"width": 390, "height": 900})
    page.clock.install(time=start)
    page.goto("/en/calendar/2021/")
    block = page.locator("#countdown")
    expect(block.locator(".countdown__label")).to_have_text("Next session")
    # The browser's clock also runs on its own while the test works: allow a second.
    expect(block.locator("time[data-countdown]")).to_have_text(re.compile(r"in 0 min (10|9) s"))

    page.clock.run_for(3000)
    expect(block.locator("time[data-countdown]")).to_have_text(re.compile(r"in 0 min [76] s"))
    axe(page)

    # Zero: the block asks the server, whose clock has moved on too.
    time_machine.move_to(QUALIFYING + dt.timedelta(seconds=1), tick=False)
    page.clock.run_for(8000)
    expect(block.locator(".countdown__label")).to_have_text("Live now")
    expect(block.locator(".countdown__what")).to_contain_text("Qualifying")

    # The end of qualifying: the block rolls over to the next session, race 1.
    time_machine.move_to(QUALIFYING + dt.timedelta(minutes=30, seconds=1), tick=False)
    page.clock.run_for(30 * 60 * 1000)
    expect(block.locator(".countdown__label")).to_have_text("Next session")
    expect(block.locator(".countdown__what")).to_contain_text("Race 1")
    assert page.errors == []


def test_the_schedule_shows_the_readers_own_time(timed_season, open_context, time_machine):
    time_machine.move_to(QUALIFYING - dt.timedelta(days=2), tick=False)
    page = open_context(timezone_id="America/New_York", viewport={"width": 1280, "height": 900})

    page.goto("/en/events/2021/germany/")

    row = page.locator("table.schedule tbody tr").filter(has_text="Qualifying")
    cells = row.locator("td")
    # Track time: 14:30 CEST at Nürburg; in New York (EDT, UTC-4) that is 08:30.
    expect(cells.nth(0)).to_have_text("Fri 4 June, 14:30 CEST")
    expect(cells.nth(1)).to_have_text(re.compile(r"Fri, June 4.*08:30 AM EDT"))


@pytest.mark.parametrize("width", [390, 1280])
def test_calendar_and_event_pages_pass_axe(timed_season, open_context, axe, screenshot, width):
    page = open_context(viewport={"width": width, "height": 900})

    page.goto("/sv/calendar/")
    axe(page)
    screenshot(page, f"calendar-sv-{width}")
    page.goto("/en/events/2021/estoril/")
    axe(page)
    screenshot(page, f"event-en-{width}")

    page.get_by_role("navigation", name="Sessions").get_by_role("link", name="Race 1").click()

    expect(page).to_have_url(re.compile(r"/en/events/2021/estoril/\?session=R1$"))
    expect(page.locator("#results-caption")).to_have_text("Race 1 · Race of Portugal")
    axe(page)
    assert page.errors == []


def test_event_page_works_without_javascript(timed_season, open_context):
    page = open_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page.goto("/en/events/2021/germany/")

    # Without the script the reader's column falls back to UTC.
    expect(
        page.locator("table.schedule tbody tr").filter(has_text="Qualifying").locator("td").nth(1)
    ).to_have_text("Fri 4 June, 12:30 UTC")
    page.get_by_role("navigation", name="Sessions").get_by_role("link", name="Qualifying").click()

    expect(page).to_have_url(re.compile(r"\?session=Q$"))
    expect(page.locator("#results-caption")).to_have_text("Qualifying · Race of Germany")
