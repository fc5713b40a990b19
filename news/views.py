from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from delivery import clock
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import accepts, reads, reject
from drivers.models import Driver
from events.announced import as_announced
from events.models import Event
from news import presskit, presskit_files, presskit_pdf, presskit_zip
from news.models import Article, Photo, PressContact
from news.structured_data import news_article

PAGE_SIZE = 10


def _filters(request):
    """The list's filters from the query string; unknown values are ignored."""
    drivers = {d.slug: d for d in Driver.objects.featured()}
    # The rounds on the calendar as announced by the page's moment (not one added later).
    rounds = Event.objects.rounds().select_related("season", "circuit")
    events = {str(e.pk): e for e in as_announced(rounds, clock.now(request))}
    chosen = {
        "driver": drivers.get(request.GET.get("driver", "")),
        "event": events.get(request.GET.get("event", "")),
        "category": request.GET.get("category", ""),
    }
    if chosen["category"] not in Article.Category.values:
        chosen["category"] = ""
    for name, value in chosen.items():
        if request.GET.get(name) and not value:
            reject(request, name)
    return chosen, drivers.values(), events.values()


@require_GET
@vary_on_htmx
@reads("news", "drivers", "calendar")
@accepts("page", "driver", "event", "category")
def article_list(request):
    chosen, drivers, events = _filters(request)
    articles = (
        Article.objects.published(clock.now(request))
        .in_language()
        .select_related("hero", "author__byline")
    )
    if chosen["driver"]:
        articles = articles.filter(drivers=chosen["driver"])
    if chosen["event"]:
        articles = articles.filter(event=chosen["event"])
    if chosen["category"]:
        articles = articles.filter(category=chosen["category"])
    page = Paginator(articles.newest_first(), PAGE_SIZE).get_page(request.GET.get("page"))
    if request.GET.get("page", str(page.number)) != str(page.number):
        reject(request, "page")  # not a number, or past the last page
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "chosen": chosen,
        "drivers": drivers,
        "events": events,
        "categories": Article.Category.choices,
        "query": query.urlencode(),
    }
    partial = wants_fragment(request)
    return render(request, "news/list.html#items" if partial else "news/list.html", context)


def _article_context(request, article):
    translations = [
        other
        for other in Article.objects.published(clock.now(request)).filter(
            Q(pk=article.translation_id) | Q(translation=article)
        )
        if other.language != article.language
    ]
    url = request.build_absolute_uri(article.get_absolute_url())
    other = translations[0] if translations else None
    # The language switcher leads to the translation, or else to that language's news.
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = (reverse("news:list"), False)
    for version in filter(None, (article, other)):
        paths[version.language] = (version.get_absolute_url(), True)
    request.language_paths = paths
    # An address without a language prefix would lead to the reader's language, where the
    # article may not exist: x-default names a version that does, the site's own language first.
    versions = {version.language: version for version in filter(None, (other, article))}
    default = versions.get(settings.LANGUAGE_CODE, article)
    request.x_default_path = default.get_absolute_url()
    return {
        "article": article,
        "translation": other,
        "canonical": url,
        "structured": news_article(article, url=url, request=request),
    }


def _article_queryset():
    return Article.objects.select_related(
        "hero", "event__season", "author__byline"
    ).prefetch_related("drivers")


@require_GET
@reads("news", "drivers", "calendar")
def article_detail(request, slug):
    article = get_object_or_404(
        _article_queryset().published(clock.now(request)).in_language(), slug=slug
    )
    return render(request, "news/article.html", _article_context(request, article))


@never_cache
@staff_member_required
@require_GET
def article_preview(request, pk):
    """A draft or scheduled article as it will look, for its editors only, never cached."""
    if not request.user.has_perm("news.view_article"):
        raise Http404("No such article")
    article = get_object_or_404(_article_queryset(), pk=pk)
    with translation.override(article.language):
        context = _article_context(request, article) | {"preview": True}
        return render(request, "news/article.html", context)


@require_GET
@reads("news", "drivers")
def press(request):
    now = clock.now(request)
    releases = (
        Article.objects.published(now)
        .in_language()
        .filter(category=Article.Category.PRESS_RELEASE)
        .select_related("hero", "author__byline")
        .newest_first()[:5]
    )
    photos = Photo.objects.public(now)[:24]
    context = {
        "releases": releases,
        "photos": photos,
        "kits": Driver.objects.featured(),
        "contacts": PressContact.objects.all(),
    }
    return render(request, "news/press.html", context)


@require_GET
def press_kit(request, slug):
    """A driver's facts on one printable page, with the portrait and photos to download,
    the kit as a PDF and the pictures in one ZIP file."""
    context = presskit.context(request, slug)
    context["zip_bytes"] = presskit.approximate_zip_size(context["pictures"])
    return render(request, "news/press_kit.html", context)


@require_safe
def press_kit_pdf(request, slug):
    """The press kit as a PDF in the reader's language, built once for what it shows."""

    def build():
        kit = presskit.context(request, slug)
        kit["zip_url"] = presskit.public_url(request, reverse("news:press_kit_zip", args=[slug]))
        return presskit_pdf.build(kit, language=translation.get_language())

    return _download(request, slug, "pdf", build, "application/pdf", presskit.pdf_name(slug))


@require_safe
def press_kit_zip(request, slug):
    """The kit's portrait and public photos in one ZIP file, with credits.txt, built once
    for what it holds."""

    def build():
        driver = presskit.get_driver(request, slug, full=False)
        kit = {
            "driver": driver,
            "pictures": presskit.pictures(driver),
            "kit_url": presskit.public_url(request, reverse("news:press_kit", args=[slug])),
        }
        body, _names = presskit_zip.build(
            kit, url_of=lambda picture: presskit.public_url(request, picture.file.url)
        )
        return body

    return _download(request, slug, "zip", build, "application/zip", presskit.zip_name(slug))


def _download(request, slug, extension, build, content_type, filename):
    """A streamed download (the page cache does not keep it: news.presskit_files does)."""
    presskit.check_slug(slug)
    stem = f"{slug}-{translation.get_language()}"
    file = presskit_files.open_kept(request, stem, extension, [presskit.site_url(request)], build)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
