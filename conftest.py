import json
import re
import sys
from html import unescape
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_caches():
    """Every test starts with empty caches (a shared Redis cache included)."""
    from django.contrib.contenttypes.models import ContentType

    from delivery import areas, forgiving_cache
    from delivery.pagecache import forget_recent
    from standings import tables

    for cache in caches.all():
        cache.clear()
    # A test that flushes and restores the database inside its transaction leaves this
    # process's content types cache with ids the rollback took away.
    ContentType.objects.clear_cache()
    forget_recent()
    tables.forget_recent()
    areas.forget_local()
    forgiving_cache.reset_breakers()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and generated images go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRESSKIT_DIR = tmp_path / "presskit"


@pytest.fixture
def get_page(db, client, django_assert_num_queries):
    """GET a page, pinning its status and its exact number of database queries.

    response = get_page("/sv/", queries=0)
    """

    def get(url, *, queries, status=200, **kwargs):
        with django_assert_num_queries(queries):
            response = client.get(url, **kwargs)
        assert response.status_code == status, f"{url} answered {response.status_code}"
        return response

    return get


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}",
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}",
    ]


@pytest.fixture
def season_2021(db, django_capture_on_commit_callbacks):
    """The shipped 2021 season, imported and committed (as far as a test's transaction
    allows: its commit callbacks have run, so the content versions have moved on).

    The import itself runs once per test session; later tests get the rows it wrote,
    copied back into the test database (a few inserts instead of the whole import)."""
    from delivery import areas
    from events.models import Season
    from standings.importers import import_season

    with django_capture_on_commit_callbacks(execute=True):
        if _season_rows:
            _restore_rows(_season_rows)
            areas.changed("calendar", "drivers")
        else:
            import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
            _season_rows.extend(_copy_rows(SEASON_TABLES))
    # Tests start with the tables not yet computed (as after a cache loss), so that the
    # query counts they pin include loading them: the import computed them for its versions.
    areas.bump("results")
    return Season.objects.get(slug="2021")


# The tables an import of a season folder writes, parents first.
SEASON_TABLES = [
    "events.Season",
    "events.Circuit",
    "events.Event",
    "events.EventChange",
    "events.Session",
    "drivers.Team",
    "drivers.Driver",
    "standings.Title",
    "standings.PointsScale",
    "standings.Entry",
    "standings.SessionResult",
    "standings.HistoricalSessionResult",
    "standings.Adjustment",
]
_season_rows = []


def _copy_rows(labels):
    """[(model, columns, rows)] of every row of these models, as stored."""
    from django.apps import apps
    from django.db import connection

    copied = []
    for label in labels:
        model = apps.get_model(label)
        columns = [field.column for field in model._meta.concrete_fields]
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quoted} FROM {model._meta.db_table}")
            copied.append((model, columns, cursor.fetchall()))
    return copied


def _stored(value):
    # PostgreSQL hands JSON columns back decoded; they go back in as text.
    return json.dumps(value) if isinstance(value, dict | list) else value


def _restore_rows(copied):
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for model, columns, rows in copied:
            if not rows:
                continue
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {model._meta.db_table} ({quoted}) VALUES ({marks})",
                [[_stored(value) for value in row] for row in rows],
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _c, _r in copied]):
            cursor.execute(sql)


@pytest.fixture
def profiles_2021(season_2021):
    """The 2021 season with the demo's driver profiles, milestones and placeholder portraits."""
    from drivers.profiles import load_profiles

    load_profiles(settings.BASE_DIR / "data" / "drivers.toml")
    return season_2021


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections(django_db_setup, django_db_blocker):
    """On PostgreSQL, end any other session on the test database before it is dropped: a
    connection left by a server thread would otherwise fail the run after every test passed."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, left(query, 80) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        stray = cursor.fetchall()
        for pid, state, query in stray:
            sys.__stderr__.write(
                f"\nclosing a stray test-database session: {pid} {state} {query}\n"
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


class _FormFields(HTMLParser):
    """The fields of an HTML page's forms, as a browser would post them (no files, no
    submit buttons): {name: [values]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = {}
        self._select = None
        self._textarea = None
        self._text = []

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # HTML drops one newline right after <textarea>.
            self._add(self._textarea, text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


@pytest.fixture
def admin_form():
    """admin_form(client, url) -> the admin form at url as a browser would post it back
    unchanged ({name: value}, a list where a field has several values; no CSRF token).
    admin_form(response) reads the form a response shows (a form sent back with errors)."""

    def read(client, url=None):
        response = client if url is None else client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        html = response.content.decode()
        start = re.search(r'<form [^>]*id="\w+_form"', html).start()
        parser = _FormFields()
        parser.feed(html[start : html.index("</form>", start)])
        fields = dict(parser.fields)
        fields.pop("csrfmiddlewaretoken", None)
        return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}

    return read


@pytest.fixture
def editors(django_user_model):
    """Two people signed in to the admin in English: Anna Berg and Bertil Ek."""
    from django.test import Client

    def sign_in(username, first_name, last_name):
        user = django_user_model.objects.create_superuser(
            username, password="a-long-password-1", first_name=first_name, last_name=last_name
        )
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return sign_in("anna", "Anna", "Berg"), sign_in("bertil", "Bertil", "Ek")


@pytest.fixture
def form_errors():
    """form_errors(response) -> the texts of the errors an admin form shows."""

    def read(response):
        html = response.content.decode()
        return [
            unescape(re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
        ]

    return read


STAFF_PASSWORD = "a-long-staff-password"


@pytest.fixture
def staff_user(django_user_model):
    """staff_user(username, *roles, **fields) -> a staff account holding those roles
    (wtcrsite.roles, brought to their permissions first), password STAFF_PASSWORD."""
    from django.contrib.auth.models import Group

    from wtcrsite.roles import sync_roles

    sync_roles()

    def make(username, *roles, password=STAFF_PASSWORD, **fields):
        user = django_user_model.objects.create_user(
            username, password=password, is_staff=True, **fields
        )
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user

    return make
