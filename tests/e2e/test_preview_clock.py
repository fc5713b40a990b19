import re

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_staff_preview_the_season_opener_then_return_to_now(
    season_2021, admin_user, open_context, axe
):
    page = open_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Preview the site as of").fill("2021-06-03T12:00")
    page.get_by_role("button", name="Preview").click()

    expect(page).to_have_url(re.compile(r"/en/\?as_of=2021-06-03T12%3A00$"))
    banner = page.get_by_role("status")
    expect(banner).to_contain_text("you see the site as of 3 June 2021")
    for path in ["/en/", "/en/calendar/"]:
        if path != "/en/":
            page.goto(path)
        # 12:00 in Stockholm is 10:00 UTC; free practice 1 at the Nürburgring starts at
        # 14:30 there (UTC+2), 2 h 30 min later.
        countdown = page.locator(".countdown time[data-countdown]")
        expect(countdown).to_have_text(re.compile(r"^in 2 h 29 min \d+ s$"))
        first = countdown.text_content()
        expect(countdown).not_to_have_text(first, timeout=3000)  # it ticks
        expect(page.get_by_role("status")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Back to now").click()
    expect(page.get_by_role("status")).to_have_count(0)
    expect(page.locator(".countdown")).to_contain_text("Season complete")
    assert page.errors == []
