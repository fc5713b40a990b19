"""The 2021 opener at the Nürburgring, walked hour by hour on a frozen clock: every page
shows exactly what existed at that moment, with the page cache off and on.

The moments come from the sourced timetable (data/seasons/2021/sessions.csv), in UTC
(the Nürburgring is on UTC+2 in June): free practice 1 on Thursday 3 June 14:30-15:10,
free practice 2 19:00-19:40, qualifying (one 40-minute session) on Friday 4 June
14:05-14:45; both races on Saturday 5 June, their times not known, run before the
24 Hours started at 15:30.
"""

import datetime as dt
import re

import pytest

UTC = dt.UTC
FP1 = (dt.datetime(2021, 6, 3, 12, 30, tzinfo=UTC), dt.datetime(2021, 6, 3, 13, 10, tzinfo=UTC))
FP2 = (dt.datetime(2021, 6, 3, 17, 0, tzinfo=UTC), dt.datetime(2021, 6, 3, 17, 40, tzinfo=UTC))
QUALIFYING = (
    dt.datetime(2021, 6, 4, 12, 5, tzinfo=UTC),
    dt.datetime(2021, 6, 4, 12, 45, tzinfo=UTC),
)
RACES_DONE = dt.datetime(2021, 6, 5, 13, 30, tzinfo=UTC)  # 15:30 at the circuit
ESTORIL_FP1 = dt.datetime(2021, 6, 26, 8, 0, tzinfo=UTC)  # 09:00 in Portugal (UTC+1)


def hours():
    """1 June at noon, then every hour from Thursday 00:00 to Sunday 00:00 at the circuit,
    plus the minutes either side of each change."""
    yield dt.datetime(2021, 6, 1, 10, tzinfo=UTC)
    start = dt.datetime(2021, 6, 2, 22, tzinfo=UTC)
    moments = {start + dt.timedelta(hours=n) for n in range(73)}
    for change in (*FP1, *FP2, *QUALIFYING, RACES_DONE):
        moments |= {change - dt.timedelta(minutes=1), change}
    yield from sorted(moments)


def expected(now):
    """What existed at `now`: sessions with results, the countdown's state and session."""
    results = []
    if now >= QUALIFYING[1]:
        results.append("Q")
    if now >= RACES_DONE:
        results += ["R1", "R2"]
    for code, (start, end) in (("FP1", FP1), ("FP2", FP2), ("Q", QUALIFYING)):
        if start <= now < end:
            return results, ("Live now", code)
        if now < start:
            return results, ("Next session", code)
    if now < RACES_DONE:
        return results, ("Next session", "R1")
    return results, ("Next session", "FP1")


SESSION_NAMES = {"FP1": "Free practice 1", "FP2": "Free practice 2", "Q": "Qualifying"}
SESSION_NAMES |= {"R1": "Race 1", "R2": "Race 2"}


def countdown_of(html):
    start = html.index('<div class="countdown" id="countdown"')
    block = html[start : html.index("</div>", start)]
    label = re.search(r'class="countdown__label[^"]*">(.*?)</p>', block).group(1)
    what = re.search(r'class="countdown__what">(.*?) · ', block).group(1)
    return block, label, what


def standings_top(html):
    rows = re.findall(
        r"<tr[^>]*>\s*<td>(\d+)[^<]*(?:<span[^>]*>\*</span><span[^>]*>[^<]*</span>)?</td>\s*"
        r'<th scope="row"><a[^>]*>([^<]+)</a></th>.*?<td class="num total">(\d+)',
        html,
        re.S,
    )
    return rows[0] if rows else None


