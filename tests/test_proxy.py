"""The site behind nginx with the repo's own configuration (deploy/nginx/backman.conf, the
file docs/deploy.md documents and `make prod` runs): slow clients wait in nginx while
readers are served, a press photo at the upload cap goes through, a bigger body is
refused by nginx, nginx tells Django who the client is, and serves static files and media.

gunicorn (2 sync workers, debug off, behind the proxy) and nginx run on free ports of
127.0.0.1 with a database, static and media folders of the module's own; only 127.0.0.1
is contacted (also from 127.0.0.2 to 127.0.0.4, other addresses of the loopback, to be
other clients), and both servers are stopped when the module's tests end, also on a failure.
"""

import contextlib
import gzip
import http.client
import io
import os
import re
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from deploy import proxy
from images.renditions import MAX_UPLOAD_BYTES

# One server pair for the module: its tests run in one process.
pytestmark = pytest.mark.xdist_group("nginx")

WORKERS = 2
READER_SECONDS = 1.0  # a reader's whole request, while the slow clients hang
SLOW_HEADERS = 40
SLOW_BODIES = 2 * WORKERS  # more than gunicorn has workers
DRIBBLE_EVERY = 0.5  # seconds between two bytes of a slow client
HASHED_CSS = "css/site.0123456789ab.css"
# The rest of a form's head, with a CSRF cookie: Django reads the whole body for the token.
FORM_HEAD = (
    b"Host: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Cookie: csrftoken=" + b"x" * 32 + b"\r\nContent-Length: 100000\r\n\r\na="
)
CSS = b"body { color: #111; }\n" * 200


def directive_seconds(name):
    """A timeout directive's value in the site's configuration, in seconds."""
    found = re.search(rf"^\s*{name} (\d+)s;", proxy.SITE.read_text(), re.MULTILINE)
    assert found, f"{name} is not set in {proxy.SITE.name}"
    return int(found.group(1))


@dataclass
class Site:
    port: int  # nginx
    app_port: int  # gunicorn
    database: Path
    media: Path
    app_log: Path  # gunicorn's access log

    def app_requests(self):
        return self.app_log.read_text() if self.app_log.exists() else ""

    def app_logged(self, text, seconds=10):
        """Whether gunicorn logs a request with `text`: a worker writes its line after the
        response has gone, so possibly after the client has it."""
        deadline = time.monotonic() + seconds
        while text not in self.app_requests():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True


@pytest.fixture(scope="module")
def nginx():
    """Skip without nginx on a developer's machine; fail in CI, where .ci/run installs it."""
    if proxy.find_nginx() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing; CI must run the proxy tests.")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")


@pytest.fixture(scope="module")
def site(nginx, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "ADMIN_URL"))
    }
    env.update(
        {
            # The test settings: production ones with a fast password hasher and static
            # files found without collectstatic (nginx serves its own folder below).
            "DJANGO_SETTINGS_MODULE": "wtcrsite.test_settings",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_BEHIND_PROXY": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.com"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=proxy.BASE,
            env=env | {"DJANGO_SUPERUSER_PASSWORD": "the-right-password"},
            check=True,
            timeout=120,
        )
    static = folder / "static"
    (static / "css").mkdir(parents=True)
    (static / HASHED_CSS).write_bytes(CSS)
    (static / f"{HASHED_CSS}.gz").write_bytes(gzip.compress(CSS))
    (static / "css" / "site.css").write_bytes(CSS)
    media = folder / "media"
    (media / "photos" / "renditions").mkdir(parents=True)
    (media / "photos" / "pit-lane.jpg").write_bytes(jpeg_bytes())
    (media / "photos" / "renditions" / "pit-lane-0123456789ab-320.webp").write_bytes(b"RIFF")

    port = app_port = proxy.free_port()
    while app_port == port:
        app_port = proxy.free_port()
    site = proxy.site_config(
        app=f"127.0.0.1:{app_port}",
        listen=[f"127.0.0.1:{port}"],
        static_root=static,
        media_root=media,
    )
    config = proxy.write_local(folder / "nginx", site=site)
    app_log = folder / "gunicorn-access.log"
    with (
        proxy.gunicorn(env, app_port, workers=WORKERS, log=app_log),
        proxy.nginx(config, port),
    ):
        yield Site(port, app_port, folder / "db.sqlite3", media, app_log)


def jpeg_bytes(size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "darkgreen").save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    def cookies(self):
        return dict(
            value.split(";", 1)[0].split("=", 1) for value in self.headers.get_all("Set-Cookie", [])
        )


def request(port, method, path, *, headers=None, body=None, source="127.0.0.1", timeout=10):
    """One request to 127.0.0.1:port from the loopback address `source`."""
    start = time.monotonic()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(
            response.status, response.headers, response.read(), time.monotonic() - start
        )
    finally:
        connection.close()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_token(response):
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.body)
    assert found, response.body[:500]
    return found.group(1).decode()


