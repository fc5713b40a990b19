"""The design system's fonts: self-hosted, small, preloaded, swapped in, and licensed."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.csp import CSP

FONTS = [
    "fonts/barlow-condensed-latin-700-normal.woff2",
    "fonts/barlow-latin-400-normal.woff2",
]
FONT_BUDGET = 50 * 1024  # bytes; WOFF2 is compressed already
# The tokens other stylesheets and templates use by name: they must stay defined.
TOKENS = [
    "--color-bg",
    "--color-surface",
    "--color-text",
    "--color-muted",
    "--color-accent",
    "--color-accent-text",
    "--color-highlight",
    "--color-highlight-text",
    "--color-border",
    "--color-focus",
    "--font-body",
    "--font-display",
    "--radius",
    "--measure",
    "--page-width",
    *(f"--space-{n}" for n in range(1, 7)),
    *(f"--step-{n}" for n in ("-1", "0", "1", "2", "3", "4", "5")),
]


def stylesheet():
    return Path(finders.find("css/site.css")).read_text()


def font_faces():
    return re.findall(r"@font-face\s*{([^}]*)}", stylesheet())


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_head = True
        self.preloads = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_head = False
        if tag == "link" and attrs.get("rel") == "preload" and self.in_head:
            self.preloads.append(attrs)


def test_the_fonts_are_small_self_hosted_files():
    sizes = {}
    for name in FONTS:
        path = finders.find(name)
        assert path, f"static/{name} is missing"
        content = Path(path).read_bytes()
        assert content[:4] == b"wOF2", f"{name} is not WOFF2"
        sizes[name] = len(content)
    assert sum(sizes.values()) <= FONT_BUDGET, sizes


def test_the_fonts_are_served(client, db):
    for name in FONTS:
        response = client.get(f"{settings.STATIC_URL}{name}")
        content = b"".join(response.streaming_content)
        response.close()
        assert response.status_code == 200, name
        assert response["Content-Type"] == "font/woff2"
        assert content == Path(finders.find(name)).read_bytes()


def test_every_font_face_swaps_and_covers_swedish_letters():
    faces = font_faces()
    assert len(faces) == len(FONTS)
    for face in faces:
        assert re.search(r"font-display:\s*swap", face), face
        (url,) = re.findall(r'url\("\.\./([^"]+)"\)\s*format\("woff2"\)', face)
        assert url in FONTS
        # The Latin subset's range, which holds Å, Ä, Ö, å, ä, ö (U+00C0-00FF).
        assert re.search(r"unicode-range:\s*U\+0000-00FF,", face), face


def test_the_fonts_above_the_fold_are_preloaded_with_crossorigin(client, db):
    response = client.get("/sv/")
    head = Head()
    head.feed(response.content.decode())

    fonts = [link for link in head.preloads if link.get("as") == "font"]
    assert {link["href"] for link in fonts} == {f"{settings.STATIC_URL}{name}" for name in FONTS}
    for link in fonts:
        assert link["type"] == "font/woff2"
        # Without crossorigin the browser fetches the font a second time.
        assert "crossorigin" in link


def test_the_font_licence_ships_beside_the_fonts():
    licence = Path(finders.find("fonts/LICENSE-OFL.txt")).read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2017 The Barlow Project Authors" in licence
    for name in FONTS:
        assert Path(name).name in licence


def test_the_content_security_policy_lets_the_site_load_its_own_fonts():
    assert settings.SECURE_CSP["font-src"][0] == CSP.SELF


def test_the_design_tokens_keep_their_names():
    root = re.search(r":root\s*{([^}]*)}", stylesheet()).group(1)
    defined = set(re.findall(r"(--[\w-]+):", root))
    assert set(TOKENS) <= defined, sorted(set(TOKENS) - defined)
