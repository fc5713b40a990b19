"""The Results staff on a race weekend, in Swedish: Race 1 at Estoril has just ended and has
no results yet. From the session's admin page they type its classification, check the
preview, save it, see the public standings change, then undo it and see them as before."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import Session
from standings.importers import import_season
from standings.models import SessionResult
from wtcrsite.roles import sync_roles

pytestmark = pytest.mark.django_db(transaction=True)

# 13:40 at Estoril (14:40 in Stockholm): Race 1 ended at 13:15, Race 2 starts at 15:15.
NOW = dt.datetime(2021, 6, 27, 12, 40, tzinfo=dt.UTC)
PASSWORD = "a-long-results-password"
STANDINGS = "/sv/standings/2021/drivers/"
NONE = "\N{EN DASH}"  # no place, no points


@pytest.fixture
def weekend(time_machine):
    """The 2021 season as it stood then: no results of Race 1 or of anything later."""
    time_machine.move_to(NOW, tick=False)
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    ended_before = [
        s.pk
        for s in Session.objects.select_related("event")
        if s.event.round is not None and (s.event.round, s.code) < (2, "R1")
    ]
    SessionResult.objects.exclude(session__in=ended_before).delete()
    return Session.objects.get(event__slug="estoril", code="R1")


@pytest.fixture
def results_officer(django_user_model):
    sync_roles()
    user = django_user_model.objects.create_user(
        "rita", password=PASSWORD, is_staff=True, first_name="Rita", last_name="Berg"
    )
    user.groups.add(Group.objects.get(name="Results"))
    return user


def table_of(page):
    """The public drivers' table: {driver: points}."""
    page.goto(STANDINGS)
    rows = page.locator(".standings-table tbody tr")
    return {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td.total").inner_text()
        for i in range(rows.count())
    }


def choose_car(page, row, car):
    """Picks the car ("#68 Yann Ehrlacher") in a row of the classification, as a person would."""
    select = page.get_by_label(f"Bil, rad {row}", exact=True)
    label = next(t for t in select.locator("option").all_inner_texts() if t.startswith(car + " "))
    select.select_option(label=label)


RACE_1 = [
    ("1", "#68 Yann Ehrlacher", "1:44.522"),
    ("2", "#100 Yvan Muller", "1:44,9"),  # a Swedish keyboard's comma
    ("3", "#12 Santiago Urrutia", "104.871"),  # seconds only
    ("4", "#18 Tiago Monteiro", ""),
    ("5", "#86 Esteban Guerrieri", ""),
]


def test_enter_preview_save_and_undo_race_1(
    weekend, results_officer, open_context, axe, screenshot
):
    reader = open_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    before = table_of(reader)
    assert "Yann Ehrlacher" in before

    admin = open_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    admin.goto(f"/admin/login/?next=/admin/events/session/{weekend.pk}/change/")
    admin.get_by_label("Användarnamn").fill("rita")
    admin.get_by_label("Lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Logga in").click()

    admin.get_by_role("link", name="Mata in resultat", exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(
        "Resultat: Race 1, Portugals deltävling"
    )
    for index, (position, car, lap) in enumerate(RACE_1):
        admin.get_by_label(f"Placering, rad {index + 1}", exact=True).fill(position)
        choose_car(admin, index + 1, car)
        admin.get_by_label(f"Bästa varv, rad {index + 1}", exact=True).fill(lap)
    choose_car(admin, 6, "#29 Néstor Girolami")
    admin.get_by_label("Status, rad 6", exact=True).select_option(label="Bröt")
    admin.get_by_role("button", name="Förhandsgranska").click()

    preview = admin.locator(".results-preview")
    expect(preview.get_by_role("heading", level=2).first).to_have_text(
        "Förhandsgranskning \N{EN DASH} inget är sparat än"
    )
    cars = preview.locator(".results-cars tbody tr")
    expect(cars.nth(0)).to_contain_text("Yann Ehrlacher")
    assert cars.nth(0).locator("td").all_inner_texts() == ["#68", NONE, "1", NONE, "25", "1:44.522"]
    assert cars.nth(1).locator("td").all_inner_texts() == [
        "#100",
        NONE,
        "2",
        NONE,
        "20",
        "1:44.900",
    ]
    assert cars.nth(2).locator("td").all_inner_texts()[-1] == "1:44.871"
    expect(cars.nth(5)).to_contain_text("Bröt")
    drivers = preview.locator(".results-standings").first
    expect(drivers.locator("caption")).to_have_text("FIA:s förartitel efter omgång 2")
    expect(drivers.get_by_role("row", name=re.compile("Yann Ehrlacher"))).to_contain_text(
        "+25 poäng"
    )
    assert admin.errors == []
    screenshot(admin, "admin-session-results")
    axe(admin)
    assert table_of(reader) == before  # a preview reaches no reader

    admin.get_by_role("button", name="Spara resultaten").click()
    expect(admin.locator(".messagelist")).to_contain_text(
        "Sparat: resultaten för Race 1, Portugals deltävling."
    )
    after = table_of(reader)
    assert after != before
    assert int(after["Yann Ehrlacher"]) == int(before["Yann Ehrlacher"]) + 25

    admin.get_by_role("link", name="Se ändringen eller ångra den").click()
    admin.get_by_role("link", name="Ångra ändringen").click()
    expect(admin.get_by_role("heading", name="Tabellerna efter ångringen")).to_be_visible()
    axe(admin)
    screenshot(admin, "admin-results-undo")
    admin.get_by_role("button", name="Ja, ångra den").click()
    expect(admin.locator(".messagelist")).to_contain_text(
        "Ångrat: Race 1, Portugals deltävling är tillbaka som det var."
    )
    assert table_of(reader) == before
    assert not SessionResult.objects.filter(session=weekend).exists()

    admin.goto("/admin/standings/resultbatch/")
    expect(admin.locator("#result_list tbody tr")).to_have_count(2)
    expect(admin.locator("#result_list tbody tr").first).to_contain_text("Ångring")
    axe(admin)
    screenshot(admin, "admin-results-changes")
    assert admin.errors == []
    assert reader.errors == []
