"""The address a request came from, for the login lockouts (django-axes).

Behind DJANGO_PROXY_COUNT proxies, each appends to X-Forwarded-For the address it was
reached from; the nearest one is the connection's own address (REMOTE_ADDR). The client is
therefore the entry that many places from the right. Entries further left are whatever the
client wrote itself and never count; the header is split on commas only, so no quoting in
it can swallow an entry one of our proxies wrote.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < settings.PROXY_COUNT:
        return remote  # not through all of our proxies: the connection's own address
    address = entries[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return remote  # our proxies write addresses only
