"""Image files as cameras and phones write them: location, device and editing metadata, an
ICC profile and an orientation tag. Tests of several apps make their uploads with these."""

import io
import struct

from PIL import ExifTags, Image, ImageCms

# Text that must never reach the public: each is written into one metadata block.
SECRETS = {
    "make": "Secretcam",
    "model": "Secretcam X-100",
    "software": "PhotoSuite 9 (secret host)",
    "artist": "Home Photographer",
    "serial": "SN-4711-0815",
    "lens": "SecretLens 70-200",
    "owner": "Owner Name Secret",
    "makernote": "MAKERNOTE-secret-data",
    "comment": "COMMENT-secret",
    "xmp": "XMP-Lidingo-Villavagen-3",
    "iptc": "IPTC-Sollentuna-secret",
    "text": "PNGTEXT-secret-address",
}
# Where the photographer stood: Lidingö, near Stockholm.
LATITUDE = (59.0, 21.0, 36.0)
LONGITUDE = (18.0, 8.0, 24.0)

ICC_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    f'photoshop:City="{SECRETS["xmp"]}" exif:GPSLatitude="59,21.6N" '
    'exif:GPSLongitude="18,8.4E"/></rdf:RDF></x:xmpmeta>'
).encode()


def camera_exif(orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRETS["make"]
    exif[ExifTags.Base.Model] = SECRETS["model"]
    exif[ExifTags.Base.Software] = SECRETS["software"]
    exif[ExifTags.Base.Artist] = SECRETS["artist"]
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.BodySerialNumber] = SECRETS["serial"]
    details[ExifTags.Base.LensModel] = SECRETS["lens"]
    details[ExifTags.Base.CameraOwnerName] = SECRETS["owner"]
    details[ExifTags.Base.MakerNote] = SECRETS["makernote"].encode()
    details[ExifTags.Base.DateTimeOriginal] = "2021:06:05 10:00:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    return exif


def two_tone(size=(1200, 800), mode="RGB"):
    """Red on top, blue below: turned upright by orientation 6, red is on the right."""
    width, height = size
    image = Image.new(mode, size, (0, 0, 255) if mode == "RGB" else (0, 0, 255, 255))
    image.paste((255, 0, 0) if mode == "RGB" else (255, 0, 0, 255), (0, 0, width, height // 2))
    return image


def with_iptc(jpeg):
    """The JPEG with a Photoshop APP13 segment (IPTC City) after its SOI marker."""
    city = SECRETS["iptc"].encode()
    record = b"\x1c\x02\x5a" + struct.pack(">H", len(city)) + city
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(record))
    resource += record + b"\0" * (len(record) % 2)
    payload = b"Photoshop 3.0\0" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def camera_jpeg(size=(1200, 800), orientation=6):
    """A JPEG as a camera writes it: stored landscape, shown portrait (orientation 6)."""
    buffer = io.BytesIO()
    two_tone(size).save(
        buffer,
        "JPEG",
        quality=92,
        exif=camera_exif(orientation),
        icc_profile=ICC_PROFILE,
        xmp=XMP,
        comment=SECRETS["comment"].encode(),
    )
    return with_iptc(buffer.getvalue())


def camera_png(size=(400, 300)):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Location", SECRETS["text"])
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image = two_tone(size, mode="RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))  # one transparent pixel
    image.save(buffer, "PNG", exif=camera_exif(), icc_profile=ICC_PROFILE, pnginfo=text)
    return buffer.getvalue()


def camera_webp(size=(400, 300), lossless=False):
    buffer = io.BytesIO()
    two_tone(size).save(
        buffer,
        "WEBP",
        exif=camera_exif(),
        icc_profile=ICC_PROFILE,
        xmp=XMP,
        lossless=lossless,
        quality=90,
    )
    return buffer.getvalue()


def leaks(data):
    """What of the metadata above is still in these bytes: the secrets found, and the
    EXIF, GPS and XMP blocks Pillow reads."""
    found = sorted(name for name, text in SECRETS.items() if text.encode() in data)
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("gps")
        if ExifTags.Base.Orientation in exif:
            found.append("orientation")
        if any(key in image.info for key in ("xmp", "XML:com.adobe.xmp", "comment")):
            found.append("xmp or comment")
        if b"59,21.6N" in data or b"Photoshop 3.0" in data:
            found.append("location text")
    return found
