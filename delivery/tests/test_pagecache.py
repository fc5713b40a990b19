"""The page cache: every reader gets the same page, retired by every content change and
by time, and never a page meant for one person."""

import datetime as dt
import gzip

import pytest

from delivery.tests.conftest import LATER
from events.models import Event, Season, Session

# Content changes retire cached pages when their transaction commits: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/sv/",
    "/en/",
    "/sv/drivers/",
    "/en/drivers/jessica-backman/",
    "/sv/milestones/",
    "/sv/calendar/",
    "/en/calendar/2021/",
    "/sv/events/2021/germany/",
    "/sv/events/2021/germany/?session=R1",
    "/sv/standings/2021/drivers/",
    "/en/standings/2021/teams/?round=3",
    "/sv/weekend/2021/",
    "/sv/news/",
    "/en/news/?category=news",
    "/sv/news/forsta-poangen-pa-nordschleife/",
    "/sv/press/",
    "/en/press/kit/jessica-backman/",
    "/sv/news/feed/",
    "/en/news/feed/atom/",
    "/sv/calendar/2021.ics",
    "/en/events/2021/germany.ics",
]


def computed(client, settings, url, **kwargs):
    settings.PAGE_CACHE = False
    try:
        return client.get(url, **kwargs)
    finally:
        settings.PAGE_CACHE = True


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_is_the_page(demo, client, settings, django_assert_num_queries, url):
    expected = computed(client, settings, url)
    assert expected.status_code == 200

    first = client.get(url)
    with django_assert_num_queries(0):  # the versions come from the shared cache
        second = client.get(url)

    assert first.content == second.content == expected.content
    for response in (first, second):
        assert response["Content-Type"] == expected["Content-Type"]
        assert response["Cache-Control"] == "public, no-cache"
        assert "Accept-Encoding" in response["Vary"]
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"nonce" not in response.content
        assert "nonce" not in response.get("Content-Security-Policy", "")
    assert first["ETag"] == second["ETag"]
    # The security headers are added to a cached page as to any other.
    assert second["Content-Security-Policy"] == expected["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["Content-Language"] == url[1:3]


def test_gzip_and_conditional_requests(demo, client, django_assert_num_queries):
    plain = client.get("/en/drivers/jessica-backman/")
    packed = client.get("/en/drivers/jessica-backman/", headers={"accept-encoding": "br, gzip"})

    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert int(packed["Content-Length"]) == len(packed.content)
    assert "Content-Encoding" not in plain
    assert packed["ETag"] != plain["ETag"]

    with django_assert_num_queries(0):
        again = client.get(
            "/en/drivers/jessica-backman/",
            headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]},
        )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == packed["ETag"]
    stale = client.get("/en/drivers/jessica-backman/", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200


def test_htmx_fragments_and_whole_pages_are_kept_apart(demo, client):
    whole = client.get("/en/news/?category=news")
    fragment = client.get("/en/news/?category=news", headers={"hx-request": "true"})
    restore = client.get(
        "/en/news/?category=news",
        headers={"hx-request": "true", "hx-history-restore-request": "true"},
    )

    assert b"<html" in whole.content
    assert b"<html" not in fragment.content
    assert restore.content == whole.content
    assert "HX-Request" in fragment["Vary"]
    assert "HX-History-Restore-Request" in fragment["Vary"]
    assert client.get("/en/news/?category=news").content == whole.content


def test_each_content_change_is_seen_at_once(demo, client):
    from drivers.models import Driver
    from news.models import Article

    profile = "/en/drivers/jessica-backman/"
    assert b"Bio written in the admin" not in client.get(profile).content

    # A save (as in the admin).
    jessica = Driver.objects.get(slug="jessica-backman")
    jessica.bio_en = "<p>Bio written in the admin.</p>"
    jessica.save()
    assert b"Bio written in the admin" in client.get(profile).content

    # A link between rows: an article tagged with a driver shows on the profile.
    article = Article.objects.get(slug="the-first-siblings-in-wtcr")
    article.drivers.remove(jessica)
    assert b"the-first-siblings-in-wtcr" not in client.get(profile).content
    article.drivers.add(jessica)
    assert b"the-first-siblings-in-wtcr" in client.get(profile).content

    # A delete.
    assert b"The first siblings in WTCR" in client.get("/en/news/").content
    article.delete()
    assert b"the-first-siblings-in-wtcr" not in client.get("/en/news/").content

    # A calendar change (the season's round 3 is postponed).
    event = Event.objects.get(season__slug="2021", slug="germany")
    before = client.get("/en/calendar/2021/").content
    event.status = Event.Status.POSTPONED
    event.save()
    after = client.get("/en/calendar/2021/").content
    assert after != before
    assert b"Postponed" in after


RESULT = (
    "round,session,position,number,driver,status,best_lap\n1,R1,1,26,Jessica Bäckman,classified,\n"
)


def test_a_results_import_is_seen_at_once(demo, client, settings):
    from standings.importers import import_results

    url = "/en/events/2021/germany/?session=R1"
    assert b"Jessica B\xc3\xa4ckman" in client.get(url).content
    before = client.get("/en/standings/2021/drivers/").content
    import_results("results.csv", RESULT, Season.objects.get(slug="2021"))

    after = client.get("/en/standings/2021/drivers/").content
    assert after != before
    assert after == computed(client, settings, "/en/standings/2021/drivers/").content


def test_a_page_expires_when_its_countdown_text_changes(
    season_2021, client, settings, time_machine
):
    settings.PAGE_CACHE = True
    # Free practice 1 at the Nürburgring starts at 12:30 UTC on 3 June 2021: at 08:00 on
    # 1 June that is 2 days 4 h 30 min away; the text steps by the hour.
    time_machine.move_to(dt.datetime(2021, 6, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    assert b"in 2 days 4 h<" in client.get("/en/calendar/2021/").content

    time_machine.move_to(dt.datetime(2021, 6, 1, 8, 29, 59, tzinfo=dt.UTC), tick=False)
    assert b"in 2 days 4 h<" in client.get("/en/calendar/2021/").content
    time_machine.move_to(dt.datetime(2021, 6, 1, 8, 30, 1, tzinfo=dt.UTC), tick=False)
    assert b"in 2 days 3 h<" in client.get("/en/calendar/2021/").content

    # On the day the text counts minutes, and the page follows it.
    Session.objects.filter(event__slug="germany", code="Q").update(
        starts_at=dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)
    )
    from delivery import areas

    areas.changed("calendar")  # a raw update() sends no signal
    time_machine.move_to(dt.datetime(2021, 6, 4, 9, 15, 30, tzinfo=dt.UTC), tick=False)
    home = client.get("/en/").content
    assert b"in 3 h 14 min<" in home
    time_machine.move_to(dt.datetime(2021, 6, 4, 9, 16, 1, tzinfo=dt.UTC), tick=False)
    assert b"in 3 h 13 min<" in client.get("/en/").content


def test_the_moments_a_page_changes_by_itself(season_2021):
    from delivery import areas
    from news.models import Article

    Session.objects.filter(event__slug="germany", code="Q").update(
        starts_at=dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC), duration_min=30
    )
    Article.objects.create(
        language="en",
        title="Later",
        slug="later",
        publish_at=dt.datetime(2021, 6, 5, 9, 15, tzinfo=dt.UTC),
    )
    start = dt.datetime(2021, 6, 1, tzinfo=dt.UTC).timestamp()
    versions = areas.current()
    calendar = areas._moments("calendar", versions["calendar"], start)
    news = areas._moments("news", versions["news"], start)
    moments = calendar + news

    def at(text):
        return dt.datetime.fromisoformat(text).timestamp() in moments

    # Nürburg's weekend, 3 to 5 June at the circuit (UTC+2): it starts and ends at midnight.
    assert at("2021-06-02T22:00:00+00:00")
    assert at("2021-06-05T22:00:00+00:00")
    # Qualifying at 12:30 for 30 minutes; the article at its time.
    assert at("2021-06-04T12:30:00+00:00")
    assert at("2021-06-04T13:00:00+00:00")
    assert at("2021-06-05T09:15:00+00:00")
    assert at("2021-06-05T09:15:00+00:00")
    assert news == [dt.datetime(2021, 6, 5, 9, 15, tzinfo=dt.UTC).timestamp()]
    assert calendar == sorted(calendar)
    assert min(moments) > start
    # The next one for a page that reads both, and for one that reads the news only.
    june_5 = dt.datetime(2021, 6, 5, 8, tzinfo=dt.UTC).timestamp()
    assert areas.next_moment(["news"], versions, june_5) == news[0]
    assert areas.next_moment(["calendar", "news"], versions, june_5) == news[0]


def test_the_calendar_shows_a_weekend_live_when_it_starts(
    season_2021, client, settings, time_machine
):
    settings.PAGE_CACHE = True
    time_machine.move_to(dt.datetime(2021, 6, 2, 21, 59, tzinfo=dt.UTC), tick=False)
    assert b"badge--next" in client.get("/en/calendar/2021/").content
    time_machine.move_to(dt.datetime(2021, 6, 2, 22, 0, tzinfo=dt.UTC), tick=False)
    assert b"badge--live" in client.get("/en/calendar/2021/").content


def test_signed_in_visitors_and_previews_are_never_served_from_the_cache(
    demo, client, admin_client, django_assert_num_queries
):
    client.get("/en/")
    with django_assert_num_queries(0):
        client.get("/en/")

    preview = admin_client.get("/en/?as_of=2021-06-01T10:00")
    assert b"preview-banner" in preview.content
    assert "no-store" in preview["Cache-Control"]
    assert b"as_of=now" not in client.get("/en/").content
    assert b"as_of=now" in admin_client.get("/en/").content  # the preview is kept, uncached
    # A reader's ?as_of= is ignored: the cached page, unchanged.
    assert client.get("/en/?as_of=2021-06-01T10:00").content == client.get("/en/").content


def test_pages_meant_for_one_visitor_are_not_stored(demo, client, django_assert_num_queries):
    # The countdown block is never cached (it asks for its next state when it runs out).
    client.get("/en/calendar/2021/countdown/")
    response = client.get("/en/calendar/2021/countdown/")
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    # Not found is not cached either; nor pages outside the language prefixes.
    assert client.get("/en/drivers/nobody/").status_code == 404
    assert "ETag" not in client.get("/en/drivers/nobody/")
    assert "ETag" not in client.get("/robots.txt")


def test_a_failed_import_keeps_the_cached_pages(demo, client, monkeypatch):
    from delivery import areas
    from standings import importers

    before = client.get("/en/standings/2021/drivers/").content
    versions = areas.current()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importers, "bulk_create_with_history", fail)
    with pytest.raises(RuntimeError):
        importers.import_results("results.csv", RESULT, Season.objects.get(slug="2021"))

    assert areas.current() == versions
    assert client.get("/en/standings/2021/drivers/").content == before


