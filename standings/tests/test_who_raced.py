"""Who raced when, and the siblings' places among the Trophy and Junior contenders: on
the standings, the profiles, the event pages and the home page, at one moment."""

import datetime as dt
import re

import pytest

from standings.tests.test_views import STANDINGS_QUERIES, strip_tags

NOT_ENTERED = (
    '<span class="not-entered" aria-hidden="true">\N{EN DASH}</span>'
    '<span class="visually-hidden">not entered</span>'
)
# Sunday of Estoril (round 2): Race 1 (12:15 WEST) has ended, Race 2 (15:15) has not.
BETWEEN_THE_RACES = dt.datetime(2021, 6, 27, 14, 0, tzinfo=dt.UTC)
# After round 4 (Hungaroring, 22 August), before round 5 (Most, 10 October).
AFTER_ROUND_4 = dt.datetime(2021, 9, 1, 12, 0, tzinfo=dt.UTC)
SEASON_OVER = dt.datetime(2021, 12, 1, 12, 0, tzinfo=dt.UTC)
# the profile's queries, as pinned in drivers/tests/test_views.py
PROFILE_QUERIES = 11 + 6


def matrix_row(html, name):
    """The cells of `name`'s row in the standings table, after the name."""
    body = html[html.index('<table class="standings-table">') :]
    row = re.search(rf"<th scope=\"row\">(?:<a [^>]*>)?{name}(?:</a>)?</th>(.*?)</tr>", body, re.S)
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_the_drivers_matrix_says_not_entered(season_2021, get_page, time_machine):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/en/standings/2021/drivers/", queries=STANDINGS_QUERIES).content.decode()

    # Andreas raced rounds 1-4 and scored his point in round 2; then not entered.
    cells = matrix_row(html, "Andreas Bäckman")
    assert cells[:8] == ["0", "1", "0", "0", *[NOT_ENTERED] * 4]
    # Nicola Baldan: a wildcard in round 4 (no points, but there), a season entry in 7.
    cells = matrix_row(html, "Nicola Baldan")
    assert [c == NOT_ENTERED for c in cells[:8]] == [True] * 3 + [False] + [True] * 2 + [
        False,
        True,
    ]
    assert "<li>\N{EN DASH} not entered in that round.</li>" in html
    # A driver entered for the whole season never shows it.
    assert NOT_ENTERED not in "".join(matrix_row(html, "Yann Ehrlacher"))


def test_the_teams_matrix_says_when_none_of_a_teams_drivers_was_entered(
    season_2021, get_page, time_machine
):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/en/standings/2021/teams/", queries=STANDINGS_QUERIES).content.decode()

    # Target Competition: the siblings in rounds 1-4, Baldan in 4 (a wildcard) and 7.
    cells = matrix_row(html, "Target Competition")
    assert [c == NOT_ENTERED for c in cells[:8]] == [False] * 4 + [True, True, False, True]
    assert "<li>\N{EN DASH} none of the team's drivers was entered in that round.</li>" in html


def test_the_matrix_in_swedish(season_2021, get_page, time_machine):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/sv/standings/2021/trophy/", queries=STANDINGS_QUERIES).content.decode()

    cells = matrix_row(html, "Jessica Bäckman")
    assert cells[4] == NOT_ENTERED.replace("not entered", "ej anmäld")
    assert "<li>\N{EN DASH} ej anmäld till den omgången.</li>" in html


def test_before_they_stepped_out_nothing_says_not_entered(season_2021, get_page, time_machine):
    time_machine.move_to(AFTER_ROUND_4, tick=False)
    html = get_page("/en/standings/2021/drivers/", queries=STANDINGS_QUERIES).content.decode()

    assert matrix_row(html, "Andreas Bäckman")[:4] == ["0", "1", "0", "0"]
    assert "not entered" not in html


def profile_rounds(html):
    body = html[html.index('<table class="driver-rounds">') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", body, re.S)
    return [
        (
            strip_tags(head).split(" · ")[0],
            [strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)],
        )
        for head, cells in rows
    ]


