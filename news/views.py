from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delivery import clock
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import accepts, reads, reject
from drivers import records
from drivers.models import FEATURED_DRIVERS, CareerSeason, Driver, Milestone
from events.announced import as_announced
from events.models import Event
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
    """A driver's facts on one printable page, with the portrait and photos to download."""
    if slug not in FEATURED_DRIVERS:
        raise Http404("No press kit for this driver")
    driver = get_object_or_404(
        Driver.objects.prefetch_related(
            Prefetch("career", queryset=CareerSeason.objects.all()),
            Prefetch("milestones", queryset=Milestone.objects.newest_first()),
            Prefetch("photos", queryset=Photo.objects.public(clock.now(request))),
        ),
        slug=slug,
    )
    record = records.record(driver, moment=clock.now(request))
    season, stats = (record.season, record.stats) if record else (None, None)
    context = {
        "driver": driver,
        "season": season,
        "stats": stats,
        "profile_url": request.build_absolute_uri(reverse("drivers:detail", args=[slug])),
    }
    return render(request, "news/press_kit.html", context)
