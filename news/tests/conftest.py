import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.models import Article, Photo

NOW = dt.datetime(2021, 6, 5, 10, 0, tzinfo=dt.UTC)


def jpeg_upload(name="photo.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "darkgreen").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def make_article(db):
    """make_article(**fields) -> a saved Article (published an hour ago unless told)."""
    count = 0

    def make(**fields):
        nonlocal count
        count += 1
        defaults = {
            "language": "en",
            "title": f"Article {count}",
            "slug": f"article-{count}",
            "summary": f"Summary {count}.",
            "body": f"<p>Body {count}.</p>",
            "publish_at": NOW - dt.timedelta(hours=1),
        }
        return Article.objects.create(**(defaults | fields))

    return make


@pytest.fixture
def photo(db):
    item = Photo(alt_sv="Bil 26", alt_en="Car 26", credit="FIA WTCR", caption_en="On track")
    item.image.save("track.jpg", jpeg_upload(), save=False)  # web sizes too (images.fields)
    item.save()
    return item


@pytest.fixture(autouse=True)
def _roles(request):
    """The staff roles (wtcrsite.roles). A transactional test elsewhere empties every table
    when it ends; the flush makes the roles again, but a test may have removed one."""
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from wtcrsite.roles import sync_roles

    sync_roles()
