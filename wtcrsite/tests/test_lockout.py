"""Login lockouts behind the reverse proxy: by the client's address and the username.

Behind the proxy every request comes from the proxy's address (REMOTE_ADDR); the client's
own address is the one the proxy appends to X-Forwarded-For. Whoever can reach the login
must not be able to lock staff out of the admin from elsewhere.
"""

import json
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from wtcrsite.client_address import client_address
from wtcrsite.tests.conftest import BASE_DIR, PRODUCTION_ENV, _clean_env

PROXY = "10.0.0.2"  # the reverse proxy in front of the app servers
CLIENT_A = "198.51.100.7"
CLIENT_B = "203.0.113.9"
PROXY_SETTINGS = (
    "BEHIND_PROXY",
    "PROXY_COUNT",
    "AXES_CLIENT_IP_CALLABLE",
    "SECURE_PROXY_SSL_HEADER",
)


@pytest.fixture(scope="module")
def proxy_settings():
    """The settings the settings module reads from DJANGO_BEHIND_PROXY=true (one proxy)."""
    code = (
        "import json; from wtcrsite import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(PROXY_SETTINGS)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_clean_env({**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "true"}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def behind_proxy(settings, proxy_settings):
    for name, value in proxy_settings.items():
        if value is not None:
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="the-right-password", is_staff=True
    )


def sign_in(address, username, password, forwarded=None):
    """One sign-in through the proxy from `address` (X-Forwarded-For as the proxy sends it:
    whatever the client sent, then the address the proxy saw)."""
    chain = f"{forwarded}, {address}" if forwarded else address
    return Client().post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
        secure=True,
    )


def test_wrong_passwords_lock_one_address_out_of_one_account(
    behind_proxy, editor, django_user_model
):
    django_user_model.objects.create_user("other", password="other-password", is_staff=True)
    for _attempt in range(behind_proxy.AXES_FAILURE_LIMIT - 1):
        response = sign_in(CLIENT_A, "editor", "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert sign_in(CLIENT_A, "editor", "wrong").status_code == 429

    # Client A is locked out of this account, even with the right password ...
    assert sign_in(CLIENT_A, "editor", "the-right-password").status_code == 429
    # ... while the same account still signs in from client B,
    signed_in = sign_in(CLIENT_B, "editor", "the-right-password")
    assert signed_in.status_code == 302, signed_in.content.decode()[:500]
    # and client A still signs in to another account.
    assert sign_in(CLIENT_A, "other", "other-password").status_code == 302


def test_a_forged_forwarded_address_counts_against_the_real_one(behind_proxy, editor):
    # An attacker at A claims, in a header of its own, to be B: the proxy appends A.
    for _attempt in range(behind_proxy.AXES_FAILURE_LIMIT):
        sign_in(CLIENT_A, "editor", "wrong", forwarded=CLIENT_B)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}
    # B is not locked out; A is, whatever it claims.
    assert sign_in(CLIENT_B, "editor", "the-right-password").status_code == 302
    assert sign_in(CLIENT_A, "editor", "the-right-password").status_code == 429
    forged = sign_in(CLIENT_A, "editor", "the-right-password", forwarded="192.0.2.1")
    assert forged.status_code == 429


def test_more_proxies_from_the_environment(settings_from_env, settings, rf):
    values = settings_from_env(
        {**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "true", "DJANGO_PROXY_COUNT": "2"},
        "PROXY_COUNT",
    )
    assert values["PROXY_COUNT"] == 2

    # A CDN in front of nginx: the CDN appends the client, nginx the CDN.
    settings.BEHIND_PROXY, settings.PROXY_COUNT = True, 2
    request = rf.get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {CLIENT_A}, 10.0.0.9"
    )
    assert client_address(request) == CLIENT_A
    # Not through both: the connection's own address.
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)) == PROXY
    settings.BEHIND_PROXY = False
    assert client_address(request) == PROXY  # the header is nobody's word without a proxy


@pytest.mark.parametrize("count", ["0", "two", "-1"])
def test_a_proxy_count_that_is_not_a_positive_number_is_refused(manage, count):
    env = {**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "true", "DJANGO_PROXY_COUNT": count}

    result = manage(env, "check")

    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT must be a whole number of proxies, 1 or more" in result.stderr


@pytest.mark.parametrize(
    "forwarded",
    ['192.0.2.50, "', '"192.0.2.50', "192.0.2.50,", "not an address", '192.0.2.50, "x"'],
)
def test_a_client_cannot_hide_the_proxys_entry(behind_proxy, editor, forwarded):
    # Quotes and stray commas in what the client sends must not swallow the entry the
    # proxy appended: the failure counts against the client's real address.
    sign_in(CLIENT_A, "editor", "wrong", forwarded=forwarded)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}
