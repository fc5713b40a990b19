import datetime as dt
import shutil

import pytest
from django.conf import settings
from django.test import TestCase
from icalendar import Calendar

from events.models import Event, Session
from standings.importers import import_season as import_uncommitted
from standings.models import SessionResult

SEASON_2021 = settings.BASE_DIR / "data" / "seasons" / "2021"
# After the revised calendar of 19 August 2021 was announced: the feeds give the calendar
# as it finally was (before then, the calendar as announced: see the tests at the end).
NOW = dt.datetime(2021, 9, 1, 8, 0, tzinfo=dt.UTC)
# Season, its events with their circuits, their sessions: whatever the number of events.
SEASON_FEED_QUERIES = 3
EVENT_FEED_QUERIES = 2
CANCELLED_2021 = 4


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped 2021 folder, to edit before importing."""
    return shutil.copytree(SEASON_2021, tmp_path / "2021")


def edit(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def import_season(folder):
    """The import, committed as far as the test's transaction allows: the calendar's
    version moves on, as when the import commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return import_uncommitted(folder)


def feed(get_page, url, *, queries=SEASON_FEED_QUERIES):
    response = get_page(url, queries=queries)
    return Calendar.from_ical(response.content)


def by_uid(calendar):
    return {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}


def session_rows():
    """The sessions one can watch: not the final order computed from Q1-Q3 (a `Q` row at
    an event that also has Q1)."""
    rows = (SEASON_2021 / "sessions.csv").read_text(encoding="utf-8").strip().splitlines()[1:]
    split = {row.split(",")[0] for row in rows if row.split(",")[1] == "Q1"}
    return [row for row in rows if not (row.split(",")[1] == "Q" and row.split(",")[0] in split)]


def test_season_feed_headers_and_calendar_properties(season_2021, get_page):
    response = get_page("/en/calendar/2021.ics", queries=SEASON_FEED_QUERIES)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="wtcr-2021.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Backman WTCR//Calendar//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "WTCR 2021 · Bäckman"
    assert calendar.refresh_interval == dt.timedelta(hours=6)
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in response.content


def test_season_feed_has_one_vevent_per_session_and_per_cancelled_event(season_2021, get_page):
    calendar = feed(get_page, "/en/calendar/2021.ics")

    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(session_rows()) + CANCELLED_2021 == 58
    assert len(by_uid(calendar)) == len(vevents)
    assert all(vevent["DTSTAMP"].dt == NOW for vevent in vevents)


def test_date_only_session_is_an_all_day_event(season_2021, get_page):
    vevent = by_uid(feed(get_page, "/en/calendar/2021.ics"))["2021-germany-R1@wtcr.backman"]

    assert vevent["DTSTART"].dt == dt.date(2021, 6, 5)
    assert vevent["DTEND"].dt == dt.date(2021, 6, 6)
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert str(vevent["SUMMARY"]) == "Race 1 · Race of Germany"
    assert str(vevent["LOCATION"]) == "Nürburgring Nordschleife, Nürburg, DEU"
    assert str(vevent["URL"]) == "http://testserver/en/events/2021/germany/"
    assert str(vevent["DESCRIPTION"]) == "Round 1"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0


def test_session_without_a_date_spans_the_event(season_2021, get_page):
    vevent = by_uid(feed(get_page, "/en/calendar/2021.ics"))["2021-sochi-FP1@wtcr.backman"]

    assert vevent["DTSTART"].dt == dt.date(2021, 11, 26)
    assert vevent["DTEND"].dt == dt.date(2021, 11, 29)


def test_timed_session_is_given_in_utc(db, folder, get_page):
    edit(folder, "sessions.csv", "germany,Q,2021-06-04T14:05,40,", "germany,Q,2021-06-04T14:30,30,")
    import_season(folder)

    response = get_page("/en/calendar/2021.ics", queries=SEASON_FEED_QUERIES)

    vevent = by_uid(Calendar.from_ical(response.content))["2021-germany-Q@wtcr.backman"]
    # Nürburg keeps summer time (UTC+2) in June.
    assert vevent["DTSTART"].dt == dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)
    assert vevent["DTEND"].dt == dt.datetime(2021, 6, 4, 13, 0, tzinfo=dt.UTC)
    assert b"\r\nDTSTART:20210604T123000Z\r\n" in response.content
    assert b"\r\nDTEND:20210604T130000Z\r\n" in response.content


