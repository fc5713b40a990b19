"""No page links off-site, whatever its address: a crafted path such as //evil.example/
must not turn the language switcher, canonical or hreflang links into links elsewhere."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

# Paths as the server receives them (PATH_INFO, already percent-decoded).
CRAFTED = [
    "//evil.example/",
    "///evil.example/",
    "/\\\\evil.example/",  # /%5C%5Cevil.example/
    "/\\evil.example",
    "/\\/evil.example/",
    "/sv//evil.example/",
    "/en//evil.example/",
    "/sv/\\\\evil.example/",
    "/\t/evil.example/",  # browsers drop tabs and line breaks from a URL
    "/\n/evil.example/",
    "//evil.example/sv/",  # would resolve to the home page if read as a host and a path
    "//evil.example/en/drivers/",
]


def on_our_host(url):
    """Whether a browser on http://testserver/x/y/ would follow `url` to our host: it reads
    a backslash as a slash and drops tabs and line breaks."""
    normalised = re.sub(r"[\t\n\r]", "", url).replace("\\", "/").strip()
    if normalised.startswith("#"):
        return True
    parts = urlsplit(normalised)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return normalised.startswith("/") and not normalised.startswith("//")


def links(html):
    return [unescape(value) for value in re.findall(r'\b(?:href|src|content)="([^"]*)"', html)]


@pytest.mark.parametrize("path", CRAFTED, ids=repr)
def test_every_link_of_a_crafted_path_stays_on_our_host(client, db, path):
    client.raise_request_exception = True
    response = client.get("/", PATH_INFO=path, follow=False)

    if response.status_code in (301, 302):
        assert on_our_host(response["Location"]), response["Location"]
        response = client.get(response["Location"], follow=False)
    assert response.status_code == 404
    html = response.content.decode()
    found = [url for url in links(html) if "/" in url or "\\" in url]
    assert any("hreflang" in line for line in html.splitlines())
    assert found
    assert [url for url in found if not on_our_host(url)] == []


def test_the_on_our_host_rule_can_fail():
    assert not on_our_host("//evil.example/")
    assert not on_our_host("/\\evil.example/")
    assert not on_our_host("/\t/evil.example/")
    assert not on_our_host("http://evil.example/")
    assert on_our_host("http://testserver/sv/")
    assert on_our_host("/sv/evil.example/")


def test_the_preview_banner_of_a_crafted_path_stays_on_our_host(admin_client):
    admin_client.get("/sv/?as_of=2021-06-04T08:00")

    response = admin_client.get("/", PATH_INFO="//evil.example/sv/")

    html = response.content.decode()
    assert "preview-banner" in html
    assert [
        url for url in links(html) if ("/" in url or "\\" in url) and not on_our_host(url)
    ] == []
