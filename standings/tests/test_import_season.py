import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation

from drivers.models import Driver, Team
from events.models import Event, Session
from standings.importers import import_season
from standings.models import Adjustment, Entry, PointsScale, SessionResult, Title
from standings.seasonfiles import SeasonFileError
from standings.tests.conftest import SEASON_2021

MODELS = [Event, Session, Driver, Team, Entry, SessionResult, Title, PointsScale, Adjustment]


def snapshot():
    """Every row of every imported model, to compare before and after."""
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS}


def test_the_2021_season_loads_as_announced_and_as_raced(season_2021):
    events = {event.slug: event for event in Event.objects.filter(season=season_2021)}

    assert len(events) == 12
    assert sorted(e.round for e in events.values() if e.round) == [1, 2, 3, 4, 5, 6, 7, 8]
    cancelled = sorted(slug for slug, e in events.items() if e.status == "cancelled")
    assert cancelled == ["inje", "macau", "ningbo", "vila-real"]
    assert events["estoril"].replaces == events["vila-real"]
    assert events["adria"].previous_start_date == dt.date(2021, 7, 31)
    assert events["germany"].circuit.timezone == "Europe/Berlin"
    assert season_2021.broadcasters == ["Eurosport", "Kanal 9"]
    assert Entry.objects.filter(season=season_2021).count() == 27
    assert SessionResult.objects.count() == 551
    assert [t.slug for t in season_2021.titles.all()] == [
        "drivers",
        "teams",
        "junior",
        "trophy",
        "female",
    ]
    jessica = Entry.objects.get(driver__slug="jessica-backman")
    assert (jessica.number, jessica.team.name, jessica.rounds) == (26, "Target Competition", "1-4")
    assert jessica.flags == {"junior", "trophy", "female"}
    assert Entry.objects.filter(driver__name="Nicola Baldan").count() == 2
    assert Entry.objects.get(driver__name="Petr Fulín").number is None


def test_events_and_adjustments_have_both_languages(season_2021):
    events = {event.slug: event for event in Event.objects.filter(season=season_2021)}

    assert (events["germany"].name_en, events["germany"].name_sv) == (
        "Race of Germany",
        "Tysklands deltävling",
    )
    assert all(event.name_sv for event in events.values())
    with translation.override("sv"):
        assert events["estoril"].name == "Portugals deltävling"
    with translation.override("en"):
        assert events["estoril"].name == "Race of Portugal"
    with translation.override(None):  # the commands: English
        assert events["estoril"].name == "Race of Portugal"
    adria = events["adria"]
    assert (adria.previous_start_date, adria.previous_end_date) == (
        dt.date(2021, 7, 31),
        dt.date(2021, 8, 1),
    )
    announced = {slug for slug, event in events.items() if event.announced_on}
    assert announced == {"adria", "sochi", "inje", "ningbo", "macau"}
    assert {events[slug].announced_on for slug in announced} == {dt.date(2021, 8, 19)}
    assert events["vila-real"].announced_on is None
    assert events["germany"].circuit.length_km == Decimal("25.378")
    assert events["hungary"].circuit.length_km is None
    engstler = Adjustment.objects.get(driver__name="Luca Engstler")
    assert engstler.reason_en.startswith("Reconciles to the official final total (372)")
    assert engstler.reason_sv.startswith("Justerat till den officiella slutpoängen (372)")
    with translation.override("sv"):
        assert engstler.reason == engstler.reason_sv


