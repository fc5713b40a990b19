"""AVIF web sizes beside the WebP ones: made once on upload where Pillow writes AVIF and they
are smaller, served through <picture>, deleted with their photo, known to clean_uploads."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image

from images import renditions as images
from images.fields import rendition_files
from images.illustrations import driver_card, event_picture
from images.renditions import AVIF_QUALITY, make_renditions
from news.models import Photo

needs_avif = pytest.mark.skipif(
    not images.avif_supported(), reason="this Pillow does not write AVIF"
)


@pytest.fixture(scope="module")
def picture():
    """A picture with detail, as a photo has (a flat colour is smaller as WebP)."""
    return event_picture(circuit="Hungaroring", country="HUN", city="Mogyoród", round=5)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def test_the_avif_quality_is_moderate():
    assert 50 <= AVIF_QUALITY <= 60


@needs_avif
def test_each_width_gets_an_avif_smaller_than_its_webp(storage, picture):
    renditions = make_renditions(ContentFile(picture), storage=storage, prefix="photos/x")

    assert [r["width"] for r in renditions] == [320, 640, 960]
    for rendition in renditions:
        assert rendition["avif"] == rendition["name"].removesuffix(".webp") + ".avif"
        with storage.open(rendition["avif"]) as file, Image.open(file) as image:
            assert (image.format, image.size) == ("AVIF", (rendition["width"], rendition["height"]))
        assert storage.size(rendition["avif"]) < storage.size(rendition["name"])


@needs_avif
def test_avif_sizes_are_made_once(storage, picture, monkeypatch):
    first = make_renditions(ContentFile(picture), storage=storage, prefix="p")

    def save(name, content):
        raise AssertionError(f"{name} saved again")

    monkeypatch.setattr(storage, "save", save)

    assert make_renditions(ContentFile(picture), storage=storage, prefix="p") == first


def test_without_avif_support_only_webp_is_made(storage, picture, monkeypatch):
    monkeypatch.setattr(images, "avif_supported", lambda: False)

    renditions = make_renditions(ContentFile(picture), storage=storage, prefix="p")

    assert [sorted(r) for r in renditions] == [["height", "name", "width"]] * 3
    assert [name for name in storage.listdir("")[1] if name.endswith(".avif")] == []


@needs_avif
def test_an_image_whose_avif_is_not_smaller_gets_none(storage):
    """A flat colour: AVIF's container outweighs the picture; the WebP alone is served."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "navy").save(buffer, "PNG")

    renditions = make_renditions(ContentFile(buffer.getvalue()), storage=storage, prefix="p")

    assert all("avif" not in r for r in renditions)
    assert [name for name in storage.listdir("")[1] if name.endswith(".avif")] == []


