"""The header: one compact row on a phone, a menu that opens without JavaScript, and
the sections in one row on a wide screen."""

import re

import pytest
from playwright.sync_api import expect

SECTIONS = ["Förare", "Kalender", "Tabeller", "Nyheter", "Press"]
LANGUAGES = ["Svenska", "English"]


def links(page):
    main = page.get_by_role("navigation", name="Huvudmeny")
    language = page.get_by_role("navigation", name="Språk")
    return [main.get_by_role("link", name=name, exact=True) for name in SECTIONS] + [
        language.get_by_role("link", name=name, exact=True) for name in LANGUAGES
    ]


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_header_is_one_row_and_its_menu_works_without_javascript(
    open_context, screenshot, width, scheme
):
    page = open_context(
        java_script_enabled=False,
        color_scheme=scheme,
        viewport={"width": width, "height": 740},
    )
    page.goto("/sv/standings/")

    assert header_height(page) <= 72
    brand = page.get_by_role("link", name="Andreas & Jessica Bäckman")
    menu = page.locator(".site-header summary")
    expect(brand).to_be_visible()
    expect(menu).to_be_visible()
    expect(menu).to_have_text("Meny")
    assert brand.bounding_box()["y"] < menu.bounding_box()["y"] + menu.bounding_box()["height"]
    for link in links(page):
        expect(link).to_be_hidden()

    menu.click()

    for link in links(page):
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
        box = link.bounding_box()
        assert box["height"] >= 44, "a tap target under 44 px"
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    current = page.get_by_role("navigation", name="Huvudmeny").locator("[aria-current=page]")
    expect(current).to_have_text("Tabeller")
    screenshot(page, f"header-menu-open-{width}-{scheme}")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kalender").click()
    expect(page).to_have_url(re.compile(r"/sv/calendar/$"))
    expect(page.locator(".site-header summary")).to_be_visible()
    calendar = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kalender")
    expect(calendar).to_be_hidden()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_menu_passes_axe(open_context, axe, scheme):
    # axe runs as a script: this context has JavaScript, the menu opens as without.
    page = open_context(color_scheme=scheme, viewport={"width": 390, "height": 740})
    page.goto("/sv/standings/")
    page.locator(".site-header summary").click()

    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_the_menu_opens_from_the_keyboard(open_context):
    page = open_context(java_script_enabled=False, viewport={"width": 390, "height": 740})
    page.goto("/sv/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    menu = page.locator(".site-header summary")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    first = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Förare")
    expect(first).to_be_focused()
    for link in links(page):
        expect(link).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_wide_screen_the_sections_show_in_one_row(open_context, axe, screenshot, scheme):
    page = open_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page.goto("/sv/standings/")

    expect(page.locator(".site-header summary")).to_be_hidden()
    tops = set()
    for link in links(page):
        expect(link).to_be_visible()
        box = link.bounding_box()
        tops.add(round(box["y"] + box["height"] / 2))
    assert max(tops) - min(tops) <= 2, f"the links are not in one row: {sorted(tops)}"
    assert header_height(page) <= 96
    axe(page)
    screenshot(page, f"header-1280-{scheme}")


@pytest.mark.django_db(transaction=True)
def test_the_fonts_load_and_hold_swedish_letters(open_context):
    page = open_context(viewport={"width": 390, "height": 740})
    page.goto("/sv/")
    page.evaluate("document.fonts.ready.then(() => true)")

    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)"
    )
    assert '"Barlow Condensed" 700' in loaded or "Barlow Condensed 700" in loaded, loaded
    assert '"Barlow" 400' in loaded or "Barlow 400" in loaded, loaded
    # A letter the font lacks comes from the next family in the list: whatever fallback
    # stands behind it, each letter must measure the same, the web font's own width.
    widths = page.evaluate(
        """() => {
            const canvas = document.createElement('canvas').getContext('2d');
            const width = (font, text) => {
                canvas.font = font;
                return canvas.measureText(text).width;
            };
            const result = {};
            for (const family of ['"Barlow Condensed"', '"Barlow"']) {
                const weight = family.includes('Condensed') ? 700 : 400;
                for (const letter of 'ÅÄÖåäöéü') {
                    result[family + letter] = ['monospace', 'serif', 'sans-serif'].map(
                        (fallback) => [
                            width(`${weight} 200px ${family}, ${fallback}`, letter),
                            width(`${weight} 200px ${fallback}`, letter),
                        ]
                    );
                }
            }
            return result;
        }"""
    )
    for key, measured in widths.items():
        with_fallback = [web for web, _alone in measured]
        alone = [fallback for _web, fallback in measured]
        assert max(alone) - min(alone) > 0.5, f"{key}: the fallbacks cannot be told apart"
        assert max(with_fallback) - min(with_fallback) < 0.01, f"{key} falls back to another font"