def test_files_without_the_optional_columns_still_import(season_folder, db):
    """A calendar.csv and adjustments.csv written before name_sv, previous_end_date,
    announced and reason_sv existed."""
    calendar = season_folder.path / "calendar.csv"
    rows = list(csv.reader(io.StringIO(calendar.read_text(encoding="utf-8"))))
    kept = rows[0].index("previous_start_date") + 1
    calendar.write_text("".join(",".join(row[:kept]) + "\n" for row in rows), encoding="utf-8")
    adjustments = season_folder.path / "adjustments.csv"
    rows = list(csv.reader(io.StringIO(adjustments.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:-1] for row in rows)
    adjustments.write_text(out.getvalue(), encoding="utf-8")

    import_season(season_folder.path)

    germany = Event.objects.get(slug="germany")
    assert (germany.name_en, germany.name_sv, germany.announced_on) == ("Race of Germany", "", None)
    with translation.override("sv"):
        assert germany.name == "Race of Germany"
        assert Adjustment.objects.first().reason.startswith("Reconciles")


def test_optional_columns_may_come_in_any_order_but_no_other(season_folder, db):
    header = (
        "round,slug,name,circuit,city,country,timezone,length_km,corners,start_date,end_date,"
        "status,replaces,"
    )
    season_folder.edit(
        "calendar.csv",
        header + "previous_start_date,previous_end_date,announced,name_sv",
        header + "name_sv,announced,previous_start_date,previous_end_date",
    )
    calendar = season_folder.path / "calendar.csv"
    rows = list(csv.reader(io.StringIO(calendar.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [*row[:13], row[16], row[15], row[13], row[14]] if n else row for n, row in enumerate(rows)
    )
    calendar.write_text(out.getvalue(), encoding="utf-8")
    import_season(season_folder.path)
    adria = Event.objects.get(slug="adria")
    assert (adria.name_sv, adria.announced_on, adria.previous_end_date) == (
        "Italiens deltävling",
        dt.date(2021, 8, 19),
        dt.date(2021, 8, 1),
    )

    season_folder.edit("calendar.csv", "previous_end_date", "first_planned_end")
    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)
    [problem] = refused.value.problems
    assert str(problem).startswith(
        "calendar.csv, line 1: the header must be round,slug,name,circuit,"
    )
    assert "(then any of previous_start_date,previous_end_date,announced,name_sv)" in str(problem)


def test_a_second_import_changes_nothing(season_2021):
    before = snapshot()

    report = import_season(SEASON_2021)

    assert report.changed is False
    assert report.changes == []
    assert snapshot() == before


def test_a_dry_run_saves_nothing(db):
    report = import_season(SEASON_2021, dry_run=True)

    assert report.changed is True
    assert report.counts["events"]["created"] == 12
    assert Event.objects.count() == 0
    assert SessionResult.objects.count() == 0


def test_partial_classifications_are_accepted_with_a_warning(db):
    report = import_season(SEASON_2021)

    warnings = [str(w) for w in report.warnings]
    assert (
        "results.csv: round 1 Q: classified positions skip 12, 16, 17 (a partial classification)"
        in warnings
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "line_start", "reason"),
    [
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,1,100,Yvan Muller,classified,",
            "1,R1,1,100,",
            "position 1 appears twice in round 1 R1 (also line {other})",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,2,99,Yvan Muller,classified,",
            "1,R1,2,99,",
            "car number 99 is not entered in round 1",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,2,100,Yvan Muller,finished,",
            "1,R1,2,100,",
            "status must be one of classified, DNF, NC, DNS, DSQ, DNQ, EX, WD, not 'finished'",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,2,19,Yvan Muller,classified,",
            "1,R1,2,19,",
            "car 19 is Andreas Bäckman in round 1, not Yvan Muller",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R4,2,100,Yvan Muller,classified,",
            "1,R4,",
            "session must be one of FP1, FP2, Q, Q1, Q2, Q3, R1, R2, not 'R4'",
        ),
        (
            "results.csv",
            "1,R1,,79,Rob Huff,DNF,",
            "1,R1,3,79,Rob Huff,DNF,",
            "1,R1,3,79,",
            "a DNF row has no position: leave position empty",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,2,100,Yvan Muller,classified,1:61.000",
            "1,R1,2,100,",
            "best_lap has 61 seconds past a minute: '1:61.000'",
        ),
        (
            "entries.csv",
            "19,Andreas Bäckman,SWE,Target Competition,Hyundai Elantra N TCR,no,yes,no,no,1-4",
            "26,Andreas Bäckman,SWE,Target Competition,Hyundai Elantra N TCR,no,yes,no,no,1-4",
            "26,Jessica",
            "car 26 is also entered on line {other} for the same rounds",
        ),
        (
            "calendar.csv",
            ",inje,Race of Korea,",
            "9,inje,Race of Korea,",
            "9,inje",
            "a cancelled event has no round number: leave round empty",
        ),
        (
            "calendar.csv",
            "Europe/Berlin",
            "Europe/Nurburg",
            "1,germany",
            "timezone must be an IANA time zone like Europe/Berlin, not 'Europe/Nurburg'",
        ),
        (
            "sessions.csv",
            "germany,Q,2021-06-04T14:05,40,",
            "germany,Q,2021-03-28T02:30,40,",
            "germany,Q,",
            "2021-03-28 02:30 does not exist in Europe/Berlin (clocks go forward)",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,40000,100,Yvan Muller,classified,",
            "1,R1,40000,",
            "position must be from 1 to 200, not 40000",
        ),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,classified,",
            "1,R1,2,100,Yvan Muller,classified,99999999:00.000",
            "1,R1,2,100,",
            "best_lap must look like 1:44.522 or 58.301, not '99999999:00.000'",
        ),
        (
            "adjustments.csv",
            "8,junior,Luca Engstler,32,",
            "8,junior,Yann Ehrlacher,32,",
            "8,junior,Yann",
            "'Yann Ehrlacher' is not an entered driver who can score in junior",
        ),
        (
            "adjustments.csv",
            "8,junior,Luca Engstler,32,",
            "40,junior,Luca Engstler,32,",
            "40,junior",
            "round 40 is not in the calendar",
        ),
        (
            "calendar.csv",
            "2021-08-01,2021-08-19,Italiens",
            "2021-08-01,19 August 2021,Italiens",
            "7,adria",
            "announced must be a date like 2021-06-04, not '19 August 2021'",
        ),
        (
            "calendar.csv",
            "2021-07-31,2021-08-01,",
            "2021-07-31,2021-07-30,",
            "7,adria",
            "previous_end_date 2021-07-30 is before previous_start_date 2021-07-31",
        ),
        (
            "calendar.csv",
            "2021-07-31,2021-08-01,",
            "2021-07-31,2021-08-32,",
            "7,adria",
            "previous_end_date must be a date like 2021-06-04, not '2021-08-32'",
        ),
        (
            "calendar.csv",
            "Circuito do Estoril,Estoril,PRT,Europe/Lisbon",
            "Circuito Internacional de Vila Real,Estoril,PRT,Europe/Lisbon",
            "2,estoril",
            "Circuito Internacional de Vila Real is also on line 3 with other city, country, "
            "time zone, length or corners",
        ),
        (
            "sessions.csv",
            "germany,FP1,2021-06-03T14:30,40,",
            "germany,FP1,2021-07-03T14:30,40,",
            "germany,FP1,",
            "the session's day 2021-07-03 is not one of the event's days "
            "(2021-06-03 to 2021-06-05)",
        ),
        (
            "sessions.csv",
            "germany,FP1,2021-06-03T14:30,40,",
            "germany,FP1,0001-01-01T00:30,40,",
            "germany,FP1,",
            "the session's day 0001-01-01 is not one of the event's days "
            "(2021-06-03 to 2021-06-05)",
        ),
        (
            "sessions.csv",
            "germany,Q,2021-06-04T14:05,40,",
            "germany,Q,2021-06-04T14:05,40,2021-06-04T14:06",
            "germany,Q,",
            "finished_by is for a session whose start time is not known: leave it empty "
            "when starts_local has a time",
        ),
        (
            "sessions.csv",
            "germany,R1,2021-06-05,,2021-06-05T15:30",
            "germany,R1,2021-06-05,,2020-06-05T15:30",
            "germany,R1,",
            "finished_by 2020-06-05T15:30 is not within the session's day, 2021-06-05",
        ),
    ],
    ids=[
        "duplicated-position",
        "unknown-car-number",
        "bad-status",
        "number-of-another-driver",
        "unknown-session",
        "position-on-dnf",
        "bad-lap",
        "number-twice-in-a-round",
        "cancelled-with-round",
        "unknown-time-zone",
        "skipped-local-time",
        "position-out-of-range",
        "lap-out-of-range",
        "adjustment-for-an-ineligible-driver",
        "adjustment-round-not-in-calendar",
        "bad-announcement-date",
        "moved-event-ends-before-it-starts",
        "bad-previous-end-date",
        "one-circuit-two-ways",
        "session-outside-its-event",
        "session-at-the-start-of-time",
        "finished-by-with-a-start-time",
        "finished-by-on-another-day",
    ],
)
def test_a_bad_file_is_refused_with_file_line_and_reason_and_changes_nothing(
    season_2021, season_folder, file, old, new, line_start, reason
):
    before = snapshot()
    season_folder.edit(file, old, new)
    line = season_folder.line_of(file, line_start)
    # A duplicate names the other line too: the first one, in the file, like it.
    other = {"1,R1,1,100,": "1,R1,1,18,", "26,Jessica": "26,Andreas"}.get(line_start)
    if other:
        reason = reason.format(other=season_folder.line_of(file, other))

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    expected = f"{file}, line {line}: {reason}"
    assert expected in [str(problem) for problem in refused.value.problems]
    assert snapshot() == before


