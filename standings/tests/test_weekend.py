import re

import pytest

from standings.models import PointsScale, Title

# season, titles, the season's points scales (with their events)
WEEKEND_QUERIES = 3


def points_table(html, caption):
    """{column label: [points by place, None where the place scores nothing]} of the
    points table with that caption."""
    start = html.index(f">{caption}</caption>")
    table = html[start : html.index("</table>", start)]
    labels = re.findall(r'<th scope="col" class="num">(.*?)</th>', table)
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', table)
    columns = {label: [] for label in labels}
    for place, (number, cells) in enumerate(rows, start=1):
        assert int(number) == place
        values = re.findall(r'<td class="num">(.*?)</td>', cells)
        for label, value in zip(labels, values, strict=True):
            columns[label].append(None if value == "\N{EN DASH}" else int(value))
    return columns


def title_rules(html):
    """{title name: [its rules]} as the page lists them."""
    titles = re.findall(
        r'<h3><a href="[^"]+">(.*?)</a></h3>\s*<ul class="rules">(.*?)</ul>', html, re.S
    )
    return {name: re.findall(r"<li>(.*?)</li>", rules) for name, rules in titles}


RACE = [25, 20, 16, 13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
TOP_FIVE = [5, 4, 3, 2, 1] + [None] * 10


def test_weekend_page_in_english(season_2021, get_page):
    html = get_page("/en/weekend/2021/", queries=WEEKEND_QUERIES).content.decode()

    assert "<h1>How a WTCR weekend works</h1>" in html
    assert "Free practice 1 lasts 45 minutes and free practice 2 30 minutes." in html
    assert "Every car takes part in Q1, 20 minutes long" in html
    assert "The five fastest in Q2 meet in Q3, a shoot-out" in html
    assert "a single session of 40 minutes" in html
    assert "Race 2 is usually two or three laps longer than Race 1." in html
    assert "Where to watch: live on Eurosport · Kanal 9." in html
    assert (
        "Who scores: the top 5 in Q1 · the top 5 in Q3 · "
        "the top 15 in Race 1 · the top 15 in Race 2."
    ) in html
    assert points_table(html, "Points by place") == {
        "Q1": TOP_FIVE,
        "Q3": TOP_FIVE,
        "Race 1": RACE,
        "Race 2": RACE,
    }
    germany = "Race of Germany (Nürburgring Nordschleife) has a scale of its own"
    assert points_table(html, germany) == {"Qualifying": [10, 8, 6, 4, 2]}

    rules = title_rules(html)
    assert list(rules) == [
        "FIA Drivers&#x27; Title",
        "FIA Teams&#x27; Title",
        "FIA Junior Driver Title",
        "WTCR Trophy",
        "FIA Female Driver Title",
    ]
    reranked = "Each session is re-ranked among the eligible drivers before points are given."
    assert reranked in rules["FIA Junior Driver Title"]
    assert rules["WTCR Trophy"] == [
        "For independent drivers, without factory support.",
        reranked,
        "Points in this title: Qualifying, Qualifying 1, Qualifying 3: no points; "
        "Race 1, Race 2: 10-8-5-3-1.",
        "Bonus: 1 point for the fastest lap in each race.",
        "Bonus: 1 point for the fastest lap in qualifying at each event.",
    ]
    assert rules["FIA Female Driver Title"] == [
        "For women drivers. New in 2021.",
        "Awarded only if at least 3 eligible drivers are entered.",
    ]
    assert '<h3><a href="/en/standings/2021/trophy/">WTCR Trophy</a></h3>' in html


def test_weekend_page_in_swedish(season_2021, get_page):
    html = get_page("/sv/weekend/2021/", queries=WEEKEND_QUERIES).content.decode()

    assert '<html lang="sv">' in html
    assert "<h1>Så går en WTCR-helg till</h1>" in html
    assert "Varje tävling följer samma mönster: två pass fri träning, kval och två race." in html
    assert "Race 2 är oftast två eller tre varv längre än race 1." in html
    assert "Sänds direkt på Eurosport · Kanal 9." in html
    assert "Poäng får: de 5 främsta i Q1 · de 5 främsta i Q3 · de 15 främsta i Race 1" in html
    assert points_table(html, "Poäng per placering")["Race 1"] == RACE
    assert '<th scope="col">Placering</th>' in html
    rules = title_rules(html)
    assert rules["FIA:s damtitel"][-1] == "Delas bara ut om minst 3 behöriga förare är anmälda."
    assert "Race 1, Race 2: 10-8-5-3-1" in rules["WTCR Trophy"][2]


def test_points_tables_follow_the_data(season_2021, get_page):
    PointsScale.objects.filter(season=season_2021, event=None, title=None, session="R2").update(
        values="10, 6, 4, 3, 2, 1"
    )
    PointsScale.objects.filter(event__slug="germany").delete()
    Title.objects.filter(slug="female").update(min_entrants=4)

    html = get_page("/en/weekend/2021/", queries=WEEKEND_QUERIES).content.decode()

    assert points_table(html, "Points by place")["Race 2"] == [10, 6, 4, 3, 2, 1] + [None] * 9
    assert "the top 6 in Race 2." in html
    assert "has a scale of its own" not in html
    assert "Awarded only if at least 4 eligible drivers are entered." in html


def test_the_current_season_without_a_season_in_the_address(season_2021, get_page):
    html = get_page("/en/weekend/", queries=WEEKEND_QUERIES).content.decode()

    assert '<a href="/en/calendar/2021/">Calendar 2021</a>' in html
    assert '<caption id="points-season-caption">Points by place</caption>' in html


def test_an_empty_site_shows_the_format_alone(get_page):
    html = get_page("/en/weekend/", queries=1).content.decode()

    assert "<h1>How a WTCR weekend works</h1>" in html
    assert "Every car takes part in Q1" in html
    assert "Points by place" not in html


def test_unknown_season_is_404(season_2021, get_page):
    get_page("/en/weekend/1999/", queries=1, status=404)


@pytest.mark.parametrize(
    ("url", "link"),
    [
        (
            "/en/standings/2021/drivers/",
            '<a href="/en/weekend/2021/">How a WTCR weekend works: sessions, points and titles</a>',
        ),
        (
            "/sv/standings/2021/female/",
            '<a href="/sv/weekend/2021/">Så går en WTCR-helg till: pass, poäng och titlar</a>',
        ),
    ],
)
def test_standings_pages_link_to_it(season_2021, client, url, link):
    assert link in client.get(url).content.decode()