def sign_in(port, *, password="the-right-password", source="127.0.0.1"):
    """Sign in as the editor through nginx: (the sign-in's response, cookies after it)."""
    page = request(port, "GET", "/admin/login/", source=source)
    cookies = page.cookies()
    response = request(
        port,
        "POST",
        "/admin/login/",
        source=source,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": f"http://127.0.0.1:{port}",  # as a browser sends it
            "X-Forwarded-For": "6.6.6.6",
            "X-Forwarded-Proto": "https",
        },
        body=(
            f"csrfmiddlewaretoken={form_token(page)}&username=editor&password={password}"
            "&next=/admin/"
        ),
    )
    return response, cookies | response.cookies()


class SlowClients:
    """Connections to nginx, by kind, that send their first bytes, then one more byte every
    DRIBBLE_EVERY seconds (or none, if `dribble` is false), from a thread of their own,
    noting when the server closes each."""

    def __init__(self):
        self.clients = []  # [kind, socket, dribble, closed at (monotonic) or None]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def open(self, kind, port, first, *, dribble=True, count=1):
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(first)
            sock.setblocking(False)
            self.clients.append([kind, sock, dribble, None])

    def _run(self):
        while not self.stop.wait(DRIBBLE_EVERY):
            for client in self.clients:
                _kind, sock, dribble, closed = client
                if closed is not None:
                    continue
                try:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable and not sock.recv(4096):
                        raise ConnectionResetError
                    if dribble:
                        sock.send(b"a")
                except OSError:
                    client[3] = time.monotonic()

    def open_ones(self, kind):
        return sum(1 for c in self.clients if c[0] == kind and c[3] is None)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)
        for client in self.clients:
            client[1].close()


def test_readers_are_served_while_slow_clients_hang(site):
    header_timeout = directive_seconds("client_header_timeout")
    body_timeout = directive_seconds("client_body_timeout")
    assert header_timeout <= 15
    assert body_timeout <= 15
    readers = ["/healthz", "/sv/", f"/static/{HASHED_CSS}"]
    for _warm_up in range(2 * WORKERS):  # each worker has loaded the pages once
        for path in readers:
            assert request(site.port, "GET", path).status == 200

    with SlowClients() as slow:
        opened = time.monotonic()
        # A request line and headers that never end...
        slow.open(
            "headers",
            site.port,
            b"GET /sv/?slow-headers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ",
            count=SLOW_HEADERS,
        )
        # ...bodies that come a byte at a time, more of them than gunicorn has workers...
        slow.open(
            "body",
            site.port,
            b"POST /sv/?slow-body HTTP/1.1\r\n" + FORM_HEAD,
            count=SLOW_BODIES,
        )
        # ...and bodies that stop coming.
        slow.open(
            "stalled",
            site.port,
            b"POST /sv/?stalled-body HTTP/1.1\r\n" + FORM_HEAD,
            dribble=False,
            count=SLOW_BODIES,
        )
        time.sleep(1.0)

        for _round in range(3):
            for path in readers:
                response = request(site.port, "GET", path, timeout=READER_SECONDS + 1)
                assert response.status == 200, path
                assert response.seconds < READER_SECONDS, f"{path}: {response.seconds:.2f} s"
            time.sleep(0.5)

        # nginx gives up on headers that take longer than client_header_timeout in all,
        # and on a body that stops for client_body_timeout.
        deadline = opened + max(header_timeout, body_timeout) + 5
        while time.monotonic() < deadline and (
            slow.open_ones("headers") or slow.open_ones("stalled")
        ):
            time.sleep(0.2)
        assert slow.open_ones("headers") == 0
        assert slow.open_ones("stalled") == 0

    # None of them reached gunicorn.
    assert "slow" not in site.app_requests()
    assert "stalled" not in site.app_requests()


