"""`manage.py import_season` imports a new season at once; for a season in the database
already it shows what the folder would change and asks first (or applies with --yes),
and without a terminal to ask on it changes nothing."""

import datetime as dt
import io
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from events.models import Event, Session

SEASON_2021 = settings.BASE_DIR / "data" / "seasons" / "2021"
EDITED = dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)  # 14:30 at Nürburg
IN_FILE = dt.datetime(2021, 6, 4, 12, 5, tzinfo=dt.UTC)  # 14:05, as sessions.csv says


class Terminal(io.StringIO):
    """Standard input on a terminal, where someone types `answer`."""

    def isatty(self):
        return True


def run(*args, stdin=None):
    out = io.StringIO()
    call_command("import_season", *map(str, args), stdout=out, stdin=stdin or io.StringIO())
    return out.getvalue()


@pytest.fixture
def edited(season_2021):
    """The 2021 season, with the qualifying at Nürburg moved to 14:30 in the admin."""
    q = Session.objects.get(event__slug="germany", code="Q")
    q.starts_at = EDITED
    q.save()
    return q


def stored_start(session):
    return Session.objects.get(pk=session.pk).starts_at


@pytest.mark.django_db
def test_a_season_not_in_the_database_is_imported_without_asking():
    out = run(SEASON_2021)

    assert out.startswith("Imported.")
    assert Event.objects.filter(season__slug="2021").count() == 12


def test_a_season_in_the_database_is_not_changed_without_a_terminal(edited):
    with pytest.raises(CommandError) as refused:
        run(SEASON_2021)

    assert str(refused.value).startswith("Nothing was changed. Season 2021 is in the database")
    assert "--yes" in str(refused.value)
    assert stored_start(edited) == EDITED


def test_it_shows_what_would_change_and_asks(edited):
    out = run(SEASON_2021, stdin=Terminal("n\n"))

    assert "Season 2021 is in the database already. Importing the folder would change:" in out
    assert (
        "  Race of Germany: Qualifying, start: 4 June 2021, 14:30 → 4 June 2021, 14:05 "
        "(track time)" in out
    )
    assert "Apply these changes? [y/N] " in out
    assert out.rstrip().endswith("Nothing was changed.")
    assert stored_start(edited) == EDITED


def test_yes_at_the_question_applies_the_changes(edited):
    out = run(SEASON_2021, stdin=Terminal("y\n"))

    assert out.rstrip().endswith("Imported: the changes listed above are saved.")
    assert stored_start(edited) == IN_FILE


def test_the_yes_option_applies_without_asking(edited):
    out = run(SEASON_2021, "--yes")

    assert "Apply these changes?" not in out
    assert "Qualifying, start: 4 June 2021, 14:30 → 4 June 2021, 14:05" in out
    assert stored_start(edited) == IN_FILE


def test_a_season_that_matches_the_folder_needs_no_answer(season_2021):
    out = run(SEASON_2021)

    assert out.strip() == "No changes: the database already matches."


def test_a_change_made_while_deciding_is_not_overwritten(edited, tmp_path):
    class Meanwhile(Terminal):
        def readline(self):
            # Someone saves in the admin while the question waits.
            Session.objects.filter(pk=edited.pk).update(duration_min=45)
            return "y\n"

    with pytest.raises(CommandError) as refused:
        run(SEASON_2021, stdin=Meanwhile())

    assert "the database changed while you were deciding" in str(refused.value)
    assert stored_start(edited) == EDITED


def test_a_dry_run_never_asks(edited):
    out = run(SEASON_2021, "--dry-run")

    assert out.startswith("Dry run, nothing saved. Would change:")
    assert stored_start(edited) == EDITED


def test_a_bad_folder_is_refused_before_anything(season_2021, tmp_path):
    folder = shutil.copytree(SEASON_2021, tmp_path / "2021")
    (folder / "calendar.csv").write_text("nonsense\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        run(folder)

    assert str(refused.value).startswith("Refused; nothing was changed:")


def test_the_help_says_it_asks():
    from standings.management.commands.import_season import Command

    text = " ".join(Command().create_parser("manage.py", "import_season").format_help().split())

    assert "shows what importing the folder again would change (old → new) and asks" in text
    assert "--yes" in text
