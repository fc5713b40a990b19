"""Image uploads: validation, the public original with its metadata removed, and its web sizes
(WebP, and AVIF where Pillow writes it) made once on upload. The demo's drawn pictures are in
images.illustrations."""

import hashlib
import io
import posixpath
import struct
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, JpegImagePlugin, features

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
RENDITION_WIDTHS = (320, 640, 960)
RENDITION_QUALITY = 80
# AVIF at this quality looks like the WebP at RENDITION_QUALITY in about half the bytes.
AVIF_QUALITY = 55
# The extension an original is stored with, by format.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A lossy WebP original is encoded again at this quality (a JPEG keeps its own tables).
WEBP_QUALITY = 92

_SRGB = ImageCms.createProfile("sRGB")


def validate_image_upload(file):
    """Refuse a file that is too big, unreadable, not JPEG/PNG/WebP, or has too many pixels."""
    if getattr(file, "_committed", False):
        # A model's stored file was checked on upload; re-reading it on every save of the
        # form would fetch it back from storage (and fail if it has gone).
        return
    file.seek(0)
    try:
        _check_bytes(file)
        _check_image(file)
    finally:
        file.seek(0)


def _check_bytes(file):
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large. Upload a file of at most %(limit)s."),
            code="file_too_large",
            params={"limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )


def _check_image(file):
    too_many_pixels = ValidationError(
        _("The image has too many pixels. Upload an image of at most %(limit)s megapixels."),
        code="too_many_pixels",
        params={"limit": f"{MAX_UPLOAD_PIXELS / 1_000_000:g}"},
    )
    try:
        # Pillow only warns between its two bomb limits; an exception stops the upload.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP image."),
                        code="unsupported_format",
                        params={"format": image.format},
                    )
                if image.width * image.height > MAX_UPLOAD_PIXELS:
                    raise too_many_pixels
                if image.format == "JPEG":
                    # verify() checks nothing in a JPEG; decoding at 1/8 scale finds a
                    # truncated upload while holding 1/64 of the pixels.
                    image.draft(None, (1, 1))
                    image.load()
                else:
                    image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    # Pillow raises many types on malformed input; any of them means the file is unusable.
    except Exception as error:
        raise _unreadable() from error


def _unreadable():
    return ValidationError(
        _("This file is not a readable image, or it is damaged. Upload a JPEG, PNG or WebP image."),
        code="invalid_image",
    )


@dataclass(frozen=True)
class PublicImage:
    """An original as it is stored and downloaded."""

    data: bytes
    extension: str
    width: int
    height: int


def public_original(source):
    """The accepted upload as anyone may download it: turned upright by its EXIF orientation,
    with its ICC colour profile (and resolution) and no other metadata: no EXIF (location,
    camera, lens, serial numbers, software, maker notes, thumbnail, orientation), no XMP,
    IPTC or comments, no PNG text. Same format: a JPEG is encoded again with its own
    quantization tables and subsampling (its quality), a PNG or lossless WebP without loss.

    Raises ValidationError when Pillow cannot decode the whole image."""
    source.seek(0)
    data = source.read()
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in EXTENSIONS:
                    raise ValidationError(
                        _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP image."),
                        code="unsupported_format",
                        params={"format": image.format},
                    )
                fmt = image.format
                options = _encoder_options(image, data)
                ImageOps.exif_transpose(image, in_place=True)
                # Encoders fill in what they are not given from info (a JPEG's comment, a
                # PNG's profile and transparency): only what `options` names is written.
                image.info.clear()
                buffer = io.BytesIO()
                image.save(buffer, fmt, **options)
                width, height = image.size
    except ValidationError:
        raise
    except Exception as error:
        raise _unreadable() from error
    return PublicImage(buffer.getvalue(), EXTENSIONS[fmt], width, height)


def _encoder_options(image, data):
    """What of the image's own information its public copy is saved with."""
    info = image.info
    options = {key: info[key] for key in ("icc_profile", "dpi") if info.get(key)}
    if image.format == "JPEG":
        options["qtables"] = image.quantization
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
        options["optimize"] = True
        options["progressive"] = bool(info.get("progressive") or info.get("progression"))
    elif image.format == "PNG":
        if info.get("transparency") is not None:
            options["transparency"] = info["transparency"]
    elif _webp_is_lossless(data):
        options.update(lossless=True, exact=True)
    else:
        options["quality"] = WEBP_QUALITY
    return options