def test_asian_session_is_given_in_utc_and_lasts_an_hour_when_its_length_is_unknown(
    db, folder, get_page
):
    edit(folder, "calendar.csv", ",macau,", "9,macau,")
    edit(
        folder, "calendar.csv", "2021-11-19,2021-11-21,cancelled", "2021-11-19,2021-11-21,scheduled"
    )
    with (folder / "sessions.csv").open("a", encoding="utf-8") as sessions:
        sessions.write("macau,R1,2021-11-21T12:00,,\n")
    import_season(folder)

    vevent = by_uid(feed(get_page, "/en/calendar/2021.ics"))["2021-macau-R1@wtcr.backman"]

    # Macau is UTC+8 all year.
    assert vevent["DTSTART"].dt == dt.datetime(2021, 11, 21, 4, 0, tzinfo=dt.UTC)
    assert vevent["DTEND"].dt == dt.datetime(2021, 11, 21, 5, 0, tzinfo=dt.UTC)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["DESCRIPTION"]) == "Round 9"


def test_cancelled_event_is_one_cancelled_all_day_vevent(season_2021, get_page):
    vevents = by_uid(feed(get_page, "/en/calendar/2021.ics"))
    vevent = vevents["2021-vila-real@wtcr.backman"]

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == "Cancelled: Race of Portugal (Vila Real)"
    assert vevent["DTSTART"].dt == dt.date(2021, 6, 26)
    assert vevent["DTEND"].dt == dt.date(2021, 6, 28)
    assert "DESCRIPTION" not in vevent
    assert [uid for uid in vevents if uid.startswith("2021-vila-real")] == [
        "2021-vila-real@wtcr.backman"
    ]
    cancelled = {uid for uid, v in vevents.items() if str(v["STATUS"]) == "CANCELLED"}
    assert cancelled == {
        "2021-vila-real@wtcr.backman",
        "2021-inje@wtcr.backman",
        "2021-ningbo@wtcr.backman",
        "2021-macau@wtcr.backman",
    }


def test_sessions_follow_their_event_status(db, folder, get_page):
    import_season(folder)
    Session.objects.create(
        event=Event.objects.get(slug="vila-real"), code="R1", start_date=dt.date(2021, 6, 27)
    )
    Event.objects.filter(slug="adria").update(status=Event.Status.POSTPONED)

    vevents = by_uid(feed(get_page, "/en/calendar/2021.ics"))

    assert str(vevents["2021-vila-real-R1@wtcr.backman"]["STATUS"]) == "CANCELLED"
    assert str(vevents["2021-vila-real@wtcr.backman"]["STATUS"]) == "CANCELLED"
    assert str(vevents["2021-adria-R1@wtcr.backman"]["STATUS"]) == "TENTATIVE"
    assert str(vevents["2021-germany-R1@wtcr.backman"]["STATUS"]) == "CONFIRMED"


def test_uids_do_not_depend_on_the_language_or_the_request(season_2021, get_page):
    first = get_page("/en/calendar/2021.ics", queries=SEASON_FEED_QUERIES).content
    second = get_page("/en/calendar/2021.ics", queries=0).content  # built once
    swedish = get_page("/sv/calendar/2021.ics", queries=SEASON_FEED_QUERIES).content

    assert first == second
    uids = list(by_uid(Calendar.from_ical(first)))
    assert uids == list(by_uid(Calendar.from_ical(swedish)))
    assert "2021-germany-Q@wtcr.backman" in uids


def test_summary_and_links_are_in_the_page_language(season_2021, get_page):
    english = by_uid(feed(get_page, "/en/calendar/2021.ics"))["2021-germany-Q@wtcr.backman"]
    swedish = by_uid(feed(get_page, "/sv/calendar/2021.ics"))["2021-germany-Q@wtcr.backman"]

    assert str(english["SUMMARY"]) == "Qualifying · Race of Germany"
    assert "Kval" in str(swedish["SUMMARY"])
    assert str(swedish["SUMMARY"]) == "Kval · Tysklands deltävling"
    assert str(swedish["DESCRIPTION"]) == "Omgång 1"
    assert str(swedish["URL"]) == "http://testserver/sv/events/2021/germany/"
    assert swedish["DTSTART"].dt == english["DTSTART"].dt


