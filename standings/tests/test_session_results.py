"""One session's results page in the admin: typed or uploaded, previewed, saved as a batch."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse

from events.models import Session
from standings.models import Entry, ResultBatch, SessionResult
from standings.tables import season_tables
from standings.tests.conftest import form_fields, rows_of, with_rows


@pytest.fixture
def race(season_2021):
    """Race 1 of the Race of Portugal (round 2)."""
    return Session.objects.select_related("event").get(event__slug="estoril", code="R1")


def url_of(session):
    return reverse("admin:standings_session_results", args=[session.pk])


def entry(number):
    return Entry.objects.get(season__slug="2021", number=number).pk


def stored(session):
    return list(
        SessionResult.objects.filter(session=session)
        .order_by(F("position").asc(nulls_last=True), "entry__number")
        .values_list("entry__number", "position", "status", "best_lap_ms")
    )


def page_rows(client, session):
    return rows_of(form_fields(client.get(url_of(session))))


def swapped(client, session):
    """The race's rows with its first two cars swapped, as typed: (fields, rows)."""
    fields = form_fields(client.get(url_of(session)))
    rows = rows_of(fields)
    first, second = rows[0], rows[1]
    rows[0] = ("1", second[1], "classified", "1:44.522")
    rows[1] = ("2", first[1], "classified", "1:44.9")
    return with_rows(fields, rows), rows


def preview(client, session, fields):
    return client.post(url_of(session), {**fields, "preview_rows": "1"})


def html(response):
    return response.content.decode()


def test_the_page_is_prefilled_with_the_stored_classification(race, results_staff):
    rows = page_rows(results_staff, race)

    assert rows[:3] == [
        ("1", str(entry(68)), "classified", ""),
        ("2", str(entry(100)), "classified", ""),
        ("3", str(entry(12)), "classified", ""),
    ]
    assert rows[-1] == ("", str(entry(69)), "DNF", "")
    assert len(rows) == SessionResult.objects.filter(session=race).count()


def test_every_car_of_the_round_can_be_chosen_and_no_other(race, results_staff):
    page = html(results_staff.get(url_of(race)))
    options = re.findall(r'<select name="rows-0-entry"[^>]*>(.*?)</select>', page, re.S)[0]

    assert "#68 Yann Ehrlacher (Cyan Racing Lynk &amp; Co)" in options
    assert "#26 Jessica Bäckman (Target Competition)" in options
    entered = [e for e in Entry.objects.filter(season__slug="2021") if e.covers(2)]
    assert options.count("<option") == len(entered) + 1  # and "(no car)"


def test_the_session_page_and_the_event_page_link_to_it(race, results_staff):
    link = f'href="{url_of(race)}"'

    session_page = html(results_staff.get(reverse("admin:events_session_change", args=[race.pk])))
    event_page = html(results_staff.get(reverse("admin:events_event_change", args=[race.event_id])))

    assert link in session_page
    assert "Enter results" in session_page
    assert link in event_page


def test_a_preview_shows_old_and_new_places_points_and_standings_and_writes_nothing(
    race, results_staff, django_capture_on_commit_callbacks
):
    before = stored(race)
    tables_before = season_tables(race.event.season)
    fields, _rows = swapped(results_staff, race)

    with django_capture_on_commit_callbacks() as callbacks:
        response = preview(results_staff, race, fields)

    page = html(response)
    assert "Preview \N{EN DASH} nothing is saved yet" in page
    cars = re.search(r'<table class="results-table results-cars">(.*?)</table>', page, re.S)[1]
    cells = [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", cars, re.S)[1:]
    ]
    assert cells[0] == ["#100", "Yvan Muller", "2", "1", "20", "25", "1:44.522"]
    assert cells[1] == ["#68", "Yann Ehrlacher", "1", "2", "25", "20", "1:44.900"]
    assert cells[2] == ["#12", "Santiago Urrutia", "3", "3", "16", "16", "\N{EN DASH}"]
    standings = re.search(r"FIA Drivers&#x27; Title after round 2(.*?)</table>", page, re.S)[1]
    assert "Yvan Muller" in standings
    assert "up 2 places" in standings
    assert "down 1 place" in standings
    assert "+5 points" in standings
    assert "\N{MINUS SIGN}5 points" in standings
    assert 'name="apply"' in page
    # Nothing written, nothing bumped, nothing cached under the real versions.
    assert stored(race) == before
    assert callbacks == []
    assert ResultBatch.objects.count() == 0
    assert season_tables(race.event.season) == tables_before


