import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standings.models import Adjustment, SessionResult

HEADER = b"round,session,position,number,driver,status,best_lap\n"
IMPORT_URL = reverse("admin:standings_sessionresult_import")


@pytest.fixture(autouse=True)
def _english(admin_client):
    """The admin follows the browser's language; these tests read it in English."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def upload(client, season, body, name="results.csv"):
    return client.post(
        IMPORT_URL,
        {"season": season.pk, "file": SimpleUploadedFile(name, HEADER + body, "text/csv")},
    )


def r8_r1():
    return list(
        SessionResult.objects.filter(session__event__round=8, session__code="R1").values_list(
            "entry__driver__name", "position", "status"
        )
    )


def test_upload_shows_a_preview_and_changes_nothing_until_applied(season_2021, admin_client):
    before = r8_r1()

    response = upload(admin_client, season_2021, "8,R1,1,11,Thed Björk,classified,\n".encode())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of results.csv for 2021" in html
    assert "round 8 R1 (Race of Russia): " in html
    assert 'name="apply"' in html
    assert r8_r1() == before


def digest_of(response):
    return re.search(r'name="digest" value="([0-9a-f]{64})"', response.content.decode()).group(1)


def test_applying_the_preview_imports_it(season_2021, admin_client):
    preview = upload(admin_client, season_2021, "8,R1,1,11,Thed Björk,classified,\n".encode())

    response = admin_client.post(
        IMPORT_URL, {"apply": "1", "digest": digest_of(preview)}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:standings_sessionresult_changelist")
    assert r8_r1() == [("Thed Björk", 1, "classified")]
    assert "Imported results.csv" in response.content.decode()


def test_a_bad_upload_lists_file_line_and_reason(season_2021, admin_client):
    before = r8_r1()
    body = "8,R1,1,11,Thed Björk,classified,\n8,R1,1,68,Yann Ehrlacher,classified,\n"

    response = upload(admin_client, season_2021, body.encode())

    html = response.content.decode()
    assert "The file was refused; nothing was changed." in html
    assert "results.csv, line 3: position 1 appears twice in round 8 R1 (also line 2)" in html
    assert 'name="apply"' not in html
    assert r8_r1() == before


def test_a_file_that_is_not_text_is_refused(season_2021, admin_client):
    response = upload(admin_client, season_2021, b"\xff\xd8\xff\xe0 not a csv")

    assert "The file is not UTF-8 text." in response.content.decode()


def test_apply_of_an_older_preview_does_nothing(season_2021, admin_client):
    first = upload(admin_client, season_2021, "8,R1,1,11,Thed Björk,classified,\n".encode())
    upload(admin_client, season_2021, b"8,R1,1,68,Yann Ehrlacher,classified,\n")
    before = r8_r1()

    response = admin_client.post(
        IMPORT_URL, {"apply": "1", "digest": digest_of(first)}, follow=True
    )

    assert "Nothing to apply: upload the file again." in response.content.decode()
    assert r8_r1() == before


def test_apply_without_a_preview_does_nothing(season_2021, admin_client):
    before = r8_r1()

    response = admin_client.post(IMPORT_URL, {"apply": "1"}, follow=True)

    assert "Nothing to apply: upload the file again." in response.content.decode()
    assert r8_r1() == before


def test_the_import_needs_results_permissions(season_2021, client, django_user_model):
    staff = django_user_model.objects.create_user("press", password="pw", is_staff=True)
    client.force_login(staff)

    assert client.get(IMPORT_URL).status_code == 403


def test_every_admin_list_shows_the_imported_season(season_2021, admin_client):
    expected = {
        "events_season": "WTCR \N{EN DASH} FIA World Touring Car Cup 2021",
        "events_circuit": "Nürburgring Nordschleife",
        "events_event": "Race of Portugal (Vila Real)",
        "events_session": "Race of Germany",
        "drivers_driver": "Jessica Bäckman",
        "drivers_team": "Target Competition",
        "standings_title": "FIA Female Driver Title",
        "standings_pointsscale": "10, 8, 6, 4, 2",
        "standings_entry": "Hyundai Elantra N TCR",
        "standings_sessionresult": "Upload the results of a whole season",
        "standings_adjustment": "Reconciles to the official final total (372)",
    }
    for name, text in expected.items():
        response = admin_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
        assert text in response.content.decode(), name


HOSTILE_ROWS = {
    "huge round": b"99999999999999999999,R1,1,11,Thed Bj\xc3\xb6rk,classified,\n",
    "negative round": b"-1,R1,1,11,Thed Bj\xc3\xb6rk,classified,\n",
    "unknown session": b"8,R9,1,11,Thed Bj\xc3\xb6rk,classified,\n",
    "negative position": b"8,R1,-3,11,Thed Bj\xc3\xb6rk,classified,\n",
    "huge position": b"8,R1,4294967296,11,Thed Bj\xc3\xb6rk,classified,\n",
    "number not a number": b"8,R1,1,eleven,Thed Bj\xc3\xb6rk,classified,\n",
    "unknown driver": b"8,R1,1,11,<script>alert(1)</script>,classified,\n",
    "overlong driver": b"8,R1,1,11," + b"A" * 100_000 + b",classified,\n",
    "nul byte": b"8,R1,1,11,Thed\x00Bj\xc3\xb6rk,classified,\n",
    "unknown status": b"8,R1,1,11,Thed Bj\xc3\xb6rk,'; DROP TABLE x; --,\n",
    "bad lap": b"8,R1,1,11,Thed Bj\xc3\xb6rk,classified,99:99.999999\n",
    "path in a field": b"8,R1,1,11,../../etc/passwd,classified,\n",
    "too many columns": b"8,R1,1,11,Thed Bj\xc3\xb6rk,classified,,x,y,z\n",
    "too few columns": b"8,R1\n",
    "quotes left open": b'8,R1,1,11,"Thed Bj\xc3\xb6rk,classified,\n',
}


@pytest.mark.parametrize("body", HOSTILE_ROWS.values(), ids=list(HOSTILE_ROWS))
def test_a_hostile_results_file_is_refused_with_a_reason(season_2021, admin_client, body):
    before = r8_r1()
    count = SessionResult.objects.count()

    response = upload(admin_client, season_2021, body)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The file was refused; nothing was changed." in html
    assert "results.csv, line 2" in html
    assert 'name="apply"' not in html
    assert "<script>alert(1)</script>" not in html
    assert r8_r1() == before
    assert SessionResult.objects.count() == count


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("results.csv", b""),
        ("results.csv", b"\x00" * 2048),
        ("../../results.csv", b"8,R1,1,11,Thed Bj\xc3\xb6rk,classified,\n"),
        ("r\u00e9sultats " + "x" * 300 + ".csv", b"8,R1,1,11,Thed Bj\xc3\xb6rk,classified,\n"),
    ],
    ids=["empty", "nul bytes", "path in the name", "long unicode name"],
)
def test_odd_files_get_an_answer_not_an_error(season_2021, admin_client, name, body):
    before = r8_r1()
    response = admin_client.post(
        IMPORT_URL, {"season": season_2021.pk, "file": SimpleUploadedFile(name, body, "text/csv")}
    )
    assert response.status_code == 200
    assert r8_r1() == before
    assert "Traceback" not in response.content.decode()


def test_invisible_characters_in_a_name_do_not_reach_the_results(season_2021, admin_client):
    """A right-to-left override before the name still matches the entry by its letters; what
    is stored and shown is the entry's name, not the file's text."""
    body = "8,R1,1,11,\u202eThed Björk,classified,\n".encode()
    preview = upload(admin_client, season_2021, body)
    admin_client.post(IMPORT_URL, {"apply": "1", "digest": digest_of(preview)})

    assert r8_r1() == [("Thed Björk", 1, "classified")]
    assert "\u202e" not in "".join(name for name, *_ in r8_r1())


def test_a_control_character_is_refused_in_the_editors_language(season_2021, admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"

    response = upload(admin_client, season_2021, "8,R1,1,11,Thed\tBjörk,classified,\n".encode())

    html = response.content.decode()
    assert (
        "results.csv, rad 2: kolumnen driver innehåller en radbrytning eller ett annat styrtecken "
        "(U+0009): skriv värdet som vanlig text på en enda rad"
    ) in html
    assert 'name="apply"' not in html


def test_the_upload_has_the_same_size_cap_as_the_command(season_2021, admin_client, settings):
    settings.RESULTS_FILE_MAX_BYTES = 100
    body = "8,R1,1,11,Thed Björk,classified,\n8,R1,2,68,Yann Ehrlacher,DNF,\n".encode()

    response = upload(admin_client, season_2021, body)

    html = response.content.decode()
    assert "results.csv: 117\xa0bytes is more than a results file may be (100\xa0bytes)" in html
    assert 'name="apply"' not in html


def test_an_event_with_results_cannot_be_deleted(season_2021):
    from django.db.models import ProtectedError

    from events.models import Event, Season, Session

    germany = Event.objects.get(season=season_2021, slug="germany")
    results = SessionResult.objects.filter(session__event=germany).count()
    assert results > 0

    with pytest.raises(ProtectedError):
        germany.delete()
    with pytest.raises(ProtectedError):
        Session.objects.filter(event=germany).delete()
    with pytest.raises(ProtectedError):
        Season.objects.filter(pk=season_2021.pk).delete()
    assert SessionResult.objects.filter(session__event=germany).count() == results

    # Its results removed first, the event goes (an event never raced goes at once).
    SessionResult.objects.filter(session__event=germany).delete()
    germany.delete()
    Event.objects.get(season=season_2021, slug="inje").delete()


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "Results are history: an event with results cannot be deleted."),
        (
            "sv",
            "En tävling som har resultat kan inte tas bort, eftersom resultaten ska finnas kvar.",
        ),
    ],
)
def test_the_admin_refuses_to_delete_an_event_with_results(
    season_2021, admin_client, language, refusal
):
    from events.models import Event

    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    germany = Event.objects.get(season=season_2021, slug="germany")
    url = reverse("admin:events_event_delete", args=[germany.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"})
    bulk = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [germany.pk], "post": "yes"},
    )

    assert refusal in page
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert bulk.status_code == 200
    assert refusal in bulk.content.decode()
    assert Event.objects.filter(pk=germany.pk).exists()
    assert SessionResult.objects.filter(session__event=germany).exists()


def test_the_admin_deletes_an_event_never_raced(season_2021, admin_client):
    from events.models import Event

    inje = Event.objects.get(season=season_2021, slug="inje")

    response = admin_client.post(
        reverse("admin:events_event_delete", args=[inje.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Event.objects.filter(pk=inje.pk).exists()


def test_an_adjustment_shows_both_reasons(season_2021, admin_client):
    adjustment = Adjustment.objects.get(title__slug="junior", driver__name="Luca Engstler")

    html = admin_client.get(
        reverse("admin:standings_adjustment_change", args=[adjustment.pk])
    ).content.decode()
    assert "Reason [en]" in html
    assert "Reason [sv]" in html
    assert "Justerat till den officiella slutpoängen (372)" in html


def test_a_result_s_best_lap_is_typed_and_shown_as_on_a_timing_sheet(
    season_2021, admin_client, admin_form
):
    result = SessionResult.objects.filter(session__event__round=2, session__code="R1").first()
    url = reverse("admin:standings_sessionresult_change", args=[result.pk])
    fields = admin_form(admin_client, url)
    fields["best_lap_ms"] = "1:44.522"

    response = admin_client.post(url, fields)

    assert response.status_code == 302
    result.refresh_from_db()
    assert result.best_lap_ms == 104_522
    page = admin_client.get(url).content.decode()
    assert 'value="1:44.522"' in page
    listed = admin_client.get(reverse("admin:standings_sessionresult_changelist")).content
    assert "1:44.522" in listed.decode()


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("104522", "104522 has no minutes or seconds"),
        ("-1:44.522", "-1:44.522 is not a lap time"),
        ("0:05.000", "A lap of 5.000 is too short"),
        ("45:00.000", "A lap of 45:00.000 is too long"),
    ],
)
def test_a_result_s_best_lap_out_of_reason_is_refused(
    season_2021, admin_client, admin_form, form_errors, typed, refusal
):
    result = SessionResult.objects.filter(session__event__round=2, session__code="R1").first()
    url = reverse("admin:standings_sessionresult_change", args=[result.pk])
    fields = admin_form(admin_client, url)
    fields["best_lap_ms"] = typed

    response = admin_client.post(url, fields)

    assert response.status_code == 200
    assert any(refusal in error for error in form_errors(response))
    result.refresh_from_db()
    assert result.best_lap_ms is None