def test_sequence_grows_when_a_session_time_changes(db, folder, get_page):
    import_season(folder)
    before = by_uid(feed(get_page, "/en/calendar/2021.ics"))
    edit(folder, "sessions.csv", "germany,Q,2021-06-04T14:05,40,", "germany,Q,2021-06-04T14:30,30,")
    import_season(folder)

    after = by_uid(feed(get_page, "/en/calendar/2021.ics"))

    assert before["2021-germany-Q@wtcr.backman"]["SEQUENCE"] == 0
    assert after["2021-germany-Q@wtcr.backman"]["SEQUENCE"] == 1
    assert after["2021-germany-R1@wtcr.backman"]["SEQUENCE"] == 1
    assert after["2021-estoril-R1@wtcr.backman"]["SEQUENCE"] == 0


def test_event_feed_has_only_that_events_sessions(season_2021, get_page):
    response = get_page("/en/events/2021/germany.ics", queries=EVENT_FEED_QUERIES)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="wtcr-2021-germany.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Race of Germany · WTCR 2021"
    assert set(by_uid(calendar)) == {
        "2021-germany-FP1@wtcr.backman",
        "2021-germany-FP2@wtcr.backman",
        "2021-germany-Q@wtcr.backman",
        "2021-germany-R1@wtcr.backman",
        "2021-germany-R2@wtcr.backman",
    }


def test_event_feed_of_a_cancelled_event(season_2021, get_page):
    # The page no longer offers it, but whoever downloaded or subscribed to it before
    # learns the weekend is off.
    calendar = feed(get_page, "/en/events/2021/macau.ics", queries=EVENT_FEED_QUERIES)

    vevents = by_uid(calendar)
    assert list(vevents) == ["2021-macau@wtcr.backman"]
    assert str(vevents["2021-macau@wtcr.backman"]["STATUS"]) == "CANCELLED"
    assert str(vevents["2021-macau@wtcr.backman"]["SUMMARY"]) == "Cancelled: Race of Macau"


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/en/calendar/2020.ics", 1),
        ("/en/events/2021/nowhere.ics", 1),
        ("/en/events/2020/germany.ics", 1),
    ],
)
def test_unknown_season_or_event_is_404(season_2021, get_page, url, queries):
    get_page(url, queries=queries, status=404)


def test_feeds_answer_get_only(season_2021, client):
    assert client.post("/en/calendar/2021.ics").status_code == 405
    assert client.post("/en/events/2021/germany.ics").status_code == 405


@pytest.mark.parametrize(
    ("emptied", "vevents"),
    [
        # 54 sessions to watch, less 14 of most and pau-arnos, plus 3 cancelled events left.
        ([], 43),
        # ... and less the 26 sessions of the first four events.
        (["germany", "estoril", "aragon", "hungary"], 17),
    ],
)
def test_season_feed_query_count_does_not_depend_on_the_data(
    season_2021, get_page, emptied, vevents
):
    gone = ["most", "pau-arnos", "inje"]
    # Results are history: sessions and events go once their results have gone.
    SessionResult.objects.filter(session__event__slug__in=[*emptied, *gone]).delete()
    Session.objects.filter(event__slug__in=emptied).delete()
    Event.objects.filter(slug__in=gone).delete()

    calendar = feed(get_page, "/en/calendar/2021.ics")

    assert len(calendar.walk("VEVENT")) == vevents


# (PostgreSQL stores no NUL in text, so none is in the database to begin with.)
HOSTILE = "Race\x01 of\nSpain\r\x1b\x0b\u2028end\x7f"


def test_feeds_answer_for_names_with_control_characters(season_2021, client):
    event = Event.objects.get(season__slug="2021", slug="aragon")
    event.name_en = event.name_sv = HOSTILE
    event.save()
    event.circuit.name = "MotorLand\x08\nAragón\x0c"
    event.circuit.city = "Alca\x1bñiz"
    event.circuit.save()

    for url in ("/en/calendar/2021.ics", "/sv/calendar/2021.ics", "/en/events/2021/aragon.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = Calendar.from_ical(response.content)
        [vevent, *_] = [
            v for v in calendar.walk("VEVENT") if str(v["UID"]).startswith("2021-aragon")
        ]
        assert str(vevent["SUMMARY"]).endswith("· Race of Spain end")
        assert str(vevent["LOCATION"]) == "MotorLand Aragón, Alca ñiz, ESP"
        text = response.content.decode()
        assert not any(c in text for c in "\x01\x08\x0b\x0c\x1b\x7f\u2028")
