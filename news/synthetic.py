"""Synthetic news for the scale tests and benchmarks: copies of what there is, clearly named.

Never part of the demo (`manage.py build_synthetic_season` adds it).
"""

from django.db import transaction

from drivers.models import Milestone
from news.models import Article, Photo


@transaction.atomic
def multiply_news(scale):
    """Adds scale - 1 synthetic copies of every article, photo and milestone, so that there
    are `scale` times as many; does nothing when synthetic copies exist. Returns the number
    of rows added."""
    if Article.objects.filter(slug__startswith="synthetic-").exists():
        return 0
    added = 0
    photos = list(Photo.objects.prefetch_related("drivers"))
    articles = list(Article.objects.prefetch_related("drivers"))
    milestones = list(Milestone.objects.prefetch_related("drivers"))
    for copy in range(1, scale):
        heroes = {}
        for photo in photos:
            drivers = list(photo.drivers.all())
            original = photo.pk
            photo.pk = None
            photo.caption_sv = photo.caption_en = f"Synthetic photo {copy:03d}"
            photo.save()
            photo.drivers.set(drivers)
            heroes[original] = photo.pk
            photo.pk = original
            added += 1
        for article in articles:
            drivers = list(article.drivers.all())
            original, hero, slug, title = article.pk, article.hero_id, article.slug, article.title
            article.pk, article.translation_id = None, None
            article.hero_id = heroes.get(hero)
            article.slug = f"synthetic-{copy:03d}-{slug}"[:200]
            article.title = f"Synthetic {copy:03d}: {title}"[:200]
            article.save()
            article.drivers.set(drivers)
            article.pk, article.hero_id, article.slug, article.title = original, hero, slug, title
            added += 1
        for milestone in milestones:
            drivers = list(milestone.drivers.all())
            original, slug = milestone.pk, milestone.slug
            milestone.pk = None
            milestone.slug = f"synthetic-{copy:03d}-{slug}"[:100]
            milestone.title_sv = milestone.title_en = f"Synthetic milestone {copy:03d}"
            milestone.save()
            milestone.drivers.set(drivers)
            milestone.pk, milestone.slug = original, slug
            added += 1
    return added
