import pytest
from django.core.management import CommandError, call_command

from standings.models import SessionResult
from standings.tests.conftest import OFFICIAL_2021_DRIVERS

HEADER = "round,session,position,number,driver,status,best_lap\n"


def export(capsys, *args):
    call_command("export_standings", *args)
    captured = capsys.readouterr()
    rows = [line.split(",") for line in captured.out.splitlines()]
    return rows, captured.err


def points_of(rows):
    return {name: int(points) for _position, name, points in rows[1:]}


def test_export_reproduces_the_official_2021_drivers_figures(season_2021, capsys):
    rows, err = export(capsys, "2021", "drivers")

    assert rows[0] == ["position", "name", "points"]
    assert rows[1] == ["1", "Yann Ehrlacher", "223"]
    points = points_of(rows)
    assert {name: points[name] for name in OFFICIAL_2021_DRIVERS} == OFFICIAL_2021_DRIVERS
    # Counted by hand from results.csv: Andreas 15th in round 2 R1 (1 point),
    # Jessica 14th in round 1 R2 (2 points); nothing else in the top 15.
    assert (points["Jessica Bäckman"], points["Andreas Bäckman"]) == (2, 1)
    assert err == ""


def test_export_teams_junior_and_trophy_match_the_official_tops(season_2021, capsys):
    teams, _ = export(capsys, "2021", "teams")
    junior, _ = export(capsys, "2021", "junior")
    trophy, _ = export(capsys, "2021", "trophy")

    assert [int(row[2]) for row in teams[1:4]] == [392, 334, 308]
    # Official totals named by the adjustments that reconcile them.
    assert [row[1:] for row in junior[1:4]] == [
        ["Luca Engstler", "372"],
        ["Gilles Magnus", "371"],
        ["Bence Boldizs", "250"],
    ]
    assert [row[1:] for row in trophy[1:4]] == [
        ["Gilles Magnus", "143"],
        ["Tom Coronel", "114"],
        ["Bence Boldizs", "77"],
    ]


def test_export_after_round_one_junior_counted_by_hand(season_2021, capsys):
    rows, _ = export(capsys, "2021", "junior", "--after-round", "1")

    # Re-ranked among juniors. Q (Nordschleife scale 10-8-6-4-2): Engstler 10, Magnus 8.
    # R1: Magnus 25, Engstler 20, Jessica 16. R2: Engstler 25, Magnus 20, Boldizs 16, Jessica 13.
    assert rows == [
        ["position", "name", "points"],
        ["1", "Luca Engstler", "55"],
        ["2", "Gilles Magnus", "53"],
        ["3", "Jessica Bäckman", "29"],
        ["4", "Bence Boldizs", "16"],
    ]


def test_export_of_a_title_not_awarded_prints_the_header_and_why(season_2021, capsys):
    rows, err = export(capsys, "2021", "female")

    assert rows == [["position", "name", "points"]]
    assert err == (
        "female is not awarded in 2021: it needs at least 3 eligible drivers entered, and 1 was.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1999", "drivers"], "No season '1999'."),
        (
            ["2021", "rookies"],
            "No title 'rookies' in 2021; choose from drivers, teams, junior, trophy, female.",
        ),
        (["2021", "drivers", "--after-round", "0"], "--after-round must be 1 or more."),
    ],
)
def test_export_refuses_unknown_arguments(season_2021, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("export_standings", *args)

    assert str(refused.value) == message


def test_export_after_a_round_past_the_last_prints_the_final_table(season_2021, capsys):
    final, _ = export(capsys, "2021", "drivers")

    assert export(capsys, "2021", "drivers", "--after-round", "12")[0] == final


def test_import_results_of_a_folder_is_refused(season_2021, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(tmp_path), "--season", "2021")

    assert str(refused.value) == f"{tmp_path}: cannot be read (Is a directory)."


def write(tmp_path, body):
    path = tmp_path / "results.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_import_results_replaces_a_session_and_updates_the_tables(
    season_2021, tmp_path, capsys, django_capture_on_commit_callbacks
):
    # Round 8 R1 as if Björk (11) had won and Ehrlacher (68) had been excluded.
    path = write(
        tmp_path,
        "8,R1,1,11,Thed Björk,classified,2:01.337\n8,R1,,68,Yann Ehrlacher,EX,\n",
    )
    before, _ = export(capsys, "2021", "drivers")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_results", str(path), "--season", "2021")
    out = capsys.readouterr().out
    after, _ = export(capsys, "2021", "drivers")

    assert "round 8 R1 (Race of Russia): " in out
    assert SessionResult.objects.filter(session__event__round=8, session__code="R1").count() == 2
    assert points_of(after)["Thed Björk"] > points_of(before)["Thed Björk"]


