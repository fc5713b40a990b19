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
