import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from drivers.models import Driver
from news.demo import load_news
from news.models import Article, Author, Photo, PressContact
from news.tests.conftest import NOW

ATOM = "{http://www.w3.org/2005/Atom}"
LIST_QUERIES = 4  # the filters' drivers and events, the count, the page of articles
ARTICLE_QUERIES = 3  # the article with its photo, event and author; its drivers; translations


def titles(html):
    return re.findall(r'<h3 class="article-card__title"><a href="[^"]+">(.*?)</a></h3>', html)


def test_the_list_pages_newest_first_and_loads_more_with_htmx(get_page, make_article):
    for n in range(12):
        make_article(title=f"Story {n:02d}", publish_at=NOW - dt.timedelta(days=n))

    html = get_page("/en/news/", queries=LIST_QUERIES).content.decode()
    assert titles(html) == [f"Story {n:02d}" for n in range(10)]
    assert 'hx-get="?page=2"' in html
    assert '<a href="?page=2" rel="next">Older</a>' in html

    more = get_page("/en/news/?page=2", queries=LIST_QUERIES, headers={"HX-Request": "true"})
    fragment = more.content.decode()
    assert titles(fragment) == ["Story 10", "Story 11"]
    assert "<html" not in fragment
    assert "hx-get" not in fragment  # the last page: no button
    assert more["Vary"].count("HX-Request") == 1


def test_filters(get_page, client, make_article, season_2021):
    jessica = Driver.objects.get(slug="jessica-backman")
    report = make_article(title="Report", category="race-report")
    report.drivers.add(jessica)
    make_article(title="Release", category="press-release")

    by_driver = get_page("/en/news/?driver=jessica-backman", queries=LIST_QUERIES)
    assert titles(by_driver.content.decode()) == ["Report"]
    by_category = get_page("/en/news/?category=press-release", queries=LIST_QUERIES)
    assert titles(by_category.content.decode()) == ["Release"]
    # Values that name nothing send the reader to the list without them.
    junk = client.get("/en/news/?category=<x>&driver=nobody&event=9999&page=abc")
    assert (junk.status_code, junk["Location"]) == (302, "/en/news/")
    past_the_end = client.get("/en/news/?category=press-release&page=7")
    assert past_the_end["Location"] == "/en/news/?category=press-release"
    everything = get_page(junk["Location"], queries=LIST_QUERIES)
    assert titles(everything.content.decode()) == ["Release", "Report"]


def test_an_article_page(get_page, make_article, photo, now):
    swedish = make_article(language="sv", title="Svensk", slug="svensk")
    english = make_article(title="English", slug="english", hero=photo, translation=swedish)

    html = get_page("/en/news/english/", queries=ARTICLE_QUERIES).content.decode()
    assert "<h1>English</h1>" in html
    assert '<a href="/sv/news/svensk/" hreflang="sv" lang="sv">Läs på svenska</a>' in html
    assert f'srcset="/media/{photo.renditions[0]["name"]} 320w' in html
    assert "Photo: FIA WTCR" in html
    assert '<meta property="og:type" content="article">' in html
    largest = photo.renditions[-1]["name"]
    assert f'<meta property="og:image" content="http://testserver/media/{largest}">' in html
    assert '<meta property="og:image:width" content="960">' in html
    assert '<meta property="og:image:height" content="640">' in html
    assert '<meta property="og:image:alt" content="Car 26">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "English"
    assert data["datePublished"] == "2021-06-05T09:00:00+00:00"
    assert data["inLanguage"] == "en"
    # The switcher leads to the translation, and hreflang names both versions.
    assert '<link rel="alternate" hreflang="sv" href="http://testserver/sv/news/svensk/">' in html
    swedish_page = get_page("/sv/news/svensk/", queries=ARTICLE_QUERIES).content.decode()
    assert '<a href="/en/news/english/" hreflang="en" lang="en">Read in English</a>' in swedish_page
    assert english.get_absolute_url() == "/en/news/english/"


def test_an_article_without_translation_switches_to_the_news_list(get_page, make_article):
    make_article(title="Only English", slug="only-english")
    html = get_page("/en/news/only-english/", queries=ARTICLE_QUERIES).content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    assert '<a href="/sv/news/" lang="sv"' in switcher
    assert 'hreflang="sv" href="http://testserver/sv/' not in html[: html.index("</head>")]


def _x_default(html):
    return re.search(r'<link rel="alternate" hreflang="x-default" href="([^"]+)">', html).group(1)


@pytest.mark.parametrize(
    ("language", "accept_language"), [("en", ""), ("en", "sv"), ("sv", "en"), ("sv", "de")]
)
def test_the_x_default_of_a_single_language_article_is_that_article(
    client, get_page, make_article, language, accept_language
):
    make_article(language=language, title="Alone", slug="alone")
    html = get_page(f"/{language}/news/alone/", queries=ARTICLE_QUERIES).content.decode()

    x_default = _x_default(html)
    assert x_default == f"http://testserver/{language}/news/alone/"
    # Whoever follows it, in whatever language, reaches the article.
    response = client.get(x_default, follow=True, headers={"accept-language": accept_language})
    assert response.status_code == 200


