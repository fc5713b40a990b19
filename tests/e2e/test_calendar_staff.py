"""The calendar staff's journey, in Swedish, as a member of the Calendar role: the Race of
Hungary is postponed, then rescheduled two weeks later with a new timetable. After each
save the public calendar, the event's page and its .ics (SEQUENCE up) show the change at
once, though each was read, and cached, just before."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Event, Session
from standings.importers import import_season
from wtcrsite.roles import sync_roles

pytestmark = pytest.mark.django_db(transaction=True)
UTC = dt.UTC
# A Thursday in July 2021: the Race of Hungary (21 to 22 August) is still to come.
NOW = dt.datetime(2021, 7, 15, 8, 0, tzinfo=UTC)
PASSWORD = "a-long-calendar-password"
# The new timetable, in track time at the Hungaroring (UTC+2 in September).
NEW_TIMES = {
    "FP1": "2021-09-04T09:30",
    "FP2": "2021-09-04T12:30",
    "Q1": "2021-09-04T15:30",
    "R1": "2021-09-05T12:15",
    "R2": "2021-09-05T15:15",
}
NEW_DAYS = {"Q": "2021-09-04", "Q2": "2021-09-04", "Q3": "2021-09-04"}


@pytest.fixture
def calendar_staff(django_user_model):
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    sync_roles()
    user = django_user_model.objects.create_user(
        "kalender", password=PASSWORD, is_staff=True, first_name="Karin", last_name="Lund"
    )
    user.groups.add(Group.objects.get(name="Calendar"))
    return user


class Reader:
    """A reader's browser: the public pages and the .ics, in Swedish."""

    def __init__(self, page):
        self.page = page

    def calendar_card(self):
        self.page.goto("/sv/calendar/")
        return self.page.locator(".event-card").filter(has_text="Ungerns deltävling")

    def event_page(self):
        self.page.goto("/sv/events/2021/hungary/")
        return self.page.locator("main")

    def feed(self):
        response = self.page.request.get("/sv/events/2021/hungary.ics")
        assert response.status == 200
        vevents = Calendar.from_ical(response.body()).walk("VEVENT")
        return {str(v["UID"]).split("@")[0].removeprefix("2021-hungary-"): v for v in vevents}


def sign_in(admin):
    admin.goto("/admin/login/?next=/admin/events/event/")
    admin.get_by_label("Användarnamn").fill("kalender")
    admin.get_by_label("Lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Logga in").click()
    expect(admin.get_by_role("heading", name=re.compile("Välj tävling att ändra"))).to_be_visible()


def session_row(admin, code):
    """The inline row of a session, found by its code."""
    selects = admin.locator("select[name^='sessions-'][name$='-code']")
    for index in range(selects.count()):
        select = selects.nth(index)
        if select.input_value() == code:
            return select.get_attribute("name").removesuffix("-code")
    raise AssertionError(f"no row for {code}")