@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_the_opener_hour_by_hour(season_2021, client, settings, time_machine, cached):
    settings.PAGE_CACHE = cached
    for now in hours():
        time_machine.move_to(now, tick=False)
        results, (label, session) = expected(now)
        at = f"at {now:%a %d %H:%M} UTC"

        # The event page: a results tab for each session that had ended, and no other.
        event = client.get("/en/events/2021/germany/").content.decode()
        assert re.findall(r'id="session-(\w+)"', event) == results, at
        assert ('id="results-title"' in event) == bool(results), at
        siblings = "Andreas and Jessica this weekend" in event
        assert siblings == ("R1" in results), at  # they have no qualifying row in the data

        # The countdown, on the home page and the calendar.
        for url in ("/en/", "/en/calendar/2021/"):
            block, shown_label, what = countdown_of(client.get(url).content.decode())
            assert (shown_label, what) == (label, SESSION_NAMES[session]), f"{url} {at}"
            if session == "R1":
                # Saturday's races: the day, no countdown to a time nobody knows.
                assert "Saturday 5 June, time to be confirmed" in block, at
                assert "data-countdown>" not in block, at
            else:
                assert "data-countdown>" in block, at

        # The standings after the latest round, and the drivers' own pages.
        table = client.get("/en/standings/2021/drivers/").content.decode()
        home = client.get("/en/").content.decode()
        jessica = client.get("/en/drivers/jessica-backman/").content.decode()
        starts = re.search(r"<dt>Starts</dt><dd>(\d+)</dd>", jessica).group(1)
        if not results:
            assert "No results yet." in table, at
            assert standings_top(table) is None, at
            assert starts == "0", at
        elif results == ["Q"]:
            # Girolami's pole: 10 points for the Nordschleife's qualifying.
            assert standings_top(table) == ("1", "Néstor Girolami", "10"), at
            assert "FIA Drivers&#x27; Title during round 1: the results so far" in table, at
            assert starts == "0", at
        else:
            # Vernay after round 1: 8 (Q 2nd) + 6 (R1 10th) + 25 (R2 win).
            assert standings_top(table) == ("1", "Jean-Karl Vernay", "39"), at
            assert "FIA Drivers&#x27; Title after round 1</caption>" in table, at
            assert starts == "2", at
        where = home[home.index('id="standing-title"') :]
        # The siblings have no row in the Nordschleife's (partial) qualifying classification.
        assert ("No results yet." in where) == ("R1" not in results), at


def test_between_the_races_on_a_timed_sunday(season_2021, client, settings, time_machine):
    """Estoril, Sunday 27 June: race 1 at 12:15 and race 2 at 15:15 (UTC+1), each shown
    an hour after its start (races have no length in the data)."""
    settings.PAGE_CACHE = True
    time_machine.move_to(dt.datetime(2021, 6, 27, 12, 20, tzinfo=UTC), tick=False)
    html = client.get("/en/events/2021/estoril/").content.decode()
    assert re.findall(r'id="session-(\w+)"', html) == ["Q1", "Q3", "Q", "R1"]
    _block, label, what = countdown_of(client.get("/en/").content.decode())
    assert (label, what) == ("Next session", "Race 2")

    time_machine.move_to(dt.datetime(2021, 6, 27, 14, 30, tzinfo=UTC), tick=False)
    _block, label, what = countdown_of(client.get("/en/").content.decode())
    assert (label, what) == ("Live now", "Race 2")

    time_machine.move_to(dt.datetime(2021, 6, 27, 15, 15, tzinfo=UTC), tick=False)
    html = client.get("/en/events/2021/estoril/").content.decode()
    assert re.findall(r'id="session-(\w+)"', html) == ["Q1", "Q3", "Q", "R1", "R2"]


def test_before_the_weekend_nothing_of_it_is_shown(season_2021, client, time_machine):
    time_machine.move_to(dt.datetime(2021, 6, 1, 10, tzinfo=UTC), tick=False)

    assert client.get("/en/events/2021/germany/?session=Q").status_code == 302
    csv = client.get("/en/standings/2021/drivers.csv").content.decode()
    assert csv.strip() == "position,name,points"


def test_the_next_weekend_counts_down_once_the_races_are_over(season_2021, client, time_machine):
    time_machine.move_to(RACES_DONE, tick=False)

    block, label, what = countdown_of(client.get("/en/").content.decode())

    assert (label, what) == ("Next session", "Free practice 1")
    assert f'<time datetime="{ESTORIL_FP1.isoformat()}" data-countdown>' in block


