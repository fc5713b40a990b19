"""schema.org JSON-LD for an article."""

from django.conf import settings
from django.core.files.storage import default_storage


def news_article(article, *, url, request):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.language,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
        data["dateModified"] = max(article.updated_at, article.publish_at).isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    else:
        data["author"] = {"@type": "Organization", "name": settings.SITE_NAME}
    if article.hero and article.hero.renditions:
        largest = article.hero.renditions[-1]["name"]
        data["image"] = request.build_absolute_uri(default_storage.url(largest))
    return data
