import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_creates_the_admin_once_and_prints_its_password_once(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    call_command("demo")
    second = capsys.readouterr().out

    password = re.search(r"password: (\S+)", first).group(1)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.check_password(password)
    assert len(password) >= 16
    assert "password:" not in second
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_demo_passwords_differ_between_installs(capsys):
    call_command("demo")
    first = re.search(r"password: (\S+)", capsys.readouterr().out).group(1)
    get_user_model().objects.all().delete()
    call_command("demo")
    second = re.search(r"password: (\S+)", capsys.readouterr().out).group(1)

    assert first != second


@pytest.mark.django_db
def test_the_demo_shows_the_sourced_timetable(client, capsys):
    """What `make run` serves: every weekend with its practice, qualifying and races, at
    the times the sources give (data/seasons/2021/timetable sources in its README)."""
    call_command("demo")

    html = client.get("/en/events/2021/germany/").content.decode()
    schedule = html[
        html.index('id="schedule-title"') : html.index(
            "</table>", html.index('id="schedule-title"')
        )
    ]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', schedule)
    assert rows == [
        ("Free practice 1", "Thu 3 June, 14:30 CEST"),
        ("Free practice 2", "Thu 3 June, 19:00 CEST"),
        ("Qualifying", "Fri 4 June, 14:05 CEST"),
        ("Race 1", "Sat 5 June"),
        ("Race 2", "Sat 5 June"),
    ]
    adria = client.get("/en/events/2021/adria/").content.decode()
    assert "Sun 7 November, 10:15 CET" in adria


def rerun_make_run_setup():
    """What a second `make run` does before it serves: migrate, then the demo."""
    call_command("migrate", verbosity=0)
    call_command("demo")


@pytest.mark.django_db
def test_a_second_make_run_keeps_a_result_and_a_session_time_edited_in_the_admin(capsys):
    from events.models import Session
    from standings.models import SessionResult

    call_command("demo")
    last = (
        SessionResult.objects.filter(
            session__event__slug="germany", session__code="R1", position__isnull=False
        )
        .order_by("-position")
        .first()
    )
    last.position += 5  # corrected in the admin
    last.save()
    q = Session.objects.get(event__slug="germany", code="Q")
    q.starts_at = dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)  # 14:30 at the track
    q.save()

    rerun_make_run_setup()

    last.refresh_from_db()
    q.refresh_from_db()
    assert last.position == last.history.first().position
    assert last.history.first().position > 5
    assert q.starts_at == dt.datetime(2021, 6, 4, 12, 30, tzinfo=dt.UTC)
    out = capsys.readouterr().out
    assert "Season 2021: in the database already, left as it is." in out
    assert "manage.py import_season data/seasons/2021" in out


@pytest.mark.django_db
def test_a_second_make_run_keeps_profile_milestone_and_news_edits():
    from drivers.models import Driver, Milestone
    from news.models import Article, Photo, PressContact

    call_command("demo")
    jessica = Driver.objects.get(slug="jessica-backman")
    jessica.bio_en = ""  # emptied on purpose
    jessica.save()
    jessica.siblings.clear()
    milestone = Milestone.objects.first()
    milestone.delete()
    article = Article.objects.first()
    article.delete()
    photos, contacts = Photo.objects.count(), PressContact.objects.count()
    PressContact.objects.first().delete()

    rerun_make_run_setup()

    jessica.refresh_from_db()
    assert jessica.bio_en == ""
    assert not jessica.siblings.exists()
    assert not Milestone.objects.filter(slug=milestone.slug).exists()
    assert not Article.objects.filter(language=article.language, slug=article.slug).exists()
    assert Photo.objects.count() == photos
    assert PressContact.objects.count() == contacts - 1


@pytest.mark.django_db
def test_the_demo_loads_what_a_season_imported_by_hand_lacks(capsys):
    from django.conf import settings

    from drivers.models import Milestone
    from news.models import Article
    from standings.importers import import_season

    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")

    call_command("demo")

    assert Milestone.objects.exists()
    assert Article.objects.exists()
