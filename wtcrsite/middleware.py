import base64
import functools
import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation


class NulCharacter(SuspiciousOperation):
    """A NUL character in the address, the query string or a form field."""


class RefuseNulMiddleware:
    """A NUL character is never part of a name, a search or an address; PostgreSQL refuses
    it in text, so a lookup with one (an admin search, an autocomplete, a sign-in) would
    fail with a server error. Such a request is a bad request (400), logged as
    django.security.NulCharacter, before any view or middleware reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _holds_nul(request.GET):
            raise NulCharacter("NUL character in the address or its query string")
        # Cookies too: a quoted cookie may spell one as an escape ("\\000").
        if any("\x00" in value for value in request.COOKIES.values()):
            raise NulCharacter("NUL character in a cookie")
        if request.method == "POST" and (
            _holds_nul(request.POST) or any("\x00" in f.name for f in request.FILES.values())
        ):
            raise NulCharacter("NUL character in a form field")
        return self.get_response(request)


def _holds_nul(data):
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def build_permissions_policy(policy):
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header from settings.PERMISSIONS_POLICY."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = build_permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


# One style attribute the editor sets while it builds its toolbar (django-prose-editor 0.28).
_EDITOR_STYLE_HASHES = ["'unsafe-hashes'", "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]
_IMPORTMAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.S)


@functools.cache
def _editor_importmap():
    """The rich-text editor's import map, as its widget renders it."""
    from django_prose_editor.widgets import importmap

    match = _IMPORTMAP.search(str(importmap.render()).encode())
    return json.loads(match.group(1))


class AdminEditorPolicyMiddleware:
    """The admin's policy: its rich-text editor needs one inline script, its import map,
    allowed by its hash; a photo chosen in a form is shown before it is uploaded, from a
    blob: address. The policy stays as strict everywhere else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(self.prefix)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            policy = dict(settings.SECURE_CSP)
            policy["img-src"] = [*policy.get("img-src", []), "blob:"]
            hashes = [
                f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
                for body in _IMPORTMAP.findall(response.content)
                if _parses_to(body, _editor_importmap())
            ]
            if hashes:
                policy["script-src"] = [*policy.get("script-src", []), *hashes]
                policy["style-src"] = [*policy.get("style-src", []), *_EDITOR_STYLE_HASHES]
            response._csp_config = policy
        return response


def _parses_to(body, expected):
    try:
        return json.loads(body) == expected
    except ValueError:
        return False
