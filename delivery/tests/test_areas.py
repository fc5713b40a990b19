"""Content areas: a change bumps its area's version once, when it commits, and only the
pages and tables that read that area are computed again."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from delivery import areas
from delivery.tests.test_pagecache import RESULT
from events.models import Event, Season
from standings.models import SessionResult

# Bumps happen when transactions commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_import_of_one_session_bumps_the_results_once(season_2021, bumps):
    from standings.importers import import_results

    before = areas.current()
    report = import_results("results.csv", RESULT, Season.objects.get(slug="2021"))

    assert report.changed
    assert bumps == [("results",)]
    after = areas.current()
    assert after["results"] > before["results"]
    assert {k: v for k, v in after.items() if k != "results"} == {
        k: v for k, v in before.items() if k != "results"
    }


def test_an_import_that_changes_nothing_bumps_nothing(season_2021, settings, bumps):
    from standings.importers import import_results, import_season

    before = areas.current()
    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    results = settings.BASE_DIR / "data" / "seasons" / "2021" / "results.csv"
    import_results("results.csv", results.read_text(), Season.objects.get(slug="2021"))

    assert bumps == []
    assert areas.current() == before


def test_the_first_season_import_bumps_each_area_once(db, settings, bumps):
    from standings.importers import import_season

    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    assert bumps == [("calendar", "drivers", "results")]


def test_a_save_that_changes_nothing_bumps_nothing(season_2021, bumps):
    event = Event.objects.get(season__slug="2021", slug="germany")
    event.save()
    assert bumps == []
    event.name_en = "Race of Germany (Nordschleife)"
    event.save()
    assert bumps == [("calendar",)]


def test_many_changes_in_one_transaction_bump_once(season_2021, bumps):
    with transaction.atomic():
        for result in SessionResult.objects.filter(session__event__round=1)[:5]:
            result.best_lap_ms = (result.best_lap_ms or 0) + 1
            result.save()
        with transaction.atomic():  # a savepoint, released
            Event.objects.filter(slug="germany").first().save(update_fields=["status"])
            event = Event.objects.get(slug="germany")
            event.name = "Changed"
            event.save()
        assert bumps == []  # nothing before the commit
    assert bumps == [("calendar", "results")]


def test_a_rolled_back_change_bumps_nothing(season_2021, bumps):
    def rename_then_fail():
        with transaction.atomic():
            event = Event.objects.get(slug="germany")
            event.name = "Changed"
            event.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        rename_then_fail()
    assert bumps == []


def test_a_sign_in_is_no_change(db, django_user_model, bumps):
    user = django_user_model.objects.create_user("editor", password="x" * 12)
    bumps.clear()
    user.last_login = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    user.save(update_fields=["last_login"])
    assert bumps == []


def test_bump_content_command(db, capsys, bumps):
    before = areas.current()
    call_command("bump_content", "news")
    assert bumps == [("news",)]
    after = areas.current()["news"]
    assert after > before["news"]
    assert f"news: version {after}" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Unknown area: weather"):
        call_command("bump_content", "weather")


def hit(client, url):
    return client.get(url)["Cache-Status"].endswith("; hit")


PAGES = {
    "news": "/en/news/",
    "article": "/en/news/first-points-on-the-nordschleife/",
    "standings": "/en/standings/2021/drivers/",
    "calendar": "/en/calendar/2021/",
    "ics": "/en/calendar/2021.ics",
    "event": "/en/events/2021/germany/",
    "driver": "/en/drivers/jessica-backman/",
    "milestones": "/en/milestones/",
    "weekend": "/en/weekend/2021/",
    "home": "/en/",
}


def kept_after(client, change):
    """Which pages are still served from the cache after `change()`."""
    for url in PAGES.values():
        client.get(url)
    change()
    return {name for name, url in PAGES.items() if hit(client, url)}


def test_a_news_draft_leaves_every_other_page_cached(demo, client):
    from news.models import Article

    def draft():
        Article.objects.create(language="en", title="Draft", slug="draft")

    assert kept_after(client, draft) == {
        "standings",
        "calendar",
        "ics",
        "event",
        "milestones",
        "weekend",
    }


def test_an_import_leaves_the_news_pages_cached(demo, client):
    from standings.importers import import_results

    def results():
        import_results("results.csv", RESULT, Season.objects.get(slug="2021"))

    assert kept_after(client, results) == {"news", "article", "calendar", "ics", "milestones"}


def test_a_calendar_edit_leaves_the_results_and_news_alone(demo, client):
    def postpone():
        event = Event.objects.get(slug="germany")
        event.status = Event.Status.POSTPONED
        event.save()

    # Articles link to events; the standings show the rounds.
    assert kept_after(client, postpone) == set()
    assert kept_after(client, lambda: None) == set(PAGES)


def test_a_driver_edit_leaves_the_calendar_cached(demo, client):
    from drivers.models import Driver

    def bio():
        jessica = Driver.objects.get(slug="jessica-backman")
        jessica.bio_en = "<p>New.</p>"
        jessica.save()

    assert kept_after(client, bio) == {"calendar", "ics", "weekend"}


def test_tables_are_kept_across_a_news_change(season_2021, django_assert_num_queries):
    from news.models import Article
    from standings.tables import season_tables

    season = Season.objects.get(slug="2021")
    season_tables(season)
    Article.objects.create(language="en", title="Draft", slug="draft")
    with django_assert_num_queries(0):
        season_tables(season)
    Event.objects.filter(slug="germany").update(name_en="Renamed")
    areas.changed("calendar")
    with django_assert_num_queries(6):
        season_tables(season)


def test_versions_never_go_back_when_the_database_is_restored(db, bumps):
    """A restored (or new) database starts its versions past any an older one gave out,
    so no page or table filed under an old version is served for new content."""
    from delivery.models import ContentArea

    areas.bump("news")
    high = areas.current()["news"]
    ContentArea.objects.all().delete()  # as a new database
    areas.bump("news")
    assert ContentArea.objects.get(name="news").version > high


def test_a_restore_bumps_every_area(season_2021, tmp_path, bumps):
    """loaddata's raw saves mark nothing: the restore itself bumps every area."""
    call_command("backup", str(tmp_path / "site.tar.gz"), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    bumps.clear()
    call_command("restore", str(tmp_path / "site.tar.gz"), verbosity=0)
    assert bumps == [tuple(areas.names())]


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")
def test_another_process_follows_a_bump_without_a_round_trip(db, settings):
    """A second process's copy (a listener of its own here) takes a bump from the channel,
    and then answers without asking Redis."""
    import time

    settings.CONTENT_VERSIONS_LISTEN = True
    listener = areas._Listener()
    listener.get()  # starts its thread
    deadline = time.monotonic() + 10
    while listener.versions is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert listener.versions is not None

    bumped = areas.bump("news")["news"]
    while listener.versions["news"] != bumped and time.monotonic() < deadline:
        time.sleep(0.001)
    try:
        assert listener.versions["news"] == bumped
    finally:
        listener.pid = None  # its thread ends


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")
def test_a_hit_asks_redis_nothing_once_the_copy_follows(db, settings, monkeypatch):
    import time

    from django.core.cache import cache

    settings.CONTENT_VERSIONS_LISTEN = True
    listener = areas._Listener()
    monkeypatch.setattr(areas, "_listener", listener)
    deadline = time.monotonic() + 10
    while listener.get() is None and time.monotonic() < deadline:
        time.sleep(0.01)

    def asked(*args, **kwargs):
        raise AssertionError("Redis was asked")

    try:
        with monkeypatch.context() as patched:
            patched.setattr(cache, "get_many", asked)
            assert areas.current() == listener.versions
    finally:
        listener.pid = None  # its thread ends


def test_a_change_kept_through_a_released_savepoint_survives_a_later_rollback(season_2021, bumps):
    """A savepoint's change, released into the transaction, is bumped at commit even when
    a later savepoint rolls back (and a change there is not)."""
    from drivers.models import Driver
    from news.models import Article

    with transaction.atomic():
        with transaction.atomic():
            Article.objects.create(language="en", title="Kept", slug="kept")
        try:
            with transaction.atomic():
                jessica = Driver.objects.get(slug="jessica-backman")
                jessica.home_town = "Luleå"
                jessica.save()
                raise RuntimeError
        except RuntimeError:
            pass
        event = Event.objects.get(slug="germany")
        event.name = "Changed"
        event.save()
    assert sorted(area for bumped in bumps for area in bumped) == ["calendar", "news"]
