"""The site's one clock: "now" for a request.

Readers always get the real time. A staff member can preview the site as of another
moment (`?as_of=2021-06-04T08:00`, kept in their session until `?as_of=now`); the
preview clock then runs on from that moment, so countdowns tick and roll over.
"""

import contextlib
import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers

PARAMETER = "as_of"
SESSION_KEY = "preview_as_of"
CLEAR = {"now", "clear", ""}
EARLIEST = dt.datetime(1950, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def now(request=None):
    """The moment `request` is computed as of: the preview moment, or the real time.

    One moment per request: every part of a page (results, tables, countdown, news) is
    computed as of the same instant, read the first time it is asked for."""
    if request is not None:
        kept = getattr(request, "_clock_now", None)
        if kept is not None:
            return kept
    real = timezone.now()
    preview = getattr(request, "preview", None)
    moment = real if preview is None else preview[0] + (real - preview[1])
    if request is not None:
        with contextlib.suppress(AttributeError):  # an object that takes no attributes
            request._clock_now = moment
    return moment


def read_at(request):
    """The moment the request's page was computed as of, once something read it; else None."""
    return getattr(request, "_clock_now", None)


def previewing(request):
    return getattr(request, "preview", None) is not None


def preview_now(request):
    """The preview moment as it runs on, or None for the real time."""
    return now(request) if previewing(request) else None


def parse_moment(text):
    """ "2021-06-04T08:00" (site time) or with an offset -> an aware datetime, else None."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except (ValueError, TypeError):
        return None
    if timezone.is_naive(moment):
        try:
            moment = timezone.make_aware(moment)
        except (ValueError, OverflowError):
            return None
    return moment if EARLIEST <= moment <= LATEST else None


class PreviewClockMiddleware:
    """Reads and keeps a staff member's preview moment; strips the parameter for everyone
    else, so that their page is exactly the page without it. Previewed pages are never
    cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = request.GET.get(PARAMETER) if PARAMETER in request.GET else None
        if asked is not None:
            _strip_parameter(request)
        request.preview = None
        # Only a signed-in user has a session cookie: readers' pages never touch the session.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff:
            request.preview = self._preview(request, asked)
        request.__dict__.pop("_clock_now", None)  # a moment read before this is not the page's
        response = self.get_response(request)
        if request.preview is not None:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response

    def _preview(self, request, asked):
        real = timezone.now()
        if asked is not None:
            moment = None if asked.strip().lower() in CLEAR else parse_moment(asked)
            if moment is None:
                request.session.pop(SESSION_KEY, None)
                return None
            request.session[SESSION_KEY] = [moment.isoformat(), real.isoformat()]
            return moment, real
        stored = request.session.get(SESSION_KEY)
        if not stored:
            return None
        try:
            return dt.datetime.fromisoformat(stored[0]), dt.datetime.fromisoformat(stored[1])
        except (ValueError, TypeError, IndexError):
            request.session.pop(SESSION_KEY, None)
            return None


def _strip_parameter(request):
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()
