import pytest

from wtcrsite.tests.conftest import PRODUCTION_ENV

HEALTHZ = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
)


def test_healthz_answers_ok_when_the_database_answers(get_page):
    response = get_page("/healthz", queries=1)

    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-directory/for/sure/db.sqlite3",
        "postgres://nobody@127.0.0.1:1/nothing",
    ],
    ids=["sqlite-missing-file", "postgres-refused"],
)
def test_healthz_answers_503_when_the_database_is_unreachable(run_python, database_url):
    env = {
        **PRODUCTION_ENV,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "wtcrsite.settings",
        "DATABASE_URL": database_url,
    }

    result = run_python(HEALTHZ, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "503 database unavailable\n"