def test_a_session_time_is_stored_in_utc(season_folder, db):
    season_folder.edit(
        "sessions.csv", "germany,Q,2021-06-04T14:05,40,", "germany,Q,2021-06-04T14:30,30,"
    )

    import_season(season_folder.path)

    session = Session.objects.get(event__slug="germany", code="Q")
    # Nürburg in June is UTC+2 (CEST).
    assert session.starts_at == dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)
    assert session.start_date == dt.date(2021, 6, 4)
    assert session.duration_min == 30


def test_a_missing_file_is_refused(season_folder, db):
    (season_folder.path / "entries.csv").unlink()

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    assert [str(p) for p in refused.value.problems] == [
        f"entries.csv: missing from {season_folder.path}"
    ]


def test_a_changed_result_replaces_only_its_session(season_2021, season_folder):
    untouched = SessionResult.objects.filter(session__event__round=1, session__code="R2")
    ids_before = sorted(untouched.values_list("pk", flat=True))
    season_folder.edit(
        "results.csv",
        "1,R1,2,100,Yvan Muller,classified,",
        "1,R1,2,100,Yvan Muller,classified,2:00.5",
    )

    report = import_season(season_folder.path)

    assert report.changes == ["round 1 R1 (Race of Germany): 1 changed (Yvan Muller)"]
    muller = SessionResult.objects.get(
        session__event__round=1, session__code="R1", entry__driver__name="Yvan Muller"
    )
    assert muller.best_lap_ms == 120500
    assert sorted(untouched.values_list("pk", flat=True)) == ids_before


