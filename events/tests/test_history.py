"""The history in words, and the lines kept as text before the changes were kept field by
field."""

import importlib

import pytest
from django.utils import translation

from events.history import author, lines
from events.models import Event, EventChange

old_text = importlib.import_module("events.migrations.0010_event_history_from_old_text")
CIRCUITS = {3: "MotorLand Aragón", 4: "Hungaroring"}
EVENTS = {2: ("2021", "Race of Portugal (Vila Real)", "Portugals deltävling (Vila Real)")}


@pytest.mark.parametrize(
    ("text", "entries", "source"),
    [
        ("session times changed", [{"field": "sessions"}], ""),
        ("passtider ändrade", [{"field": "sessions"}], ""),
        ("calendar.csv imported with changes", [{"field": "imported"}], "import"),
        (
            "status: scheduled → postponed",
            [{"field": "status", "old": "scheduled", "new": "postponed"}],
            "admin",
        ),
        (
            "startdatum: 2021-06-03 → 2021-06-10, omgång: 1 → None, bana: 3 → Hungaroring",
            [
                {"field": "start_date", "old": "2021-06-03", "new": "2021-06-10"},
                {"field": "round", "old": 1, "new": None},
                {"field": "circuit", "old": "MotorLand Aragón", "new": "Hungaroring"},
            ],
            "admin",
        ),
        (
            "replaces: None → 2021 Race of Portugal (Vila Real)",
            [
                {
                    "field": "replaces",
                    "old": None,
                    "new": {
                        "en": "Race of Portugal (Vila Real)",
                        "sv": "Portugals deltävling (Vila Real)",
                    },
                }
            ],
            "admin",
        ),
    ],
)
def test_old_lines_are_read_back_into_fields(text, entries, source):
    assert old_text.parse(text, CIRCUITS, EVENTS) == (entries, source)


@pytest.mark.parametrize(
    "text", ["status: scheduled → later", "name: A → B", "circuit: 99 → X", "something else"]
)
def test_old_lines_that_cannot_be_read_stay_text(text):
    assert old_text.parse(text, CIRCUITS, EVENTS) is None


def test_a_line_kept_as_text_is_shown_as_it_was(season_2021):
    change = EventChange(event=Event.objects.get(slug="germany"), description="moved by hand")
    assert lines(change) == ["moved by hand"]
    assert author(change) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            [
                "Passtider ändrade",
                "Status: planerad → inställd",
                "Ändringen meddelades: — → 19 augusti 2021",
                "Ersätter: — → Portugals deltävling (Vila Real)",
                "Race 1, dag: 5 juni 2021 → 6 juni 2021",
                "Race 1, klar senast: 5 juni 2021 kl. 15:30 → — (banans lokala tid)",
            ],
        ),
        (
            "en",
            [
                "Session times changed",
                "Status: scheduled → cancelled",
                "Announced on: — → 19 August 2021",
                "Replaces: — → Race of Portugal (Vila Real)",
                "Race 1, day: 5 June 2021 → 6 June 2021",
                "Race 1, finished by: 5 June 2021, 15:30 → — (track time)",
            ],
        ),
    ],
)
def test_each_kind_of_line_in_both_languages(season_2021, language, expected):
    change = EventChange(
        event=Event.objects.get(slug="germany"),
        source="import",
        changes=[
            {"field": "sessions"},
            {"field": "status", "old": "scheduled", "new": "cancelled"},
            {"field": "announced_on", "old": None, "new": "2021-08-19"},
            {
                "field": "replaces",
                "old": None,
                "new": {
                    "en": "Race of Portugal (Vila Real)",
                    "sv": "Portugals deltävling (Vila Real)",
                },
            },
            {"session": "R1", "field": "start_date", "old": "2021-06-05", "new": "2021-06-06"},
            {
                "session": "R1",
                "field": "finished_by",
                "old": "2021-06-05T13:30:00+00:00",
                "new": None,
                "zone": "Europe/Berlin",
            },
        ],
    )
    with translation.override(language):
        assert lines(change) == expected
        assert (
            author(change)
            == {"sv": "Import av säsongsmapp", "en": "Season folder import"}[language]
        )