def test_a_page_is_kept_ten_minutes_at_most(demo, client, time_machine, django_assert_num_queries):
    client.get("/sv/milestones/")
    time_machine.move_to(LATER + dt.timedelta(minutes=9, seconds=59), tick=False)
    assert client.get("/sv/milestones/")["Cache-Status"] == "wtcrsite; hit"
    time_machine.move_to(LATER + dt.timedelta(minutes=10), tick=False)
    with django_assert_num_queries(2):  # the page's own two
        assert "stored" in client.get("/sv/milestones/")["Cache-Status"]


def test_a_hit_takes_the_page_from_this_process(demo, client, monkeypatch):
    """Only the area versions come from the shared cache (one round trip), not the page."""
    from django.core.cache import cache

    first = client.get("/en/milestones/")

    real_get = cache.get

    def get(key, *args, **kwargs):
        assert not key.startswith("pages:"), "the shared cache was asked for the page"
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    assert client.get("/en/milestones/").content == first.content


def test_another_process_finds_the_page_in_the_shared_cache(
    demo, client, django_assert_num_queries
):
    from delivery.pagecache import forget_recent

    first = client.get("/en/milestones/")
    forget_recent()  # as a second worker, which has served nothing yet
    with django_assert_num_queries(0):
        assert client.get("/en/milestones/").content == first.content


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [
        ("gzip", True),
        ("br, gzip;q=0.5", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("*", True),
        ("", False),
    ],
)
def test_gzip_only_when_accepted(demo, client, accept, gzipped):
    response = client.get("/en/milestones/", headers={"accept-encoding": accept})
    assert (response.get("Content-Encoding") == "gzip") is gzipped


