import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import get_language_from_path, gettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve

from delivery import clock
from delivery.pagecache import UNAVAILABLE
from drivers.models import FEATURED_DRIVERS
from drivers.views import featured_drivers
from events.models import Season
from events.views import countdown_context
from news.models import Article
from standings.tables import driver_placings

# How long a reader is asked to wait when the database cannot be reached.
RETRY_AFTER_SECONDS = 30


@require_GET
def home(request):
    season = Season.objects.current()
    featured = featured_drivers()
    standing, countdown = [], {}
    if season is not None:
        countdown = countdown_context(season, request=request)
        placings = driver_placings(season, FEATURED_DRIVERS, moment=clock.now(request))
        drivers = {item["driver"].slug: item["driver"] for item in featured}
        standing = [
            {"driver": drivers[slug], "placings": placings[slug]}
            for slug in FEATURED_DRIVERS
            if slug in drivers
        ]
    news = (
        Article.objects.published(clock.now(request))
        .in_language()
        .select_related("hero")
        .newest_first()[:3]
    )
    context = {
        "season": season,
        "featured": featured,
        "standing": standing,
        "news": news,
        **countdown,
    }
    return render(request, "home.html", context)


@require_safe
def media(request, path):
    """Uploads, when no front server serves them. A web size is never written again under
    its name (each upload gets a random one, images.fields), so it may be cached for a year;
    originals for a day. No folder is listed: the random names are the only way in."""
    try:
        response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name too long for the file system, say
        raise Http404("No such file") from error
    immutable = path.endswith((".webp", ".avif")) and "/renditions/" in f"/{path}"
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if immutable else "public, max-age=86400"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
def healthz(request):
    """200 `ok` when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@cache_control(max_age=60 * 60 * 24, public=True)
@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(max_age=60 * 60 * 24, public=True)
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def server_error(request, template_name="500.html"):
    """The 500 page, or the 503 "back soon" page when the database cannot be reached;
    translated into the language of the address asked for, rendered without touching the
    database. If rendering fails too, a plain fallback keeps the error from becoming a
    traceback."""
    unavailable = isinstance(sys.exception(), UNAVAILABLE)
    if unavailable:
        template_name = "503.html"
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            body = loader.render_to_string(template_name, request=request)
        except Exception:  # noqa: BLE001 - the last resort must never raise
            title = escape(gettext("Something went wrong"))
            body = f"<!doctype html><title>{title}</title><h1>{title}</h1>"
    if unavailable:
        response = HttpResponse(body, status=503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(body)
    response.headers["Cache-Control"] = "no-store"
    return response
