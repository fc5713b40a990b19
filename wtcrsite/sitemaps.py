from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from drivers.models import Driver
from events.models import Event
from news.models import Article
from standings.models import Title


class SectionSitemap(Sitemap):
    """The home page and each section's front page, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "drivers:list",
            "drivers:milestones",
            "events:calendar",
            "standings:index",
            "standings:weekend",
            "news:list",
            "news:press",
        ]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.8


class StandingsSitemap(Sitemap):
    """Every title's table of every season, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Title.objects.select_related("season").order_by("season__slug", "order")

    def location(self, item):
        return reverse("standings:detail", args=[item.season.slug, item.slug])


class DriverSitemap(Sitemap):
    """Every driver's profile, in both languages; the siblings first."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Driver.objects.order_by("name")

    def location(self, item):
        return reverse("drivers:detail", args=[item.slug])

    def priority(self, item):
        return 0.9 if item.is_featured else 0.5


class EventSitemap(Sitemap):
    """Every event page of every season, cancelled ones too, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.select_related("season").order_by("season__slug", "start_date", "slug")

    def location(self, item):
        return reverse("events:event", args=[item.season.slug, item.slug])


class NewsSitemap(Sitemap):
    """Published articles, each at its own language's address."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Article.objects.published().newest_first()

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


SITEMAPS = {
    "sections": SectionSitemap,
    "drivers": DriverSitemap,
    "events": EventSitemap,
    "standings": StandingsSitemap,
    "news": NewsSitemap,
}
