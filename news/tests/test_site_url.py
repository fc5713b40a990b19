"""The site's public address (DJANGO_SITE_URL): what the press kit prints, never a
development address in production."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-like-key-for-tests-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "backman.example",
}


def _run(env, code):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "ADMIN_URL"))
    }
    return subprocess.run(
        [sys.executable, *code],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def site_url(env):
    code = "import json; from wtcrsite import settings as s; print(json.dumps(s.SITE_URL))"
    result = _run(env, ["-c", code])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "true"}, ""),  # development: the request's own host
        (
            {"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "http://localhost:8000/"},
            "http://localhost:8000",
        ),
        (PRODUCTION, "https://backman.example"),
        (
            {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "WWW.Backman.example,x"},
            "https://www.backman.example",
        ),
        (
            {**PRODUCTION, "DJANGO_SITE_URL": "https://Press.Backman.example"},
            "https://press.backman.example",
        ),
        # No public name to go by: the request's host, and `check --deploy` says so.
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ".backman.example"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "*"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver,backman.example"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "10.0.0.5"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "app.localhost"}, ""),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "backman.example."}, "https://backman.example"),
    ],
)
def test_the_public_address(env, expected):
    assert site_url(env) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**PRODUCTION, "DJANGO_SITE_URL": "http://127.0.0.1:8000"}, "public https address"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://localhost"}, "public https address"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "http://backman.example"}, "public https address"),
        (
            {"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "https://backman.example/sv/"},
            "scheme and host only",
        ),
        (
            {"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "javascript:alert(1)"},
            "scheme and host only",
        ),
        (
            {"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "https://u:p@backman.example"},
            "scheme and host only",
        ),
        ({"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "backman.example"}, "scheme and host only"),
        (
            {"DJANGO_DEBUG": "true", "DJANGO_SITE_URL": "https://backman.example:99999"},
            "scheme and host only",
        ),
        ({**PRODUCTION, "DJANGO_SITE_URL": 'https://back"man.example'}, "scheme and host only"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://back%41man.example"}, "scheme and host only"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://backman.example:"}, "scheme and host only"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://backman.example."}, "scheme and host only"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://[::ffff:127.0.0.1]"}, "public https address"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://2130706433"}, "public https address"),
        ({**PRODUCTION, "DJANGO_SITE_URL": "https://10.0.0.5"}, "public https address"),
    ],
)
def test_a_wrong_public_address_is_refused(env, message):
    result = _run(env, ["manage.py", "check"])

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be" in result.stderr
    assert message in result.stderr


def test_check_deploy_warns_when_production_would_print_the_requests_host():
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    result = _run(env, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode != 0
    assert "news.W001" in result.stderr
    assert "DJANGO_SITE_URL" in result.stderr

    clean = _run(
        {**env, "DJANGO_SITE_URL": "https://backman.example"},
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
