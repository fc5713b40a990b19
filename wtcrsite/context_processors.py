import re

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from delivery import clock

NAVIGATION = [
    ("drivers", "drivers:list", _("Drivers")),
    ("events", "events:calendar", _("Calendar")),
    ("standings", "standings:index", _("Standings")),
    ("news", "news:list", _("News")),
    ("press", "news:press", _("Press")),
]

# What a browser would not keep as it stands in a path: it reads a backslash as a slash and
# drops tabs and line breaks, so /\evil.example or /<tab>/evil.example is //evil.example.
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")


def local_path(path):
    """`path` as a link that stays on this host whatever the address asked for: such
    characters percent-encoded, and one slash at the start (two would name a host)."""
    path = _UNSAFE_IN_PATH.sub(lambda match: f"%{ord(match.group()):02X}", path)
    return "/" + path.lstrip("/")


def _path_in_language(path, code):
    translated = translate_url(path, code)
    if translated != path or code == get_language():
        return translated
    # Unresolvable path (a 404): swap the language prefix so the switcher still
    # leads to the same address in the other language.
    return _swap_prefix(path, code)


def _swap_prefix(path, code):
    """/sv/x/ -> /en/x/ (code "en") or /x/ (code "")."""
    for other, _name in settings.LANGUAGES:
        prefix = f"/{other}/"
        if path.startswith(prefix):
            rest = path.removeprefix(prefix)
            return f"/{code}/{rest}" if code else f"/{rest}"
    return path


def site(request):
    """Site name, navigation state and the page's language alternates."""
    current = get_language()
    match = getattr(request, "resolver_match", None)
    section = ""
    if match:
        # The press room lives in the news app but is a section of its own.
        press = ("news:press", "news:press_kit")
        section = "press" if match.view_name in press else match.namespace
    query = request.META.get("QUERY_STRING", "")
    # A page that exists in one language only (an article) names its own alternates:
    # {code: (path, is the same content)}.
    chosen = getattr(request, "language_paths", {})
    # Links are made from the path as a link to this host: the address of a 404 is the
    # visitor's to choose (//evil.example/, /%5C%5Cevil.example/).
    here = local_path(request.path)
    languages = []
    for code, name in settings.LANGUAGES:
        path, alternate = chosen.get(code, (_path_in_language(here, code), True))
        path = local_path(path)
        languages.append(
            {
                "code": code,
                "name": name,
                "native_name": {"sv": "Svenska", "en": "English"}.get(code, name),
                "path": path,
                "url": request.build_absolute_uri(path),
                "switch_url": f"{path}?{query}" if query else path,
                "current": code == current,
                "alternate": alternate,
            }
        )
    return {
        "site_name": settings.SITE_NAME,
        # Set only for a staff member previewing the site (their pages are never cached).
        "preview_moment": clock.now(request) if clock.previewing(request) else None,
        "navigation": [
            {"url_name": url_name, "label": label, "current": key == section}
            for key, url_name, label in NAVIGATION
        ],
        "languages": languages,
        "page_path": here,
        "canonical_url": request.build_absolute_uri(here),
        # Without a language prefix the address redirects by the reader's language; a page
        # that exists in one language only names its own.
        "x_default_url": request.build_absolute_uri(
            local_path(getattr(request, "x_default_path", None) or _swap_prefix(here, ""))
        ),
    }
