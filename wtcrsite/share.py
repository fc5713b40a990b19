"""Share images (`og:image`): the site's, and one per event, driver and title, drawn on
request and kept by the page cache like any public page (they are the same for everyone)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from delivery.pagecache import reads
from drivers.models import Driver
from events.models import Event
from images.share import share_image
from standings.models import Title


def _png(data):
    return HttpResponse(data, content_type="image/png")


@require_GET
def site(request):
    return _png(
        share_image(eyebrow=gettext("FIA World Touring Car Cup 2021"), title=settings.SITE_NAME)
    )


@require_GET
@reads("calendar")
def event(request, season, slug):
    event = get_object_or_404(
        Event.objects.select_related("season"), season__slug=season, slug=slug
    )
    eyebrow = event.season.name
    if event.round:
        eyebrow += " · " + gettext("Round %(number)s") % {"number": event.round}
    return _png(share_image(eyebrow=eyebrow, title=event.name, footer=settings.SITE_NAME))


@require_GET
@reads("drivers")
def driver(request, slug):
    driver = get_object_or_404(Driver, slug=slug)
    return _png(
        share_image(eyebrow=gettext("Racing driver"), title=driver.name, footer=settings.SITE_NAME)
    )


@require_GET
@reads("results")
def title(request, season, slug):
    title = get_object_or_404(
        Title.objects.select_related("season"), season__slug=season, slug=slug
    )
    eyebrow = gettext("Standings %(season)s") % {"season": title.season.slug}
    return _png(share_image(eyebrow=eyebrow, title=title.name, footer=settings.SITE_NAME))