def test_saving_the_preview_writes_the_results_and_a_batch(
    race, results_staff, django_capture_on_commit_callbacks
):
    fields, _rows = swapped(results_staff, race)
    shown = form_fields(preview(results_staff, race, fields))
    muller_before = _drivers_points(race, "yvan-muller")

    with django_capture_on_commit_callbacks(execute=True):
        response = results_staff.post(url_of(race), {**shown, "apply": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == url_of(race)
    assert "Saved: the results of Race 1, Race of Portugal." in html(response)
    assert stored(race)[:2] == [
        (100, 1, "classified", 104_522),
        (68, 2, "classified", 104_900),
    ]
    batch = ResultBatch.objects.get()
    assert batch.kind == "typed"
    assert batch.created_by == results_staff.user
    assert [part.session for part in batch.sessions.all()] == [race]
    assert _drivers_points(race, "yvan-muller") == muller_before + 5
    assert str(batch).startswith("Race 1, Race of Portugal (")


def _drivers_points(race, driver):
    table = season_tables(race.event.season).tables["drivers"]
    return next(row.points for row in table.rows if row.competitor == driver)


def test_a_second_submit_of_the_same_preview_saves_once(race, results_staff):
    fields, _rows = swapped(results_staff, race)
    shown = form_fields(preview(results_staff, race, fields))

    results_staff.post(url_of(race), {**shown, "apply": "1"})
    again = results_staff.post(url_of(race), {**shown, "apply": "1"}, follow=True)

    assert ResultBatch.objects.count() == 1
    assert "These results were saved already (the form was sent twice)." in html(again)


def test_a_preview_made_before_someone_else_saved_is_refused_and_shown_anew(
    race, results_staff, admin_client
):
    fields, _rows = swapped(results_staff, race)
    shown = form_fields(preview(results_staff, race, fields))
    # Meanwhile, someone corrects a lap by hand.
    third = SessionResult.objects.get(session=race, position=3)
    third.best_lap_ms = 105_000
    third.save()

    response = results_staff.post(url_of(race), {**shown, "apply": "1"})

    page = html(response)
    assert (
        "Someone changed this session&#x27;s results after your preview. Nothing was saved" in page
    )
    assert ResultBatch.objects.count() == 0
    assert stored(race)[0][0] == 68
    # The new preview shows the hand edit being replaced, and can be saved.
    assert "1:45.000" in page
    results_staff.post(url_of(race), {**form_fields(response), "apply": "1"})
    assert stored(race)[0][0] == 100


def test_rows_changed_after_the_preview_are_previewed_again_not_saved(race, results_staff):
    fields, rows = swapped(results_staff, race)
    shown = form_fields(preview(results_staff, race, fields))
    edited = with_rows(shown, [("1", rows[0][1], "classified", "1:43.000"), *rows[1:]])

    response = results_staff.post(url_of(race), {**edited, "apply": "1"})

    assert "The rows changed after the preview: check this preview, then save." in html(response)
    assert ResultBatch.objects.count() == 0


def test_a_forged_preview_saves_nothing(race, results_staff):
    fields, _rows = swapped(results_staff, race)
    shown = form_fields(preview(results_staff, race, fields))
    shown["preview"] = shown["preview"][:-3] + "abc"

    response = results_staff.post(url_of(race), {**shown, "apply": "1"})

    assert "check this preview, then save" in html(response)
    assert ResultBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("", 68, "classified", ""), "position", "A classified car needs a position."),
        (("3", 68, "DNF", ""), "position", "A car that is not classified has no position"),
        (("1", "", "classified", ""), "entry", "Choose the car."),
        (("1", 68, "classified", "104522"), "best_lap_ms", "104522 has no minutes or seconds"),
        (("1", 68, "classified", "9:99.000"), "best_lap_ms", "9:99.000 has 99 seconds"),
        (("0", 68, "classified", ""), "position", "greater than or equal to 1"),
        (("1", 99999, "classified", ""), "entry", "Select a valid choice."),
    ],
)
def test_a_bad_row_is_refused_with_its_reason(race, results_staff, row, field, message):
    fields = form_fields(results_staff.get(url_of(race)))
    position, car, status, lap = row
    fields = with_rows(fields, [(position, entry(car) if car == 68 else car, status, lap)])
    before = stored(race)

    response = preview(results_staff, race, fields)

    page = html(response)
    assert "Please correct the rows marked below; nothing was saved." in page
    assert message in page
    assert 'name="apply"' not in page
    assert stored(race) == before


def test_a_car_or_a_position_twice_names_the_other_line(race, results_staff):
    fields = form_fields(results_staff.get(url_of(race)))
    rows = [
        ("1", entry(68), "classified", ""),
        ("2", entry(68), "classified", ""),
        ("1", entry(100), "classified", ""),
    ]

    page = html(preview(results_staff, race, with_rows(fields, rows)))

    assert "This car is already on line 1." in page
    assert "Position 1 is already on line 1." in page


def test_a_gap_in_the_positions_is_a_warning(race, results_staff):
    fields = form_fields(results_staff.get(url_of(race)))
    rows = [("1", entry(68), "classified", ""), ("3", entry(100), "classified", "")]

    page = html(preview(results_staff, race, with_rows(fields, rows)))

    assert "No car has position 2: is the classification complete?" in page
    assert 'name="apply"' in page


def test_the_page_speaks_swedish(race, results_staff):
    results_staff.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    fields, _rows = swapped(results_staff, race)
    fields["rows-2-best_lap_ms"] = "104522"

    page = html(preview(results_staff, race, fields))

    assert "Resultat: Race 1, Portugals deltävling" in page
    assert "104522 saknar minuter och sekunder" in page
    assert "Förhandsgranska" in page


