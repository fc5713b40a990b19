"""The home page's weight on the wire: its HTML, stylesheets and scripts, gzipped."""

import datetime as dt
import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from news.demo import load_news

# Mid-season: the latest news, standings after round 1 and a countdown to Estoril.
NOW = dt.datetime(2021, 6, 20, 12, 0, tzinfo=dt.UTC)
BUDGET = 50 * 1024  # bytes of HTML, CSS and JavaScript after gzip; images are not counted
# Attributes through which a page makes the browser fetch something. Plain links (<a href>)
# are left out: following one is the reader's choice.
FETCHED = {"src", "srcset", "poster", "data", "action"}


class References(HTMLParser):
    """Stylesheets, scripts and every fetched URL of a page."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "link" and "href" in attrs:
            self.urls.append(attrs["href"])
            if "stylesheet" in attrs.get("rel", "").lower().split():
                self.stylesheets.append(attrs["href"])
        if tag == "script" and "src" in attrs:
            self.scripts.append(attrs["src"])
        for name, value in attrs.items():
            if name == "srcset":
                self.urls += [candidate.split()[0] for candidate in value.split(",") if candidate]
            elif name in FETCHED:
                self.urls.append(value)


def gzipped_size(content):
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def static_file(url):
    """The file behind a static URL, found as collectstatic would find it."""
    assert url.startswith(settings.STATIC_URL), f"{url} is not a static file"
    path = finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is not in the static files"
    with open(path, "rb") as file:
        return file.read()


@pytest.fixture
def home(profiles_2021, client, time_machine):
    time_machine.move_to(NOW, tick=False)
    load_news(settings.BASE_DIR / "data" / "news.toml")
    response = client.get("/sv/")
    assert response.status_code == 200
    page = References()
    page.feed(response.content.decode())
    return response.content, page


def test_the_home_page_weighs_under_50_kb_gzipped(home):
    html, page = home
    assets = {url: static_file(url) for url in page.stylesheets + page.scripts}
    sizes = {"HTML": gzipped_size(html)} | {
        url: gzipped_size(content) for url, content in assets.items()
    }
    total = sum(sizes.values())
    figures = ", ".join(f"{name} {size} B" for name, size in sizes.items())

    assert "/static/css/site.css" in page.stylesheets
    assert "/static/js/site.js" in page.scripts
    assert total < BUDGET, f"/sv/ weighs {total} B gzipped, over {BUDGET} B: {figures}"
    print(f"\n/sv/ weighs {total} B gzipped (HTML, CSS and JavaScript): {figures}")


def test_the_home_page_fetches_nothing_from_another_origin(home):
    _html, page = home
    css = b"".join(static_file(url) for url in page.stylesheets).decode()
    css_urls = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css)
    foreign = [
        url for url in page.urls + css_urls if urlsplit(url).netloc not in ("", "testserver")
    ]

    assert len(page.urls) > 5  # stylesheet, scripts, icon, canonical and alternates, images
    assert foreign == []
    assert "@import" not in css
