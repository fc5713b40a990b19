"""A frozen Redis never stops the site: cache calls time out in tens of milliseconds, and
after a failure the cache is skipped for a few seconds instead of tried on every call."""

import socket
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connections

from delivery import forgiving_cache
from wtcrsite.settings import redis_caches

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/healthz",
    "/sv/",
    "/en/drivers/jessica-backman/",
    "/sv/calendar/",
    "/sv/events/2021/germany/",
    "/sv/standings/2021/drivers/",
    "/sv/news/",
    "/en/news/feed/",
    "/en/calendar/2021.ics",
    "/admin/login/",
]


class FrozenRedis:
    """A server that accepts connections and never answers (a paused process, a network
    black hole behind a proxy that still accepts)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.server.settimeout(0.05)
        self.held = []
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"

    def _accept(self):
        while not self.stopping.is_set():
            try:
                connection, _address = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self.held.append(connection)

    def close(self):
        self.stopping.set()
        self.thread.join()
        for connection in self.held:
            connection.close()
        self.server.close()


@pytest.fixture
def frozen_redis(settings):
    frozen = FrozenRedis()
    settings.CACHES = redis_caches(frozen.url)
    settings.CONTENT_VERSIONS_FROM_CACHE = True
    forgiving_cache.reset_breakers()
    try:
        yield frozen
    finally:
        forgiving_cache.reset_breakers()
        frozen.close()


def _timed_get(client, url):
    """(status, seconds); a request still hanging after 5 s counts as hung."""
    done = {}

    def get():
        started = time.monotonic()
        try:
            done["status"] = client.get(url).status_code
            done["seconds"] = time.monotonic() - started
        finally:
            connections.close_all()  # this thread's own

    thread = threading.Thread(target=get, daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), f"{url} hung with Redis frozen"
    return done["status"], done["seconds"]


def test_every_page_answers_within_a_second_with_redis_frozen(profiles_2021, client, frozen_redis):
    for url in PAGES:
        status, seconds = _timed_get(client, url)
        assert status == 200, url
        assert seconds < 1.0, f"{url} took {seconds:.2f} s"


def test_after_a_failure_the_cache_is_skipped_for_a_while(db, frozen_redis, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(forgiving_cache, "_clock", lambda: clock[0])

    started = time.monotonic()
    assert cache.get("x", "default") == "default"  # times out once
    assert time.monotonic() - started < 0.5
    tried = frozen_redis.connections
    assert tried >= 1

    started = time.monotonic()
    for _ in range(100):
        assert cache.get("x") is None
        cache.set("x", 1)
        assert cache.add("x", 1) is False
    assert time.monotonic() - started < 0.05  # not one call went to Redis
    assert frozen_redis.connections == tried

    clock[0] += forgiving_cache.BREAKER_SECONDS + 0.1
    started = time.monotonic()
    assert cache.get("x") is None
    assert time.monotonic() - started >= 0.02  # asked Redis again once the time was up


def test_healthz_never_touches_the_cache(db, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("/healthz used the cache")

    for name in ("get", "get_many", "set", "add", "delete", "has_key"):
        monkeypatch.setattr(cache, name, refuse)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_timeouts_are_tens_of_milliseconds_and_configurable(monkeypatch):
    options = redis_caches("redis://127.0.0.1:6379/0")["default"]["OPTIONS"]
    assert 0 < options["socket_timeout"] <= 0.1
    assert 0 < options["socket_connect_timeout"] <= 0.1
    monkeypatch.setenv("DJANGO_REDIS_TIMEOUT_MS", "250")
    options = redis_caches("redis://127.0.0.1:6379/0")["default"]["OPTIONS"]
    assert options["socket_timeout"] == options["socket_connect_timeout"] == 0.25


def test_a_change_is_published_even_while_the_breaker_is_open(db, settings):
    """A breaker opened by one slow call must not keep a change from the other processes."""
    import socket as sockets

    try:
        sockets.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    from delivery import areas

    settings.CACHES = redis_caches("redis://127.0.0.1:6379/11")
    settings.CONTENT_VERSIONS_FROM_CACHE = True
    cache.clear()
    try:
        before = areas.current()["news"]  # the shared copy holds it now
        forgiving_cache.trip(cache._location, TimeoutError("one slow answer"))
        bumped = areas.bump("news")["news"]
        forgiving_cache.reset_breakers()
        areas.forget_local()
        assert bumped > before
        assert areas.current()["news"] == bumped  # the shared copy has it
    finally:
        cache.clear()
