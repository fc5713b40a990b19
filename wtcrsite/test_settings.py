"""Settings for the test suite: production settings with test speed-ups."""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-used-anywhere-else")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Browser tests see uploaded portraits: the test server serves /media/ itself.
os.environ["DJANGO_SERVE_MEDIA"] = "true"

from wtcrsite.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client speaks plain HTTP; tests that need HTTPS pass secure=True.
SECURE_SSL_REDIRECT = False
# No collectstatic before tests: serve static files from the app directories.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The live server answers browser tests from threads of its own; persistent connections
# there could still be open when the test database is dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Pages are computed for every request, so query counts and clock tests see the view;
# the page cache's own tests turn it on.
PAGE_CACHE = False
# One process: its memory cache is shared by everything the suite runs, so the content
# versions are read from it as they are from Redis in production.
CONTENT_VERSIONS_FROM_CACHE = True
# Tests roll the database back under a process's copy of the versions: they read the
# shared copy, but for the tests of the copy itself (delivery/tests/test_areas.py).
CONTENT_VERSIONS_LISTEN = False
# Test processes run side by side (pytest-xdist): each gets a Redis database of its own,
# since clearing the cache between tests empties the whole database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(REDIS_URL)  # noqa: F405
    _base = int(_url.path.strip("/") or 0)
    _db = (_base - int(_worker[2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_db}"))  # noqa: F405