def test_a_rounds_adjustments_wait_for_the_end_of_the_round(season_2021, client, time_machine):
    """The 2021 reconciliations to the official final totals belong to round 8 (Sochi):
    shown once its last race has ended, not after its first."""
    between = dt.datetime(2021, 11, 28, 10, 30, tzinfo=UTC)  # race 1 over, race 2 at 11:15
    time_machine.move_to(between, tick=False)
    during = client.get("/en/standings/2021/junior/").content.decode()
    assert "during round 8: the results so far" in during
    assert "official final total" not in during

    time_machine.move_to(dt.datetime(2021, 11, 28, 12, 30, tzinfo=UTC), tick=False)
    after = client.get("/en/standings/2021/junior/").content.decode()
    assert "official final total (372)" in after


def test_a_page_computed_across_a_moment_is_not_kept(season_2021, client, settings, time_machine):
    """The page is computed as of the moment its request began; if qualifying ends while it
    is being computed, the stored copy must not outlive that moment."""
    from standings import views

    settings.PAGE_CACHE = True
    time_machine.move_to(QUALIFYING[1] - dt.timedelta(seconds=1), tick=False)
    tables = views._tables

    def slow(request, season):
        found = tables(request, season)
        time_machine.move_to(QUALIFYING[1] + dt.timedelta(seconds=1), tick=False)
        return found

    views._tables = slow
    try:
        assert "No results yet." in client.get("/en/standings/2021/drivers/").content.decode()
    finally:
        views._tables = tables
    time_machine.move_to(QUALIFYING[1] + dt.timedelta(minutes=5), tick=False)
    html = client.get("/en/standings/2021/drivers/").content.decode()
    assert standings_top(html) == ("1", "Néstor Girolami", "10")


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/en/", 14), ("/en/calendar/2021/", 3), ("/en/calendar/2021/countdown/", 2)],
)
def test_the_race_weekend_block_says_where_to_watch_and_when_a_live_session_ends(
    profiles_2021, get_page, time_machine, url, queries
):
    # Qualifying at the Nordschleife, 14:05-14:45 at the circuit (UTC+2).
    time_machine.move_to(QUALIFYING[0] + dt.timedelta(minutes=10), tick=False)

    block, label, what = countdown_of(get_page(url, queries=queries).content.decode())

    assert (label, what) == ("Live now", "Qualifying")
    assert 'data-state="live"' in block
    assert "Ends at 14:45 CEST track time" in block
    assert '<time datetime="2021-06-04T12:45:00+00:00" data-local-time>' in block
    assert "Where to watch: live on Eurosport · Kanal 9." in block


def test_after_the_season_the_block_leads_to_the_final_standings(season_2021, client, time_machine):
    time_machine.move_to(dt.datetime(2021, 12, 1, tzinfo=UTC), tick=False)
    for url in ("/sv/", "/sv/calendar/2021/"):
        html = client.get(url).content.decode()
        start = html.index('<div class="countdown" id="countdown"')
        block = html[start : html.index("</div>", start)]
        assert '<p class="countdown__label">Säsongen är avslutad</p>' in block
        assert 'href="/sv/standings/">Se sluttabellerna</a>' in block
        assert "Sänds direkt" not in block


def test_the_home_page_pairs_the_siblings_with_their_race_numbers(
    profiles_2021, client, time_machine
):
    time_machine.move_to(dt.datetime(2021, 6, 1, 10, tzinfo=UTC), tick=False)
    html = client.get("/en/").content.decode()
    hero = html[html.index('<section class="hero"') : html.index('id="family-title"')]
    assert 'id="countdown"' in hero
    assert re.findall(
        r'<p class="race-number"><span class="visually-hidden">Car </span>(\d+)</p>\s*'
        r'<h3 id="driver-[\w-]+"><a href="(/en/drivers/[\w-]+/)">',
        hero,
    ) == [("19", "/en/drivers/andreas-backman/"), ("26", "/en/drivers/jessica-backman/")]
    assert re.search(
        r'<img class="hero__picture" src="[^"]+hero-cars\.svg" width="1200" height="600" '
        r'alt="[^"]+" fetchpriority="high">',
        hero,
    )
