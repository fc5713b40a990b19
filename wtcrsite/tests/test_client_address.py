"""Which address a request comes from, for the login lockouts (django-axes).

Behind the proxy every connection comes from the proxy; the client is the last
X-Forwarded-For entry, the one the proxy added. Entries before it are whatever the
client sent, so they never count.
"""

import pytest
from axes.helpers import get_client_ip_address
from django.urls import reverse

from wtcrsite.tests.conftest import PRODUCTION_ENV


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the first entry is the client's own claim
        ("6.6.6.6,2001:db8::7", "2001:db8::7"),
        ("", "127.0.0.1"),  # no header: the connection's address
        ("6.6.6.6, not-an-address", "127.0.0.1"),
        ("203.0.113.7, ", "127.0.0.1"),
    ],
)
def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw(
    rf, settings, forwarded_for, expected
):
    settings.BEHIND_PROXY = True
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert get_client_ip_address(request) == expected


def test_without_a_proxy_x_forwarded_for_is_ignored(rf, settings):
    settings.BEHIND_PROXY = False
    request = rf.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert get_client_ip_address(request) == "198.51.100.4"


def test_behind_the_proxy_one_client_cannot_lock_the_editor_out_for_everyone(
    client, django_user_model, settings
):
    settings.BEHIND_PROXY = True
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    login = reverse("admin:login")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    editor = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "editor", "password": "wrong"}, **attacker)
    refused = client.post(
        login, {"username": "editor", "password": "the-right-password"}, **attacker
    )
    signed_in = client.post(
        login, {"username": "editor", "password": "the-right-password"}, **editor
    )

    assert refused.status_code == 429
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "true"}, True),
        (PRODUCTION_ENV, False),
        ({"DJANGO_DEBUG": "true", "DJANGO_BEHIND_PROXY": "true"}, False),
    ],
)
def test_behind_proxy_comes_from_the_environment(settings_from_env, env, expected):
    values = settings_from_env(env, "BEHIND_PROXY", "AXES_CLIENT_IP_CALLABLE")

    assert values["BEHIND_PROXY"] is expected
    assert values["AXES_CLIENT_IP_CALLABLE"] == "wtcrsite.proxy.client_address"
