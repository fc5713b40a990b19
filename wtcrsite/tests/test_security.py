import pytest

from wtcrsite.tests.conftest import PRODUCTION_ENV

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def test_check_deploy_is_clean_with_production_settings(manage):
    result = manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "backman.example"},
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off",
        ),
        (
            {"DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"]},
            "DJANGO_ALLOWED_HOSTS must list this site's host names",
        ),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false, not 'maybe'."),
    ],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(manage, env, message):
    result = manage(env, "check")

    assert result.returncode != 0
    assert message in result.stderr


def test_response_headers_in_production(db, client):
    response = client.get("/en/", secure=True)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    )


def test_production_redirects_plain_http_except_the_health_check(manage, run_python):
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "r = c.get('/en/'); print(r.status_code, r['Location']); "
        "print(c.get('/healthz').status_code)"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "wtcrsite.settings",
        "DATABASE_URL": "sqlite:///:memory:",
    }

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "301 https://testserver/en/\n200\n"


def test_admin_login_is_served_and_never_framed(db, client):
    response = client.get("/admin/login/", secure=True)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_bad_host_is_logged_in_one_line(run_python):
    code = (
        # (No collectstatic here: WhiteNoise would warn of the missing folder.)
        "import warnings; warnings.simplefilter('ignore'); "
        "import django; django.setup(); from django.test import Client; "
        "r = Client(raise_request_exception=False).get('/robots.txt', HTTP_HOST='evil.example'); "
        "print(r.status_code)"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "wtcrsite.settings",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "400\n"
    assert result.stderr.splitlines() == [
        "django.security.DisallowedHost ERROR Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS. (GET /robots.txt)"
    ]


def test_a_security_log_line_cannot_be_forged(rf):
    import logging

    from wtcrsite.logs import SiteFormatter

    request = rf.get("/", PATH_INFO="/en/\nERROR all is lost")
    record = logging.LogRecord(
        "django.security.NulCharacter", logging.ERROR, __file__, 1, "a\rb", (), None
    )
    record.request = request

    assert SiteFormatter().format(record) == (
        "django.security.NulCharacter ERROR a\\x0db (GET /en/\\x0aERROR all is lost)"
    )
