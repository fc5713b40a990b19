"""The original as it is stored and downloaded: upright, its colour profile kept, and no
location, camera or editing metadata, in the format it came in."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation
from PIL import Image

from images.fields import PublicImageField, is_public_name
from images.renditions import public_original
from images.tests.camera import (
    ICC_PROFILE,
    camera_exif,
    camera_jpeg,
    camera_png,
    camera_webp,
    leaks,
)


def opened(public):
    return Image.open(io.BytesIO(public.data))


def test_a_camera_jpeg_keeps_its_pixels_quality_and_profile_only():
    data = camera_jpeg()

    public = public_original(ContentFile(data))

    assert leaks(data) != []  # the test file does carry it all
    assert leaks(public.data) == []
    with opened(public) as image, Image.open(io.BytesIO(data)) as source:
        assert (image.format, image.size, public.extension) == ("JPEG", (800, 1200), "jpg")
        assert (public.width, public.height) == (800, 1200)
        assert image.info["icc_profile"] == ICC_PROFILE
        # Encoded again with the camera's own tables: the quality it was shot at.
        assert image.quantization == source.quantization
        left, right = image.getpixel((100, 600)), image.getpixel((700, 600))
    assert left[2] > 200 > left[0]
    assert right[0] > 200 > right[2]


def test_a_jpeg_shown_as_stored_keeps_its_size():
    public = public_original(ContentFile(camera_jpeg(orientation=None)))

    assert (public.width, public.height) == (1200, 800)
    assert leaks(public.data) == []


@pytest.mark.parametrize(
    ("make", "fmt", "extension"),
    [(camera_png, "PNG", "png"), (camera_webp, "WEBP", "webp")],
)
def test_png_and_webp_lose_their_metadata_too(make, fmt, extension):
    data = make()

    public = public_original(ContentFile(data))

    assert leaks(data) != []
    assert leaks(public.data) == []
    with opened(public) as image:
        assert (image.format, image.size, public.extension) == (fmt, (300, 400), extension)
        assert image.info["icc_profile"] == ICC_PROFILE
        if fmt == "PNG":
            assert image.mode == "RGBA"
            assert image.getchannel("A").getextrema() == (0, 255)  # the transparent pixel


def test_a_png_is_kept_without_loss():
    source = Image.effect_noise((64, 48), 60).convert("RGB")
    buffer = io.BytesIO()
    source.save(buffer, "PNG", exif=camera_exif(orientation=None))

    with opened(public_original(ContentFile(buffer.getvalue()))) as image:
        assert image.tobytes() == source.tobytes()


def test_a_palette_png_keeps_its_transparent_colour():
    source = Image.new("P", (40, 30), 3)
    source.putpalette([value for red in range(0, 256, 32) for value in (red, 0, 0)])
    buffer = io.BytesIO()
    source.save(buffer, "PNG", transparency=3, exif=camera_exif())

    with opened(public_original(ContentFile(buffer.getvalue()))) as image:
        assert (image.mode, image.info["transparency"]) == ("P", 3)
        assert image.convert("RGBA").getpixel((0, 0)) == (96, 0, 0, 0)


@pytest.mark.parametrize("lossless", [True, False])
def test_a_webp_keeps_its_kind_of_compression(lossless):
    public = public_original(ContentFile(camera_webp(lossless=lossless)))

    assert (b"VP8L" in public.data, b"VP8 " in public.data) == (lossless, not lossless)


def test_a_cmyk_jpeg_stays_cmyk():
    buffer = io.BytesIO()
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(buffer, "JPEG", exif=camera_exif())

    public = public_original(ContentFile(buffer.getvalue()))

    assert leaks(public.data) == []
    with opened(public) as image:
        assert (image.mode, image.size, image.getpixel((10, 10))) == (
            "CMYK",
            (200, 300),
            (0, 255, 255, 0),
        )


def test_an_image_whose_pixels_cannot_be_decoded_is_refused():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 100)[:-4] + b"damaged!"
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)

    with pytest.raises(ValidationError) as caught:
        public_original(ContentFile(data + chunk(b"IEND", b"")))

    assert caught.value.code == "invalid_image"
    with translation.override("sv"):  # the message is lazy: read in the reader's language
        assert caught.value.messages == [
            "Filen är ingen läsbar bild, eller så är den skadad. "
            "Ladda upp en JPEG-, PNG- eller WebP-bild."
        ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("photos/0123456789abcdef0123456789abcdef.jpg", True),
        ("portraits/0123456789abcdef0123456789abcdef.webp", True),
        ("photos/track.jpg", False),
        ("photos/demo-siblings.png", False),
        ("portraits/jessica-backman-placeholder.png", False),
        ("", False),
    ],
)
def test_names_given_by_the_field_are_told_from_older_ones(name, expected):
    assert is_public_name(name) is expected


@isolate_apps("images")
def test_the_web_sizes_field_must_exist_and_follow_the_image():
    class Missing(models.Model):  # noqa: DJ008
        image = PublicImageField(upload_to="x/", renditions_field="nothing")

    class Before(models.Model):  # noqa: DJ008
        renditions = models.JSONField(default=list)
        image = PublicImageField(upload_to="x/", renditions_field="renditions")

    class Right(models.Model):  # noqa: DJ008
        image = PublicImageField(upload_to="x/", renditions_field="renditions")
        renditions = models.JSONField(default=list)

    def ids(model):
        return [error.id for error in model._meta.get_field("image").check()]

    assert ids(Missing) == ["images.E001"]
    assert ids(Before) == ["images.E002"]
    assert ids(Right) == []
