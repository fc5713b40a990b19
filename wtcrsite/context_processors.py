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
    languages = []
    for code, name in settings.LANGUAGES:
        path, alternate = chosen.get(code, (_path_in_language(request.path, code), True))
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
        "canonical_url": request.build_absolute_uri(request.path),
        # Without a language prefix the address redirects by the reader's language.
        "x_default_url": request.build_absolute_uri(_swap_prefix(request.path, "")),
    }
