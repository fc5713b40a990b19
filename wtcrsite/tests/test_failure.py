"""When a service fails: no traceback, no 500 for a cache outage, pages as they were."""

import pytest
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import DatabaseError, close_old_connections, connection

from standings.importers import import_results


@pytest.fixture
def dead_redis(settings):
    # Nothing listens on port 1: every cache call fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "delivery.forgiving_cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return caches["default"]


def test_pages_are_served_without_the_cache(dead_redis, client, season_2021, caplog):
    from delivery import forgiving_cache

    # Setting the season up failed to reach the cache already: as if it had not.
    forgiving_cache.reset_breakers()
    forgiving_cache._last_warning[0] = float("-inf")
    assert dead_redis.get("anything", "missing") == "missing"
    assert dead_redis.set("anything", 1) is None
    for url in ["/en/", "/en/standings/2021/drivers/", "/en/drivers/jessica-backman/"]:
        assert client.get(url).status_code == 200
    assert "Cache unavailable, serving without it" in caplog.text


def test_healthz_and_error_page_when_the_database_is_down(client, monkeypatch, season_2021):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    client.raise_request_exception = False
    # At the end of a request Django closes a connection that failed; here the failure is
    # simulated, and the test's own connection must survive it.
    request_finished.disconnect(close_old_connections)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(CursorWrapper, "execute", broken)
            health = client.get("/healthz")
            page = client.get("/sv/", headers={"accept-language": "sv"})
    finally:
        request_finished.connect(close_old_connections)
        connection.errors_occurred = False

    assert health.status_code == 503
    assert page.status_code == 500
    html = page.content.decode()
    assert "Något gick fel" in html
    assert "Traceback" not in html
    assert "connection refused" not in html


def test_a_results_import_failing_midway_changes_no_page(client, season_2021, monkeypatch):
    """Two sessions change; writing the second one fails: the first is rolled back too."""
    from events.models import Season
    from standings import importers

    before = client.get("/en/standings/2021/drivers/").content
    text = (
        "round,session,position,number,driver,status,best_lap\n"
        "1,R1,1,26,Jessica Bäckman,classified,\n"
        "1,R2,1,19,Andreas Bäckman,classified,\n"
    )
    calls = []
    real = importers.bulk_create_with_history

    def fail_second_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(importers, "bulk_create_with_history", fail_second_time)
    with pytest.raises(RuntimeError, match="went away"):
        import_results("results.csv", text, Season.objects.get(slug="2021"))

    assert len(calls) == 2  # the first session had been written
    assert client.get("/en/standings/2021/drivers/").content == before


def test_an_outage_serves_cached_pages_for_a_while_then_says_back_soon(
    client, season_2021, monkeypatch, settings
):
    """The real thing, in gunicorn with a database that goes away, is in test_outage.py;
    here the bound: a page is served stale while the versions read last are recent."""
    from django.db import OperationalError

    from delivery import areas

    settings.PAGE_CACHE = True
    settings.CONTENT_VERSIONS_FROM_CACHE = False  # no Redis: read from the database
    client.raise_request_exception = False
    url = "/en/standings/2021/drivers/"
    stored = client.get(url)
    assert client.get(url)["Cache-Status"] == "wtcrsite; hit"

    def refused(wanted):
        raise OperationalError("connection refused")

    monkeypatch.setattr(areas, "_from_database", refused)
    stale = client.get(url)
    assert (stale.status_code, stale.content) == (200, stored.content)
    assert stale["Cache-Status"] == "wtcrsite; hit; detail=stale"
    assert stale["Warning"] == '110 - "Response is Stale"'
    assert int(stale["Age"]) >= 0

    areas._last_read[1] -= settings.PAGE_CACHE_OUTAGE_SECONDS + 1  # read too long ago
    gone = client.get(url)
    assert gone.status_code == 503
    assert gone["Retry-After"] == "30"
    assert "Back soon" in gone.content.decode()


def test_a_database_that_never_answers_costs_seconds_not_a_worker(tmp_path):
    """A PostgreSQL server that accepts connections and stays silent (a paused process, a
    proxy in front of a dead one): /healthz answers 503 within seconds."""
    import os
    import socket
    import subprocess
    import sys
    import threading
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(silent.accept()[0])
            except OSError:
                return  # closed

    threading.Thread(target=accept, daemon=True).start()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/site",
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "wtcrsite.settings",
    }
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/healthz', HTTP_HOST='127.0.0.1').status_code)"
    )
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
        )
    finally:
        silent.shutdown(socket.SHUT_RDWR)
        silent.close()
        for connection in held:
            connection.close()
    assert result.stdout.strip() == "503", result.stderr[-2000:]
    assert time.monotonic() - started < 20
