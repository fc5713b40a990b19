import datetime as dt
import json
import re

import pytest
from django.db import transaction

from drivers.models import Driver
from standings.models import SessionResult
from standings.tables import driver_statistics

# driver, career, milestones, their drivers, siblings, season, entries, titles, the
# season's rounds, the driver's articles and photos; plus six to load the season when
# its tables are not cached.
PROFILE_QUERIES = 11 + 6
LIGHT_PROFILE_QUERIES = PROFILE_QUERIES - 1  # no milestones: none of their drivers to fetch
STANDINGS_QUERIES = 11  # as pinned in standings/tests/test_views.py
TABLES_LOAD = 6  # the season's tables, when not cached
LIST_QUERIES = 5  # season, featured drivers, their milestones, their entries, other entries
MILESTONES_QUERIES = 2  # milestones with their events, their drivers


def test_statistics_counted_by_hand(profiles_2021):
    """From data/seasons/2021/results.csv, the rows of cars 19 and 26 (rounds 1-4):

    Andreas: R2 DNF | R1 15, R2 17 | R1 16, R2 DNF | R1 19, R2 DNF; qualifying 19, 17, 23.
    Jessica: R1 21, R2 14 | R1 16, R2 16 | R2 17 | R1 20, R2 21; qualifying 20, 19, 20.
    Points (R scale to 15th): Andreas 1 (15th), Jessica 2 (14th); no top five in qualifying.
    Both classified: qualifying A-J 19-20, 17-19, 23-20; races 15-16, 17-16, 19-20.
    """
    andreas = Driver.objects.get(slug="andreas-backman")
    jessica = Driver.objects.get(slug="jessica-backman")
    stats = driver_statistics(profiles_2021, andreas, siblings=[jessica])
    season = stats.season
    assert (season.starts, season.finishes, season.wins, season.podiums, season.poles) == (
        7,
        4,
        0,
        0,
        0,
    )
    assert (season.best_finish, season.best_finish_count, season.best_qualifying) == (15, 1, 17)
    assert stats.drivers_title.row.points == 1
    [duel] = stats.duels
    assert duel.head_to_head.qualifying_score == (2, 1)
    assert duel.head_to_head.race_score == (2, 1)
    assert duel.points == (1, 2)

    stats = driver_statistics(profiles_2021, jessica, siblings=[andreas])
    season = stats.season
    assert (season.starts, season.finishes, season.wins, season.podiums, season.poles) == (
        7,
        7,
        0,
        0,
        0,
    )
    assert (season.best_finish, season.best_qualifying) == (14, 19)
    assert stats.drivers_title.row.points == 2
    assert stats.duels[0].head_to_head.race_score == (1, 2)
    assert stats.points_by_round == {1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0}
    assert stats.flags == ["female", "junior", "trophy"]
    assert [s.title.slug for s in stats.standings] == [
        "drivers",
        "teams",
        "junior",
        "trophy",
        "female",
    ]
    assert [s.awarded for s in stats.standings] == [True, True, True, True, False]


def stat(html, label):
    match = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else None


def test_jessica_profile(profiles_2021, get_page):
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()
    assert "<h1>Jessica Bäckman</h1>" in html
    assert stat(html, "Car number") == "26"
    assert stat(html, "Team") == "Target Competition"
    assert stat(html, "Car") == "Hyundai Elantra N TCR"
    assert stat(html, "Home town") == "Boden"
    assert stat(html, "Age") is None  # no birth date in the sources
    assert [stat(html, label) for label in ("Starts", "Wins", "Podiums", "Poles")] == [
        "7",
        "0",
        "0",
        "0",
    ]
    assert stat(html, "Best finish") == "14"
    assert stat(html, "Points") == "2"
    assert "Head to head with Andreas Bäckman" in html
    assert 'id="milestone-first-woman-in-wtcr"' in html
    assert html.count('class="milestone"') == 4
    assert "Illustration made by this site until a photo is published." in html
    assert "Placeholder" not in html
    portrait = Driver.objects.get(slug="jessica-backman").portrait_renditions
    assert re.fullmatch(r"portraits/renditions/[0-9a-f]{32}-\w+-640\.webp", portrait[1]["name"])
    assert f'<img src="/media/{portrait[1]["name"]}"' in html
    assert f'srcset="/media/{portrait[0]["name"]} 320w' in html
    assert "Awarded only if at least 3 eligible drivers are entered." in html
    assert "Fourth overall, a podium at Brands Hatch" in html
    assert "FIA Drivers&#x27; Title: position" in html  # the 2021 career line, computed


def test_profile_in_swedish(profiles_2021, get_page):
    html = get_page("/sv/drivers/andreas-backman/", queries=PROFILE_QUERIES).content.decode()
    assert '<html lang="sv">' in html
    assert "Trea totalt, första segern i banracing" in html
    assert "Första syskonen i WTCR" in html
    assert stat(html, "Hemort") == "Boden"
    assert stat(html, "Bästa placering") == "15"


def test_person_structured_data(profiles_2021, get_page):
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Jessica Bäckman"
    assert data["url"] == "http://testserver/en/drivers/jessica-backman/"
    assert data["nationality"] == {"@type": "Country", "name": "Sweden"}
    assert data["homeLocation"] == {"@type": "Place", "name": "Boden"}
    assert data["memberOf"] == {"@type": "SportsTeam", "name": "Target Competition"}
    assert data["image"].endswith("-640.webp")
    assert "birthDate" not in data


def test_age_from_a_birth_date(profiles_2021, get_page, time_machine):
    time_machine.move_to(dt.datetime(2021, 6, 5, 12, tzinfo=dt.UTC))
    Driver.objects.filter(slug="andreas-backman").update(birth_date=dt.date(1997, 6, 6))
    html = get_page("/en/drivers/andreas-backman/", queries=PROFILE_QUERIES).content.decode()
    assert stat(html, "Age") == "23 years"


