"""System checks for settings that would fail silently."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def client_addresses_behind_proxy(app_configs, **kwargs):
    """Behind a proxy, login lockouts need django-ipware: without it django-axes counts
    every sign-in from the proxy's address and one attacker locks staff out."""
    from axes import helpers

    if getattr(settings, "BEHIND_PROXY", False) and not helpers.IPWARE_INSTALLED:
        return [
            checks.Error(
                "DJANGO_BEHIND_PROXY is set but django-ipware is not installed: login "
                "lockouts would count the proxy's address for every client.",
                hint="pip install -r requirements.txt",
                id="wtcrsite.E001",
            )
        ]
    return []
