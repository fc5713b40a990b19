"""A NUL character in an address, a query or a form field is a bad request (400), never a
server error: PostgreSQL refuses NUL in text, so any lookup with one would fail."""

import pytest
from django.urls import reverse

from wtcrsite.logs import SiteFormatter

AUTOCOMPLETE = {"app_label": "standings", "model_name": "sessionresult", "field_name": "entry"}


@pytest.mark.parametrize("term", ["\x00", "Bj\x00rk", "%00"])
def test_admin_autocomplete_with_a_nul_is_a_bad_request(admin_client, season_2021, term):
    response = admin_client.get(reverse("admin:autocomplete"), {**AUTOCOMPLETE, "term": term})

    # "%00" as text is three characters, not a NUL: an ordinary (empty) answer.
    assert response.status_code == (200 if term == "%00" else 400)


@pytest.mark.parametrize(
    "url",
    [
        "admin:standings_sessionresult_changelist",
        "admin:drivers_driver_changelist",
        "admin:news_article_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_admin_search_with_a_nul_is_a_bad_request(admin_client, season_2021, url):
    response = admin_client.get(reverse(url), {"q": "Thed\x00"})

    assert response.status_code == 400


def test_admin_filters_with_a_nul_are_a_bad_request(admin_client, season_2021):
    url = reverse("admin:standings_sessionresult_changelist")

    assert admin_client.get(url, {"session__code": "R1\x00"}).status_code == 400
    assert admin_client.get(url, {"status\x00": "x"}).status_code == 400


def test_a_login_with_a_nul_is_a_bad_request(client, db):
    response = client.post(reverse("admin:login"), {"username": "admin\x00", "password": "x"})

    assert response.status_code == 400


def test_a_form_field_with_a_nul_is_a_bad_request(admin_client, season_2021):
    from drivers.models import Driver

    driver = Driver.objects.get(slug="jessica-backman")
    url = reverse("admin:drivers_driver_change", args=[driver.pk])

    response = admin_client.post(url, {"name": "Jessica\x00", "slug": driver.slug})

    assert response.status_code == 400
    driver.refresh_from_db()
    assert driver.name == "Jessica Bäckman"


@pytest.mark.parametrize("path", ["/en/drivers/\x00/", "/en/news/a\x00b/", "/\x00"])
def test_a_path_with_a_nul_is_a_bad_request(client, db, path):
    assert client.get("/", PATH_INFO=path).status_code == 400


def test_a_public_query_with_a_nul_is_a_bad_request(client, season_2021):
    assert client.get("/en/news/", {"driver": "\x00"}).status_code == 400
    assert client.get("/en/news/", {"driver": "andreas-backman"}).status_code == 200


def test_a_bad_request_is_logged_as_one_line_of_django_security(client, db, caplog):
    client.get("/en/news/", {"driver": "\x00"})

    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert SiteFormatter().format(record) == (
        "django.security.NulCharacter ERROR NUL character in the address or its query string "
        "(GET /en/news/)"
    )


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/robots.txt", "/sitemap.xml"])
def test_a_cookie_with_a_nul_is_a_bad_request(client, db, path):
    # A quoted cookie spells the NUL as an escape: Django's parser turns it into one.
    client.cookies["sessionid"] = "x"
    response = client.get(path, HTTP_COOKIE='sessionid="\\000aaaaaaaaaaaa"')
    assert response.status_code == 400


def test_a_session_key_with_other_characters_is_no_key(db):
    from delivery.sessions import SessionStore

    assert SessionStore("\x00aaaaaaaaaaaaaaa").session_key is None
    assert SessionStore("abcdefgh-ijklmnop").session_key is None
