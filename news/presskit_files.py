"""A press kit's PDF and ZIP, built once for what the site shows and kept as files.

Both cost more than a page (a PDF a few tenths of a second; a ZIP reads up to 25 MB of
pictures), so neither is built for each request nor kept in the page cache, which holds
pages in memory. Each is built once for the content it shows: the content areas' versions,
the next moment the site changes by itself (a scheduled photo going public), the public
address, and the code and catalogues it is made with. It is written under
settings.PRESSKIT_DIR; every request after that, whatever it spells the host as, streams
the file. A newer build removes the older ones of the same download. A staff preview of
another moment is built for its request and never kept.
"""

import functools
import hashlib
import hmac
import io
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

from delivery import areas, clock

# What else a build depends on: the code that draws it and the words it uses.
_MADE_WITH = [
    Path(__file__).with_name(name) for name in ("presskit.py", "presskit_pdf.py", "presskit_zip.py")
]


@functools.cache
def _code_version():
    catalogues = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.mo"))
    return tuple((path.name, path.stat().st_mtime_ns) for path in [*_MADE_WITH, *catalogues])


def fingerprint(*parts):
    """What a download shows, as a name part: nobody can guess another one from it."""
    versions = areas.current()
    upcoming = areas.next_moment(areas.names(), versions, time.time())
    material = repr((sorted(versions.items()), upcoming, _code_version(), parts))
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()[:32]


def open_kept(request, stem, extension, parts, build):
    """A binary file object of the download `stem`.`extension` ("jessica-backman-sv", "pdf")
    as the site shows it now, built with `build()` (its bytes) when no file holds it yet.
    `parts`: what else its content depends on (the public address)."""
    if clock.previewing(request):
        return io.BytesIO(build())
    folder = Path(settings.PRESSKIT_DIR)
    path = folder / f"{stem}-{fingerprint(*parts)}.{extension}"
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    body = build()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".build-", delete=False) as file:
        file.write(body)
    os.replace(file.name, path)  # whole or not at all, for a reader arriving meanwhile
    for older in folder.glob(f"{stem}-*.{extension}"):
        if older != path and len(older.name) == len(path.name):
            older.unlink(missing_ok=True)  # a reader streaming it keeps its open file
    return path.open("rb")
