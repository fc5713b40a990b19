import pytest
from playwright.sync_api import expect

from news.models import PressContact


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 390])
def test_the_press_kit_fits_a_phone_and_hands_out_its_files(
    profiles_2021, open_context, axe, screenshot, settings, width
):
    settings.SITE_URL = "https://press.andreas-och-jessica-backman-wtcr.example"
    PressContact.objects.create(
        name="Maja Lindqvist",
        role_en="Press officer",
        email="maja.lindqvist.press-office-of-the-team@target-competition-wtcr.example",
        phone="+46 70 123 45 67",
    )
    page = open_context(viewport={"width": width, "height": 800})

    page.goto("/en/press/kit/jessica-backman/")

    expect(page.get_by_role("heading", name="Press contact")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)
    screenshot(page, f"press-kit-jessica-{width}")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Press kit as PDF").click()
    assert pdf.value.suggested_filename == "jessica-backman-press-kit.pdf"
    with page.expect_download() as photos:
        page.get_by_role("link", name="All pictures").click()
    assert photos.value.suggested_filename == "jessica-backman-press-photos.zip"

    page.goto("/en/press/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)
    assert page.errors == []
