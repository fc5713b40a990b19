"""Swedish pages name every event in Swedish; English pages keep the English names."""

import csv
import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from events.announced import as_announced
from events.models import Event
from news.models import Article
from standings.models import Title

CALENDAR = settings.BASE_DIR / "data" / "seasons" / "2021" / "calendar.csv"
SIBLINGS = ("andreas-backman", "jessica-backman")
# Before the opener (the countdown names the Nürburgring), during the season, after it.
MOMENTS = [
    dt.datetime(2021, 6, 1, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2021, 8, 20, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC),
]


def calendar_names(moment=None):
    """(English names, Swedish names) of the calendar's events; with `moment`, of those
    on the calendar as announced by then (Sochi was added on 19 August)."""
    with CALENDAR.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if moment is not None:
        shown = {event.slug for event in as_announced(season_events(), moment)}
        rows = [row for row in rows if row["slug"] in shown]
    return [row["name"] for row in rows], [row["name_sv"] for row in rows]


def season_events():
    return Event.objects.filter(season__slug="2021").select_related("circuit")


def public_pages(language):
    """Every public page (and feed) that may name an event, in one language."""
    pages = [
        f"/{language}/",
        f"/{language}/calendar/",
        f"/{language}/calendar/2021.ics",
        f"/{language}/drivers/",
        f"/{language}/milestones/",
        f"/{language}/news/",
        f"/{language}/news/feed/",
        f"/{language}/press/",
        f"/{language}/standings/",
    ]
    for event in as_announced(season_events(), timezone.now()):
        pages += [
            f"/{language}/events/2021/{event.slug}/",
            f"/{language}/events/2021/{event.slug}.ics",
        ]
    pages += [f"/{language}/standings/2021/{t.slug}/" for t in Title.objects.all()]
    pages += [f"/{language}/drivers/{slug}/" for slug in SIBLINGS]
    pages += [f"/{language}/press/kit/{slug}/" for slug in SIBLINGS]
    pages += [
        f"/{language}/news/{article.slug}/"
        for article in Article.objects.filter(
            language=language, event__isnull=False, publish_at__lte=timezone.now()
        )
    ]
    return pages


@pytest.fixture
def site(profiles_2021, settings):
    from news.demo import load_news

    load_news(settings.BASE_DIR / "data" / "news.toml")
    return profiles_2021


def fetched(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_event_of_the_calendar_has_a_swedish_name():
    english, swedish = calendar_names()

    assert all(swedish)
    assert not set(english) & set(swedish)
    # Short enough for a phone's heading.
    assert max(len(name) for name in swedish) <= 32


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.date().isoformat())
def test_swedish_pages_name_no_event_in_english(site, client, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    english, swedish = calendar_names()
    seen = set()

    for url in public_pages("sv"):
        html = fetched(client, url)
        found = [name for name in english if name in html]
        assert found == [], url
        seen.update(name for name in swedish if name in html)

    # Every event on the calendar is named somewhere, so the check above is not empty.
    assert seen == set(calendar_names(moment)[1])


@pytest.mark.parametrize("moment", MOMENTS[:1], ids=lambda m: m.date().isoformat())
def test_english_pages_keep_the_english_names(site, client, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    english, swedish = calendar_names()
    seen = set()

    for url in public_pages("en"):
        html = fetched(client, url)
        found = [name for name in swedish if name in html]
        assert found == [], url
        seen.update(name for name in english if name in html)

    assert seen == set(calendar_names(moment)[0])
    calendar = fetched(client, "/en/calendar/")
    assert "Race of Germany" in calendar
    assert "Race of Portugal (Vila Real)" in calendar
