import re

import pytest
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
    expect(page.get_by_role("link", name="Möt förarna")).to_be_visible()
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
