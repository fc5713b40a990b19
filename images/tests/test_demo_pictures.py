"""The demo's pictures: drawn illustrations, credited as such, never labelled "Placeholder"."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from drivers.models import Driver
from news.demo import load_news
from news.models import Photo

pytestmark = pytest.mark.django_db


def original(field_file):
    with default_storage.open(field_file.name) as file:
        return file.read()


def test_the_demo_portraits_are_illustrations_flagged_as_placeholders(profiles_2021):
    for slug in ("andreas-backman", "jessica-backman"):
        driver = Driver.objects.get(slug=slug)

        # The pages say the site made it until a photo is published; no photographer.
        assert (driver.portrait_is_placeholder, driver.portrait_credit) == (True, "")
        with Image.open(io.BytesIO(original(driver.portrait))) as image:
            assert image.size == (800, 1000)
            # The livery's blue fills the card's corner.
            assert image.convert("RGB").getpixel((2, 2)) == (11, 61, 145)


def test_the_two_portraits_differ(profiles_2021):
    andreas, jessica = (
        Driver.objects.get(slug=slug) for slug in ("andreas-backman", "jessica-backman")
    )

    assert original(andreas.portrait) != original(jessica.portrait)


def test_the_demo_photos_are_illustrations_credited_as_such(profiles_2021):
    load_news(settings.BASE_DIR / "data" / "news.toml")

    photos = list(Photo.objects.all())
    assert len(photos) == 3
    for photo in photos:
        assert photo.is_placeholder
        assert photo.credit == "Bäckman WTCR"  # the pages label it "Illustration:"
        assert (photo.width, photo.height) == (1600, 900)
    # The event's photo is its card, the others the cars: three different pictures.
    assert len({original(photo.image) for photo in photos}) == 3