def test_import_results_twice_changes_nothing_the_second_time(season_2021, tmp_path, capsys):
    path = write(tmp_path, "8,R1,1,11,Thed Björk,classified,\n")
    call_command("import_results", str(path), "--season", "2021")
    capsys.readouterr()

    call_command("import_results", str(path), "--season", "2021")

    assert capsys.readouterr().out == "No changes: the database already matches.\n"


def test_import_results_dry_run_changes_nothing(season_2021, tmp_path, capsys):
    path = write(tmp_path, "8,R1,1,11,Thed Björk,classified,\n")
    before = list(SessionResult.objects.values_list())

    call_command("import_results", str(path), "--season", "2021", "--dry-run")

    assert capsys.readouterr().out.startswith("Dry run, nothing saved. Would change:\n")
    assert list(SessionResult.objects.values_list()) == before


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "8,R1,1,11,Thed Björk,classified,\n8,R1,1,68,Yann Ehrlacher,classified,\n",
            "results.csv, line 3: position 1 appears twice in round 8 R1 (also line 2)",
        ),
        (
            "8,R1,1,99,Thed Björk,classified,\n",
            "results.csv, line 2: car number 99 is not entered in round 8",
        ),
        (
            "8,R1,1,11,Thed Björk,retired,\n",
            "results.csv, line 2: status must be one of classified, DNF, NC, DNS, DSQ, DNQ, "
            "EX, WD, not 'retired'",
        ),
        (
            "9,R1,1,11,Thed Björk,classified,\n",
            "results.csv, line 2: round 9 is not in the calendar",
        ),
        (
            "8,R1,1,11,Thed Björk,classified,\n8,R1,2,11,Thed Björk,classified,\n",
            "results.csv, line 3: Thed Björk has two rows in round 8 R1 (also line 2)",
        ),
    ],
    ids=["duplicated-position", "unknown-number", "bad-status", "unknown-round", "driver-twice"],
)
def test_import_results_refuses_a_bad_file_and_changes_nothing(
    season_2021, tmp_path, body, problem
):
    path = write(tmp_path, body)
    before = list(SessionResult.objects.values_list())

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert str(refused.value) == f"Refused; nothing was changed:\n  {problem}"
    assert list(SessionResult.objects.values_list()) == before


def test_import_results_refuses_a_wrong_header(season_2021, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("round,session,pos\n1,R1,1\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert str(refused.value) == (
        "Refused; nothing was changed:\n  results.csv, line 1: the header must be "
        "round,session,position,number,driver,status,best_lap, not round,session,pos"
    )


def test_import_results_refuses_a_name_over_two_lines(season_2021, tmp_path):
    path = write(
        tmp_path, '8,R1,1,11,"Thed\nBjörk",classified,\n8,R1,2,68,Yann\x1bEhrlacher,DNF,\n'
    )
    before = list(SessionResult.objects.values_list())

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert str(refused.value) == (
        "Refused; nothing was changed:\n"
        "  results.csv, line 2: driver contains a line break or another control character "
        "(U+000A): write it as one line of plain text\n"
        "  results.csv, line 4: driver contains a line break or another control character "
        "(U+001B): write it as one line of plain text"
    )
    assert list(SessionResult.objects.values_list()) == before


def test_import_results_refuses_a_file_over_the_size_cap_before_reading_it(
    season_2021, tmp_path, settings
):
    path = tmp_path / "results.csv"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # 50 MB of nothing, without the disk space
    before = list(SessionResult.objects.values_list())

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert str(refused.value) == (
        f"{path}: 50.0\xa0MB is more than a results file may be (1.0\xa0MB); nothing was read."
    )
    assert list(SessionResult.objects.values_list()) == before


def test_the_size_cap_is_a_setting(season_2021, tmp_path, settings):
    settings.RESULTS_FILE_MAX_BYTES = 100
    path = write(tmp_path, "8,R1,1,11,Thed Björk,classified,\n8,R1,2,68,Yann Ehrlacher,DNF,\n")

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert str(refused.value) == (
        f"{path}: 117\xa0bytes is more than a results file may be (100\xa0bytes); nothing was read."
    )
