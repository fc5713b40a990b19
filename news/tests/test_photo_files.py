"""Press photos leak nothing: what is stored and downloaded carries no location or camera
data, sits under a name nobody can guess, and a photo's files go when it is replaced or
deleted, once the change has committed, never touching another photo's files."""

import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from drivers.models import Driver
from images.tests.camera import ICC_PROFILE, camera_jpeg, leaks
from news.models import Photo
from news.tests.conftest import jpeg_upload
from news.tests.test_uploads import files_on_disk, form_data


@pytest.fixture(autouse=True)
def _english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def stored(settings):
    return {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in files_on_disk(settings)}


def files_of(photo):
    return {photo.image.name, *(r["name"] for r in photo.renditions)}


def add_photo(admin_client, upload, capture, **fields):
    """A photo added in the admin, its transaction committed."""
    with capture(execute=True):
        response = admin_client.post(reverse("admin:news_photo_add"), form_data(upload) | fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Photo.objects.latest("pk")


def change_photo(admin_client, photo, upload):
    data = form_data(upload) | {
        "alt_sv": photo.alt_sv,
        "alt_en": photo.alt_en,
        "credit": photo.credit,
    }
    url = reverse("admin:news_photo_change", args=[photo.pk])
    response = admin_client.post(url, data | edit_token(admin_client, url))
    assert response.status_code == 302, response.content.decode()[:2000]


def edit_token(admin_client, url):
    """The token a change form carries of what it showed when it was opened."""
    html = admin_client.get(url).content.decode()
    return {"edit_token": re.search(r'name="edit_token" value="([^"]+)"', html).group(1)}


def download(client, page="/en/press/"):
    """The bytes behind a page's first download link, and the link's file name."""
    html = client.get(page).content.decode()
    href, name = re.search(
        r'<a class="download" href="([^"]+)" download(?:="([^"]*)")?', html
    ).groups()
    response = client.get(href)
    assert response.status_code == 200
    return b"".join(response.streaming_content), name


def test_the_downloaded_original_keeps_no_location_or_camera_data(
    admin_client, client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("IMG_0042.jpg", camera_jpeg(), content_type="image/jpeg")
    photo = add_photo(
        admin_client, upload, django_capture_on_commit_callbacks, caption_en="Car 26 on track"
    )

    data, name = download(client)

    assert leaks(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (800, 1200))  # turned upright
        assert image.info.get("icc_profile") == ICC_PROFILE
        left, right = image.getpixel((100, 600)), image.getpixel((700, 600))
    assert left[2] > 200 > left[0]  # blue on the left, red on the right
    assert right[0] > 200 > right[2]
    assert (photo.width, photo.height) == (800, 1200)
    assert name == "car-26-on-track.jpg"
    for rendition in photo.renditions:
        with default_storage.open(rendition["name"]) as file:
            assert leaks(file.read()) == []


def test_a_photo_saved_outside_the_admin_is_cleaned_too(db):
    photo = Photo(alt_en="Car", credit="FIA WTCR")
    photo.image = ContentFile(camera_jpeg(), name="import.jpg")
    photo.save()

    with photo.image.open("rb") as file:
        assert leaks(file.read()) == []
    assert (photo.width, photo.height) == (800, 1200)
    assert [(r["width"], r["height"]) for r in photo.renditions] == [(320, 480), (640, 960)]
    for rendition in photo.renditions:
        assert default_storage.exists(rendition["name"])


def test_stored_names_cannot_be_guessed(admin_client, django_capture_on_commit_callbacks):
    data = camera_jpeg()
    upload = "jessica-at-home-lidingo.jpg"
    first, second = (
        add_photo(
            admin_client,
            SimpleUploadedFile(upload, data, content_type="image/jpeg"),
            django_capture_on_commit_callbacks,
        )
        for _ in range(2)
    )

    for photo in (first, second):
        assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", photo.image.name)
        token = photo.image.name.removeprefix("photos/").removesuffix(".jpg")
        with photo.image.open("rb") as file:
            digests = {hashlib.sha256(content).hexdigest()[:12] for content in (data, file.read())}
        assert not any(digest in photo.image.name for digest in digests)
        # The web sizes are named after the original's token: they are its own.
        for rendition in photo.renditions:
            assert rendition["name"].startswith(f"photos/renditions/{token}-")
        for name in files_of(photo):
            assert not re.search("jessica|home|lidingo|img", name, re.IGNORECASE)
    assert not files_of(first) & files_of(second)


def test_replaced_files_go_only_after_the_change_commits(
    admin_client, settings, django_capture_on_commit_callbacks
):
    photo = add_photo(admin_client, jpeg_upload(), django_capture_on_commit_callbacks)
    old = files_of(photo)

    # A change rolled back leaves the photo and its files as they were.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        change_photo(admin_client, photo, SimpleUploadedFile("new.jpg", camera_jpeg()))
        transaction.set_rollback(True)
    photo.refresh_from_db()
    assert files_of(photo) == old
    assert old <= stored(settings)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_photo(admin_client, photo, SimpleUploadedFile("new.jpg", camera_jpeg()))
    photo.refresh_from_db()
    new = files_of(photo)
    assert not new & old
    assert old | new <= stored(settings)  # nothing deleted before the commit

    for callback in callbacks:
        callback()

    assert new <= stored(settings)
    assert not old & stored(settings)


def test_a_deleted_photo_leaves_no_files(
    admin_client, settings, django_capture_on_commit_callbacks
):
    photo = add_photo(admin_client, jpeg_upload(), django_capture_on_commit_callbacks)
    files = files_of(photo)
    delete = reverse("admin:news_photo_delete", args=[photo.pk])

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
        transaction.set_rollback(True)
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert files <= stored(settings)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert files <= stored(settings)

    for callback in callbacks:
        callback()

    assert stored(settings) == set()


def test_photos_with_the_same_bytes_keep_their_own_web_sizes(
    admin_client, settings, django_capture_on_commit_callbacks
):
    data = jpeg_upload().read()
    first, second = (
        add_photo(
            admin_client,
            SimpleUploadedFile("same.jpg", data),
            django_capture_on_commit_callbacks,
        )
        for _ in range(2)
    )
    driver = Driver.objects.create(slug="jessica-backman", name="Jessica Bäckman")
    driver.portrait = ContentFile(data, name="same.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        driver.save()
    others = files_of(second) | {
        driver.portrait.name,
        *(r["name"] for r in driver.portrait_renditions),
    }
    assert not files_of(first) & others

    with django_capture_on_commit_callbacks(execute=True):
        change_photo(admin_client, first, SimpleUploadedFile("other.jpg", camera_jpeg()))
    assert others <= stored(settings)

    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.get(pk=first.pk).delete()
    assert others <= stored(settings)


def test_a_file_still_in_use_is_never_deleted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    photo = add_photo(admin_client, jpeg_upload(), django_capture_on_commit_callbacks)
    files = files_of(photo)
    # A copy of the row (as the synthetic news makes) shares the files.
    copy = Photo.objects.get(pk=photo.pk)
    copy.pk = None
    with django_capture_on_commit_callbacks(execute=True):
        copy.save()
        # "Replaced" by the file it already has.
        copy.image = photo.image.name
        copy.save()
    assert files <= stored(settings)

    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.get(pk=photo.pk).delete()
    assert files <= stored(settings)

    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.get(pk=copy.pk).delete()
    assert stored(settings) == set()


def test_the_same_file_uploaded_again_stays(
    admin_client, settings, django_capture_on_commit_callbacks
):
    data = jpeg_upload().read()
    photo = add_photo(
        admin_client, SimpleUploadedFile("a.jpg", data), django_capture_on_commit_callbacks
    )

    with django_capture_on_commit_callbacks(execute=True):
        change_photo(admin_client, photo, SimpleUploadedFile("a.jpg", data))
    photo.refresh_from_db()

    assert stored(settings) == files_of(photo)
    response = admin_client.get(photo.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read to the end: the file is closed


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image.",
        ),
        (
            "sv",
            "Ladda upp en giltig bild. Filen du laddade upp var antingen ingen bild eller "
            "en korrupt bild.",
        ),
    ],
)
def test_an_image_whose_pixels_cannot_be_decoded_is_refused(
    admin_client, settings, language, message
):
    """Its header and checksums are fine; only decoding its pixels finds the damage."""
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 100)[:-4] + b"damaged!"
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    data += chunk(b"IEND", b"")
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language

    response = admin_client.post(
        reverse("admin:news_photo_add"), form_data(SimpleUploadedFile("scan.png", data))
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert errors == [message]
    assert Photo.objects.count() == 0
    assert files_on_disk(settings) == []


def test_a_photo_loaded_without_its_image_still_has_its_old_files_removed(
    admin_client, settings, django_capture_on_commit_callbacks
):
    photo = add_photo(admin_client, jpeg_upload(), django_capture_on_commit_callbacks)
    old = files_of(photo)

    partial = Photo.objects.only("pk", "credit").get(pk=photo.pk)
    partial.credit = "Target Competition"
    with django_capture_on_commit_callbacks(execute=True):
        partial.save(update_fields=["credit"])  # writes no file: deletes none
    assert old <= stored(settings)

    partial.image = ContentFile(jpeg_upload().read(), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        partial.save()
    photo.refresh_from_db()

    assert stored(settings) == files_of(photo)
    assert not old & files_of(photo)
    assert len(photo.renditions) == 3
    assert (photo.width, photo.height) == (1200, 800)


def legacy_photo(name, data, renditions):
    """A photo as an earlier version stored it: under the upload's name, as uploaded, with
    web sizes named by a hash of the bytes (shared by photos with the same bytes)."""
    default_storage.save(name, ContentFile(data))
    return Photo.objects.create(
        image=name, renditions=renditions, alt_en="Car 26", alt_sv="Bil 26", credit="FIA WTCR"
    )


def test_web_sizes_shared_by_older_photos_stay_while_one_uses_them(
    db, settings, django_capture_on_commit_callbacks
):
    from images.renditions import make_renditions

    data = camera_jpeg()
    shared = make_renditions(
        ContentFile(data), storage=default_storage, prefix="photos/renditions/photo"
    )
    first = legacy_photo("photos/IMG_0042.jpg", data, shared)
    second = legacy_photo("photos/IMG_0042_2.jpg", data, shared)

    first.image = ContentFile(jpeg_upload().read(), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        first.save()

    assert files_of(second) <= stored(settings)
    assert "photos/IMG_0042.jpg" not in stored(settings)

    with django_capture_on_commit_callbacks(execute=True):
        second.delete()

    assert stored(settings) == files_of(first)


def test_older_photos_keep_working_and_are_stored_again_on_request(
    db, client, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from images.renditions import make_renditions

    data = camera_jpeg()
    shared = make_renditions(
        ContentFile(data), storage=default_storage, prefix="photos/renditions/photo"
    )
    old = [legacy_photo(name, data, shared) for name in ("photos/a.jpg", "photos/b.jpg")]
    html = client.get("/en/press/").content.decode()
    for photo in old:
        assert f'href="/media/{photo.image.name}"' in html
        response = client.get(photo.image.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data

    out = io.StringIO()
    call_command("clean_uploads", "--dry-run", stdout=out)
    assert "Would store 2 image(s) again" in out.getvalue()
    assert {photo.image.name for photo in Photo.objects.all()} == {"photos/a.jpg", "photos/b.jpg"}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_uploads", stdout=out)

    photos = list(Photo.objects.all())
    assert stored(settings) == files_of(photos[0]) | files_of(photos[1])
    assert not files_of(photos[0]) & files_of(photos[1])
    for photo in photos:
        assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", photo.image.name)
        assert (photo.width, photo.height) == (800, 1200)
        assert leaks(b"".join(client.get(photo.image.url).streaming_content)) == []
    out = io.StringIO()
    call_command("clean_uploads", stdout=out)
    assert "Stored 0 image(s) again; 0 left with a problem." in out.getvalue()


def test_an_older_photo_whose_file_is_gone_is_reported_and_left(db, settings):
    from django.core.management import call_command

    photo = Photo.objects.create(
        image="photos/gone.jpg", width=1200, height=800, alt_en="Gone", credit="FIA WTCR"
    )
    out, err = io.StringIO(), io.StringIO()

    call_command("clean_uploads", stdout=out, stderr=err)

    assert f"news.Photo {photo.pk} (photos/gone.jpg)" in err.getvalue()
    assert "Stored 0 image(s) again; 1 left with a problem." in out.getvalue()
    assert Photo.objects.get().image.name == "photos/gone.jpg"
