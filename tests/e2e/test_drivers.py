import re

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_profile_and_milestones_pass_axe(profiles_2021, open_context, axe, screenshot, width):
    page = open_context(viewport={"width": width, "height": 900})

    page.goto("/en/drivers/")
    axe(page)
    page.get_by_role("link", name="Jessica Bäckman", exact=True).click()

    expect(page).to_have_url(re.compile(r"/en/drivers/jessica-backman/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jessica Bäckman")
    portrait = page.locator(".portrait img")
    expect(portrait).to_have_attribute("alt", re.compile(r"Hyundai Elantra N TCR, number 26"))
    # the portrait's web size loaded from /media/
    assert portrait.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(page.get_by_role("heading", name="Head to head with Andreas Bäckman")).to_be_visible()
    axe(page)
    screenshot(page, f"driver-jessica-{width}")

    page.goto("/sv/drivers/andreas-backman/")  # DNF cells, missing results, Swedish
    expect(page.get_by_role("heading", name="Resultat omgång för omgång")).to_be_visible()
    axe(page)

    page.goto("/sv/milestones/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Milstolpar")
    axe(page)
    screenshot(page, f"milestones-sv-{width}")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_a_milestone_link_scrolls_to_it(profiles_2021, open_context):
    page = open_context(viewport={"width": 390, "height": 700})
    page.goto("/en/milestones/")
    target = page.locator("#milestone-andreas-first-circuit-win")
    assert not _in_view(target)

    target.get_by_role("link", name=re.compile("Link to this milestone")).click()

    expect(page).to_have_url(re.compile(r"/en/milestones/#milestone-andreas-first-circuit-win$"))
    page.wait_for_function(
        "document.querySelector('#milestone-andreas-first-circuit-win').matches(':target')"
    )
    assert _in_view(target)

    # A shared link opens the page at the milestone.
    fresh = open_context(viewport={"width": 390, "height": 700})
    fresh.goto("/en/milestones/#milestone-first-woman-on-a-tcr-uk-podium")
    assert _in_view(fresh.locator("#milestone-first-woman-on-a-tcr-uk-podium"))
    assert page.errors == []
    assert fresh.errors == []


def _in_view(locator):
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
