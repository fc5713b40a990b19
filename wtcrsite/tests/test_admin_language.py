"""The admin speaks the staff member's language (the browser's: Swedish, or English): import
problems, the sign-in and its lockout, the "no access" page, the names of other packages'
models, and both histories. The management commands stay in English."""

import ast
import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from drivers.models import Driver
from standings.models import SessionResult

BASE_DIR = Path(__file__).resolve().parents[2]
HEADER = "round,session,position,number,driver,status,best_lap\n"
BAD_RESULTS = HEADER + (
    "8,R1,x,12,Yann Ehrlacher,classified,1:44.522\n"  # line 2: not a position
    "8,R1,2,999,Thed Björk,classified,1:44.601\n"  # line 3: nobody has car 999
)
PASSWORD = "a-long-password-1"


def text_of(response):
    """The page's text as a reader sees it: no tags, entities read, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def staff(db, staff_user):
    """staff(role, language) -> a client signed in as a member of that role (wtcrsite.roles)
    whose browser asks for `language`."""

    def sign_in(role, language="sv"):
        user = staff_user(f"{role.lower().replace(' ', '-')}-{language}", role)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def superuser_client(db, django_user_model):
    def sign_in(language):
        user = django_user_model.objects.create_superuser(f"root-{language}", password=PASSWORD)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        return client

    return sign_in


# Import problems


def upload_results(client, season, text):
    return client.post(
        reverse("admin:standings_sessionresult_import"),
        {
            "season": season.pk,
            "file": SimpleUploadedFile("results.csv", text.encode(), "text/csv"),
        },
    )


def test_a_refused_results_file_is_explained_in_swedish_in_the_admin(season_2021, staff):
    before = list(SessionResult.objects.values_list("pk", "position", "status"))

    response = upload_results(staff("Results", "sv"), season_2021, BAD_RESULTS)

    assert response.status_code == 200
    page = text_of(response)
    assert "results.csv, rad 2: kolumnen position måste vara ett heltal, inte 'x'" in page
    assert "results.csv, rad 3: startnummer 999 är inte anmält i omgång 8" in page
    assert "must be" not in page
    assert "line 2" not in page
    assert list(SessionResult.objects.values_list("pk", "position", "status")) == before


def test_the_same_file_is_explained_in_english_to_an_english_browser(season_2021, staff):
    page = text_of(upload_results(staff("Results", "en"), season_2021, BAD_RESULTS))

    assert "results.csv, line 2: position must be a whole number, not 'x'" in page
    assert "results.csv, line 3: car number 999 is not entered in round 8" in page


def test_the_import_results_command_speaks_english_whatever_the_language(season_2021, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(BAD_RESULTS, encoding="utf-8")

    # The site's default language is Swedish; the command is @no_translations.
    with translation.override("sv"), pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--season", "2021")

    message = str(refused.value)
    assert "results.csv, line 2: position must be a whole number, not 'x'" in message
    assert "results.csv, line 3: car number 999 is not entered in round 8" in message
    assert "rad" not in message
    assert "kolumnen" not in message


SEASON_FILES = sorted(
    path
    for app in ("events", "standings")
    for path in (BASE_DIR / app / "seasonfiles").glob("*.py")
)


@pytest.mark.parametrize("path", SEASON_FILES, ids=lambda path: path.name)
def test_every_import_problem_is_written_for_translation(path):
    """A reason given to RowError or Problem is never a bare string or f-string: it goes
    through gettext with named placeholders, so the admin can show it in Swedish."""
    untranslated = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        position = {"RowError": 0, "Problem": 2}.get(node.func.id)
        if position is None or len(node.args) <= position:
            continue
        reason = node.args[position]
        if isinstance(reason, ast.JoinedStr) or (
            isinstance(reason, ast.Constant) and isinstance(reason.value, str)
        ):
            untranslated.append(f"line {node.lineno}: {ast.unparse(reason)}")
    assert untranslated == []


# Sign-in, lockout, no access


def test_the_sign_in_page_is_in_swedish(client):
    page = text_of(client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="sv"))

    assert "Bäckman WTCR · redaktionen" in page
    assert "Användarnamn" in page
    assert "Lösenord" in page
    assert "Logga in" in page
    assert "Username" not in page


def test_a_wrong_password_is_refused_in_swedish(client, django_user_model):
    django_user_model.objects.create_user("jessica", password=PASSWORD, is_staff=True)

    response = client.post(
        reverse("admin:login"),
        {"username": "jessica", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )

    assert response.status_code == 200
    assert "användarnamn och lösenord för ett personalkonto" in text_of(response)


def test_the_password_change_is_in_swedish(staff):
    client = staff("Press office", "sv")

    page = text_of(client.get(reverse("admin:password_change")))
    assert "Gammalt lösenord" in page
    assert "Nytt lösenord" in page

    refused = client.post(
        reverse("admin:password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert "Ditt gamla lösenord var felaktigt" in text_of(refused)


def lock_out(client, settings, username, language):
    login = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login, {"username": username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE=language
        )
    return client.post(
        login, {"username": username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_locked_out_sign_in_is_told_in_swedish_what_to_do(client, django_user_model, settings):
    django_user_model.objects.create_user("jessica-press", password=PASSWORD, is_staff=True)

    locked = lock_out(client, settings, "jessica-press", "sv")

    assert locked.status_code == 429
    html = locked.content.decode()
    assert '<html lang="sv"' in html
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == "För många misslyckade inloggningar"
    page = text_of(locked)
    assert f"efter {settings.AXES_FAILURE_LIMIT} felaktiga lösenord i rad" in page
    assert "Vänta en timme och logga sedan in igen." in page
    assert "Be en administratör om ett nytt." in page
    assert "Bäckman WTCR · redaktionen" in page
    assert "jessica-press" not in html  # what was typed is not repeated
    assert "style=" not in html  # the admin's CSP allows no inline style


def test_the_lockout_in_english(client, django_user_model, settings):
    django_user_model.objects.create_user("andreas", password=PASSWORD, is_staff=True)

    page = text_of(lock_out(client, settings, "andreas", "en"))

    assert "Too many failed sign-ins" in page
    assert f"after {settings.AXES_FAILURE_LIMIT} wrong passwords in a row" in page
    assert "Wait an hour, then sign in again." in page


def test_the_lockout_for_a_script_is_json_in_the_browsers_language(
    client, django_user_model, settings
):
    django_user_model.objects.create_user("andreas", password=PASSWORD, is_staff=True)
    lock_out(client, settings, "andreas", "sv")

    locked = client.post(
        reverse("admin:login"),
        {"username": "andreas", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="sv",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert locked.status_code == 429
    data = json.loads(locked.content)
    assert data["message"] == (
        "För många misslyckade inloggningar. Inloggningen till kontot härifrån är pausad i "
        "en timme."
    )
    assert data["failure_limit"] == settings.AXES_FAILURE_LIMIT
    assert "andreas" not in locked.content.decode()


@pytest.mark.parametrize("role", ["Press office", "Results", "Calendar"])
def test_staff_roles_do_not_see_the_sign_in_lockouts_and_are_told_so_in_swedish(staff, role):
    client = staff(role, "sv")
    attempts = reverse("admin:axes_accessattempt_changelist")

    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert attempts not in index.content.decode()
    assert "Inloggningsspärrar" not in text_of(index)

    denied = client.get(attempts)
    assert denied.status_code == 403
    html = denied.content.decode()
    assert '<html lang="sv"' in html
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == "Du har inte tillgång till den här sidan"
    assert "Behöver du den i ditt arbete kan en administratör ge dig tillgång." in text_of(denied)
    assert f'href="{reverse("admin:index")}"' in html


def test_no_access_in_english(staff):
    denied = staff("Press office", "en").get(reverse("admin:axes_accessattempt_changelist"))

    assert denied.status_code == 403
    assert "You do not have access to this page" in text_of(denied)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "sv",
            [
                "Inloggningsspärrar",
                "Inloggningsförsök",
                "Misslyckade inloggningar",
                "Inloggningar",
                "Autentisering och auktorisering",
            ],
        ),
        (
            "en",
            [
                "Sign-in lockouts",
                "Access attempts",
                "Access failures",
                "Access logs",
                "Authentication and Authorization",
            ],
        ),
    ],
)
def test_other_packages_models_are_named_in_the_admins_language(superuser_client, language, words):
    client = superuser_client(language)

    page = text_of(client.get(reverse("admin:index")))
    for word in words:
        assert word in page
    if language == "sv":
        assert "Axes" not in page
        assert "Access attempts" not in page


def test_the_lockout_records_read_in_swedish(superuser_client):
    AccessAttempt.objects.create(
        username="jessica",
        ip_address="198.51.100.7",
        user_agent="Firefox",
        http_accept="text/html",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )

    page = text_of(superuser_client("sv").get(reverse("admin:axes_accessattempt_changelist")))

    assert "Välj inloggningsförsök att ändra" in page
    assert "IP-adress" in page
    assert "Användarnamn" in page
    assert "Misslyckade inloggningar" in page
    assert "Filtrera efter Tidpunkt" in page
    assert "IP Address" not in page
    assert "Filter by" not in page


# Histories


def test_the_admin_history_names_the_changed_fields_in_swedish(
    staff, profiles_2021, admin_form, django_user_model
):
    client = staff("Press office", "sv")
    jessica = Driver.objects.get(slug="jessica-backman")
    url = reverse("admin:drivers_driver_change", args=[jessica.pk])
    form = admin_form(client, url)
    form.update(home_town="Luleå", bio_en="<p>A new bio.</p>")

    saved = client.post(url, form)
    assert saved.status_code == 302, saved.content.decode()[:2000]

    history = reverse("admin:drivers_driver_history", args=[jessica.pk])
    page = text_of(client.get(history))
    assert "Ändrade hemort och biografi [en]." in page
    assert "Changed" not in page
    assert "1 ändring" in page

    english = text_of(client.get(history, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Changed home town and biography [en]." in english


def test_a_change_message_names_a_field_it_cannot_place_by_the_catalogue():
    """A label of a form field that is no model field: translated as the catalogue has it,
    capitalised or not; left as it is when the catalogue does not know it."""
    from wtcrsite.templatetags.admin_history import change_message

    fields = ["Publish at", "Unknown label"]
    entry = LogEntry(change_message=json.dumps([{"changed": {"fields": fields}}]))

    with translation.override("sv"):
        assert change_message(entry) == "Ändrade publiceringstid och Unknown label."


def test_a_result_history_says_the_change_in_words(season_2021, staff):
    result = SessionResult.objects.filter(status="classified", position__gt=3).first()
    old_position = result.position
    result.status, result.position = SessionResult.Status.DNF, None
    result.save()

    client = staff("Results", "sv")
    page = text_of(client.get(reverse("admin:standings_sessionresult_history", args=[result.pk])))

    assert "Status: Klassad → Bröt" in page
    assert f"Placering: {old_position} → (tomt)" in page
    assert "Skapad" in page
    assert "Ändrad" in page
    assert "ingen inloggad (en import eller ett kommando)" in page
    assert "classified" not in page
    assert "Changed" not in page

    english = text_of(
        client.get(
            reverse("admin:standings_sessionresult_history", args=[result.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "Status: Classified → Did not finish" in english
    assert f"Position: {old_position} → (empty)" in english


def test_times_in_a_history_are_in_the_site_zone_and_the_readers_format(db):
    from news.models import Article
    from wtcrsite.templatetags.admin_history import changes_in_words

    article = Article.objects.create(
        language="sv",
        title="Jessica på pallen",
        slug="jessica-pa-pallen",
        summary="Sammanfattning.",
        body="<p>Text.</p>",
        publish_at=None,
        category=Article.Category.NEWS,
    )
    article.publish_at = dt.datetime(2021, 6, 5, 12, 30, tzinfo=dt.UTC)
    article.body = "<p>Text, <strong>längre</strong>.</p>"
    article.save()

    with translation.override("sv"):
        changes = {c["field"]: c for c in changes_in_words(article.history.first())}
    publish_at = changes["Publiceringstid"]
    assert (publish_at["old"], publish_at["new"]) == ("(tomt)", "5 juni 2021 kl. 14:30")
    body = next(c for c in changes.values() if "längre" in c["new"])
    assert "<" not in body["new"]


def test_the_date_and_time_pickers_speak_swedish(staff):
    """The admin's scripts read their words from /admin/jsi18n/: Django's Swedish, and ours
    for what Django has none for yet (the note when the browser's clock is in another zone,
    as at a race abroad)."""
    script = staff("Results", "sv").get(reverse("admin:jsi18n")).content.decode()

    assert "Obs! Skriv tider i tidszonen %(timezone)s." in script
    assert "I morgon (%(date)s)" in script
    assert '"Today": "I dag"' in script  # and Django's own Swedish is still there


def test_a_drivers_milestones_are_listed_in_words(staff, profiles_2021):
    """The milestones inline on a driver's page names its column and its rows in the
    reader's language, not by the link table Django makes ("Milestone_drivers object")."""
    jessica = Driver.objects.get(slug="jessica-backman")

    page = staff("Press office", "sv").get(
        reverse("admin:drivers_driver_change", args=[jessica.pk])
    )

    html = page.content.decode()
    text = text_of(page)
    assert "_drivers object" not in text
    assert re.search(r'<th class="column-milestone[^"]*"[^>]*>\s*Milstolpe', html)
    assert "Första kvinnan i WTCR" in text


def test_a_link_set_where_there_was_none_reads_empty_then_its_name(db):
    from news.models import Article
    from wtcrsite.templatetags.admin_history import changes_in_words

    english = Article.objects.create(
        language="en", title="First points", slug="first-points", summary="S.", body="<p>B.</p>"
    )
    swedish = Article.objects.create(
        language="sv", title="Första poängen", slug="forsta-poangen", summary="S.", body="<p>B.</p>"
    )
    swedish.translation = english
    swedish.save()

    with translation.override("sv"):
        changes = changes_in_words(swedish.history.first())
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("Översättning av", "(tomt)", str(english))
    ]


def test_an_old_version_of_an_article_is_named_in_swedish(superuser_client):
    from news.models import Article

    article = Article.objects.create(
        language="sv", title="Första poängen", slug="forsta-poangen", summary="S.", body="<p>B.</p>"
    )
    version = article.history.first()

    page = text_of(
        superuser_client("sv").get(
            reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])
        )
    )

    crumbs = ["Start", "Nyheter", "Artiklar", "Första poängen", "Historik", "Återställ artikel"]
    assert " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} ".join(crumbs) in page
    assert "Historical" not in page
    assert "Tryck på knappen ”Återställ” nedan" in page
