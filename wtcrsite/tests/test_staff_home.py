"""The staff home page: the admin index opens on what matters this week."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article

# Sunday of the Estoril weekend, 11:00 at the track (WEST), 12:00 in Sweden (CEST);
# Race 1 starts 12:15 track time.
RACE_MORNING = dt.datetime(2021, 6, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def staff(staff_user, client):
    def sign_in(*roles, superuser=False):
        user = staff_user("-".join(roles) or "chief", *roles, is_superuser=superuser)
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
        return client

    return sign_in


@pytest.fixture
def race_morning(time_machine, season_2021):
    time_machine.move_to(RACE_MORNING, tick=False)
    return RACE_MORNING


def home(client, queries=None):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_next_session_with_its_countdown_track_time_and_swedish_time(staff, race_morning):
    html = home(staff("Press office"))
    assert "Nästa pass" in html
    assert "Race 1" in html
    assert "Portugals deltävling" in html
    assert "söndag 27 juni, 12:15 banans lokala tid (WEST)" in html
    assert "13:15 svensk tid (CEST)" in html
    assert "om 1 h 15 min" in html


def test_the_press_office_sees_its_work_and_the_button_to_write(staff, race_morning):
    Article.objects.create(
        language="sv",
        title="Utkast om Estoril",
        slug="utkast-om-estoril",
        summary="Kort.",
        body="<p>Text.</p>",
        publish_at=None,
    )
    Article.objects.create(
        language="sv",
        title="Efter Race 2",
        slug="efter-race-2",
        summary="Kort.",
        body="<p>Text.</p>",
        publish_at=dt.datetime(2021, 6, 27, 16, 0, tzinfo=dt.UTC),
    )
    html = home(staff("Press office"))
    assert reverse("admin:news_article_add") in html
    assert "Skriv ett pressmeddelande" in html
    assert "Utkast om Estoril" in html
    assert "Efter Race 2" in html
    assert "publiceras söndag 27 juni, 18:00 (CEST)" in html
    assert "Mata in resultat" not in html  # not the press office's job


def test_results_staff_see_the_weekend_but_not_the_articles(staff, race_morning):
    html = home(staff("Results"))
    assert "Utkast" not in html
    assert "Schemalagt" not in html
    assert reverse("admin:news_article_add") not in html
    assert "Kval 1" in html
    assert "Race 2" in html


def test_the_calendar_staff_get_the_event_to_change(staff, race_morning):
    html = home(staff("Calendar"))
    assert "Ändra tävlingens datum eller status" in html


def test_after_the_season_the_page_says_so(staff, season_2021, time_machine):
    time_machine.move_to(dt.datetime(2022, 1, 10, tzinfo=dt.UTC), tick=False)
    html = home(staff("Press office"))
    assert "är avslutad" in html


def test_without_a_season_the_page_still_opens(staff, db):
    assert "Ingen säsong" in home(staff("Results"))


def test_its_queries_are_bounded(staff, race_morning, django_assert_max_num_queries):
    client = staff("Press office", "Results", "Calendar")
    with django_assert_max_num_queries(20):
        home(client)


def test_the_results_button_is_for_those_the_results_page_lets_in(staff, race_morning):
    from django.contrib.auth.models import Permission

    results = home(staff("Results"))
    assert "Mata in resultat för Kval 2" in results  # its results are missing

    adders = Group.objects.create(name="Adds results only")
    adders.permissions.add(Permission.objects.get(codename="add_sessionresult"))
    assert "Mata in resultat för" not in home(staff("Adds results only"))
