"""The staff home page on a race morning, as the press office and as the results staff see it."""

import datetime as dt

import pytest
from django.conf import settings
from playwright.sync_api import expect

from news.models import Article
from standings.importers import import_season

pytestmark = pytest.mark.django_db(transaction=True)

# Sunday of the Estoril weekend, 12:00 in Sweden: Race 1 at 12:15 track time (13:15 CEST).
RACE_MORNING = dt.datetime(2021, 6, 27, 10, 0, tzinfo=dt.UTC)
# 13:30 at the track: Race 1 (12:15) is over, Race 2 starts at 15:15.
AFTER_RACE_1 = dt.datetime(2021, 6, 27, 12, 30, tzinfo=dt.UTC)
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def weekend():
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    Article.objects.create(
        language="sv",
        title="Syskonen inför söndagens race",
        slug="syskonen-infor-sondagens-race",
        summary="Kort.",
        body="<p>Text.</p>",
        publish_at=dt.datetime(2021, 6, 27, 16, 30, tzinfo=dt.UTC),
    )
    Article.objects.create(
        language="sv",
        title="Utkast: Jessicas kval",
        slug="utkast-jessicas-kval",
        summary="Kort.",
        body="<p>Text.</p>",
    )


@pytest.fixture
def staff_member(staff_user):
    return staff_user


def sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("a-long-staff-password")
    page.get_by_role("button", name="Logga in").click()


def test_the_press_office_opens_on_this_week(
    weekend, staff_member, open_context, time_machine, axe, screenshot
):
    time_machine.move_to(RACE_MORNING, tick=False)
    staff_member("press", "Press office")
    page = open_context(locale="sv-SE", viewport=WIDE, timezone_id="Europe/Stockholm")
    sign_in(page, "press")

    week = page.locator(".staff-week")
    expect(week.get_by_role("heading", name="Nästa pass")).to_be_visible()
    expect(week).to_contain_text("Race 1 · Portugals deltävling")
    expect(week).to_contain_text("söndag 27 juni, 12:15 banans lokala tid (WEST)")
    expect(week).to_contain_text("13:15 svensk tid (CEST)")
    expect(week.locator(".staff-week__countdown")).to_have_text("om 1 h 15 min")
    expect(page.get_by_text("publiceras söndag 27 juni, 18:30 (CEST)")).to_be_visible()
    expect(page.get_by_role("link", name="Utkast: Jessicas kval")).to_be_visible()
    axe(page)
    screenshot(page, "admin-staff-home-press-office")

    page.get_by_role("link", name="Skriv ett pressmeddelande").click()
    expect(page.get_by_role("heading", name="Lägg till artikel")).to_be_visible()
    assert page.errors == []


def test_the_results_staff_go_from_home_to_the_session_that_needs_results(
    weekend, staff_member, open_context, time_machine, axe, screenshot
):
    from standings.models import SessionResult

    SessionResult.objects.filter(
        session__event__slug="estoril", session__code="R1"
    ).delete()  # Race 1 has just been run: its classification is not in yet
    time_machine.move_to(AFTER_RACE_1, tick=False)
    staff_member("results", "Results")
    page = open_context(locale="sv-SE", viewport=WIDE, timezone_id="Europe/Stockholm")
    sign_in(page, "results")

    week = page.locator(".staff-week")
    expect(week).to_contain_text("Race 2 · Portugals deltävling")
    row = week.locator("tr", has_text="Race 1")
    expect(row).to_contain_text("Saknas")
    expect(page.get_by_text("Skriv ett pressmeddelande")).to_have_count(0)
    axe(page)
    screenshot(page, "admin-staff-home-results")

    page.get_by_role("link", name="Mata in resultat för Race 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Race 1")
    assert page.errors == []
