import pytest
from django.utils import translation

from standings.laps import LapError, format_lap, parse_lap


@pytest.mark.parametrize(
    ("typed", "ms"),
    [
        ("1:44.522", 104_522),
        (" 1:44.522 ", 104_522),
        ("01:44.522", 104_522),
        ("1:44,522", 104_522),  # a Swedish decimal comma
        ("1.44,522", 104_522),  # minutes with a dot
        ("1.44.522", 104_522),
        ("104.522", 104_522),  # seconds only
        ("104,522", 104_522),
        ("58.301", 58_301),
        ("1:44.5", 104_500),
        ("8:59.123", 539_123),  # the Nordschleife
        ("", None),
        ("  ", None),
    ],
)
def test_a_lap_is_read_as_people_type_it(typed, ms):
    assert parse_lap(typed) == ms


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("104522", "104522 has no minutes or seconds: write the lap as minutes:seconds."),
        ("1:44", "1:44 is not a lap time: write minutes:seconds.thousandths, like 1:44.522."),
        ("1:64.522", "1:64.522 has 64 seconds: a minute has 60."),
        ("1:4.522", "Write the seconds with two digits, like 1:44.522, not 1:4.522."),
        ("1:44.5221", "1:44.5221 has more than thousandths of a second"),
        ("-1:44.522", "-1:44.522 is not a lap time"),
        ("1:44.522abc", "1:44.522abc is not a lap time"),
        ("0.000", "A lap of 0.000 is too short: a best lap takes at least 20.000."),
        ("5.123", "A lap of 5.123 is too short: a best lap takes at least 20.000."),
        ("25:00.000", "A lap of 25:00.000 is too long: a best lap takes at most 20:00.000."),
        ("99:99.999", "99:99.999 has 99 seconds"),
    ],
)
def test_a_lap_that_cannot_be_read_for_sure_is_refused_with_its_form(typed, reason):
    with translation.override("en"), pytest.raises(LapError) as refused:
        parse_lap(typed)
    assert reason in str(refused.value)


def test_a_refusal_speaks_swedish_to_a_swede():
    with translation.override("sv"), pytest.raises(LapError) as refused:
        parse_lap("104522")
    assert str(refused.value) == (
        "104522 saknar minuter och sekunder: skriv varvtiden som minuter:sekunder.tusendelar, "
        "till exempel 1:44.522."
    )


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (104_522, "1:44.522"),
        (58_301, "58.301"),
        (539_123, "8:59.123"),
        (60_000, "1:00.000"),
        (None, ""),
    ],
)
def test_a_lap_is_shown_as_on_a_timing_sheet(ms, shown):
    assert format_lap(ms) == shown


def test_every_shown_lap_reads_back_the_same():
    for ms in range(20_000, 1_200_001, 7_919):
        assert parse_lap(format_lap(ms)) == ms


@pytest.mark.parametrize(
    "typed",
    [
        "1:4\N{ARABIC-INDIC DIGIT FOUR}.522",
        "\N{ARABIC-INDIC DIGIT ONE}:44.522",
        "104.\N{ARABIC-INDIC DIGIT FIVE}22",
        "\N{ARABIC-INDIC DIGIT ONE}04522",
    ],
)
def test_digits_of_other_scripts_are_no_lap(typed):
    with translation.override("en"), pytest.raises(LapError):
        parse_lap(typed)


def test_a_position_in_superscript_is_refused_with_our_own_words(season_2021):
    from standings.classification import read_file
    from standings.models import Entry

    entries = list(Entry.objects.filter(season__slug="2021").select_related("driver"))
    with translation.override("en"):
        lines, problems = read_file(
            "r1.csv", "position,number,status,best_lap\n²,68,classified,1:44.522\n", entries
        )
    assert lines == []
    assert "must be a whole number from 1" in str(problems[0])
