"""The home page's hero picture: a hand-drawn SVG of the two cars that is safe to serve as an
image under a strict CSP and draws the same everywhere (no fonts, nothing fetched)."""

from xml.etree import ElementTree

from django.conf import settings

HERO = settings.BASE_DIR / "static" / "img" / "hero-cars.svg"
SVG = "{http://www.w3.org/2000/svg}"


def elements():
    return list(ElementTree.parse(HERO).getroot().iter())


def test_the_hero_is_small_and_wide():
    root = ElementTree.parse(HERO).getroot()

    assert HERO.stat().st_size <= 10 * 1024
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 1200 600"
    assert (root.get("width"), root.get("height")) == ("1200", "600")


def test_the_hero_has_a_title_naming_both_cars():
    title = ElementTree.parse(HERO).getroot().find(f"{SVG}title")

    assert title is not None
    assert "19" in title.text
    assert "26" in title.text


def test_the_hero_runs_nothing_and_fetches_nothing():
    tags = {element.tag.removeprefix(SVG) for element in elements()}
    assert not tags & {"script", "foreignObject", "image", "style", "a", "text", "animate"}
    for element in elements():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value
            assert "url(" not in value or value.startswith("url(#"), value
    assert b"<!ENTITY" not in HERO.read_bytes()