def test_an_entry_split_in_two_keeps_its_results_and_imports_idempotently(
    season_2021, season_folder
):
    line = "26,Jessica Bäckman,SWE,Target Competition,Hyundai Elantra N TCR,yes,yes,yes,no,"
    season_folder.edit("entries.csv", line + "1-4", f"{line}1-2\n{line}3-4")
    results = SessionResult.objects.filter(entry__driver__slug="jessica-backman")
    assert results.count() == 10  # her rows in results.csv, rounds 1 to 4

    import_season(season_folder.path)
    second = import_season(season_folder.path)

    jessica = Entry.objects.filter(driver__slug="jessica-backman").order_by("rounds")
    assert [entry.rounds for entry in jessica] == ["1-2", "3-4"]
    assert second.changed is False
    assert results.count() == 10
    assert sorted(set(results.values_list("entry__rounds", "session__event__round"))) == [
        ("1-2", 1),
        ("1-2", 2),
        ("3-4", 3),
        ("3-4", 4),
    ]


def test_a_renamed_team_updates_the_entry_in_place(season_2021, season_folder):
    entry = Entry.objects.get(driver__slug="andreas-backman")
    season_folder.edit(
        "entries.csv",
        "19,Andreas Bäckman,SWE,Target Competition,",
        "19,Andreas Bäckman,SWE,Target Racing,",
    )

    import_season(season_folder.path)

    assert list(
        Entry.objects.filter(driver__slug="andreas-backman").values_list("pk", "team__name")
    ) == [(entry.pk, "Target Racing")]


def test_an_event_dropped_from_the_calendar_with_results_is_refused(season_2021, season_folder):
    before = snapshot()
    season_folder.edit("calendar.csv", "3,aragon,", "3,spain,")
    sessions = season_folder.path / "sessions.csv"
    sessions.write_text(sessions.read_text(encoding="utf-8").replace("aragon,", "spain,"))

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    assert [str(p) for p in refused.value.problems] == [
        "calendar.csv: aragon is no longer in the file but has results"
    ]
    assert snapshot() == before


