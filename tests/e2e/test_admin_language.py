"""The admin in Swedish, in a browser, as the staff roles use it: a refused results file, a
result's history in words, a page the role does not include, the date pickers' time zone
note at a race abroad, and a locked-out sign-in."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Season
from standings.importers import import_season
from standings.models import SessionResult

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-staff-password"
SWEDISH = {"locale": "sv-SE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def season():
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")


@pytest.fixture
def staff_member(staff_user):
    return lambda username, role: staff_user(username, role, password=PASSWORD)


def errors_besides(page, status):
    """The console's errors (a CSP violation among them) but the page's own expected status,
    which Chromium reports as a resource that failed to load."""
    expected = f"Failed to load resource: the server responded with a status of {status} "
    return [error for error in page.errors if not error.startswith(expected)]


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("admin:login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_results_staff_work_in_swedish(season, staff_member, open_context, screenshot, tmp_path):
    staff_member("resultat", "Results")
    page = open_context(**SWEDISH)
    sign_in(page, "resultat")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # A results file with a wrong line: refused, in Swedish, with file, line and reason.
    bad = tmp_path / "results.csv"
    bad.write_text(
        "round,session,position,number,driver,status,best_lap\n"
        "8,R1,x,12,Yann Ehrlacher,classified,1:44.522\n",
        encoding="utf-8",
    )
    page.goto(reverse("admin:standings_sessionresult_import"))
    form = page.locator("form[enctype='multipart/form-data']")
    form.locator("select[name=season]").select_option(str(Season.objects.get(slug="2021").pk))
    form.locator("input[type=file]").set_input_files(bad)
    form.locator("[type=submit]").click()
    expect(page.locator("#content")).to_contain_text(
        "results.csv, rad 2: kolumnen position måste vara ett heltal, inte 'x'"
    )
    screenshot(page, "admin-import-refused-sv")

    # A result changed by hand: its history says what changed, in words.
    result = SessionResult.objects.filter(status="classified", position=5).first()
    page.goto(reverse("admin:standings_sessionresult_change", args=[result.pk]))
    page.locator("select[name=status]").select_option(label="Bröt")
    page.locator("input[name=position]").fill("")
    page.locator("input[name=_save]").click()
    page.goto(reverse("admin:standings_sessionresult_history", args=[result.pk]))
    history = page.locator("#change-history")
    expect(history).to_contain_text("Status: Klassad → Bröt")
    expect(history).to_contain_text("Placering: 5 → (tomt)")
    expect(history).to_contain_text("Sparad av")
    expect(history).to_contain_text("resultat")  # who saved it, not linked: accounts are not theirs
    expect(history.get_by_role("link", name="resultat")).to_have_count(0)
    screenshot(page, "admin-result-history-sv")

    # A page the role does not include: said plainly, with the way back.
    page.goto(reverse("admin:axes_accessattempt_changelist"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Du har inte tillgång till den här sidan"
    )
    page.get_by_role("link", name="Tillbaka till administrationens startsida").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    assert errors_besides(page, 403) == []


def test_the_time_zone_note_at_a_race_abroad_is_in_swedish(staff_member, open_context, screenshot):
    """A press officer at the Race of China types a publishing time: the admin's scripts say,
    in Swedish, that times are the site's (Stockholm), not the laptop's."""
    staff_member("press", "Press office")
    page = open_context(**SWEDISH, timezone_id="Asia/Shanghai")
    sign_in(page, "press")

    page.goto(reverse("admin:news_article_add"))
    page.get_by_label("Schemalägg").check()  # the date and time show for a schedule

    note = page.locator(".timezonewarning").first
    expect(note).to_have_text(
        re.compile(
            r"Obs! Skriv tider i tidszonen Europe/Stockholm\. "
            r"\(Din klocka ligger \d timmar före\.\)"
        )
    )
    page.locator(".datetimeshortcuts a", has_text="I dag").first.wait_for()
    screenshot(page, "admin-article-time-zone-note-sv")
    assert page.errors == []


def test_a_locked_out_sign_in_reads_calmly_in_swedish(staff_member, open_context, screenshot):
    staff_member("press", "Press office")
    page = open_context(**SWEDISH)

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, "press", "wrong-password")
    sign_in(page, "press")

    expect(page.get_by_role("heading", level=1)).to_have_text("För många misslyckade inloggningar")
    expect(page.locator("#content")).to_contain_text("Vänta en timme och logga sedan in igen.")
    screenshot(page, "admin-locked-out-sv")
    assert errors_besides(page, 429) == []