def test_a_press_photo_at_the_upload_cap_goes_through(site):
    signed_in, cookies = sign_in(site.port)
    assert signed_in.status == 302, signed_in.body[:500]
    form = request(
        site.port,
        "GET",
        "/admin/news/photo/add/",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )
    cookies |= form.cookies()
    photo = jpeg_bytes()
    photo += b"\0" * (MAX_UPLOAD_BYTES - len(photo))  # exactly the cap
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": form_token(form),
            "alt_sv": "Bild",
            "alt_en": "Picture",
            "caption_sv": "",
            "caption_en": "",
            "credit": "FIA WTCR",
            "rights": "editorial",
            "in_library": "on",
        },
        {"image": ("pit-lane.jpg", photo, "image/jpeg")},
    )

    response = request(
        site.port,
        "POST",
        "/admin/news/photo/add/",
        headers={
            "Content-Type": content_type,
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": f"http://127.0.0.1:{site.port}",
        },
        body=body,
        timeout=60,
    )

    assert response.status == 302, response.body[:2000]
    with contextlib.closing(sqlite3.connect(site.database)) as database:
        (stored,) = database.execute("select image from news_photo").fetchone()
    # Stored: the picture itself, written again without what trailed it in the upload.
    assert (site.media / stored).read_bytes()[:2] == b"\xff\xd8"


def test_a_9_mb_post_reaches_django(site):
    body, content_type = multipart({}, {"image": ("big.jpg", b"\0" * 9_000_000, "image/jpeg")})

    response = request(
        site.port,
        "POST",
        "/admin/news/photo/add/?nine-mb",
        headers={"Content-Type": content_type},
        body=body,
        timeout=60,
    )

    assert response.status == 403  # Django: no CSRF token
    assert site.app_logged("nine-mb")


