"""Swedish that reads as written by a Swede, on the pages readers see."""

import re

from drivers.tests.test_views import MILESTONES_QUERIES
from events.tests.test_views import CALENDAR_QUERIES
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