CSV = (
    "position,number,driver,status,best_lap\n"
    "1,100,Yvan Muller,classified,1:44.522\n"
    "2,68,Yann Ehrlacher,classified,104.9\n"
    "3,12,,,\n"
    ",29,Néstor Girolami,DNF,\n"
)


def upload(client, session, text, name="race1.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        url_of(session), {"upload": "1", "file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_an_uploaded_file_fills_the_rows_and_shows_the_preview(race, results_staff):
    before = stored(race)

    response = upload(results_staff, race, CSV)

    page = html(response)
    assert "Preview \N{EN DASH} nothing is saved yet" in page
    assert "From the file race1.csv." in page
    assert rows_of(form_fields(response)) == [
        ("1", str(entry(100)), "classified", "1:44.522"),
        ("2", str(entry(68)), "classified", "1:44.900"),
        ("3", str(entry(12)), "classified", ""),
        ("", str(entry(29)), "DNF", ""),
    ]
    assert stored(race) == before
    results_staff.post(url_of(race), {**form_fields(response), "apply": "1"})
    assert ResultBatch.objects.get().kind == "session-file"
    assert ResultBatch.objects.get().source == "race1.csv"
    assert len(stored(race)) == 4


def test_a_file_with_semicolons_and_a_bom_is_read(race, results_staff):
    text = "\ufeffPos;Nr;Status;Best lap;Gap\n1;100;classified;1:44,522;\n2;68;;;+0.4\n"

    response = upload(results_staff, race, text)

    assert rows_of(form_fields(response))[:2] == [
        ("1", str(entry(100)), "classified", "1:44.522"),
        ("2", str(entry(68)), "classified", ""),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,100,classified,\n", "race1.csv, line 1: the first line must name the columns"),
        ("position,number\n1,999\n", "race1.csv, line 2: car 999 is not entered in this round."),
        (
            "position,number,driver\n1,100,Thed Björk\n",
            "race1.csv, line 2: car 100 is Yvan Muller in this round, not Thed Björk.",
        ),
        (
            "position,number,status\n1,100,finished\n",
            "race1.csv, line 2: status finished is not one of classified, DNF",
        ),
        (
            "position,number,status\n1,100,DNF\n",
            "race1.csv, line 2: a car with status DNF has no position",
        ),
        ("position,number\n1,100\n1,68\n", "race1.csv, line 3: position 1 is already on line 2."),
        ("position,number\n1,100\n2,100\n", "race1.csv, line 3: this car is already on line 2."),
        ("position,number,best_lap\n1,100,104522\n", "104522 has no minutes or seconds"),
        ("position,number\n1,100,x,y\n", "race1.csv, line 2: 4 cells, but the first line names 2"),
        ("position,number\n1,10\x000\n", "race1.csv, line 2: number holds a control character"),
        ("position,number\n-1,100\n", "position must be a whole number from 1 to 200, not -1."),
        ("position,number\n", "race1.csv: the file has no cars in it."),
    ],
)
def test_a_bad_file_is_refused_line_by_line(race, results_staff, text, problem):
    before = stored(race)

    response = upload(results_staff, race, text)

    page = html(response).replace("&#x27;", "'")
    assert "The file was refused; nothing was changed." in page
    assert problem in page
    assert 'name="apply"' not in page
    assert stored(race) == before


def test_a_file_over_the_size_cap_or_not_text_is_refused(race, results_staff, settings):
    settings.RESULTS_FILE_MAX_BYTES = 50

    too_big = html(upload(results_staff, race, CSV))
    binary = html(upload(results_staff, race, b"\xff\xd8\xff\xe0"))

    assert "is more than a results file may be (50\xa0bytes)" in too_big
    assert "The file is not UTF-8 text." in binary
    assert "The submitted file is empty." in html(upload(results_staff, race, ""))


def test_file_problems_speak_swedish(race, results_staff):
    results_staff.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"

    page = html(upload(results_staff, race, "position,number\n1,999\n"))

    assert "race1.csv, rad 2: bil 999 är inte anmäld till den här omgången." in page


def test_the_press_office_cannot_open_it(race, client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("press", password="pw-long-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Press office"))
    client.force_login(user)

    assert client.get(url_of(race)).status_code == 403
    assert client.post(url_of(race), {"apply": "1"}).status_code == 403


def test_an_unknown_session_is_not_found(season_2021, results_staff):
    assert (
        results_staff.get(reverse("admin:standings_session_results", args=[999999])).status_code
        == 404
    )


def test_a_cancelled_events_session_has_no_results_form(season_2021, results_staff):
    from events.models import Event

    vila_real = Event.objects.get(slug="vila-real")
    session = Session.objects.create(event=vila_real, code="R1")

    page = html(results_staff.get(url_of(session)))

    assert "This event is not a round of the season" in page
    assert 'id="classification"' not in page
