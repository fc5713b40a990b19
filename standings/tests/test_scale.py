"""Every public page makes the same number of queries at 1x and at 10x the real data."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standings.models import SessionResult


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def both_sizes(season_2021):
    call_command("build_synthetic_season", "--scale", "10", verbosity=0)
    real = SessionResult.objects.filter(session__event__season__slug="2021").count()
    synthetic = SessionResult.objects.filter(session__event__season__slug="synthetic-10x").count()
    assert synthetic >= 10 * real
    return ("2021", "andreas-backman"), ("synthetic-10x", "synthetic-driver-0019")


PAGES = [
    "/en/calendar/{season}/",
    "/en/calendar/{season}.ics",
    "/en/events/{season}/germany/",
    "/en/events/{season}/germany.ics",
    "/en/standings/{season}/drivers/",
    "/en/standings/{season}/teams/",
    "/en/standings/{season}/junior/",
    "/en/standings/{season}/drivers.csv",
    "/en/drivers/{driver}/",
]


@pytest.mark.parametrize("page", PAGES)
def test_same_queries_at_one_and_ten_times_the_data(client, both_sizes, page):
    from django.core.cache import cache

    counts = []
    for season, driver in both_sizes:
        cache.clear()
        counts.append(queries(client, page.format(season=season, driver=driver)))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries at 1x, {counts[1]} at 10x"


def test_the_synthetic_season_is_never_in_the_demo(both_sizes):
    from wtcrsite.management.commands.demo import DEMO_SEASONS

    assert all("synthetic" not in str(folder) for folder in DEMO_SEASONS)