def test_the_profile_lists_the_rounds_not_entered(profiles_2021, get_page, time_machine):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()

    rounds = profile_rounds(html)
    assert [number for number, _cells in rounds] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert rounds[1][1] == ["20", "16", "16", "0"]
    assert [cells for _number, cells in rounds[4:]] == [["not entered"]] * 4
    assert (
        '<p class="season-note">Raced rounds 1\N{EN DASH}4 of the 2021 season, then stepped '
        "out for the rest of the season with the team&#x27;s agreement.</p>"
    ) in html


def test_the_profile_in_swedish(profiles_2021, get_page, time_machine):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/sv/drivers/andreas-backman/", queries=PROFILE_QUERIES).content.decode()

    assert [cells for _number, cells in profile_rounds(html)[4:]] == [["ej anmäld"]] * 4
    assert (
        '<p class="season-note">Körde omgång 1\N{EN DASH}4 under säsongen 2021 och stod sedan '
        "över resten av säsongen i samråd med teamet.</p>"
    ) in html


def test_before_round_5_the_profile_does_not_tell_the_future(profiles_2021, get_page, time_machine):
    time_machine.move_to(AFTER_ROUND_4, tick=False)
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()

    assert [number for number, _cells in profile_rounds(html)] == ["1", "2", "3", "4"]
    assert "season-note" not in html
    assert "not entered" not in html


def contended(html):
    block = html[html.index('<ul class="contended">') :]
    block = block[: block.index("</ul>")]
    return [strip_tags(item).strip() for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_the_profile_shows_the_class_results(profiles_2021, get_page, time_machine):
    time_machine.move_to(SEASON_OVER, tick=False)
    html = get_page("/en/drivers/jessica-backman/", queries=PROFILE_QUERIES).content.decode()

    assert contended(html) == [
        "FIA Junior Driver Title: 3 podiums · best place 2 · position 4 · 104 points",
        "WTCR Trophy: 4 podiums · best place 2 · position 4 · 32 points",
    ]
    # the season's tables are cached by now
    html = get_page("/sv/drivers/andreas-backman/", queries=PROFILE_QUERIES - 6).content.decode()
    assert contended(html) == [
        "WTCR Trophy: 4 pallplatser · bästa placering 2 · plats 5 · 23 poäng"
    ]


def sibling_rows(html):
    glance = html[html.index('id="siblings-title"') : html.index('id="results-title"')]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td>', glance)
    return [tuple(strip_tags(cell) for cell in row) for row in rows]


# event, sessions, results, what replaced it, the re-ranked titles
EVENT_QUERIES = 5


def test_between_the_races_the_event_page_shows_race_1_only(season_2021, get_page, time_machine):
    time_machine.move_to(BETWEEN_THE_RACES, tick=False)
    html = get_page("/en/events/2021/estoril/", queries=EVENT_QUERIES).content.decode()

    assert sibling_rows(html) == [
        ("Qualifying", "19", "20"),
        ("Race 1", "15 (Trophy 2)", "16 (Junior 3, Trophy 3)"),
    ]
    swedish = get_page("/sv/events/2021/estoril/", queries=EVENT_QUERIES).content.decode()
    assert sibling_rows(swedish)[1] == ("Race 1", "15 (Trophy 2)", "16 (Junior 3, Trophy 3)")


def home_card(html, name):
    block = html[html.index('id="standing-title"') :]
    card = block[block.index(f"<h3>{name}</h3>") :]
    card = card[: card.index("</dl>")]
    items = re.findall(r"<dt><a [^>]*>(.*?)</a>.*?</dt>\s*<dd>(.*?)</dd>", card, re.S)
    return {title: strip_tags(value.replace("<br>", " | ")) for title, value in items}


@pytest.mark.parametrize(
    ("moment", "trophy"),
    [
        # Round 1 (R1 third, R2 fourth) and Estoril's Race 1 (third): two podiums,
        # 5 + 3 + 5 points.
        (BETWEEN_THE_RACES, "position 3 · 13 points | 2 podiums · best place 3"),
        (SEASON_OVER, "position 4 · 32 points | 4 podiums · best place 2"),
    ],
)
def test_the_home_cards_count_what_had_ended(season_2021, get_page, time_machine, moment, trophy):
    time_machine.move_to(moment, tick=False)
    html = get_page("/en/", queries=14).content.decode()

    assert home_card(html, "Jessica Bäckman")["WTCR Trophy"] == trophy
