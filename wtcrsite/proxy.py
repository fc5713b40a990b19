"""The client's address when the site runs behind its reverse proxy (DJANGO_BEHIND_PROXY).

Every connection then comes from the proxy, so REMOTE_ADDR names the proxy. The proxy
appends the address it saw to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for, see
deploy/nginx/backman.conf); entries before it were sent by the client and may be forged,
so only the last one counts. django-axes keys its login lockouts on this address.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The last X-Forwarded-For entry behind the proxy, REMOTE_ADDR otherwise (or when
    that entry is missing or not an IP address)."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote
