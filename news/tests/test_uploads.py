"""Hostile uploads to the photo library: refused with a message, nothing left on disk."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from news.models import Photo
from news.tests.conftest import jpeg_upload


def image_bytes(fmt, size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "navy").save(buffer, fmt)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    idat = zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


HOSTILE = {
    "text renamed .jpg": ("notes.jpg", b"Just some text, not a picture at all.\n" * 10),
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "svg renamed .png": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    "decompression bomb": ("bomb.png", png_claiming(50_000, 50_000)),
    "huge declared size": ("huge.png", png_claiming(10_000, 5_000)),
    "40 MB file": ("big.jpg", image_bytes("JPEG") + b"\0" * (40 * 1024 * 1024)),
    "truncated jpeg": ("cut.jpg", image_bytes("JPEG", size=(800, 600))[:600]),
    "gif": ("anim.gif", image_bytes("GIF")),
    "bmp": ("old.bmp", image_bytes("BMP")),
    "html renamed .webp": ("page.webp", b"<!doctype html><script>alert(1)</script>"),
    "empty file": ("empty.jpg", b""),
}


def files_on_disk(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def form_data(upload):
    return {
        "image": upload,
        "alt_sv": "Bild",
        "alt_en": "Picture",
        "caption_sv": "",
        "caption_en": "",
        "credit": "FIA WTCR",
        "rights": "editorial",
        "in_library": "on",
    }


@pytest.fixture(autouse=True)
def _english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_upload_is_refused_and_nothing_is_stored(admin_client, settings, case):
    name, data = HOSTILE[case]
    response = admin_client.post(
        reverse("admin:news_photo_add"), form_data(SimpleUploadedFile(name, data))
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert errors, f"{case} was not refused"
    assert "Please correct the error below." in response.content.decode()
    assert Photo.objects.count() == 0
    assert files_on_disk(settings) == []


def test_the_refusals_say_why(admin_client):
    def errors_for(case):
        name, data = HOSTILE[case]
        response = admin_client.post(
            reverse("admin:news_photo_add"), form_data(SimpleUploadedFile(name, data))
        )
        return response.context["adminform"].form.errors["image"]

    assert errors_for("gif") == ["GIF images are not accepted. Upload a JPEG, PNG or WebP image."]
    assert errors_for("40 MB file") == [
        "The file is too large. Upload a file of at most 10.0\N{NO-BREAK SPACE}MB."
    ]


def test_a_good_photo_is_stored_with_web_sizes(admin_client, settings):
    response = admin_client.post(reverse("admin:news_photo_add"), form_data(jpeg_upload()))

    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1200, 800)
    assert [(r["width"], r["height"]) for r in photo.renditions] == [
        (320, 213),
        (640, 427),
        (960, 640),
    ]
    stored = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in files_on_disk(settings)}
    assert stored == {photo.image.name, *(r["name"] for r in photo.renditions)}
