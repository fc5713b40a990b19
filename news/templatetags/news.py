from django import template
from django.utils.safestring import mark_safe

from delivery import clock
from news.models import Article, Photo

register = template.Library()


@register.filter
def clean_body(html):
    """The article text, cleaned again as it is shown: a raw database write is not trusted."""
    return mark_safe(Article._meta.get_field("body").sanitize(html or ""))


@register.inclusion_tag("news/driver_news.html", takes_context=True)
def driver_news(context, driver, articles=3, photos=4):
    """The latest articles (in the page's language) and library photos of a driver."""
    now = clock.now(context.get("request"))
    return {
        "driver": driver,
        "articles": Article.objects.published(now)
        .in_language()
        .filter(drivers=driver)
        .select_related("hero")
        .newest_first()[:articles],
        "photos": Photo.objects.public(now).filter(drivers=driver)[:photos],
    }
