"""Malformed addresses and query strings never make a server error, on any URL pattern."""

import datetime as dt
import gzip
import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SEGMENTS = [
    "a" * 300,
    "%C3%A5%E2%80%8F%F0%9F%8F%81",  # å, a right-to-left mark, a chequered flag
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "'%22%3E%3Cscript%3E",
    "-1",
    "99999999999999999999",
    "2021",
    "andreas-backman",
]
QUERIES = [
    "round=-1&page=-5",
    "round=99999999999999999999&page=0",
    "page=abc&event=..%2F&driver=%00&category=%27%22",
    "session=%00&title=nope&as_of=2021-99-99",
    "round=%C2%B2&page=1e9&as_of=%00",
    "a=" + "b" * 5000,
]


def patterns(resolver=None, prefix=""):
    """Every route of the site as a template, e.g. "en/drivers/<slug>/"."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        route = "en/" if route.startswith("sv/") or route == "sv/" else route
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def fill(route, value):
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", value, route)  # regex patterns
    return "/" + re.sub(r"<(\w+:)?\w+>", value, route)


ROUTES = sorted({r for r in patterns() if not r.startswith(("admin/", "en/admin"))})


def test_the_walk_covers_the_site():
    assert any("drivers/<slug:slug>/" in r for r in ROUTES)
    assert any("news/<slug:slug>/" in r for r in ROUTES)
    assert any("standings/<slug:season>/<slug:title>.csv" in r for r in ROUTES)
    assert len(ROUTES) >= 25


@pytest.mark.parametrize("route", ROUTES)
def test_no_server_error_on_any_route(route, client, season_2021):
    seen = set()
    for segment, query in itertools.product(SEGMENTS, ["", *QUERIES]):
        url = fill(route, segment) + (f"?{query}" if query else "")
        if url in seen:
            continue
        seen.add(url)
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, f"{url} answered {response.status_code}"
            if response.streaming:
                # Read to the end: the client's wrapper then closes the file, without
                # closing the test's database connection the way response.close() would.
                response.getvalue()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_public_pages_refuse_other_methods(client, season_2021, method):
    for url in ["/en/", "/en/drivers/andreas-backman/", "/en/news/", "/en/standings/"]:
        assert getattr(client, method)(url).status_code in (403, 405)


REAL_PAGES = [
    "/en/standings/2021/drivers/",
    "/sv/standings/2021/female/",
    "/en/standings/2021/teams.csv",
    "/en/calendar/2021/",
    "/en/calendar/2021.ics",
    "/en/calendar/2021/countdown/",
    "/en/events/2021/germany/",
    "/en/events/2021/germany.ics",
    "/en/weekend/2021/",
    "/en/drivers/jessica-backman/",
    "/en/drivers/petr-fulin/",
    "/en/milestones/",
    "/en/news/",
    "/en/news/first-points-on-the-nordschleife/",
    "/en/news/feed/",
    "/en/press/",
    "/en/press/kit/andreas-backman/",
]


@pytest.mark.parametrize("page_cache", [False, True], ids=["computed", "cached"])
def test_no_server_error_on_real_pages_with_hostile_queries(
    client, profiles_2021, settings, page_cache, time_machine
):
    from news.demo import load_news

    load_news(settings.BASE_DIR / "data" / "news.toml")
    time_machine.move_to(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC), tick=False)
    for url, query in itertools.product(REAL_PAGES, QUERIES):
        for headers in (
            {},
            {"HX-Request": "true"},
            {"HX-Request": "true", "HX-History-Restore-Request": "true"},
            {"Accept-Encoding": "gzip", "If-None-Match": '"%00", W/"x"'},
        ):
            settings.PAGE_CACHE = False
            computed = client.get(f"{url}?{query}", headers=headers)
            assert computed.status_code < 500, f"{url}?{query} answered {computed.status_code}"
            if page_cache:
                settings.PAGE_CACHE = True
                for _ in range(2):  # stored, then from the cache: the same as computed
                    cached = client.get(f"{url}?{query}", headers=headers)
                    assert cached.status_code < 500
                    body = cached.content
                    if cached.get("Content-Encoding") == "gzip":
                        body = gzip.decompress(body)
                    if cached.status_code != 304:
                        expected = computed.content
                        if computed.get("Content-Encoding") == "gzip":
                            expected = gzip.decompress(expected)
                        assert (cached.status_code, body) == (computed.status_code, expected)
