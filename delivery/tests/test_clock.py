"""The staff preview clock (`?as_of=`), with the real clock frozen on 24 November 2026."""

import datetime as dt
import re

import pytest

from delivery.clock import parse_moment
from news.models import Article

TODAY = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
BEFORE_OPENER = "2021-06-01T12:00"  # Stockholm time, three days before Nürburg qualifying


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_parse_moment():
    assert parse_moment("2021-06-04T08:00") == dt.datetime(2021, 6, 4, 6, 0, tzinfo=dt.UTC)
    assert parse_moment("2021-06-04T08:00+00:00") == dt.datetime(2021, 6, 4, 8, tzinfo=dt.UTC)
    for junk in ["", "tomorrow", "2021-13-01T00:00", "99999-01-01", "1800-01-01T00:00", "%00"]:
        assert parse_moment(junk) is None


def test_staff_see_the_countdown_to_the_opener(season_2021, admin_client, today):
    html = admin_client.get(f"/en/?as_of={BEFORE_OPENER}").content.decode()

    # Free practice 1 at the Nürburgring, 3 June at 14:30 (UTC+2): 12:30 UTC.
    assert re.search(r'<time datetime="2021-06-03T12:30:00\+00:00" data-countdown>', html)
    assert 'data-now="2021-06-01T10:00:00+00:00"' in html
    assert "Preview: you see the site as of 1 June 2021, 12:00 CEST" in html
    assert '<a class="button button--small" href="/en/?as_of=now">Back to now</a>' in html


def test_staff_see_the_standings_before_the_first_round(season_2021, admin_client, today):
    html = admin_client.get(f"/en/standings/2021/drivers/?as_of={BEFORE_OPENER}").content
    assert "No results yet." in html.decode()
    after_round_two = admin_client.get("/en/standings/2021/drivers/?as_of=2021-06-28T12:00")
    assert "FIA Drivers&#x27; Title after round 2" in after_round_two.content.decode()
    today_html = admin_client.get("/en/standings/2021/drivers/?as_of=now").content.decode()
    assert "FIA Drivers&#x27; Title after round 8" in today_html


def test_readers_get_todays_page_byte_for_byte(season_2021, client, today):
    plain = client.get("/en/")
    asked = client.get(f"/en/?as_of={BEFORE_OPENER}")

    assert asked.content == plain.content
    assert "Season complete" in plain.content.decode()
    assert "Preview" not in asked.content.decode()
    assert "sessionid" not in asked.cookies


def test_the_preview_is_kept_until_cleared(season_2021, admin_client, today):
    admin_client.get(f"/en/?as_of={BEFORE_OPENER}")

    kept = admin_client.get("/en/calendar/")
    assert "Preview: you see the site as of" in kept.content.decode()
    assert "no-store" in kept["Cache-Control"]
    assert "Cookie" in kept["Vary"]

    admin_client.get("/en/?as_of=now")
    cleared = admin_client.get("/en/calendar/").content.decode()
    assert "Preview" not in cleared
    assert "Season complete" in cleared


def test_a_bad_moment_clears_the_preview(season_2021, admin_client, today):
    admin_client.get(f"/en/?as_of={BEFORE_OPENER}")
    response = admin_client.get("/en/?as_of=2021-99-99")
    assert response.status_code == 200
    assert "Preview" not in response.content.decode()


def test_a_scheduled_article_appears_in_the_preview_at_its_moment(
    season_2021, admin_client, client, today
):
    Article.objects.create(
        language="en",
        title="Race morning",
        slug="race-morning",
        summary="Today.",
        publish_at=dt.datetime(2021, 6, 5, 6, 0, tzinfo=dt.UTC),  # 08:00 in Stockholm
    )
    Article.objects.filter(slug="race-morning").update(
        publish_at=dt.datetime(2031, 6, 5, 6, 0, tzinfo=dt.UTC)  # rescheduled, years ahead
    )

    minute_before = admin_client.get("/en/news/?as_of=2031-06-05T07:59").content.decode()
    assert "Race morning" not in minute_before
    at_the_moment = admin_client.get("/en/news/?as_of=2031-06-05T08:00").content.decode()
    assert "Race morning" in at_the_moment
    assert admin_client.get("/en/news/race-morning/").status_code == 200

    # Readers, and the public feed, are untouched by the preview.
    assert client.get("/en/news/race-morning/").status_code == 404
    feed = client.get("/en/news/feed/").content.decode()
    assert "Race morning" not in feed
    assert client.get("/en/news/feed/?as_of=2031-06-05T08:00").content.decode() == feed