def raw_post(port, head, chunks, *, timeout=30):
    """Send a request's head, then its body chunk by chunk until the server answers;
    (status line, the whole answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for chunk in chunks:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(chunk)
        answer = b""
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            while data := sock.recv(65536):
                answer += data
    return answer.split(b"\r\n", 1)[0], answer


def test_a_body_over_the_limit_is_refused_by_nginx(site):
    size = 11 * 1024 * 1024 + 1
    head = (
        b"POST /admin/news/photo/add/?too-big HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/octet-stream\r\nConnection: close\r\n"
    )
    piece = b"\0" * 65536

    declared = raw_post(
        site.port,
        head + f"Content-Length: {size}\r\n\r\n".encode(),
        [piece] * (size // len(piece) + 1),
    )
    chunked = raw_post(
        site.port,
        head + b"Transfer-Encoding: chunked\r\n\r\n",
        [b"10000\r\n" + piece + b"\r\n"] * (size // len(piece) + 1) + [b"0\r\n\r\n"],
    )

    for status, answer in (declared, chunked):
        assert status == b"HTTP/1.1 413 Request Entity Too Large", answer[:300]
        assert b"Server: nginx\r\n" in answer
    assert "too-big" not in site.app_requests()


def test_django_learns_the_client_from_nginx_not_from_the_client(site):
    # A wrong password from 127.0.0.2, which claims to be 6.6.6.6 and to use HTTPS.
    response, _cookies = sign_in(site.port, password="wrong", source="127.0.0.2")
    assert response.status == 200  # the form again

    with contextlib.closing(sqlite3.connect(site.database)) as database:
        addresses = {
            row[0] for row in database.execute("select ip_address from axes_accessattempt")
        }
    assert addresses == {"127.0.0.2"}
    # Django was told plain HTTP: no HSTS header, which it sends over HTTPS only...
    headers = {"X-Forwarded-Proto": "https"}
    through_nginx = request(site.port, "GET", "/healthz", headers=headers)
    assert "Strict-Transport-Security" not in through_nginx.headers
    # ...as it would if the client's own header reached it.
    direct = request(site.app_port, "GET", "/healthz", headers=headers)
    assert "Strict-Transport-Security" in direct.headers


def test_sign_in_attempts_are_rate_limited_per_address(site):
    responses = [request(site.port, "GET", "/admin/login/", source="127.0.0.3") for _ in range(30)]
    statuses = [response.status for response in responses]
    other_address = request(site.port, "GET", "/admin/login/", source="127.0.0.4")
    other_page = request(site.port, "GET", "/healthz", source="127.0.0.3")

    assert statuses[:5] == [200] * 5
    assert 429 in statuses
    assert b"<center>nginx</center>" in responses[statuses.index(429)].body
    assert other_address.status == 200
    assert other_page.status == 200


def test_static_files_and_media_are_served_by_nginx(site):
    gzip_ok = {"Accept-Encoding": "gzip"}
    hashed = request(site.port, "GET", f"/static/{HASHED_CSS}", headers=gzip_ok)
    plain = request(site.port, "GET", "/static/css/site.css")
    original = request(site.port, "GET", "/media/photos/pit-lane.jpg", headers=gzip_ok)
    rendition = request(site.port, "GET", "/media/photos/renditions/pit-lane-0123456789ab-320.webp")
    missing = request(site.port, "GET", "/media/photos/missing.jpg")
    folder = request(site.port, "GET", "/media/photos/")
    hashed_plain = request(site.port, "GET", f"/static/{HASHED_CSS}")
    page = request(site.port, "GET", "/sv/", headers=gzip_ok)

    assert hashed.status == 200
    assert hashed.headers["Content-Encoding"] == "gzip"  # the .gz copy
    assert gzip.decompress(hashed.body) == CSS
    assert hashed.headers["Vary"] == "Accept-Encoding"
    assert hashed.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert hashed.headers["X-Content-Type-Options"] == "nosniff"
    assert (hashed_plain.body, hashed_plain.headers["Content-Encoding"]) == (CSS, None)
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "max-age=3600"
    assert original.status == 200
    assert original.headers["Content-Type"] == "image/jpeg"
    assert "Content-Encoding" not in original.headers  # never compressed again
    assert original.headers["Cache-Control"] == "max-age=86400"
    assert original.headers["X-Content-Type-Options"] == "nosniff"
    assert rendition.status == 200
    assert rendition.headers["Cache-Control"] == "max-age=31536000"
    assert rendition.headers["X-Content-Type-Options"] == "nosniff"
    assert missing.status == 404
    assert folder.status in {403, 404}
    assert b"pit-lane" not in folder.body
    # The page comes from Django, compressed by Django, once.
    assert page.status == 200
    assert page.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.body).startswith(b"<!doctype html>")
    assert "/static/" not in site.app_requests()
    assert "/media/" not in site.app_requests()


def test_the_config_for_a_server_with_tls_is_accepted_by_nginx(nginx, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=backman.example", "-keyout", "key.pem", "-out", "cert.pem"),
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = proxy.site_config(
        app="127.0.0.1:8000",
        listen=["127.0.0.1:8443"],
        server_name="backman.example",
        certificate=tmp_path / "cert.pem",
        certificate_key=tmp_path / "key.pem",
    )

    ok, messages = proxy.check_config(proxy.write_local(tmp_path / "nginx", site=site))

    assert "listen 127.0.0.1:8443 ssl;" in site
    assert ok, messages


def test_the_body_limit_leaves_room_for_a_photo_at_the_cap_and_little_more():
    found = re.search(r"^\s*client_max_body_size (\d+)m;", proxy.SITE.read_text(), re.MULTILINE)
    assert found
    limit = int(found.group(1)) * 1024 * 1024

    assert MAX_UPLOAD_BYTES + 64 * 1024 <= limit <= 2 * MAX_UPLOAD_BYTES


def test_the_command_prints_the_config_for_a_server(capsys):
    proxy.main(
        [
            *("--server-name", "backman.example", "--media-root", "/srv/backman/media"),
            *("--certificate", "/etc/tls/fullchain.pem", "--certificate-key", "/etc/tls/key.pem"),
        ]
    )
    config = capsys.readouterr().out

    assert '\n    listen 443 ssl;\n    ssl_certificate "/etc/tls/fullchain.pem";\n' in config
    assert "\n    server_name backman.example;\n" in config
    assert "\n    server 127.0.0.1:8000;\n" in config
    assert '\n        alias "/srv/backman/media/";\n' in config
    assert "@" not in config


def test_a_placeholder_without_a_value_is_refused(tmp_path):
    template = tmp_path / "site.conf"
    template.write_text("listen @LISTEN@;\nroot @ROOT@;\n")

    with pytest.raises(ValueError, match="no value for @ROOT@"):
        proxy.fill(template, {"LISTEN": "80"})


@pytest.mark.parametrize(
    "value",
    [
        {"server_name": "backman.example; include /etc/passwd"},
        {"app": "127.0.0.1:8000 backup"},
        {"listen": ["443 ssl; root /"]},
        {"media_root": '/srv/"media'},
        {"static_root": "/srv/$document_root"},
    ],
)
def test_a_value_that_would_change_the_config_is_refused(value):
    with pytest.raises(ValueError, match="cannot be written into nginx's configuration"):
        proxy.site_config(**{"app": "127.0.0.1:8000", **value})
