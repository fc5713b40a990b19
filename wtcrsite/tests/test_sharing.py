import datetime as dt
import io
import re
from html import unescape

import pytest
from PIL import Image

from news.models import Article

PAGES = [
    "/{lang}/",
    "/{lang}/calendar/",
    "/{lang}/events/2021/germany/",
    "/{lang}/events/2021/vila-real/",
    "/{lang}/standings/",
    "/{lang}/standings/2021/trophy/",
    "/{lang}/drivers/",
    "/{lang}/drivers/jessica-backman/",
    "/{lang}/milestones/",
    "/{lang}/news/",
    "/{lang}/news/only-here/",
    "/{lang}/press/",
    "/{lang}/press/kit/andreas-backman/",
]


def meta(html, name):
    found = re.findall(rf'<meta property="{name}" content="([^"]*)">', html)
    assert len(found) == 1, f"{name}: {found}"
    return unescape(found[0])


@pytest.fixture
def pages(season_2021, time_machine):
    time_machine.move_to(dt.datetime(2021, 12, 1, 12, tzinfo=dt.UTC))
    for language in ("sv", "en"):
        Article.objects.create(
            language=language,
            title="Only here",
            slug="only-here",
            summary="A summary.",
            body="<p>Body.</p>",
            publish_at=dt.datetime(2021, 11, 1, tzinfo=dt.UTC),
        )
    return [page.format(lang=lang) for page in PAGES for lang in ("sv", "en")] + [
        "/en/no-such-page/"
    ]


def test_every_public_page_has_a_description_and_an_image_to_share(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == (404 if "no-such" in url else 200), url
        html = response.content.decode()
        head = html[: html.index("</head>")]
        description = re.search(r'<meta name="description" content="([^"]*)">', head).group(1)
        assert meta(head, "og:description") == unescape(description) != "", url
        image = meta(head, "og:image")
        assert image.startswith("http://testserver/"), url
        assert meta(head, "og:image:alt"), url
        width, height = int(meta(head, "og:image:width")), int(meta(head, "og:image:height"))

        picture = client.get(image.removeprefix("http://testserver"))
        assert picture.status_code == 200, image
        assert picture["Content-Type"] == "image/png", image
        with Image.open(io.BytesIO(picture.content)) as opened:
            assert opened.size == (width, height) == (1200, 630)


@pytest.mark.parametrize(
    ("page", "image"),
    [
        ("/sv/", "/sv/share/site.png"),
        ("/en/events/2021/adria/", "/en/share/events/2021/adria.png"),
        ("/sv/drivers/andreas-backman/", "/sv/share/drivers/andreas-backman.png"),
        ("/en/standings/2021/junior/", "/en/share/standings/2021/junior.png"),
        ("/en/standings/", "/en/share/standings/2021/drivers.png"),
    ],
)
def test_pages_share_their_own_image(client, season_2021, page, image):
    head = client.get(page).content.decode().split("</head>")[0]

    assert meta(head, "og:image") == f"http://testserver{image}"


def test_share_images_are_drawn_once_and_kept_by_the_page_cache(client, season_2021, settings):
    settings.PAGE_CACHE = True
    url = "/en/share/events/2021/germany.png"
    first = client.get(url)
    again = client.get(url)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Cache-Status"] == "wtcrsite; hit"
    assert again["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize(
    "url",
    [
        "/en/share/events/2021/nowhere.png",
        "/en/share/drivers/nobody.png",
        "/en/share/standings/2021/nothing.png",
    ],
)
def test_no_share_image_for_what_does_not_exist(client, season_2021, url):
    assert client.get(url).status_code == 404
