"""Every applied change of results is a batch; a batch is undone in one click, and the
standings go back to what they were."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from delivery import areas
from events.models import Session
from standings import batches
from standings.models import Entry, ResultBatch, SessionResult
from standings.tables import season_tables

HEADER = "round,session,position,number,driver,status,best_lap\n"


@pytest.fixture
def race(season_2021):
    return Session.objects.select_related("event__season").get(event__slug="estoril", code="R1")


def entry(number):
    return Entry.objects.get(season__slug="2021", number=number).pk


def table(season, title="drivers"):
    """The title's table as readers get it: (position, name, points) rows."""
    return [(r.position, r.name, r.points) for r in season_tables(season).tables[title].rows]


def swap_first_two(race, user=None, token="t1"):
    """Race 1's winner and second swapped, as the results page saves it."""
    lines = [batches.Line.of(row) for row in batches.snapshot(race)]
    first, second = lines[0], lines[1]
    lines[0] = batches.Line(second.entry, 1, "classified", 104_522)
    lines[1] = batches.Line(first.entry, 2, "classified", None)
    return batches.apply_session(
        race,
        lines,
        user=user,
        kind=ResultBatch.Kind.TYPED,
        token=token,
        seen=batches.digest(race, batches.snapshot(race)),
    )


def run_pending_bumps():
    from django.db import connection

    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, areas._Bump) and not callback.ran:
            callback()


def results(race):
    return batches.key_of(batches.snapshot(race))


def test_an_undo_puts_back_the_results_and_the_standings(
    race, admin_user, django_capture_on_commit_callbacks
):
    season = race.event.season
    stored, standings = results(race), {t: table(season, t) for t in ("drivers", "teams", "trophy")}
    with django_capture_on_commit_callbacks(execute=True):
        batch = swap_first_two(race, admin_user)
    assert table(season) != standings["drivers"]

    run_pending_bumps()  # those of the test's own transaction (the user made, the change)
    version = areas.current()["results"]

    with django_capture_on_commit_callbacks(execute=True):
        undone = batches.undo(batch, user=admin_user)

    assert areas.current()["results"] > version  # readers see it at once
    assert results(race) == stored
    assert {t: table(season, t) for t in ("drivers", "teams", "trophy")} == standings
    batch.refresh_from_db()
    assert batch.undone_by == admin_user
    assert batch.undone_at is not None
    assert undone.kind == "undo"
    assert undone.undoes == batch
    assert undone.created_by == admin_user


def test_an_undo_can_itself_be_undone(race, admin_user):
    batch = swap_first_two(race, admin_user)
    after = results(race)
    undone = batches.undo(batch, user=admin_user)

    batches.undo(undone, user=admin_user)

    assert results(race) == after


def test_a_batch_is_undone_once(race, admin_user):
    batch = swap_first_two(race, admin_user)
    batches.undo(batch, user=admin_user)

    with translation.override("en"), pytest.raises(batches.UndoRefused) as refused:
        batches.undo(batch, user=admin_user)

    assert refused.value.reasons == ["This change has been undone already."]
    assert ResultBatch.objects.filter(kind="undo").count() == 1


def test_an_undo_that_would_lose_a_later_batch_is_refused_until_that_one_is_undone(
    race, admin_user
):
    stored = results(race)
    first = swap_first_two(race, admin_user, token="first")
    second = swap_first_two(race, admin_user, token="second")  # swapped back, with a lap
    now = results(race)

    with translation.override("en"), pytest.raises(batches.UndoRefused) as refused:
        batches.undo(first, user=admin_user)

    (reason,) = refused.value.reasons
    assert reason.startswith(
        "The results of Race 1, Race of Portugal have changed since: undo the later changes "
        "first, newest first (Race 1, Race of Portugal ("
    )
    assert results(race) == now
    batches.undo(second, user=admin_user)
    batches.undo(first, user=admin_user)
    assert results(race) == stored


def test_an_undo_that_would_lose_an_edit_by_hand_is_refused(race, admin_user):
    batch = swap_first_two(race, admin_user)
    result = SessionResult.objects.get(session=race, position=5)
    result.best_lap_ms = 106_000
    result.save()

    with translation.override("en"), pytest.raises(batches.UndoRefused) as refused:
        batches.undo(batch, user=admin_user)

    assert refused.value.reasons == [
        "The results of Race 1, Race of Portugal have been edited by hand since: this change "
        "cannot be undone without losing that edit."
    ]
    assert SessionResult.objects.get(session=race, position=5).best_lap_ms == 106_000


def test_an_edit_by_hand_put_back_lets_the_undo_through(race, admin_user):
    batch = swap_first_two(race, admin_user)
    result = SessionResult.objects.get(session=race, position=5)
    result.best_lap_ms = 106_000
    result.save()
    result.best_lap_ms = None
    result.save()

    batches.undo(batch, user=admin_user)