def _webp_is_lossless(data):
    """Whether a WebP file's image is VP8L (lossless) rather than VP8, from its RIFF chunks."""
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        if kind in (b"VP8L", b"VP8 "):
            return kind == b"VP8L"
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        position += 8 + size + (size & 1)
    return False


def make_renditions(source, *, storage, prefix):
    """Save web sizes of an accepted image; return [{"name", "width", "height"}] by width,
    "name" a WebP, and "avif" an AVIF of the same size beside it in each item when Pillow
    writes AVIF and the AVIF of every width is smaller than its WebP (else none: a browser
    would only fetch more bytes).

    `prefix` names their owner: one per stored original (`images.fields` derives it from the
    original's random name), never shared, so that no two owners ever share a file. A file
    already stored under its name (the same image's) is not made again."""
    source.seek(0)
    data = source.read()
    source.seek(0)
    digest = _digest(data)
    with Image.open(io.BytesIO(data)) as original:
        # A big JPEG decodes at a reduced scale, never below the largest width we make.
        original.draft(None, (max(RENDITION_WIDTHS),) * 2)
        image = _prepared(original)
    widths = [width for width in sorted(RENDITION_WIDTHS) if width <= image.width]
    renditions = []
    avifs = {}
    for width in widths or [image.width]:
        height = max(1, round(image.height * width / image.width))
        name = f"{prefix}-{digest}-{width}.webp"
        resized = None
        if storage.exists(name):
            webp_size = storage.size(name)
        else:
            resized = _resized(image, width, height)
            encoded = _encoded(resized, "WEBP", quality=RENDITION_QUALITY)
            webp_size = len(encoded)
            name = storage.save(name, ContentFile(encoded))
        renditions.append({"name": name, "width": width, "height": height})
        if avifs is not None and avif_supported():
            avifs = _avif(avifs, storage, image, resized, name, width, height, webp_size)
    if avifs and len(avifs) == len(renditions):
        for rendition in renditions:
            avif_name, encoded = avifs[rendition["width"]]
            if encoded is not None:
                avif_name = storage.save(avif_name, ContentFile(encoded))
            rendition["avif"] = avif_name
    return renditions


def made_from(renditions, data, *, prefix):
    """Whether the WebP names of `renditions` are those make_renditions gives `data`."""
    digest = _digest(data)
    return all(
        isinstance(r, dict) and r.get("name") == f"{prefix}-{digest}-{r.get('width')}.webp"
        for r in renditions
    )


def _digest(data):
    return hashlib.sha256(data).hexdigest()[:12]


def avif_supported():
    """Whether this Pillow writes AVIF (Pillow 11.3 and later, built with libavif)."""
    return features.check("avif")


def _avif(avifs, storage, image, resized, webp_name, width, height, webp_size):
    """`avifs` with this width's AVIF ({width: (name, bytes or None when stored)}), or None
    when it is not smaller than its WebP: then no width gets one."""
    name = f"{posixpath.splitext(webp_name)[0]}.avif"
    if storage.exists(name) and storage.size(name) < webp_size:
        return {**avifs, width: (name, None)}
    if resized is None:
        resized = _resized(image, width, height)
    try:
        encoded = _encoded(resized, "AVIF", quality=AVIF_QUALITY)
    except (OSError, ValueError, KeyError):
        return None  # an encoder that fails on this image: WebP only
    if len(encoded) >= webp_size:
        return None
    return {**avifs, width: (name, encoded)}


def _resized(image, width, height):
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _prepared(image):
    """The image upright, in sRGB, as RGB or RGBA, with no metadata."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    image = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    # Renditions carry no ICC profile, so wide-gamut photos (phones, press cameras) are
    # converted to sRGB rather than shown dull.
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # An unreadable or mismatched profile: the plain conversion is the best left.
    image = image.convert(mode)
    # Renditions are public: no camera, location or editing metadata.
    image.info.clear()
    return image
