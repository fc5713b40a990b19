from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
            "events:calendar",
            "standings:index",
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


SITEMAPS = {"sections": SectionSitemap, "standings": StandingsSitemap}
