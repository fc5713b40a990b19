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


def test_the_archive_is_readable_by_its_owner_only(db, tmp_path):
    import os
    import stat

    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"an older archive, readable by all")
    archive.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("backup", archive, verbosity=0)
    finally:
        os.umask(previous)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["site.tar.gz"]  # no temporary file left


def test_the_admins_change_log_and_the_histories_are_restored(
    season_2021, tmp_path, admin_user, django_user_model
):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from standings.models import SessionResult

    # Another test's flush, rolled back since, may have left its ids in the cache.
    ContentType.objects.clear_cache()
    jessica = Driver.objects.get(slug="jessica-backman")
    LogEntry.objects.log_actions(
        admin_user.pk, [jessica], CHANGE, change_message=[{"changed": {"fields": ["Name"]}}]
    )
    result = SessionResult.objects.filter(session__event__round=2, session__code="R1").first()
    result.best_lap_ms = 100_000
    result.save()

    def logged():
        return {
            "log": [
                # (JSON keeps times to the millisecond)
                (*entry, time.replace(microsecond=time.microsecond // 1000 * 1000))
                for *entry, time in LogEntry.objects.values_list(
                    "user__username",
                    "content_type__model",
                    "object_id",
                    "object_repr",
                    "action_flag",
                    "change_message",
                    "action_time",
                )
            ],
            "history": sorted(
                SessionResult.history.values_list("id", "best_lap_ms", "history_type"),
                key=repr,
            ),
        }

    before = logged()
    assert len(before["log"]) == 1
    assert len(before["history"]) > 551  # the import's, and the edit
    archive = tmp_path / "site.tar.gz"
    call_command("backup", archive, verbosity=0)
    username = django_user_model.objects.get().username
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not LogEntry.objects.exists()

    call_command("restore", archive, verbosity=0)

    assert logged() == before
    assert django_user_model.objects.get().username == username


def test_a_backup_into_a_missing_folder_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be written"):
        call_command("backup", tmp_path / "nowhere" / "site.tar.gz", verbosity=0)


def test_a_backup_from_before_the_names_in_two_languages_restores(season_2021, tmp_path):
    """Event names and adjustment reasons were single fields (`name`, `reason`): an
    archive written then restores into the English ones."""
    import io
    import json
    import tarfile

    archive = tmp_path / "site.tar.gz"
    call_command("backup", archive, verbosity=0)
    with tarfile.open(archive, "r:gz") as tar:
        rows = json.load(tar.extractfile("data.json"))
    for row in rows:
        if row["model"] == "events.event":
            row["fields"]["name"] = row["fields"].pop("name_en")
            row["fields"].pop("name_sv")
        if row["model"] == "standings.adjustment":
            row["fields"]["reason"] = row["fields"].pop("reason_en")
            row["fields"].pop("reason_sv")
    old = tmp_path / "old.tar.gz"
    with tarfile.open(old, "w:gz") as tar:
        payload = json.dumps(rows).encode()
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    call_command("restore", old, verbosity=0)

    from events.models import Event
    from standings.models import Adjustment

    assert Event.objects.get(slug="germany").name_en == "Race of Germany"
    assert Adjustment.objects.filter(reason_en__startswith="Reconciles").count() == 6
