import datetime as dt
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect


def open_menu(page):
    """On a phone the sections and languages sit behind the header's menu."""
    menu = page.locator(".site-header summary")
    if menu.is_visible():
        menu.click()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_home_page_switches_language_and_passes_axe(open_context, axe, screenshot, width):
    page = open_context(locale="en-GB", viewport={"width": width, "height": 900})

    page.goto("/")

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Andreas & Jessica Bäckman")
    axe(page)
    screenshot(page, f"home-en-{width}")

    open_menu(page)
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()

    expect(page).to_have_url(re.compile(r"/sv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Lär känna förarna")).to_be_visible()
    axe(page)
    screenshot(page, f"home-sv-{width}")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_switching_language_keeps_the_reader_on_the_same_page(open_context):
    page = open_context(locale="sv-SE", viewport={"width": 390, "height": 800})
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sv/$"))

    open_menu(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Tabeller").click()
    expect(page).to_have_url(re.compile(r"/sv/standings/$"))
    open_menu(page)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/standings/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Standings")
    open_menu(page)
    current = page.get_by_role("navigation", name="Main").locator("[aria-current=page]")
    expect(current).to_have_text("Standings")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_dark_scheme_passes_axe(open_context, axe, screenshot):
    page = open_context(color_scheme="dark", viewport={"width": 1280, "height": 900})

    page.goto("/en/")

    axe(page)
    screenshot(page, "home-en-1280-dark")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(open_context):
    page = open_context(viewport={"width": 390, "height": 800})
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_admin_signs_in_under_the_strict_csp(open_context, admin_user, screenshot):
    page = open_context(viewport={"width": 1280, "height": 900})

    page.goto("/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    screenshot(page, "admin-index")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_narrowest_phone_has_no_horizontal_scroll(open_context, axe):
    page = open_context(viewport={"width": 320, "height": 700})

    page.goto("/sv/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow == 0
    axe(page)


PHONE = {"width": 390, "height": 844}
BEFORE_FP1 = dt.datetime(2021, 6, 1, 10, tzinfo=dt.UTC)  # the opener's practice 1 is next
DURING_FP1 = dt.datetime(2021, 6, 3, 12, 45, tzinfo=dt.UTC)  # practice 1 is running


@pytest.fixture
def profiles():
    from drivers.profiles import load_profiles
    from standings.importers import import_season

    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    load_profiles(settings.BASE_DIR / "data" / "drivers.toml")


def bottom_of(locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} has no box"
    return box["y"] + box["height"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "moment"), [("next", BEFORE_FP1), ("live", DURING_FP1)])
def test_a_phones_first_screen_shows_the_countdown_and_both_siblings(
    profiles, open_context, time_machine, axe, language, name, moment
):
    time_machine.move_to(moment, tick=False)
    page = open_context(viewport=PHONE, timezone_id="Europe/Stockholm")
    page.clock.install(time=moment)
    page.goto(f"/{language}/")

    hero = page.locator(".hero")
    countdown = hero.locator(".countdown")
    expect(countdown.locator("time[data-countdown]")).to_be_visible()
    # The countdown is the biggest thing on the weekend: not body text, on one line.
    ticking = countdown.locator(".countdown__when time")
    size = ticking.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 28, f"the countdown is {size} px"
    height = ticking.evaluate("el => el.getBoundingClientRect().height")
    assert height < 1.6 * size, f"the countdown wraps: {height} px high"
    expect(countdown).to_contain_text("Eurosport · Kanal 9")
    if name == "live":
        expect(countdown.locator(".countdown__label")).to_have_text(
            "Pågår nu" if language == "sv" else "Live now"
        )
    assert bottom_of(countdown) <= PHONE["height"]
    for slug in ("andreas-backman", "jessica-backman"):
        link = hero.locator(f'a[href$="/drivers/{slug}/"]')
        expect(link).to_be_visible()
        assert bottom_of(link) <= PHONE["height"], f"{slug} is below the first screen"
    # The siblings' race numbers, big, beside their names.
    expect(hero.locator(".race-number")).to_have_text([re.compile(r"19$"), re.compile(r"26$")])
    picture = hero.locator("img.hero__picture")
    expect(picture).to_have_attribute("width", "1200")
    expect(picture).to_have_attribute("height", "600")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    page.screenshot(path=str(screenshot_dir() / f"home-first-screen-{language}-{name}.png"))
    axe(page)
    assert page.errors == []


def screenshot_dir():
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


AFTER_THE_SEASON = dt.datetime(2021, 12, 1, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize("width", [320, 390])
def test_after_the_season_the_hero_leads_to_the_final_standings_on_a_phone(
    profiles, open_context, time_machine, axe, width
):
    time_machine.move_to(AFTER_THE_SEASON, tick=False)
    page = open_context(viewport={"width": width, "height": 844})
    page.clock.install(time=AFTER_THE_SEASON)
    page.goto("/sv/")

    countdown = page.locator(".hero .countdown")
    expect(countdown.locator(".countdown__label")).to_have_text("Säsongen är avslutad")
    expect(countdown.get_by_role("link", name="Se sluttabellerna")).to_be_visible()
    # Where the siblings stand, with every title's figures, fits the phone's width.
    expect(page.locator(".placings").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.screenshot(path=str(screenshot_dir() / f"home-after-the-season-sv-{width}.png"))
    axe(page)
    assert page.errors == []
