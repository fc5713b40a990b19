"""The 2021 opener on a phone: the home page's first screen shows the next session (or
the one running) at every stage of the weekend."""

import datetime as dt

import pytest
from django.conf import settings
from playwright.sync_api import expect

from standings.importers import import_season
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)
UTC = dt.UTC
PHONE = {"width": 390, "height": 844}

# (moment, what the block says, the session it names), from the sourced timetable.
WEEKEND = [
    ("1-june", dt.datetime(2021, 6, 1, 10, tzinfo=UTC), "Nästa pass", "Fri träning 1"),
    ("thursday-fp1", dt.datetime(2021, 6, 3, 12, 45, tzinfo=UTC), "Pågår nu", "Fri träning 1"),
    ("thursday-evening", dt.datetime(2021, 6, 3, 16, 0, tzinfo=UTC), "Nästa pass", "Fri träning 2"),
    ("friday-qualifying", dt.datetime(2021, 6, 4, 12, 30, tzinfo=UTC), "Pågår nu", "Kval"),
    ("saturday-morning", dt.datetime(2021, 6, 5, 8, 0, tzinfo=UTC), "Nästa pass", "Race 1"),
    ("saturday-evening", dt.datetime(2021, 6, 5, 19, 0, tzinfo=UTC), "Nästa pass", "Fri träning 1"),
]


@pytest.fixture
def season():
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")


@pytest.mark.parametrize(
    ("name", "moment", "label", "session"), WEEKEND, ids=[w[0] for w in WEEKEND]
)
def test_the_countdown_is_in_the_first_screen_of_a_phone(
    season, open_context, time_machine, axe, name, moment, label, session
):
    time_machine.move_to(moment, tick=False)
    page = open_context(viewport=PHONE, timezone_id="Europe/Stockholm")
    page.clock.install(time=moment)
    page.goto("/sv/")

    block = page.locator("#countdown")
    expect(block.locator(".countdown__label")).to_have_text(label)
    expect(block.locator(".countdown__what")).to_contain_text(session)
    box = block.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"], f"{name}: the countdown ends at {box}"
    if name == "saturday-morning":
        expect(block).to_contain_text("lördag 5 juni")
        assert block.locator("time[data-countdown]").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-390-{name}.png"))
    axe(page)
    assert page.errors == []


def test_a_live_session_that_ends_while_the_site_is_unreachable(season, open_context, time_machine):
    """Practice 1 ends (13:10 UTC) while the countdown's request fails: the block says the
    session ends now (not "starting now"), and asks again until the site answers."""
    end = dt.datetime(2021, 6, 3, 13, 10, tzinfo=UTC)
    start = end - dt.timedelta(seconds=5)
    time_machine.move_to(start, tick=False)
    page = open_context(viewport=PHONE, timezone_id="Europe/Stockholm")
    page.clock.install(time=start)
    page.goto("/sv/")
    block = page.locator("#countdown")
    expect(block.locator(".countdown__label")).to_have_text("Pågår nu")

    page.route("**/countdown/", lambda route: route.abort())
    time_machine.move_to(end + dt.timedelta(seconds=1), tick=False)
    page.clock.run_for(8000)
    expect(block.locator(".countdown__when")).to_have_text("Slutar nu")

    page.unroute("**/countdown/")
    page.clock.run_for(60_000)
    expect(block.locator(".countdown__label")).to_have_text("Nästa pass")
    expect(block.locator(".countdown__what")).to_contain_text("Fri träning 2")


def test_a_countdown_past_zero_asks_at_most_every_half_minute(season, open_context, time_machine):
    """The reader's clock is ahead of the site's (or the site still serves the page it had):
    the answer is the same block, still at zero. The block asks again after half a minute,
    not at once after each answer."""
    end = dt.datetime(2021, 6, 3, 13, 10, tzinfo=UTC)
    start = end - dt.timedelta(seconds=5)
    time_machine.move_to(start, tick=False)  # the site's clock stays here
    page = open_context(viewport=PHONE, timezone_id="Europe/Stockholm")
    page.clock.install(time=start)
    page.goto("/sv/")
    expect(page.locator("#countdown .countdown__label")).to_have_text("Pågår nu")
    asked = []
    page.on("request", lambda request: "/countdown/" in request.url and asked.append(request))

    def run_for(seconds):
        # In small steps, so that each answer is swapped in (htmx waits on the page's
        # clock) and the new block's own timer runs.
        for _ in range(seconds * 2):
            page.clock.run_for(500)
            page.wait_for_timeout(40)

    run_for(15)  # 10 s past the end
    assert len(asked) == 1
    run_for(30)
    assert len(asked) == 2


def test_the_ticking_countdown_speaks_as_the_page_does(season, open_context, time_machine):
    """The script's text after its first tick reads like the server's: "om 2 dagar 4 h …",
    never "2 d"."""
    moment = dt.datetime(2021, 6, 1, 8, 0, tzinfo=UTC)  # practice 1: Thursday 12:30 UTC
    time_machine.move_to(moment, tick=False)
    page = open_context(viewport=PHONE, timezone_id="Europe/Stockholm")
    page.clock.install(time=moment)
    page.goto("/sv/")
    page.clock.run_for(1000)
    expect(page.locator("#countdown .countdown__when")).to_have_text("om 2 dagar 4 h 29 min")
