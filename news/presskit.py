"""A driver's press kit as one set of facts, for its page, its PDF and its photos' ZIP.

Every address it prints is the site's public one (settings.SITE_URL), or in development
the request's own host when that is not set.
"""

import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delivery import clock
from drivers import records
from drivers.models import FEATURED_DRIVERS, CareerSeason, Driver, Milestone
from news.models import Photo, PressContact

# What a picture may be called in a download: the formats an upload is stored in.
EXTENSIONS = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png", ".webp": ".webp"}


def site_url(request):
    """The site's public address, without a trailing slash."""
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def public_url(request, path):
    """`path` on the site's public address (an address that names its host is kept: media
    on another host)."""
    if path.startswith(("http://", "https://", "//")):
        return path
    return site_url(request) + path


@dataclass
class Picture:
    """A picture of the kit to download, with its credit and rights as the press office
    gave them."""

    file: object  # a FieldFile: the public original
    name: str  # its file name in a download: [a-z0-9-] and an extension, unique in the kit
    caption: str
    alt: str
    credit: str
    rights: str
    placeholder: bool
    width: int | None
    height: int | None
    added: object = None  # a datetime, or None

    @property
    def stored_name(self):
        return self.file.name


def _extension(stored_name):
    return EXTENSIONS.get(posixpath.splitext(stored_name or "")[1].lower(), ".jpg")


def pictures(driver):
    """The portrait and the public photos of `driver` (photos prefetched as `public`), each
    with a safe, unique file name for downloads."""
    found = []
    if driver.portrait:
        found.append(
            Picture(
                file=driver.portrait,
                name=f"{slugify(driver.slug) or 'driver'}-portrait",
                caption=driver.name,
                alt=driver.portrait_alt,
                credit=driver.portrait_credit,
                rights=driver.portrait_rights,
                placeholder=driver.portrait_is_placeholder,
                width=None,  # not stored: reading it would open the file
                height=None,
            )
        )
    for photo in driver.photos.all():
        found.append(
            Picture(
                file=photo.image,
                name=slugify(photo.caption or photo.alt)[:60].strip("-_") or "photo",
                caption=photo.caption,
                alt=photo.alt,
                credit=photo.credit,
                rights=photo.get_rights_display(),
                placeholder=photo.is_placeholder,
                width=photo.width,
                height=photo.height,
                added=photo.created_at,
            )
        )
    taken = set()
    for number, picture in enumerate(found, start=1):
        stem = f"{number:02d}-{picture.name}"
        while stem in taken:  # cannot happen with the number in front; kept as a guard
            stem += "-x"
        taken.add(stem)
        picture.name = stem + _extension(picture.file.name)
    return found


def public_photos(request):
    return Photo.objects.public(clock.now(request))


def check_slug(slug):
    """404 unless `slug` is a driver with a press kit."""
    if slug not in FEATURED_DRIVERS:
        raise Http404("No press kit for this driver")


def get_driver(request, slug, *, full=True):
    """The featured driver `slug` with what the kit shows (career, milestones and public
    photos), or 404. `full=False`: the photos only."""
    check_slug(slug)
    lookups = [Prefetch("photos", queryset=public_photos(request))]
    if full:
        lookups = [
            Prefetch("career", queryset=CareerSeason.objects.all()),
            Prefetch("milestones", queryset=Milestone.objects.newest_first()),
            *lookups,
        ]
    return get_object_or_404(Driver.objects.prefetch_related(*lookups), slug=slug)


def context(request, slug):
    """What the press kit's page and PDF show."""
    driver = get_driver(request, slug)
    record = records.record(driver, moment=clock.now(request))
    season, stats = (record.season, record.stats) if record else (None, None)
    return {
        "driver": driver,
        "season": season,
        "stats": stats,
        "contacts": list(PressContact.objects.all()),
        "pictures": pictures(driver),
        "site_url": site_url(request),
        "profile_url": public_url(request, reverse("drivers:detail", args=[slug])),
        "kit_url": public_url(request, reverse("news:press_kit", args=[slug])),
        "press_url": public_url(request, reverse("news:press")),
    }


def download_name(slug, what, extension):
    """`jessica-backman-presskit.pdf`: the kit's download names, in the reader's language."""
    return f"{slugify(slug)}-{slugify(what)}{extension}"


def pdf_name(slug):
    # Translators: part of a file name (letters, digits and hyphens).
    return download_name(slug, _("press-kit"), ".pdf")


def zip_name(slug):
    # Translators: part of a file name (letters, digits and hyphens).
    return download_name(slug, _("press-photos"), ".zip")


def approximate_zip_size(pictures):
    """About the size of the kit's ZIP file (its pictures' sizes: the ZIP stores them as
    they are), or None when a file's size cannot be read."""
    from news.presskit_zip import MAX_BYTES

    total = 0
    for picture in pictures:
        try:
            size = picture.file.size
        except OSError:
            return None
        if total + size <= MAX_BYTES:
            total += size
    return total