def test_the_x_default_of_a_translated_article_is_the_swedish_version(get_page, make_article):
    swedish = make_article(language="sv", title="Svensk", slug="svensk")
    make_article(title="English", slug="english", translation=swedish)

    for url in ("/en/news/english/", "/sv/news/svensk/"):
        html = get_page(url, queries=ARTICLE_QUERIES).content.decode()
        assert _x_default(html) == "http://testserver/sv/news/svensk/"


def test_feeds_are_valid_rss_and_atom(client, make_article, now):
    make_article(title="Older", publish_at=NOW - dt.timedelta(days=2))
    make_article(title="Newer & <better>", publish_at=NOW - dt.timedelta(days=1))
    make_article(title="Swedish", language="sv")

    rss = client.get("/en/news/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(rss.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Newer & <better>", "Older"]
    assert items[0].findtext("link") == "http://testserver/en/news/article-2/"
    assert items[0].findtext("pubDate") == "Fri, 04 Jun 2021 10:00:00 +0000"

    atom = client.get("/en/news/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer & <better>", "Older"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/en/news/article-2/"
    assert feed.findtext(f"{ATOM}id") == "http://testserver/en/news/"


def test_feeds_answer_for_text_with_control_characters(
    client, make_article, now, django_user_model
):
    # Saved past any form, as an old row or a direct edit could have it.
    author = django_user_model.objects.create_user("writer")
    Author.objects.create(user=author, name="Ann\x1b \x0bSvensson")
    make_article(
        title="Win\x0b at\nVila\x1b Real\u2028!\uffff",
        summary="First line.\nSecond\x08 line\x0c.",
        author=author,
    )

    for url in ("/en/news/feed/", "/en/news/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)
        assert [t.text for t in root.iter() if t.tag.endswith("title")][-1] == (
            "Win at Vila Real !"
        )
        text = response.content.decode()
        assert not any(c in text for c in "\x08\x0b\x0c\x1b\u2028\uffff")
        assert "First line.\nSecond line." in text
        assert "Ann Svensson" in text


def test_press_room(get_page, make_article, photo):
    make_article(title="A release", category="press-release")
    make_article(title="Just news", category="news")
    PressContact.objects.create(name="Press desk", email="press@example.com")

    html = get_page("/en/press/", queries=4).content.decode()
    assert titles(html) == ["A release"]
    assert f'<a class="download" href="/media/{photo.image.name}" download="on-track.jpg">' in html
    assert "Download the original (1200 \N{MULTIPLICATION SIGN} 800 px)" in html
    assert "Free for editorial use" in html
    assert '<a href="mailto:press@example.com">press@example.com</a>' in html


def test_press_kit(profiles_2021, get_page):
    # driver, career, milestones, photos, season, entries, titles; the season's tables;
    # the press contacts
    html = get_page("/en/press/kit/jessica-backman/", queries=7 + 6 + 1).content.decode()
    assert "<h1>Jessica Bäckman</h1>" in html
    assert "Download the portrait" in html
    assert "First woman in WTCR" in html
    assert 'class="no-print"' in html


@pytest.mark.parametrize("slug", ["yann-ehrlacher", "nobody"])
def test_press_kits_are_for_the_siblings(profiles_2021, client, slug):
    assert client.get(f"/en/press/kit/{slug}/").status_code == 404


def test_demo_news_loads_once(profiles_2021):
    path = settings.BASE_DIR / "data" / "news.toml"
    created = load_news(path)
    assert sorted(c.split()[0] for c in created) == ["article"] * 8 + ["contact"] + ["photo"] * 3
    assert load_news(path) == []
    assert Article.objects.filter(language="sv").count() == 4
    assert all(p.is_placeholder for p in Photo.objects.all())
    english = Article.objects.get(slug="first-points-on-the-nordschleife")
    assert english.translation.slug == "forsta-poangen-pa-nordschleife"
    assert english.event.slug == "germany"


def test_an_illustration_is_labelled_as_one_wherever_it_is_credited(profiles_2021, client):
    """The demo's pictures are drawn: the credit line says "Illustration:", never "Photo:"
    or placeholder, on the press room, the kit page, the driver's news and in the PDF."""
    load_news(settings.BASE_DIR / "data" / "news.toml")
    pages = ["/sv/press/", "/sv/press/kit/jessica-backman/", "/sv/drivers/jessica-backman/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Illustration: Bäckman WTCR" in html, url
        assert "Foto: Bäckman WTCR" not in html, url
        assert "platshållar" not in html.lower(), url
    kit = client.get("/sv/press/kit/jessica-backman/").content.decode()
    assert "Illustration skapad av webbplatsen tills ett foto publiceras." in kit
