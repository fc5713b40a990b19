import sys

import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_caches():
    """Every test starts with empty caches (a shared Redis cache included)."""
    from wtcrsite.pagecache import forget_recent

    for cache in caches.all():
        cache.clear()
    forget_recent()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and generated images go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
def season_2021(db):
    """The shipped 2021 season, imported."""
    from events.models import Season
    from standings.importers import import_season

    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    return Season.objects.get(slug="2021")


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
