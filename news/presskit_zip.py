"""A driver's press kit pictures in one ZIP file, with credits.txt in the reader's language.

The pictures are the public originals the press room offers one by one (stored without
location or camera data, images.fields); an original stored before that field existed is
cleaned the same way on the way in. Only the portrait and the photos public at the
moment (news.models.PhotoQuerySet.public). File names are the kit's own (letters, digits,
hyphens: news.presskit.pictures), never a caption or an upload's name as given. The ZIP is
built in memory up to MAX_BYTES of pictures; the ones past it, or whose file cannot be
read, are named in credits.txt with their address instead.
"""

import io
import logging
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from images.fields import is_public_name
from images.renditions import public_original
from news.presskit_pdf import credit_line

log = logging.getLogger(__name__)

# The pictures one ZIP holds at most (the page cache keeps the file in memory).
MAX_BYTES = 25 * 1024 * 1024
CREDITS = "credits.txt"
# A ZIP's entries carry a time: the oldest a ZIP may hold, for a picture without one.
EPOCH = (2021, 1, 1, 0, 0, 0)


def _when(moment):
    if moment is None:
        return EPOCH
    local = timezone.localtime(moment)
    return max(EPOCH, (local.year, local.month, local.day, local.hour, local.minute, local.second))


def _read(picture):
    """The public original's bytes, or None when its file cannot be read."""
    try:
        with picture.file.storage.open(picture.file.name, "rb") as file:
            if is_public_name(picture.file.name):
                return file.read()
            return public_original(file).data
    except Exception:
        log.warning("Press kit ZIP: cannot read %s", picture.file.name, exc_info=True)
        return None


def build(kit, *, url_of, max_bytes=None):
    """(the ZIP's bytes, the names of the pictures in it) for `kit` (a dict with "driver"
    and "pictures", as news.presskit builds them); `url_of(picture)` is a picture's
    public address, printed for the ones left out."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    buffer = io.BytesIO()
    included, left_out = [], []
    total = 0
    with zipfile.ZipFile(buffer, "w") as archive:
        for picture in kit["pictures"]:
            data = _read(picture)
            if data is None or total + len(data) > max_bytes:
                left_out.append(picture)
                continue
            total += len(data)
            info = zipfile.ZipInfo(picture.name, date_time=_when(picture.added))
            info.external_attr = 0o644 << 16
            # JPEG, PNG and WebP are compressed already.
            archive.writestr(info, data, compress_type=zipfile.ZIP_STORED)
            included.append(picture)
        info = zipfile.ZipInfo(CREDITS, date_time=EPOCH)
        info.external_attr = 0o644 << 16
        archive.writestr(
            info,
            credits_text(kit, included, left_out, url_of).encode("utf-8"),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue(), [picture.name for picture in included]


def credits_text(kit, included, left_out, url_of):
    """credits.txt: for each picture its file, caption, credit and rights, as given."""
    driver = kit["driver"]
    lines = [
        # Translators: the first line of credits.txt in a press kit's ZIP file.
        _("Pictures of %(name)s: credits and usage rights") % {"name": driver.name},
        kit.get("kit_url", ""),
        "",
    ]
    for picture in included:
        lines += _entry(picture)
    if left_out:
        lines += [
            _("Not in this file (too large to add, or not available just now):"),
            "",
        ]
        for picture in left_out:
            lines += _entry(picture, url=url_of(picture))
    return "\r\n".join(_one_line(line) for line in lines).rstrip() + "\r\n"


def _entry(picture, url=""):
    labels = {
        "file": _("File"),
        "address": _("Address"),
        "caption": _("Caption"),
        "rights": _("Usage rights"),
    }
    lines = [f"{labels['file']}: {picture.name}"]
    if url:
        lines.append(f"{labels['address']}: {url}")
    if picture.caption:
        lines.append(f"{labels['caption']}: {picture.caption}")
    lines.append(credit_line(picture))
    if picture.rights:
        lines.append(f"{labels['rights']}: {picture.rights}")
    return [*lines, ""]


def _one_line(text):
    """A line of credits.txt as given, except that a line break or control character in it
    never makes a line of its own."""
    return "".join(c if c.isprintable() else " " for c in str(text)).strip()
