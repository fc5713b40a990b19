"""When a page must be computed again, one request computes it; concurrent readers wait
for it, or get the previous version marked stale while it takes long."""

import threading
import time

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from delivery import areas, pagecache


@pytest.fixture
def cache_on(db, settings):
    settings.PAGE_CACHE = True
    areas.current()  # the versions' shared copy, as after any earlier request
    return settings


class SlowPage:
    """A view that counts its computations and takes `seconds` each."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.calls = 0
        self.lock = threading.Lock()
        self.started = threading.Event()

    def __call__(self, request):
        with self.lock:
            self.calls += 1
            n = self.calls
        self.started.set()
        time.sleep(self.seconds)
        return HttpResponse(f"<p>computed {n}</p>")


def read(middleware, results, index):
    try:
        response = middleware(RequestFactory().get("/en/standings/"))
        results[index] = (response.content, response["Cache-Status"])
    finally:
        connections.close_all()  # this thread's, as a server's request thread does


def concurrently(middleware, n):
    results = [None] * n
    threads = [threading.Thread(target=read, args=(middleware, results, i)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def test_concurrent_readers_of_a_cold_page_share_one_computation(cache_on):
    view = SlowPage(0.3)
    middleware = pagecache.PageCacheMiddleware(view)

    results = concurrently(middleware, 8)

    assert view.calls == 1
    assert {content for content, _status in results} == {b"<p>computed 1</p>"}
    statuses = sorted(status for _content, status in results)
    assert statuses.count("wtcrsite; fwd=miss; stored") == 1
    assert statuses.count("wtcrsite; hit; collapsed") == 7


def test_after_a_change_readers_get_the_previous_page_marked_stale_while_it_is_computed(
    cache_on,
):
    view = SlowPage(1.0)
    middleware = pagecache.PageCacheMiddleware(view)
    view.seconds = 0
    first = middleware(RequestFactory().get("/en/standings/"))
    assert first.content == b"<p>computed 1</p>"

    areas.bump("results")
    view.seconds = 1.0
    view.started.clear()
    computing = [None]
    thread = threading.Thread(target=read, args=(middleware, computing, 0))
    thread.start()
    assert view.started.wait(5)
    meanwhile = middleware(RequestFactory().get("/en/standings/"))
    thread.join(timeout=10)

    assert meanwhile.content == b"<p>computed 1</p>"
    assert meanwhile["Cache-Status"] == "wtcrsite; hit; detail=stale"
    assert computing[0] == (b"<p>computed 2</p>", "wtcrsite; fwd=miss; stored")
    assert view.calls == 2
    # Once computed, nobody gets the old page again.
    after = middleware(RequestFactory().get("/en/standings/"))
    assert (after.content, after["Cache-Status"]) == (b"<p>computed 2</p>", "wtcrsite; hit")


def test_a_reader_computes_the_page_itself_when_the_computing_one_is_gone(cache_on, monkeypatch):
    """A request that took the page and died (its worker killed) holds it no longer than
    the wait: the next reader computes it."""
    from django.core.cache import cache

    monkeypatch.setattr(pagecache, "WAIT_SECONDS", 0.1)
    view = SlowPage(0)
    middleware = pagecache.PageCacheMiddleware(view)
    request = RequestFactory().get("/en/standings/")
    cache.add(f"{pagecache._key(request.META)}:flight", 1, 30)  # taken, never to be released

    response = middleware(RequestFactory().get("/en/standings/"))
    assert response.content == b"<p>computed 1</p>"


def test_with_the_shared_cache_unreachable_every_reader_computes_the_page(cache_on, monkeypatch):
    """No lock can be taken: nobody else computes, so nobody is served a stale page."""
    from django.core.cache import cache

    view = SlowPage(0)
    middleware = pagecache.PageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/standings/"))  # computed, kept in this process
    areas.bump("results")

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # as when it fails
    monkeypatch.setattr(cache, "get", lambda key, default=None, **kwargs: default)
    response = middleware(RequestFactory().get("/en/standings/"))
    assert response.content == b"<p>computed 2</p>"


def test_a_page_that_is_gone_is_not_served_stale(cache_on):
    """Unpublished: the 404 is not stored, and the old page is forgotten with it."""
    pages = iter([HttpResponse(b"<p>the article</p>"), HttpResponse(b"gone", status=404)])
    middleware = pagecache.PageCacheMiddleware(lambda request: next(pages))
    assert middleware(RequestFactory().get("/en/standings/")).status_code == 200
    areas.bump("news")
    assert middleware(RequestFactory().get("/en/standings/")).status_code == 404

    from django.core.cache import cache

    key = pagecache._key(RequestFactory().get("/en/standings/").META)
    assert cache.get(key) is None
    assert pagecache._local.get(key) is None