def test_query_count_does_not_grow_with_the_results(profiles_2021, get_page):
    """The same number of queries with one round of results as with all of them."""
    with transaction.atomic():
        SessionResult.objects.filter(session__event__round__gt=1).delete()
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()
    assert stat(html, "Starts") == "2"  # round 1: R1 21st, R2 14th
    assert html.count('<th scope="row">1 · ') == 1


def test_a_rival_light_profile_is_reached_from_the_standings(profiles_2021, get_page):
    standings = get_page("/en/standings/2021/drivers/", queries=STANDINGS_QUERIES)
    standings = standings.content.decode()
    assert '<a href="/en/drivers/yann-ehrlacher/">Yann Ehrlacher</a>' in standings
    # the standings page has just computed the season's tables
    html = get_page("/en/drivers/yann-ehrlacher/", queries=LIGHT_PROFILE_QUERIES - TABLES_LOAD)
    html = html.content.decode()
    assert "<h1>Yann Ehrlacher</h1>" in html
    assert stat(html, "Team") == "Cyan Racing Lynk &amp; Co"
    assert "Head to head" not in html
    assert 'id="bio-title"' not in html
    assert 'class="portrait"' not in html


def test_a_wildcard_profile(profiles_2021, get_page):
    html = get_page("/en/drivers/petr-fulin/", queries=LIGHT_PROFILE_QUERIES).content.decode()
    assert stat(html, "Car number") == "\N{EN DASH} wildcard"
    assert "Championship titles" not in html  # wildcards score in no title


@pytest.mark.parametrize("url", ["/en/drivers/nobody/", "/en/drivers/%C3%A5/"])
def test_unknown_driver(profiles_2021, client, url):
    assert client.get(url).status_code == 404


def test_driver_list(profiles_2021, get_page):
    html = get_page("/en/drivers/", queries=LIST_QUERIES).content.decode()
    names = re.findall(r'<a href="/en/drivers/([\w-]+)/">', html)
    assert names[:2] == ["andreas-backman", "jessica-backman"]
    # entries.csv: 27 rows, 26 drivers (Nicola Baldan twice): the siblings and 24 others
    assert len(names) == 2 + 24
    assert names[2:] == sorted(names[2:], key=lambda s: Driver.objects.get(slug=s).name)
    assert re.search(r'petr-fulin/">Petr Fulín</a> <span class="badge">wildcard</span>', html)
    # Nicola Baldan: a wildcard in round 4, a season entry in round 7, one car number
    assert re.search(
        r'<td class="num">82</td>\s*<th scope="row">'
        r'<a href="/en/drivers/nicola-baldan/">Nicola Baldan</a></th>',
        html,
    )


def test_milestones_page(profiles_2021, get_page):
    html = get_page("/en/milestones/", queries=MILESTONES_QUERIES).content.decode()
    anchors = re.findall(r'<li class="milestone" id="milestone-([\w-]+)">', html)
    assert anchors == [
        "first-siblings-in-wtcr",
        "first-woman-in-wtcr",
        "first-woman-on-a-tcr-europe-podium",
        "andreas-first-circuit-win",
        "first-woman-on-a-tcr-uk-podium",
    ]
    assert html.count('class="milestone__link" href="#milestone-') == 5
    assert '<time datetime="2021-06-05">5 June 2021</time>' in html
    assert '<time datetime="2018">2018</time>' in html
    swedish = get_page("/sv/milestones/", queries=MILESTONES_QUERIES).content.decode()
    assert "Första kvinnan i WTCR" in swedish


def test_home_shows_the_siblings_with_their_latest_milestone(profiles_2021, client):
    html = client.get("/en/").content.decode()
    cards = re.findall(
        r'<h3 id="driver-([\w-]+)">.*?href="/en/milestones/#milestone-([\w-]+)"', html, re.S
    )
    assert cards == [
        ("andreas-backman", "first-siblings-in-wtcr"),
        ("jessica-backman", "first-siblings-in-wtcr"),
    ]


def test_a_newer_season_without_entries_keeps_the_profiles(profiles_2021, get_page):
    from events.models import Season

    Season.objects.create(slug="2022", name="WTCR 2022")
    html = get_page("/en/drivers/andreas-backman/", queries=PROFILE_QUERIES).content.decode()
    assert stat(html, "Starts") == "7"
    assert "FIA Drivers&#x27; Title: position" in html
    listing = get_page("/en/drivers/", queries=LIST_QUERIES).content.decode()
    assert "Everyone else on the 2021 grid" in listing


def test_a_driver_with_two_entries(profiles_2021, get_page):
    """Nicola Baldan: a wildcard in round 4, then a season entry from round 7."""
    html = get_page("/en/drivers/nicola-baldan/", queries=LIGHT_PROFILE_QUERIES)
    html = html.content.decode()
    numbers = re.findall(r"<dt>Car number \((.*?)\)</dt>", html)
    assert numbers == ["round 4", "round 7"]
    assert stat(html, "Team") == "Target Competition"


def test_status_cells_are_named(profiles_2021, get_page):
    html = get_page("/sv/drivers/andreas-backman/", queries=PROFILE_QUERIES).content.decode()
    assert '<abbr title="Bröt">DNF</abbr>' in html
    assert '<span class="visually-hidden">Inget resultat registrerat</span>' in html


def test_home_page_queries(profiles_2021, get_page):
    # season, countdown, the siblings' cards (drivers, milestones, entries), their places,
    # the latest news
    get_page("/en/", queries=14)
