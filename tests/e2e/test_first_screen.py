"""On a phone (390x844), the home page's first screen shows the countdown to the next session
and both siblings: each one's link to their profile is entirely in view, without scrolling."""

import datetime as dt

import pytest

from tests.e2e.conftest import RACE_WEEKEND, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
MOMENTS = {
    # The week before the opener: the Nordschleife's first practice is next.
    "before-the-opener": dt.datetime(2021, 6, 1, 10, 0, tzinfo=dt.UTC),
    # Saturday morning at Most: the races are next.
    "race-weekend": RACE_WEEKEND,
}
WANTED = {
    "the countdown": ".countdown",
    "Andreas's profile link": 'a[href$="/drivers/andreas-backman/"]',
    "Jessica's profile link": 'a[href$="/drivers/jessica-backman/"]',
}


def outside_first_screen(page, selector):
    """Why the first visible element matching `selector` is not entirely in the first
    screen, or None when it is."""
    element = page.locator(f"{selector} >> visible=true").first
    if element.count() == 0:
        return "not on the page (or not visible)"
    box = element.bounding_box()
    top, bottom = box["y"], box["y"] + box["height"]
    left, right = box["x"], box["x"] + box["width"]
    if top >= 0 and bottom <= PHONE["height"] and left >= 0 and right <= PHONE["width"]:
        return None
    return (
        f"its box spans x {left:.0f}..{right:.0f}, y {top:.0f}..{bottom:.0f}"
        f" (the first screen is 0..{PHONE['width']} x 0..{PHONE['height']})"
    )


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_the_first_screen_shows_the_countdown_and_both_siblings(
    demo_site, open_context, site_clock, moment
):
    page = open_context(viewport=PHONE, locale="sv-SE", timezone_id="Europe/Stockholm")
    site_clock(moment, page)
    page.goto("/sv/")
    page.evaluate("document.fonts.ready.then(() => true)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"first-screen-390-{moment:%Y-%m-%d}.png"))

    missing = {
        what: why
        for what, selector in WANTED.items()
        if (why := outside_first_screen(page, selector)) is not None
    }

    assert not missing, "not in the first screen at 390x844: " + "; ".join(
        f"{what}: {why}" for what, why in missing.items()
    )
    assert page.errors == []


def test_the_first_screen_check_fails_below_the_fold(browser):
    """The check itself: an element pushed below 844 px, or past the right edge, is out."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content(
        '<!doctype html><body style="margin:0"><div class="countdown">Next</div>'
        '<p style="margin-top:900px"><a href="/sv/drivers/andreas-backman/">Andreas</a></p>'
        '<a href="/sv/drivers/jessica-backman/" hidden>Jessica</a>'
        '<p style="position:absolute;top:10px;left:380px;white-space:nowrap">'
        '<a href="/sv/drivers/jessica-backman/">Jessica, past the edge</a></p>'
    )
    try:
        assert outside_first_screen(page, WANTED["the countdown"]) is None
        assert "y 9" in outside_first_screen(page, WANTED["Andreas's profile link"])
        assert "x 380.." in outside_first_screen(page, WANTED["Jessica's profile link"])
        assert outside_first_screen(page, ".nothing") == "not on the page (or not visible)"
    finally:
        context.close()