def test_weak_and_star_validators_match(demo, client):
    etag = client.get("/en/milestones/")["ETag"]
    for header in (f"W/{etag}", "*", f'"other", {etag}'):
        assert client.get("/en/milestones/", headers={"if-none-match": header}).status_code == 304


def test_an_editor_rename_reaches_the_article_page(demo, client, django_user_model):
    from delivery import areas
    from news.models import Article, Author

    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    byline = Author.objects.create(user=editor, name="Ada")
    Article.objects.filter(slug="first-points-on-the-nordschleife").update(author=editor)
    areas.changed("news")  # the raw update() above sends no signal
    url = "/en/news/first-points-on-the-nordschleife/"
    assert b"Ada" in client.get(url).content
    byline.name = "Grace"
    byline.save()
    assert b"Grace" in client.get(url).content
    editor.last_login = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    versions = areas.current()
    editor.save(update_fields=["last_login"])
    assert areas.current() == versions  # signing in changes no page


@pytest.mark.parametrize("url", ["/en/drivers/jessica-backman/", "/en/drivers/nobody/"])
def test_computed_pages_are_compressed_too(demo, client, settings, url):
    """Pages that are not served from the cache (the cache off, a 404) are sent gzipped to
    a client that accepts it."""
    settings.PAGE_CACHE = False
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert packed.status_code == plain.status_code
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"]


