"""The home page's first load on a phone stays under 100 KB, compressed.

What a first visit at 390x844 fetches before the reader scrolls: the HTML, CSS, JS and
fonts, and the images whose box is in the first screen (lazy ones further down are not
counted; an image that no <img> shows, a CSS background, is). The test server does not
compress; each body is measured as production sends it: gzip (Django's page cache and
GZipMiddleware for pages, nginx's gzip_static for static files), fonts and images as
they are (WOFF2, WebP, AVIF, PNG and JPEG are compressed already). Brotli's figure is
shown beside it.
"""

import gzip
from urllib.parse import urlsplit

import brotli
import pytest

from tests.e2e.conftest import RACE_WEEKEND

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 100 * 1024
PHONE = {"width": 390, "height": 844}
PACKED = {"font", "image", "media"}

# The images on the page and whether any of their boxes meets the first screen.
IMAGES = """
() => {
  const seen = {};
  for (const img of document.images) {
    const src = img.currentSrc || img.src;
    if (!src) continue;
    const box = img.getBoundingClientRect();
    const shown = box.bottom > 0 && box.top < innerHeight && box.right > 0
      && box.left < innerWidth && box.width > 0 && box.height > 0;
    seen[src] = seen[src] || shown;
  }
  return seen;
}
"""


def first_load(page, path):
    """[(kind, address, bytes, gzip bytes, brotli bytes, counted, why)] of what loading
    `path` fetched, without scrolling."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    images = page.evaluate(IMAGES)
    rows = []
    for response in responses:
        if response.status in (301, 302, 303, 307, 308) or response.url.startswith("data:"):
            continue
        kind = response.request.resource_type
        body = response.body()
        zipped = len(gzip.compress(body, compresslevel=9, mtime=0))
        squeezed = len(brotli.compress(body, quality=11))
        if kind in PACKED:
            zipped = squeezed = len(body)
        counted, why = True, ""
        if kind == "image" and response.url in images and not images[response.url]:
            counted, why = False, "below the first screen"
        rows.append((kind, response.url, len(body), zipped, squeezed, counted, why))
    return rows


def breakdown(rows):
    lines = [f"{'kind':<11}{'bytes':>9}{'gzip':>9}{'brotli':>9}  address"]
    for kind, url, size, zipped, squeezed, counted, why in sorted(
        rows, key=lambda row: (not row[5], -row[3])
    ):
        address = urlsplit(url).path
        note = f"  (not counted: {why})" if not counted else ""
        lines.append(f"{kind:<11}{size:>9}{zipped:>9}{squeezed:>9}  {address}{note}")
    counted = [row for row in rows if row[5]]
    lines.append(
        f"{'counted':<11}{sum(r[2] for r in counted):>9}{sum(r[3] for r in counted):>9}"
        f"{sum(r[4] for r in counted):>9}  of a budget of {BUDGET} (gzip)"
    )
    return "\n".join(lines)


@pytest.mark.parametrize("moment", [None, RACE_WEEKEND], ids=["today", "race-weekend"])
def test_home_first_load_on_a_phone_is_under_100_kb(demo_site, open_context, site_clock, moment):
    page = open_context(viewport=PHONE, locale="sv-SE", timezone_id="Europe/Stockholm")
    if moment is not None:
        site_clock(moment, page)

    rows = first_load(page, "/sv/")

    kinds = {row[0] for row in rows}
    assert {"document", "stylesheet"} <= kinds, breakdown(rows)
    total = sum(row[3] for row in rows if row[5])
    print(f"\nfirst load of /sv/ at 390x844 ({moment or 'today'}):\n{breakdown(rows)}")
    assert total < BUDGET, (
        f"the first load is {total} bytes compressed, over {BUDGET}:\n{breakdown(rows)}"
    )


def test_the_measure_counts_what_the_first_screen_shows(browser):
    """The measure itself, on a made-up site: the HTML, its CSS and the image in view
    count, compressed; an image further down does not."""
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08"
        b"\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00"
        b"\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    html = (
        '<!doctype html><html lang="en"><title>t</title><link rel="stylesheet" href="/s.css">'
        '<img src="/top.png" alt="" width="10" height="10">'
        "<p>" + "Words repeat. " * 500 + "</p>"
        '<img src="/low.png" alt="" width="10" height="10" class="low">'
    )
    files = {
        "/": ("text/html", html.encode()),
        "/s.css": ("text/css", b".low { margin-top: 3000px } p { color: #333 }" * 20),
        "/top.png": ("image/png", png),
        "/low.png": ("image/png", png),
    }
    context = browser.new_context(viewport=PHONE)
    context.route(
        "http://site.test/**",
        lambda route: route.fulfill(
            status=200,
            content_type=files[urlsplit(route.request.url).path][0],
            body=files[urlsplit(route.request.url).path][1],
        ),
    )
    try:
        rows = first_load(context.new_page(), "http://site.test/")
    finally:
        context.close()

    by_path = {urlsplit(row[1]).path: row for row in rows}
    assert set(by_path) == set(files), breakdown(rows)
    kind, _url, size, zipped, _squeezed, counted, _why = by_path["/"]
    assert kind == "document"
    assert counted
    assert zipped < size / 10
    assert by_path["/s.css"][5]
    assert by_path["/top.png"][5]
    assert by_path["/low.png"][5:] == (False, "below the first screen")
    assert by_path["/top.png"][3] == len(png), "an image counts as it is"
