"""The database goes away under a running site, and comes back.

The site runs in gunicorn (debug off) on a throwaway PostgreSQL database of its own,
reached through a TCP relay that this test cuts and restores: the shared PostgreSQL
server is never stopped. While the relay is cut, cached pages are still served (marked
stale where the site cannot tell whether they are current), pages that must be computed
answer 503 with Retry-After and the "back soon" page in the request's language, and
/healthz says 503. Once it is restored, everything answers again without a restart.
"""

import contextlib
import os
import secrets
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)


def _answers(address):
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


class Relay:
    """Forwards 127.0.0.1:<port> to an upstream address until cut: then every open
    connection is closed and new ones are refused, as when a database server goes away."""

    def __init__(self, upstream):
        self.upstream = upstream
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.pairs = []
        self.lock = threading.Lock()
        self.listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        listener, self.listener = self.listener, None
        # shutdown() first: a socket another thread waits on (accept, select) is not
        # released by close() alone.
        for end in (listener, *(end for pair in self._take_pairs() for end in pair)):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def _take_pairs(self):
        with self.lock:
            pairs, self.pairs = self.pairs, []
        return pairs

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    @staticmethod
    def _pump(client, server):
        ends = [client, server]
        try:
            while True:
                readable, _, _ = select.select(ends, [], [], 1)
                for end in readable:
                    data = end.recv(65536)
                    if not data:
                        return
                    (server if end is client else client).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for end in ends:
                end.close()


def _get(port, path, timeout=10):
    """(status, headers, body) of a GET to the test server."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module", params=["process memory", "redis"])
def site(request):
    if not _answers(POSTGRES):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432")
    if request.param == "redis" and not _answers(REDIS):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import psycopg

    name = f"outage_{os.getpid()}_{secrets.token_hex(4)}"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    relay = Relay(POSTGRES)
    port = _free_port()
    # Production settings, but static files served from the apps (no collectstatic).
    settings_folder = tempfile.mkdtemp(prefix=f"{name}-settings-")
    Path(settings_folder, "outage_settings.py").write_text(
        "from wtcrsite.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "STATIC_ROOT = None\n"
        "WHITENOISE_USE_FINDERS = True\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/{name}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "outage_settings",
        "PYTHONPATH": os.pathsep.join([settings_folder, str(BASE)]),
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix=f"{name}-media-"),
    }
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/12"
    server = None
    try:
        for command in (["migrate", "--noinput", "-v0"], ["demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=BASE,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        if request.param == "redis":
            import redis

            redis.Redis(host=REDIS[0], port=REDIS[1], db=12).flushdb()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "wtcrsite.wsgi",
                "--workers=1",
                "--threads=4",
                f"--bind=127.0.0.1:{port}",
                "--timeout=30",
            ],
            cwd=BASE,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _answers(("127.0.0.1", port)):
            time.sleep(0.1)
        yield request.param, port, relay
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        if relay.listener is not None:
            relay.cut()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        if request.param == "redis":
            import redis

            redis.Redis(host=REDIS[0], port=REDIS[1], db=12).flushdb()
        shutil.rmtree(env["DJANGO_MEDIA_ROOT"], ignore_errors=True)
        shutil.rmtree(settings_folder, ignore_errors=True)


def _free_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


CACHED = ["/en/", "/sv/news/", "/en/drivers/jessica-backman/"]


def test_a_database_outage_keeps_cached_pages_and_says_back_soon(site):
    backend, port, relay = site
    before = {}
    for path in CACHED:
        _get(port, path)
        status, headers, body = _get(port, path)
        assert (status, headers["Cache-Status"]) == (200, "wtcrsite; hit"), path
        before[path] = body
    assert _get(port, "/healthz")[0] == 200

    relay.cut()
    try:
        for path in CACHED:
            status, headers, body = _get(port, path)
            assert (status, body) == (200, before[path]), path
            if backend == "process memory":
                # The versions cannot be read: the page may be out of date.
                assert headers["Cache-Status"] == "wtcrsite; hit; detail=stale"
                assert headers["Warning"] == '110 - "Response is Stale"'
        for path, words, language in [
            ("/en/calendar/", b"back soon", b'lang="en"'),
            ("/sv/calendar/", b"snart tillbaka", b'lang="sv"'),
            ("/en/standings/", b"back soon", b'lang="en"'),
        ]:
            status, headers, body = _get(port, path)
            assert status == 503, path
            assert int(headers["Retry-After"]) > 0
            assert headers["Cache-Control"] == "no-store"
            assert words in body.lower(), path
            assert language in body, path
        assert _get(port, "/healthz")[0] == 503
    finally:
        relay.restore()

    deadline = time.monotonic() + 10
    while _get(port, "/en/calendar/")[0] != 200:
        assert time.monotonic() < deadline, "the site did not come back"
        time.sleep(0.2)
    assert _get(port, "/healthz")[0] == 200
    status, headers, _body = _get(port, "/en/")
    assert status == 200
    assert "stale" not in headers["Cache-Status"]
