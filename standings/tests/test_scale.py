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


def test_same_queries_at_one_and_ten_times_the_data(client, both_sizes):
    """Every page, in one test: the synthetic season is built once."""
    from django.core.cache import cache

    from standings import tables

    differ = {}
    for page in PAGES:
        counts = []
        for season, driver in both_sizes:
            cache.clear()
            tables.forget_recent()
            counts.append(queries(client, page.format(season=season, driver=driver)))
        if counts[0] != counts[1]:
            differ[page] = f"{counts[0]} queries at 1x, {counts[1]} at 10x"
    assert differ == {}


def test_the_synthetic_season_is_never_in_the_demo():
    from wtcrsite.management.commands.demo import DEMO_SEASONS

    assert all("synthetic" not in str(folder) for folder in DEMO_SEASONS)


NEWS_PAGES = [
    "/en/",
    "/en/news/",
    "/en/news/first-points-on-the-nordschleife/",
    "/en/press/",
    "/en/press/kit/jessica-backman/",
    "/en/news/feed/",
    "/en/news/feed/atom/",
    "/en/drivers/",
    "/en/milestones/",
    "/en/drivers/jessica-backman/",
]


def test_news_pages_make_the_same_queries_at_ten_times_the_news(client, profiles_2021):
    from django.conf import settings
    from django.core.cache import cache

    from drivers.models import Milestone
    from news.demo import load_news
    from news.models import Article, Photo

    load_news(settings.BASE_DIR / "data" / "news.toml")
    sizes = [(Article.objects.count(), Photo.objects.count(), Milestone.objects.count())]

    def counts():
        found = {}
        for page in NEWS_PAGES:
            cache.clear()
            found[page] = queries(client, page)
        return found

    one = counts()
    call_command("build_synthetic_season", "--scale", "10", verbosity=0)
    sizes.append((Article.objects.count(), Photo.objects.count(), Milestone.objects.count()))
    ten = counts()

    assert all(big == 10 * small > 0 for small, big in zip(*sizes, strict=True)), sizes
    assert one == ten
