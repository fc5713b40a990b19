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