def test_postpone_then_reschedule_an_event(
    calendar_staff, open_context, time_machine, axe, screenshot
):
    time_machine.move_to(NOW, tick=False)
    reader = Reader(open_context(locale="sv-SE", viewport={"width": 1280, "height": 900}))
    # Read before the change: the pages and the feed are cached as they are now.
    expect(reader.calendar_card().locator(".badge").first).to_have_text("Kommande")
    expect(reader.event_page()).not_to_contain_text("uppskjuten")
    before = reader.feed()
    assert {int(v["SEQUENCE"]) for v in before.values()} == {0}
    assert str(before["R1"]["STATUS"]) == "CONFIRMED"

    admin = open_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": 1280, "height": 900}
    )
    admin.clock.install(time=NOW)  # the browser's clock agrees with the server's
    sign_in(admin)
    axe(admin)
    admin.get_by_role("link", name="Race of Hungary").click()
    expect(admin.get_by_role("heading", name="Ändra tävling")).to_be_visible()
    expect(admin.get_by_text("Uppskjuten: tävlingen körs senare")).to_be_visible()
    axe(admin)

    # 1. Postponed: new dates to come.
    admin.locator("#id_status").select_option(label="Uppskjuten")
    admin.get_by_role("button", name="Spara och fortsätt redigera").click()
    messages = admin.locator(".messagelist")
    expect(messages).to_contain_text("Ändringen syns nu i kalendern och på tävlingens sida.")
    expect(messages).to_contain_text("Ifyllt åt dig: ”Ändringen meddelades” 15 juli 2021")
    expect(admin.locator("#changes-group")).to_contain_text("Status: planerad → uppskjuten")
    expect(admin.locator("#changes-group")).to_contain_text("Karin Lund")
    screenshot(admin, "calendar-staff-postponed-1280")
    axe(admin)

    expect(reader.calendar_card().locator(".badge").first).to_have_text("Uppskjuten")
    expect(reader.event_page()).to_contain_text(
        "Tävlingen är uppskjuten. Nya datum meddelas senare."
    )
    postponed = reader.feed()
    assert {int(v["SEQUENCE"]) for v in postponed.values()} == {1}
    assert str(postponed["R1"]["STATUS"]) == "TENTATIVE"

    # 2. Rescheduled two weeks later, with the new timetable in track time.
    admin.locator("#id_status").select_option(label="Planerad")
    admin.locator("#id_start_date").fill("2021-09-04")
    admin.locator("#id_end_date").fill("2021-09-05")
    for code, start in NEW_TIMES.items():
        admin.locator(f"[name='{session_row(admin, code)}-local_start']").fill(start)
    for code, day in NEW_DAYS.items():
        admin.locator(f"[name='{session_row(admin, code)}-start_date']").fill(day)
    admin.get_by_role("button", name="Spara och fortsätt redigera").click()
    expect(messages).to_contain_text("Ändringen syns nu i kalendern och på tävlingens sida.")
    expect(messages).to_contain_text(
        "Ifyllt åt dig: tidigare datum 21 augusti 2021 till 22 augusti 2021"
    )
    expect(admin.locator("#id_previous_start_date")).to_have_value("2021-08-21")
    history = admin.locator("#changes-group")
    expect(history).not_to_contain_text("Race 1, dag")
    expect(history).to_contain_text("Startdatum: 21 augusti 2021 → 4 september 2021")
    expect(history).to_contain_text(
        "Race 1, start: 22 augusti 2021 kl. 12:15 → 5 september 2021 kl. 12:15 (banans lokala tid)"
    )
    screenshot(admin, "calendar-staff-rescheduled-1280")
    axe(admin)

    hungary = Event.objects.get(slug="hungary")
    assert (hungary.status, hungary.start_date, hungary.previous_start_date) == (
        "scheduled",
        dt.date(2021, 9, 4),
        dt.date(2021, 8, 21),
    )
    assert Session.objects.get(event=hungary, code="R1").starts_at == dt.datetime(
        2021, 9, 5, 10, 15, tzinfo=UTC
    )
    card = reader.calendar_card()
    expect(card.locator(".event-card__when")).to_have_text(
        "4\u20135 september 2021 · flyttad från 21 augusti"
    )
    expect(card.locator(".badge").first).to_have_text("Kommande")
    page = reader.event_page()
    expect(page).to_contain_text("Flyttad från 21 augusti.")
    expect(page).not_to_contain_text("uppskjuten")
    expect(page.locator("table.schedule tr").filter(has_text="Race 1")).to_contain_text(
        "sön 5 september kl. 12:15"
    )
    rescheduled = reader.feed()
    assert {int(v["SEQUENCE"]) for v in rescheduled.values()} == {2}
    assert str(rescheduled["R1"]["STATUS"]) == "CONFIRMED"
    assert rescheduled["R1"]["DTSTART"].dt == dt.datetime(2021, 9, 5, 10, 15, tzinfo=UTC)
    axe(reader.page)
    assert admin.errors == []
    assert reader.page.errors == []
