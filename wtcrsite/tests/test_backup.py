"""Back up, empty the database, restore: the same standings, articles and pictures."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from drivers.models import Driver
from events.models import Season
from news.demo import load_news
from news.models import Article, Photo
from standings.tables import season_tables, standings_csv


def snapshot():
    season = Season.objects.get(slug="2021")
    tables = season_tables(season).tables
    return {
        "standings": {slug: standings_csv(table) for slug, table in tables.items()},
        "articles": sorted(Article.objects.values_list("language", "slug", "title", "body")),
        "photos": sorted(Photo.objects.values_list("image", "credit")),
        "portrait": Driver.objects.get(slug="jessica-backman").portrait.name,
    }


def test_restore_into_an_empty_database(profiles_2021, tmp_path, settings):
    # Inside the test's transaction: the flush below is rolled back afterwards.
    from django.core.cache import cache

    load_news(settings.BASE_DIR / "data" / "news.toml")
    before = snapshot()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", archive, verbosity=0)

    if connection.vendor == "postgresql":
        # TRUNCATE inside the test's transaction needs the deferred checks done first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as a fresh transaction has them
    media = settings.MEDIA_ROOT
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    cache.clear()
    assert not Season.objects.exists()

    call_command("restore", archive, verbosity=0)

    cache.clear()
    assert snapshot() == before
    portrait = Driver.objects.get(slug="jessica-backman")
    assert (media / portrait.portrait.name).is_file()
    assert all((media / r["name"]).is_file() for r in portrait.portrait_renditions)


def test_restore_refuses_a_site_with_content(season_2021, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", archive, verbosity=0)
    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore", archive, verbosity=0)


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", junk, verbosity=0)