def test_a_toml_with_titles_that_are_not_tables_is_refused(season_folder, db):
    path = season_folder.path / "season.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("[[titles]]")[0].replace("[points]", "titles = 5\n\n[points]"))

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    assert [str(p) for p in refused.value.problems] == [
        "season.toml: titles must be [[titles]] tables"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [("a = [", None), ('name = "2021"\nslug = \n', 2), ("[titles\n", 1)],
)
def test_a_season_toml_that_is_not_toml_is_refused_with_its_line(text, line):
    from standings.seasonfiles import SeasonFileError, parse_season_toml

    with pytest.raises(SeasonFileError) as refused:
        parse_season_toml(text)
    (problem,) = refused.value.problems
    assert problem.line == line
    assert str(problem.reason).startswith("not valid TOML (")
    assert "at line" not in str(problem.reason)


CONTROL_REASON = (
    "{column} contains a line break or another control character ({found}): "
    "write it as one line of plain text"
)


@pytest.mark.parametrize(
    ("file", "old", "new", "line_start", "column", "found"),
    [
        (
            "calendar.csv",
            "3,aragon,Race of Spain,",
            '3,aragon,"Race of\nSpain",',
            "3,aragon",
            "name",
            "U+000A",
        ),
        (
            "calendar.csv",
            "3,aragon,Race of Spain,MotorLand Aragón,",
            "3,aragon,Race of Spain,MotorLand\x1bAragón,",
            "3,aragon",
            "circuit",
            "U+001B",
        ),
        ("sessions.csv", "germany,Q,", "germany,Q\x00,", "germany,Q", "session", "U+0000"),
        ("entries.csv", "Target Competition", "Target\tCompetition", "19,", "team", "U+0009"),
        (
            "results.csv",
            "1,R1,2,100,Yvan Muller,",
            "1,R1,2,100,Yvan\u2028Muller,",
            "1,R1,2,100,",
            "driver",
            "U+2028",
        ),
        (
            "adjustments.csv",
            "8,junior,Luca Engstler,32,",
            "8,junior,Luca Engstler,32,\x85",
            "8,junior,Luca",
            "reason",
            "U+0085",
        ),
    ],
    ids=["newline-in-event", "escape-in-circuit", "nul", "tab-in-team", "line-separator", "c1"],
)
def test_a_name_with_a_control_character_is_refused_with_file_and_line(
    season_2021, season_folder, file, old, new, line_start, column, found
):
    before = snapshot()
    season_folder.edit(file, old, new)
    line = season_folder.line_of(file, line_start)

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    expected = f"{file}, line {line}: " + CONTROL_REASON.format(column=column, found=found)
    assert expected in [str(problem) for problem in refused.value.problems]
    assert snapshot() == before


def test_a_control_character_in_a_record_over_two_lines_names_its_first_line(
    season_2021, season_folder
):
    season_folder.edit("calendar.csv", "3,aragon,Race of Spain,", '3,aragon,"Race of\n\nSpain",')
    season_folder.edit("calendar.csv", "\n4,hungary", "\n4\x07,hungary")
    aragon = season_folder.line_of("calendar.csv", "3,aragon")

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    problems = [str(p) for p in refused.value.problems if p.file == "calendar.csv"]
    assert problems == [
        f"calendar.csv, line {aragon}: " + CONTROL_REASON.format(column="name", found="U+000A"),
        # The next record starts two lines further down than without the line breaks.
        f"calendar.csv, line {aragon + 3}: "
        + CONTROL_REASON.format(column="round", found="U+0007"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('name = "WTCR', 'name = "\\u001bWTCR', "name"),
        ('broadcasters = ["Eurosport"', 'broadcasters = ["Euro\\nsport"', "broadcasters"),
        ('en = "FIA Teams\' Title"', 'en = "FIA Teams\'\\tTitle"', "titles #2.name"),
    ],
)
def test_season_toml_refuses_control_characters_in_names(season_folder, db, old, new, where):
    season_folder.edit("season.toml", old, new)

    with pytest.raises(SeasonFileError) as refused:
        import_season(season_folder.path)

    [problem] = refused.value.problems
    assert str(problem).startswith(f"season.toml: {where} contains a line break or another")
