from django import template

from news.models import Article, Photo

register = template.Library()


@register.inclusion_tag("news/driver_news.html")
def driver_news(driver, articles=3, photos=4):
    """The latest articles (in the page's language) and library photos of a driver."""
    return {
        "driver": driver,
        "articles": Article.objects.published()
        .in_language()
        .filter(drivers=driver)
        .select_related("hero")
        .newest_first()[:articles],
        "photos": Photo.objects.filter(in_library=True, drivers=driver)[:photos],
    }