def test_import_results_is_kept_as_a_batch_without_a_person(season_2021, tmp_path, capsys):
    path = tmp_path / "results.csv"
    path.write_text(HEADER + "2,R1,1,100,Yvan Muller,classified,1:44.522\n", encoding="utf-8")

    call_command("import_results", str(path), "--season", "2021")

    batch = ResultBatch.objects.get()
    assert (batch.kind, batch.source, batch.created_by) == ("command", "results.csv", None)
    (part,) = batch.sessions.all()
    assert part.session == Session.objects.get(event__slug="estoril", code="R1")
    assert len(part.before) == 22
    assert part.after == [
        {
            "entry": entry(100),
            "number": 100,
            "driver": "Yvan Muller",
            "position": 1,
            "status": "classified",
            "best_lap_ms": 104_522,
        }
    ]
    assert "Kept as change" in capsys.readouterr().out
    # A second run changes nothing, and keeps no batch.
    call_command("import_results", str(path), "--season", "2021")
    assert ResultBatch.objects.count() == 1
    # A dry run keeps none either.
    path.write_text(HEADER + "2,R1,1,68,Yann Ehrlacher,classified,\n", encoding="utf-8")
    call_command("import_results", str(path), "--season", "2021", "--dry-run")
    assert ResultBatch.objects.count() == 1


def test_an_absurd_lap_in_a_results_file_is_refused(season_2021, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "results.csv"
    path.write_text(HEADER + "2,R1,1,100,Yvan Muller,classified,0.5\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    assert "results.csv, line 2: A lap of 0.500 is too short" in str(refused.value)
    assert not ResultBatch.objects.exists()


# The admin ----------------------------------------------------------------------------


def undo_url(batch):
    return reverse("admin:standings_resultbatch_undo", args=[batch.pk])


def test_the_list_shows_the_batches_newest_first_with_who_and_what(race, results_staff):
    first = swap_first_two(race, results_staff.user, token="a")
    second = swap_first_two(race, None, token="b")

    page = results_staff.get(reverse("admin:standings_resultbatch_changelist")).content.decode()

    assert page.index(f"/{second.pk}/change/") < page.index(f"/{first.pk}/change/")
    assert "Rita Res" in page
    assert "Race 1, Race of Portugal" in page
    assert undo_url(first) in page
    assert "Upload the results of a whole season" in page


def test_the_undo_asks_then_undoes_and_the_standings_are_back(
    race, results_staff, django_capture_on_commit_callbacks
):
    season = race.event.season
    before = table(season)
    with django_capture_on_commit_callbacks(execute=True):
        batch = swap_first_two(race, results_staff.user)

    confirm = results_staff.get(undo_url(batch)).content.decode()
    assert "Undo this change?" in confirm
    assert "The standings after the undo" in confirm
    assert "Yes, undo it" in confirm
    assert table(season) != before  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = results_staff.post(undo_url(batch), follow=True)

    assert "Undone: Race 1, Race of Portugal is back as it was." in response.content.decode()
    assert table(season) == before
    again = results_staff.post(undo_url(batch), follow=True)
    assert "This change has been undone already." in again.content.decode()
    assert ResultBatch.objects.filter(kind="undo").count() == 1


def test_a_refused_undo_says_why_on_the_page(race, results_staff):
    first = swap_first_two(race, results_staff.user, token="a")
    swap_first_two(race, results_staff.user, token="b")

    page = results_staff.get(undo_url(first)).content.decode()
    response = results_staff.post(undo_url(first), follow=True)

    assert "This change cannot be undone now:" in page
    assert "Yes, undo it" not in page
    assert "have changed since: undo the later changes first" in response.content.decode()


def test_a_batch_page_shows_each_driver_before_and_after(race, results_staff):
    batch = swap_first_two(race, results_staff.user)

    page = results_staff.get(
        reverse("admin:standings_resultbatch_change", args=[batch.pk])
    ).content.decode()

    assert "Yvan Muller" in page
    assert "1:44.522" in page
    assert "Undo this change" in page
    assert "Yann Ehrlacher" in page
    assert "Santiago Urrutia" not in page  # unchanged


def test_a_batch_is_named_in_swedish(race, results_staff):
    batch = swap_first_two(race, results_staff.user)

    with translation.override("sv"):
        assert str(batch).startswith("Race 1, Portugals deltävling (")
        assert batch.get_kind_display() == "inskrivet för hand"


def test_the_season_upload_report_shows_each_driver_old_and_new_in_swedish(
    season_2021, results_staff
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    results_staff.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    body = HEADER + "2,R1,1,11,Thed Björk,classified,1:58.300\n2,R1,,26,Jessica Bäckman,DNF,\n"

    response = results_staff.post(
        reverse("admin:standings_sessionresult_import"),
        {
            "season": season_2021.pk,
            "file": SimpleUploadedFile("results.csv", body.encode(), "text/csv"),
        },
    )

    page = response.content.decode()
    assert "Race 1, Portugals deltävling" in page
    assert "omgång 2 R1 (Portugals deltävling)" in page
    assert "Placering före" in page
    assert "Thed Björk" in page
    assert "1:58.300" in page
    assert "Bröt" in page
    assert "changed (" not in page
