import hashlib
import inspect
import io
import struct
import zlib
from collections import Counter

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageFont

from images import illustrations
from images import renditions as images
from images.illustrations import cars_picture, driver_card, event_picture
from images.renditions import (
    make_renditions,
    validate_image_upload,
)


@pytest.fixture(autouse=True)
def _english():
    """The messages are lazy: they are read, and compared, in English."""
    with translation.override("en"):
        yield


def image_bytes(fmt, size=(1200, 800), mode="RGB", colour="navy", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data)


def refusal(file):
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        validate_image_upload(file)
    return caught.value


def png_claiming(width, height):
    """A 1x1 PNG whose header claims width x height (the CRC fixed so Pillow reads it)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))
    return bytes(data)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


# Validation


@pytest.mark.parametrize(
    ("fmt", "mode"), [("JPEG", "RGB"), ("PNG", "RGBA"), ("PNG", "P"), ("WEBP", "RGB")]
)
def test_accepted_formats_pass_and_the_file_is_rewound(fmt, mode):
    file = upload(image_bytes(fmt, mode=mode))
    file.seek(100)

    assert validate_image_upload(file) is None
    assert file.tell() == 0


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    error = refusal(upload(image_bytes(fmt), name=f"photo.{fmt.lower()}"))

    assert error.code == "unsupported_format"
    assert error.messages == [f"{fmt} images are not accepted. Upload a JPEG, PNG or WebP image."]


def test_a_refused_file_is_rewound():
    file = upload(image_bytes("GIF"))

    refusal(file)

    assert file.tell() == 0


def jpeg_cut_in_half():
    data = image_bytes("JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Race report: Andreas finished fourth.\n" * 20, id="text"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', id="svg"
        ),
        pytest.param(b"", id="empty"),
        pytest.param(image_bytes("JPEG")[:40], id="jpeg-header-cut"),
        pytest.param(jpeg_cut_in_half(), id="jpeg-cut-in-half"),
        pytest.param(image_bytes("PNG")[:-30], id="png-truncated"),
        pytest.param(image_bytes("WEBP")[:-10], id="webp-truncated"),
    ],
)
def test_files_pillow_cannot_read_are_refused(data):
    error = refusal(upload(data))

    assert error.code == "invalid_image"
    assert error.messages == [
        "This file is not a readable image, or it is damaged. Upload a JPEG, PNG or WebP image."
    ]


def test_a_file_over_the_byte_cap_is_refused_with_the_limit():
    file = upload(image_bytes("JPEG"))
    file.size = images.MAX_UPLOAD_BYTES + 1  # as Django's upload handlers report it

    error = refusal(file)

    assert error.code == "file_too_large"
    assert error.messages == ["The file is too large. Upload a file of at most 10.0\xa0MB."]


def test_the_byte_cap_is_inclusive(monkeypatch):
    data = image_bytes("JPEG")
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", len(data))
    assert validate_image_upload(upload(data)) is None

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", len(data) - 1)
    assert refusal(upload(data)).code == "file_too_large"


def test_the_byte_cap_applies_to_a_plain_file_object(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    file = io.BytesIO(image_bytes("PNG"))

    assert refusal(file).code == "file_too_large"
    assert file.tell() == 0


def test_the_pixel_cap_is_inclusive(monkeypatch):
    data = image_bytes("PNG")
    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 1200 * 800)
    assert validate_image_upload(upload(data)) is None

    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 1200 * 800 - 1)
    assert refusal(upload(data)).code == "too_many_pixels"


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(10_000, 5_000, id="over-our-cap"),
        pytest.param(10_000, 10_000, id="over-pillow-warning"),
        pytest.param(20_000, 20_000, id="over-pillow-error"),
    ],
)
def test_an_image_claiming_too_many_pixels_is_refused_from_its_header(width, height):
    error = refusal(upload(png_claiming(width, height), name="huge.png"))

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "The image has too many pixels. Upload an image of at most 40 megapixels."
    ]


def test_the_validator_works_in_a_form_after_django_reads_the_image():
    class PhotoForm(forms.Form):
        photo = forms.ImageField(validators=[validate_image_upload])

    gif = PhotoForm(files={"photo": upload(image_bytes("GIF"), name="photo.gif")})
    jpeg = PhotoForm(files={"photo": upload(image_bytes("JPEG"))})

    with translation.override("en"):
        assert gif.errors == {
            "photo": ["GIF images are not accepted. Upload a JPEG, PNG or WebP image."]
        }
    assert jpeg.is_valid()


def test_a_stored_model_file_is_not_read_back(tmp_path):
    field = models.ImageField(storage=FileSystemStorage(location=tmp_path))
    stored = FieldFile(None, field, "drivers/gone.jpg")

    assert validate_image_upload(stored) is None


# Renditions


def test_renditions_are_webp_at_each_width_keeping_the_aspect(storage):
    data = image_bytes("JPEG")
    digest = hashlib.sha256(data).hexdigest()[:12]
    source = ContentFile(data)

    renditions = make_renditions(source, storage=storage, prefix="drivers/andreas")

    assert renditions == [
        {"name": f"drivers/andreas-{digest}-320.webp", "width": 320, "height": 213},
        {"name": f"drivers/andreas-{digest}-640.webp", "width": 640, "height": 427},
        {"name": f"drivers/andreas-{digest}-960.webp", "width": 960, "height": 640},
    ]
    for rendition in renditions:
        with storage.open(rendition["name"]) as file, Image.open(file) as image:
            assert (image.format, image.size) == ("WEBP", (rendition["width"], rendition["height"]))
    assert source.tell() == 0


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((800, 400), [(320, 160), (640, 320)]),
        ((640, 640), [(320, 320), (640, 640)]),
        ((200, 300), [(200, 300)]),
    ],
)
def test_renditions_never_upscale(storage, size, expected):
    renditions = make_renditions(
        ContentFile(image_bytes("PNG", size=size)), storage=storage, prefix="p"
    )

    assert [(r["width"], r["height"]) for r in renditions] == expected


def test_renditions_are_turned_upright_and_carry_no_metadata(storage):
    # Stored landscape, red on top; orientation 6 shows it portrait, red on the right.
    photo = Image.new("RGB", (1200, 800), "blue")
    photo.paste((255, 0, 0), (0, 0, 1200, 400))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Artist] = "Team photographer"
    icc_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif, icc_profile=icc_profile)

    renditions = make_renditions(ContentFile(buffer.getvalue()), storage=storage, prefix="p")

    assert [(r["width"], r["height"]) for r in renditions] == [(320, 480), (640, 960)]
    with storage.open(renditions[0]["name"]) as file, Image.open(file) as image:
        left, right = image.getpixel((20, 240)), image.getpixel((300, 240))
        assert (left[0] < 30, left[2] > 220) == (True, True)
        assert (right[0] > 220, right[2] < 30) == (True, True)
        assert len(image.getexif()) == 0
        assert sorted(set(image.info) & {"exif", "icc_profile", "xmp"}) == []


@pytest.mark.parametrize(
    ("fmt", "mode", "save_options", "expected_mode"),
    [
        ("PNG", "RGBA", {}, "RGBA"),
        ("PNG", "LA", {}, "RGBA"),
        ("PNG", "P", {"transparency": 0}, "RGBA"),
        ("PNG", "P", {}, "RGB"),
        ("PNG", "L", {}, "RGB"),
        ("JPEG", "CMYK", {}, "RGB"),
        ("WEBP", "RGBA", {}, "RGBA"),
    ],
)
def test_renditions_keep_alpha_only_where_the_source_has_it(
    storage, fmt, mode, save_options, expected_mode
):
    source = Image.new(mode, (400, 300))
    if mode.endswith("A"):
        # Left half transparent, right half opaque.
        source.putalpha(Image.new("L", (400, 300), 0))
        source.paste(Image.new(mode, (200, 300), (255,) * len(mode)), (200, 0))
    buffer = io.BytesIO()
    source.save(buffer, fmt, **save_options)

    renditions = make_renditions(ContentFile(buffer.getvalue()), storage=storage, prefix="p")

    with storage.open(renditions[0]["name"]) as file, Image.open(file) as image:
        assert image.mode == expected_mode
        if mode.endswith("A"):
            assert (image.getpixel((10, 10))[3], image.getpixel((310, 10))[3]) == (0, 255)


def test_renditions_are_made_once_per_image(storage, monkeypatch):
    data = image_bytes("JPEG")
    first = make_renditions(ContentFile(data), storage=storage, prefix="p")

    def save(name, content):
        raise AssertionError(f"{name} saved again")

    monkeypatch.setattr(storage, "save", save)
    again = make_renditions(ContentFile(data), storage=storage, prefix="p")

    assert again == first


def test_a_changed_image_gets_new_names(storage):
    first = make_renditions(ContentFile(image_bytes("JPEG")), storage=storage, prefix="p")
    changed = make_renditions(
        ContentFile(image_bytes("JPEG", colour="red")), storage=storage, prefix="p"
    )

    assert sorted({r["name"] for r in first} & {r["name"] for r in changed}) == []
    assert len(storage.listdir("")[1]) == 6


# Template tag


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_responsive_image_renders_srcset_sizes_and_dimensions(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    data = image_bytes("JPEG")
    digest = hashlib.sha256(data).hexdigest()[:12]
    renditions = make_renditions(ContentFile(data), storage=default_storage, prefix="drivers/ab")

    html = render(
        '{% responsive_image renditions alt=alt sizes="(min-width: 60rem) 30rem, 100vw" '
        'class_name="portrait" %}',
        renditions=renditions,
        alt='Andreas "AB" <25> Bäckman',
    )

    url = f"/media/drivers/ab-{digest}"
    assert html.strip() == (
        f'<img src="{url}-640.webp" '
        f'srcset="{url}-320.webp 320w, {url}-640.webp 640w, {url}-960.webp 960w" '
        'sizes="(min-width: 60rem) 30rem, 100vw" width="640" height="427" '
        'alt="Andreas &quot;AB&quot; &lt;25&gt; Bäckman" loading="lazy" decoding="async" '
        'class="portrait">'
    )


def test_responsive_image_with_one_rendition_and_decorative_alt(settings):
    settings.MEDIA_URL = "/media/"
    renditions = [{"name": "p-0123456789ab-200.webp", "width": 200, "height": 300}]

    html = render('{% responsive_image renditions alt="" loading="eager" %}', renditions=renditions)

    assert html.strip() == (
        '<img src="/media/p-0123456789ab-200.webp" srcset="/media/p-0123456789ab-200.webp 200w" '
        'sizes="100vw" width="200" height="300" alt="" loading="eager" decoding="async">'
    )


@pytest.mark.parametrize("renditions", [[], None])
def test_responsive_image_renders_nothing_without_renditions(renditions):
    assert render('{% responsive_image renditions alt="x" %}', renditions=renditions).strip() == ""


def test_responsive_image_requires_alt():
    with pytest.raises(TemplateSyntaxError):
        render("{% responsive_image renditions %}", renditions=[])


# Illustrations (the demo's pictures)


def colours_of(data):
    with Image.open(io.BytesIO(data)) as image:
        return {rgb for _, rgb in image.getcolors(maxcolors=10_000_000)}


def test_driver_card_is_a_png_of_the_asked_size_in_the_livery():
    default = driver_card(name="Andreas Bäckman", number=19, team="Target Competition")
    small = driver_card(name="Jessica Bäckman", number=None, size=(400, 500))

    with Image.open(io.BytesIO(default)) as image:
        assert (image.format, image.size, image.getpixel((2, 2))) == (
            "PNG",
            (800, 1000),
            (11, 61, 145),  # the site's blue, #0b3d91
        )
    with Image.open(io.BytesIO(small)) as image:
        assert (image.format, image.size) == ("PNG", (400, 500))
    # Blue, yellow, white and near-black are all there.
    assert {(11, 61, 145), (254, 204, 2), (255, 255, 255), (17, 17, 17)} <= colours_of(default)


def test_driver_card_is_deterministic_and_shows_the_number():
    def card(number):
        return driver_card(name="Andreas Bäckman", number=number, team="Target Competition")

    first = card(19)

    assert card(19) == first
    assert card(26) != first
    assert card(None) != first


def test_cars_picture_is_deterministic_and_shows_the_numbers():
    first = cars_picture(title="Andreas & Jessica", numbers=[19, 26])

    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("PNG", (1600, 900))
    assert cars_picture(title="Andreas & Jessica", numbers=[19, 26]) == first
    assert cars_picture(title="Andreas & Jessica", numbers=[19, 27]) != first
    assert cars_picture(title="Jessica #26", numbers=[26]) != first


def test_event_picture_is_deterministic_and_shows_its_event():
    def picture(**changes):
        arguments = {
            "circuit": "Nürburgring Nordschleife",
            "country": "DEU",
            "city": "Nürburg",
            "round": 1,
            "season": "2021",
            **changes,
        }
        return event_picture(**arguments)

    first = picture()

    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("PNG", (1600, 900))
    assert picture() == first
    for changes in ({"circuit": "Hungaroring"}, {"country": "HUN"}, {"round": 2}):
        assert picture(**changes) != first


@pytest.mark.parametrize(
    ("colour", "ink"),
    [
        ("#FFD700", (17, 17, 17)),
        ("#003399", (255, 255, 255)),
        ("#E4002B", (255, 255, 255)),
        ("#7FDBFF", (17, 17, 17)),
    ],
)
def test_the_name_takes_the_colour_with_better_contrast(colour, ink):
    """What the name adds to the card is mostly the ink of better contrast on the colour."""
    with_name = driver_card(name="Andreas Bäckman", number=19, colour=colour)
    without = driver_card(name="", number=19, colour=colour)

    with Image.open(io.BytesIO(with_name)) as named, Image.open(io.BytesIO(without)) as plain:
        top = (0, 0, 800, 400)
        named, plain = named.crop(top), plain.crop(top)
        changed = ImageChops.difference(named, plain).convert("L").point(lambda v: v > 0 and 255)
        pixels = zip(named.get_flattened_data(), changed.get_flattened_data(), strict=True)
        counts = Counter(colour for colour, inside in pixels if inside)
    assert counts.most_common(1)[0][0] == ink


def test_illustrations_without_freetype_still_draw(monkeypatch):
    monkeypatch.setattr(illustrations.features, "check_module", lambda name: False)

    data = driver_card(name="Andreas Bäckman", number=19)
    without_number = driver_card(name="Andreas Bäckman", number=None)

    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (800, 1000)
    assert data != without_number
    assert (17, 17, 17) in colours_of(data)


def test_the_display_face_is_the_shipped_woff2():
    font = ImageFont.truetype(str(illustrations.FONT_PATH), 40)

    assert font.getname() == ("Barlow Condensed", "Bold")
    assert illustrations.FONT_PATH.suffix == ".woff2"


def test_a_name_beyond_the_display_face_is_drawn_in_the_fallback_face():
    assert illustrations._needs_fallback("Bäckman Œ €") is False
    assert illustrations._needs_fallback("Michelisz Norbert Tőke") is True
    assert event_picture(circuit="Hungaroring", country="HUN", city="Mogyoród")


def test_no_picture_says_placeholder():
    """The demo's pictures are illustrations and say nothing of being placeholders: no such
    word is drawn (the pictures carry names and numbers only)."""
    sources = inspect.getsource(illustrations) + inspect.getsource(images)

    assert "placeholder" not in sources.lower()
    assert not hasattr(images, "placeholder_image")
