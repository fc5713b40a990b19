"""Swedish that reads as written by a Swede, on the pages readers see."""

import datetime as dt
import re

from django.utils import formats, translation

from drivers.tests.test_views import MILESTONES_QUERIES
from events.tests.test_views import CALENDAR_QUERIES, EVENT_QUERIES
from standings.tests.test_views import STANDINGS_QUERIES


def test_an_event_s_days_read_as_a_range(season_2021, get_page):
    html = get_page("/sv/calendar/", queries=CALENDAR_QUERIES).content.decode()
    assert "3\N{EN DASH}5 juni 2021" in html
    assert "3 juni \N{EN DASH} 5 juni" not in html


def test_too_few_entered_says_how_many_without_a_wrong_plural(season_2021, get_page):
    html = get_page("/sv/standings/2021/female/", queries=STANDINGS_QUERIES).content.decode()
    assert "men antalet anmälda var bara 1." in html
    assert "bara 1 var anmälda" not in html


def test_a_milestone_s_badge_does_not_repeat_its_title(profiles_2021, get_page):
    html = get_page("/sv/milestones/", queries=MILESTONES_QUERIES).content.decode()
    badges_and_titles = re.findall(
        r'<span class="badge badge--first">(.*?)</span> (.*?)</h3>', html, re.S
    )
    assert badges_and_titles
    for badge, title in badges_and_titles:
        assert badge == "Historiskt"
        assert not title.startswith(badge)
    assert "Först Första" not in html


def test_a_time_after_a_date_reads_kl_in_swedish_and_a_comma_in_english(season_2021, get_page):
    swedish = get_page("/sv/events/2021/germany/", queries=EVENT_QUERIES).content.decode()
    english = get_page("/en/events/2021/germany/", queries=EVENT_QUERIES).content.decode()
    assert "tors 3 juni kl. 14:30 CEST" in swedish
    assert "juni, 14:30" not in swedish
    assert "Thu 3 June, 14:30 CEST" in english


def test_the_site_s_date_and_time_formats(settings):
    moment = dt.datetime(2021, 6, 5, 8, 0)
    with translation.override("sv"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "5 juni 2021 kl. 08:00"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "lör 5 juni kl. 08:00"
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "5 June 2021, 08:00"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "Sat 5 June, 08:00"
