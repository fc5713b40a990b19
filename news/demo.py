"""Load demo news, illustrated photos and a press contact from a TOML file (data/news.toml).

Adds what is missing, found by slug, name or (photos) the illustration's text alternative;
never changes what exists, so it is safe to rerun and keeps the press office's edits. The
photos are drawn (images.illustrations), flagged as placeholders and credited as illustrations.
"""

import datetime
import tomllib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from drivers import records
from drivers.models import Driver
from events.models import Event
from images.illustrations import PHOTO_SIZE, cars_picture, event_picture
from news.models import Article, Photo, PressContact, Rights

# The same in Swedish and English: the photos are drawn by this site, not photographed.
CREDIT = "Bäckman WTCR"  # the pages say "Illustration:" before it


@transaction.atomic
def load_news(path):
    """Returns the names of what was created."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    created = []
    for item in data.get("contacts", []):
        _, new = PressContact.objects.get_or_create(
            name=item["name"],
            defaults={
                "role_sv": item.get("role", {}).get("sv", ""),
                "role_en": item.get("role", {}).get("en", ""),
                "email": item.get("email", ""),
            },
        )
        if new:
            created.append(f"contact {item['name']}")
    photos = {item["key"]: _photo(item, created) for item in data.get("photos", [])}
    for item in data.get("articles", []):
        _articles(item, photos, created)
    return created


def _photo(item, created):
    # Stored names are random: a placeholder is found again by its text alternative.
    photo = Photo.objects.filter(is_placeholder=True, alt_en=item["alt"]["en"]).first()
    if photo is not None:
        return photo
    event = Event.objects.by_reference(item.get("event"))
    drivers = _in_order(item.get("drivers", []))
    photo = Photo(
        alt_sv=item["alt"]["sv"],
        alt_en=item["alt"]["en"],
        caption_sv=item.get("caption", {}).get("sv", ""),
        caption_en=item.get("caption", {}).get("en", ""),
        credit=CREDIT,
        rights=Rights.FREE,
        is_placeholder=True,
        event=event,
    )
    image = _illustration(item, event, drivers)
    # Stored under a random name, web sizes made (images.fields).
    photo.image.save(f"{item['key']}.png", ContentFile(image), save=False)
    photo.save()
    photo.drivers.set(drivers)
    created.append(f"photo {item['key']}")
    return photo


def _in_order(slugs):
    drivers = {driver.slug: driver for driver in Driver.objects.filter(slug__in=slugs)}
    return [drivers[slug] for slug in slugs if slug in drivers]


def _illustration(item, event, drivers):
    """An event's card (circuit, country, round) or the drivers' cars under the label."""
    if event is not None:
        circuit = event.circuit
        return event_picture(
            circuit=circuit.name,
            country=circuit.country,
            city=circuit.city,
            round=event.round,
            season=str(event.start_date.year),
            size=PHOTO_SIZE,
        )
    entries = records.latest_entries(drivers)
    numbers = [entries[driver.pk].number for driver in drivers if driver.pk in entries]
    teams = {entries[driver.pk].team.name for driver in drivers if driver.pk in entries}
    return cars_picture(
        title=item["label"],
        numbers=numbers,
        subtitle=teams.pop() if len(teams) == 1 else "",
        size=PHOTO_SIZE,
    )


def _articles(item, photos, created):
    publish_at = item["publish_at"]
    if isinstance(publish_at, datetime.datetime) and timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    drivers = list(Driver.objects.filter(slug__in=item.get("drivers", [])))
    articles = []
    for language in ("sv", "en"):
        text = item[language]
        article = Article.objects.filter(language=language, slug=text["slug"]).first()
        if article is None:
            article = Article.objects.create(
                language=language,
                slug=text["slug"],
                title=text["title"],
                summary=text["summary"],
                body=text["body"],
                category=item["category"],
                hero=photos.get(item.get("photo")),
                event=Event.objects.by_reference(item.get("event")),
                publish_at=publish_at,
            )
            article.drivers.set(drivers)
            created.append(f"article {language}/{article.slug}")
        articles.append(article)
    english, swedish = articles[1], articles[0]
    if english.translation_id is None and swedish.translation_id != english.pk:
        english.translation = swedish
        english.save(update_fields=["translation"])