# Markup


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_a_picture_with_avif_is_a_picture_element(settings):
    settings.MEDIA_URL = "/media/"
    renditions = [
        {"name": f"p-abc-{w}.webp", "avif": f"p-abc-{w}.avif", "width": w, "height": w // 2}
        for w in (320, 640, 960)
    ]

    html = render(
        '{% responsive_image renditions alt="Car 26 at the Hungaroring" sizes="50vw" %}',
        renditions=renditions,
    )

    assert html.strip() == (
        '<picture><source type="image/avif" '
        'srcset="/media/p-abc-320.avif 320w, /media/p-abc-640.avif 640w, '
        '/media/p-abc-960.avif 960w" sizes="50vw">'
        '<img src="/media/p-abc-640.webp" '
        'srcset="/media/p-abc-320.webp 320w, /media/p-abc-640.webp 640w, '
        '/media/p-abc-960.webp 960w" sizes="50vw" width="640" height="320" '
        'alt="Car 26 at the Hungaroring" loading="lazy" decoding="async"></picture>'
    )


@pytest.mark.parametrize(
    "renditions",
    [
        [{"name": "p-320.webp", "width": 320, "height": 160}],
        [
            {"name": "p-320.webp", "avif": "p-320.avif", "width": 320, "height": 160},
            {"name": "p-640.webp", "width": 640, "height": 320},
        ],
    ],
    ids=["stored-before-avif", "one-size-without"],
)
def test_a_picture_without_avif_at_every_size_is_the_img_alone(settings, renditions):
    settings.MEDIA_URL = "/media/"

    html = render('{% responsive_image renditions alt="Car 26" %}', renditions=renditions)

    assert html.strip().startswith("<img ")
    assert "<picture" not in html
    assert "avif" not in html


# Uploads


def media_files(settings):
    root = settings.MEDIA_ROOT
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def files_of(photo):
    return {photo.image.name, *rendition_files(photo.renditions)}


@needs_avif
@pytest.mark.django_db
def test_an_uploaded_photo_gets_avif_sizes_that_go_with_it(
    settings, picture, django_capture_on_commit_callbacks
):
    photo = Photo(alt_en="Hungaroring", credit="FIA WTCR")
    photo.image.save("hungaroring.png", ContentFile(picture), save=False)
    photo.save()

    avifs = [r["avif"] for r in photo.renditions]
    assert len(avifs) == 3
    assert all(re.fullmatch(r"photos/renditions/[0-9a-f]{32}-\w+-\d+\.avif", n) for n in avifs)
    assert files_of(photo) <= media_files(settings)

    with django_capture_on_commit_callbacks(execute=True):
        photo.image.save("portrait.png", ContentFile(driver_card(name="J B", number=26)))

    assert not set(avifs) & media_files(settings)
    assert files_of(photo) <= media_files(settings)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert {n for n in media_files(settings) if n.startswith("photos/")} == set()


@needs_avif
@pytest.mark.django_db
def test_clean_uploads_keeps_avif_sizes_in_use_and_leaves_none_behind(
    settings, picture, django_capture_on_commit_callbacks
):
    """An image stored before its original lost its metadata, sharing web sizes (with AVIF)
    with another: stored again, each gets its own; the shared ones go when no row names them."""
    default_storage.save("photos/a.png", ContentFile(picture))
    default_storage.save("photos/b.png", ContentFile(picture))
    shared = make_renditions(
        ContentFile(picture), storage=default_storage, prefix="photos/renditions/photo"
    )
    assert all("avif" in r for r in shared)
    for name in ("photos/a.png", "photos/b.png"):
        Photo.objects.create(
            image=name, width=1600, height=900, renditions=shared, alt_en="x", credit="FIA"
        )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_uploads", stdout=io.StringIO())

    photos = list(Photo.objects.all())
    assert all(len([r for r in p.renditions if r.get("avif")]) == 3 for p in photos)
    assert {n for n in media_files(settings) if n.startswith("photos/")} == (
        files_of(photos[0]) | files_of(photos[1])
    )
    assert not rendition_files(shared) & media_files(settings)


@needs_avif
@pytest.mark.django_db
def test_clean_uploads_adds_avif_sizes_to_an_image_stored_before_them(
    settings, picture, monkeypatch
):
    """Stored when this Pillow could not write AVIF (or before AVIF sizes were made): the
    page shows the WebP sizes until clean_uploads adds the AVIF ones, once."""
    with monkeypatch.context() as patched:
        patched.setattr(images, "avif_supported", lambda: False)
        photo = Photo(alt_en="Hungaroring", credit="FIA WTCR")
        photo.image.save("hungaroring.png", ContentFile(picture), save=False)
        photo.save()
    webp = [(r["name"], r["width"], r["height"]) for r in photo.renditions]
    assert not any("avif" in r for r in photo.renditions)

    out = io.StringIO()
    call_command("clean_uploads", stdout=out)

    photo.refresh_from_db()
    assert "Made AVIF web sizes of 1 image(s)." in out.getvalue()
    assert [(r["name"], r["width"], r["height"]) for r in photo.renditions] == webp
    assert all(default_storage.exists(r["avif"]) for r in photo.renditions)

    out = io.StringIO()
    call_command("clean_uploads", stdout=out)
    assert "Made AVIF web sizes of 0 image(s)." in out.getvalue()