def _wsgi_get(path, **environ):
    import io
    import sys

    from wtcrsite.wsgi import application

    started = []
    body = application(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **environ,
        },
        lambda status, headers: started.append((status, dict(headers))),
    )
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return started[0][0], started[0][1], content


def test_a_hit_is_answered_before_django_builds_a_request(
    demo, client, django_assert_num_queries, monkeypatch
):
    from django.core.handlers import wsgi

    stored = client.get("/en/milestones/")

    def no_request(*args, **kwargs):
        raise AssertionError("Django built a request for a cached page")

    monkeypatch.setattr(wsgi.WSGIHandler, "request_class", no_request)
    with django_assert_num_queries(0):
        status, headers, content = _wsgi_get("/en/milestones/")
    assert (status, content) == ("200 OK", stored.content)
    assert headers["Cache-Status"] == "wtcrsite; hit"
    assert headers["Content-Security-Policy"] == stored["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"

    status, headers, content = _wsgi_get("/en/milestones/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(content) == stored.content
    status, _headers, content = _wsgi_get(
        "/en/milestones/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=headers["ETag"]
    )
    assert (status, content) == ("304 Not Modified", b"")

    # A signed-in visitor (a session key this site gave out) and anything but a GET go on
    # to Django.
    from delivery.sessions import SessionStore

    signed_in = f"sessionid={SessionStore()._get_new_session_key()}"
    for environ in ({"HTTP_COOKIE": signed_in}, {"REQUEST_METHOD": "HEAD"}):
        with pytest.raises(AssertionError, match="Django built a request"):
            _wsgi_get("/en/milestones/", **environ)
