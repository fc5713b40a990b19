"""Nobody outside can turn the page cache off or fill it: a made-up session cookie is a
reader's request, and junk in the query string or the htmx headers keys no new entry."""

import pytest
from django.core.cache import cache

from delivery import pagecache

pytestmark = pytest.mark.django_db(transaction=True)


def _entries():
    """The pages kept in the shared cache (a process-memory cache in this test run)."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):
        keys = list(store)
    else:  # Redis
        keys = [key.decode() for key in cache._cache.get_client().keys("*")]
    return [key for key in keys if ":pages:" in key and not key.endswith(":flight")]


def test_a_made_up_session_cookie_is_served_from_the_cache(demo, client, django_assert_num_queries):
    stored = client.get("/en/milestones/")
    for value in ("abc", "x" * 32, "0123456789abcdefghijklmnopqrstuv"):
        client.cookies["sessionid"] = value
        with django_assert_num_queries(0):
            response = client.get("/en/milestones/")
        assert response["Cache-Status"] == "wtcrsite; hit"
        assert response.content == stored.content


def test_a_page_computed_for_a_made_up_session_is_stored_for_everyone(demo, client):
    client.cookies["sessionid"] = "0123456789abcdefghijklmnopqrstuv"
    first = client.get("/en/milestones/")
    assert "Cookie" not in first.get("Vary", "")
    del client.cookies["sessionid"]
    assert client.get("/en/milestones/")["Cache-Status"] == "wtcrsite; hit"


def test_a_real_staff_session_still_bypasses_the_cache(demo, client, admin_client):
    client.get("/en/milestones/")
    response = admin_client.get("/en/milestones/")
    assert "hit" not in response.get("Cache-Status", "")


def test_the_session_keys_the_site_gives_out_are_recognised(db, admin_client):
    key = admin_client.cookies["sessionid"].value
    assert pagecache.genuine_session(key)
    assert not pagecache.genuine_session(key[:-1] + ("a" if key[-1] != "a" else "b"))
    assert not pagecache.genuine_session("")


def test_junk_query_strings_key_one_entry(demo, client):
    base = client.get("/en/news/")
    for n in range(40):
        response = client.get(f"/en/news/?utm_source=x{n}&fbclid={n}")
        assert response.status_code == 200
        assert response.content == base.content  # the links on it carry no junk either
    assert len(_entries()) == 1


def test_known_parameters_in_any_order_and_repeated_key_one_entry(demo, client):
    one = client.get("/en/standings/2021/teams/?round=3")
    two = client.get("/en/standings/2021/teams/?round=1&round=3&x=1")
    assert one.content == two.content
    assert two["Cache-Status"] == "wtcrsite; hit"


@pytest.mark.parametrize(
    "url",
    [
        "/en/news/?page=abc",
        "/en/news/?page=99999",
        "/en/news/?driver=nobody",
        "/en/news/?event=nowhere",
        "/en/news/?category=junk",
        "/en/standings/2021/teams/?round=999",
        "/en/standings/2021/teams/?round=x",
        "/en/events/2021/germany/?session=ZZ",
    ],
)
def test_a_known_parameter_with_a_value_no_page_has_stores_nothing(demo, client, url):
    response = client.get(url)
    assert response.status_code in (301, 302, 404)
    assert _entries() == []


def test_htmx_header_values_key_three_kinds_of_request_only(demo, client):
    for n in range(20):
        client.get("/en/news/", headers={"HX-Request": f"junk{n}"})
        client.get("/en/news/", headers={"HX-History-Restore-Request": f"junk{n}"})
    assert len(_entries()) == 1  # none of those is an htmx request: the whole page


@pytest.mark.parametrize(
    "url",
    [
        "/en/?page=2",
        "/en/milestones/?round=3",
        "/en/drivers/jessica-backman/?category=news",
        "/en/standings/2021/teams/?round=03",
        "/en/news/?page=01",
    ],
)
def test_a_parameter_this_page_does_not_read_stores_nothing(demo, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert _entries() == []


@pytest.mark.parametrize(
    "host", ["TESTSERVER", "testserver.", "testserver:1", "testserver:31337", "TestServer:80"]
)
def test_another_spelling_of_the_host_stores_nothing(demo, client, host):
    client.get("/en/milestones/")
    assert len(_entries()) == 1
    response = client.get("/en/milestones/", HTTP_HOST=host)
    assert response.status_code == 200
    assert len(_entries()) == 1


def test_a_host_with_the_port_the_request_came_in_on_is_stored(demo, client, settings):
    client.get("/en/milestones/", HTTP_HOST="testserver:8000", SERVER_PORT="8000")
    assert len(_entries()) == 1
    # Behind the proxy, the port the client reached is the one the proxy names.
    settings.BEHIND_PROXY = True
    headers = {"HTTP_HOST": "testserver:8080", "SERVER_PORT": "8000"}
    client.get("/en/milestones/", **headers)
    assert len(_entries()) == 1
    client.get("/en/milestones/", HTTP_X_FORWARDED_PORT="8080", **headers)
    assert len(_entries()) == 2


def test_a_session_key_older_than_a_session_is_a_readers(db, admin_client, time_machine):
    import datetime as dt

    from django.conf import settings

    key = admin_client.cookies["sessionid"].value
    assert pagecache.genuine_session(key)
    time_machine.move_to(
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    )
    assert not pagecache.genuine_session(key)
