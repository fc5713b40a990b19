import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from standings.importers import import_season

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def season():
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")


@pytest.mark.parametrize("width", [390, 1280])
def test_standings_pass_axe_at_phone_and_desktop_width(
    season, open_context, axe, screenshot, width
):
    page = open_context(viewport={"width": width, "height": 900})

    page.goto("/en/standings/2021/drivers/")

    expect(page.locator("caption").first).to_have_text("FIA Drivers' Title after round 8")
    axe(page)
    screenshot(page, f"standings-drivers-{width}")
    page.get_by_text("The chart's figures as a table").click()
    axe(page)
    assert page.errors == []


def test_tabs_switch_with_htmx_and_update_the_url(season, open_context, axe, screenshot):
    page = open_context(viewport={"width": 1280, "height": 900})
    page.goto("/en/standings/2021/drivers/")
    page.evaluate("window.notReloaded = true")

    page.get_by_role("navigation", name="Championship titles").get_by_role(
        "link", name="FIA Junior Driver Title"
    ).click()

    expect(page).to_have_url(re.compile(r"/en/standings/2021/junior/$"))
    expect(page.locator("caption").first).to_have_text("FIA Junior Driver Title after round 8")
    expect(page).to_have_title("FIA Junior Driver Title 2021 · Andreas & Jessica Bäckman")
    assert page.evaluate("window.notReloaded") is True
    current = page.get_by_role("navigation", name="Championship titles").locator(
        "[aria-current=page]"
    )
    expect(current).to_have_text("FIA Junior Driver Title")

    page.get_by_label("Standings after").select_option("1")

    expect(page).to_have_url(re.compile(r"/en/standings/2021/junior/\?round=1$"))
    expect(page.locator("caption").first).to_have_text("FIA Junior Driver Title after round 1")
    first = page.locator(".standings-table tbody tr").first
    expect(first.locator("th")).to_have_text("Luca Engstler")
    assert page.evaluate("window.notReloaded") is True
    axe(page)
    screenshot(page, "standings-junior-round-1")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/standings/2021/junior/$"))
    assert page.errors == []


def test_standings_work_without_javascript(season, open_context):
    page = open_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page.goto("/sv/standings/")

    page.get_by_role("link", name="FIA:s damtitel").click()

    expect(page).to_have_url(re.compile(r"/sv/standings/2021/female/$"))
    expect(page.get_by_role("heading", name="Delas inte ut")).to_be_visible()

    page.get_by_role("link", name="WTCR Trophy").click()
    page.get_by_label("Tabell efter").select_option("2")
    page.get_by_role("button", name="Visa").click()

    expect(page).to_have_url(re.compile(r"/sv/standings/2021/trophy/\?round=2$"))
    expect(page.locator("caption").first).to_have_text("WTCR Trophy efter omgång 2")


@pytest.mark.parametrize(("lang", "width"), [("sv", 390), ("en", 1280)])
def test_weekend_page_passes_axe_and_fits_a_phone(
    season, open_context, axe, screenshot, lang, width
):
    page = open_context(viewport={"width": width, "height": 900})

    page.goto(f"/{lang}/events/2021/germany/")
    page.locator(f'a[href="/{lang}/weekend/2021/"]').click()

    expect(page).to_have_url(re.compile(rf"/{lang}/weekend/2021/$"))
    axe(page)
    screenshot(page, f"weekend-{lang}-{width}")
    # The points table fits the screen: the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == []
