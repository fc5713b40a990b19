import re

import pytest


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [("en-GB,en;q=0.9", "/en/"), ("sv-SE,sv;q=0.9", "/sv/"), ("de-DE", "/sv/"), ("", "/sv/")],
)
def test_root_redirects_by_browser_language(client, accept_language, location):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == location
    assert "Accept-Language" in response["Vary"]


def test_unprefixed_section_redirects_to_the_readers_language(client):
    response = client.get("/drivers/", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/drivers/"


@pytest.mark.parametrize(
    ("url", "lang", "heading", "queries"),
    [
        # home: the season, the siblings, the news; drivers: the season, the siblings
        ("/sv/", "sv", "Andreas &amp; Jessica Bäckman", 3),
        ("/en/", "en", "Andreas &amp; Jessica Bäckman", 3),
        ("/sv/drivers/", "sv", "Förare", 2),
        ("/en/drivers/", "en", "Drivers", 2),
        ("/sv/calendar/", "sv", "Kalender", 1),
        ("/en/calendar/", "en", "Calendar", 1),
        ("/sv/standings/", "sv", "Tabeller", 1),
        ("/en/standings/", "en", "Standings", 1),
        # news: the filters' drivers and events, the count of articles
        ("/sv/news/", "sv", "Nyheter", 3),
        ("/en/news/", "en", "News", 3),
        # press: releases, photos, press kits, contacts
        ("/sv/press/", "sv", "Pressrum", 4),
        ("/en/press/", "en", "Press room", 4),
    ],
)
def test_pages_of_an_empty_site_render_in_their_language(get_page, url, lang, heading, queries):
    html = get_page(url, queries=queries).content.decode()

    assert f'<html lang="{lang}">' in html
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == heading


def test_home_in_swedish_is_translated(get_page):
    html = get_page("/sv/", queries=3).content.decode()

    assert "Hoppa till innehållet" in html
    assert "Lär känna förarna" in html
    assert "Meet the drivers" not in html


def test_language_switcher_keeps_the_reader_on_the_same_page(client, season_2021):
    html = client.get("/en/news/?category=news").content.decode()

    switcher = html[html.index('class="language-switcher"') :]
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher)
    assert links == [("/sv/news/?category=news", "sv"), ("/en/news/?category=news", "en")]


def test_hreflang_alternates_and_canonical(get_page):
    html = get_page("/en/calendar/", queries=1).content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    assert alternates == [
        ("sv", "http://testserver/sv/calendar/"),
        ("en", "http://testserver/en/calendar/"),
        ("x-default", "http://testserver/calendar/"),
    ]
    assert '<link rel="canonical" href="http://testserver/en/calendar/">' in html


def test_navigation_marks_the_current_section(get_page):
    html = get_page("/en/press/", queries=4).content.decode()

    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert current == ["/en/press/"]
    nav = re.findall(r'<li><a href="(/en/[^"]*)"', html[html.index('class="site-nav"') :])
    assert nav[:5] == ["/en/drivers/", "/en/calendar/", "/en/standings/", "/en/news/", "/en/press/"]


def test_pages_have_no_inline_script_or_style(get_page):
    html = get_page("/en/", queries=3).content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "htmx should be loaded"
    assert all("src=" in attrs for attrs in scripts)
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    assert "<style" not in html
    assert " style=" not in html
    assert "nonce" not in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    ("url", "title", "switch_to"),
    [
        ("/en/no-such-page/", "Page not found", "/sv/no-such-page/"),
        ("/sv/no-such-page/", "Sidan finns inte", "/en/no-such-page/"),
    ],
)
def test_404_is_translated(get_page, url, title, switch_to):
    html = get_page(url, queries=0, status=404).content.decode()

    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == title
    assert f'<a href="{switch_to}"' in html


def test_robots_txt(get_page):
    response = get_page("/robots.txt", queries=0)

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow:\n\nSitemap: http://testserver/sitemap.xml\n"
    )


def test_sitemap_lists_every_section_in_both_languages_with_alternates(get_page):
    xml = get_page("/sitemap.xml", queries=4).content.decode()  # drivers, events, titles, articles

    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    sections = [
        "",
        "drivers/",
        "milestones/",
        "calendar/",
        "standings/",
        "weekend/",
        "news/",
        "press/",
    ]
    assert locations == [
        f"http://testserver/{lang}/{section}" for section in sections for lang in ("sv", "en")
    ]
    assert '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/drivers/"/>' in xml


def test_sitemap_lists_every_event_in_both_languages_with_alternates(season_2021, get_page):
    xml = get_page("/sitemap.xml", queries=4).content.decode()

    urls = re.findall(r"<url>(.*?)</url>", xml, re.S)
    events = {}
    for url in urls:
        location = re.search(r"<loc>([^<]+)</loc>", url).group(1)
        if "/events/" in location:
            alternates = re.findall(r'hreflang="([\w-]+)" href="([^"]+)"', url)
            events[location] = alternates
    slugs = [
        "germany", "vila-real", "estoril", "aragon", "hungary", "most",
        "pau-arnos", "inje", "adria", "ningbo", "macau", "sochi",
    ]  # fmt: skip
    expected = {}
    for slug in slugs:
        alternates = [
            ("sv", f"http://testserver/sv/events/2021/{slug}/"),
            ("en", f"http://testserver/en/events/2021/{slug}/"),
            ("x-default", f"http://testserver/events/2021/{slug}/"),
        ]
        for _lang, location in alternates[:2]:
            expected[location] = alternates
    assert events == expected


def test_favicon_ico_leads_to_the_site_icon(get_page):
    response = get_page("/favicon.ico", queries=0, status=301)

    assert response["Location"] == "/static/img/favicon.svg"


def test_sitemap_lists_the_standings_of_every_title(season_2021, get_page):
    xml = get_page("/sitemap.xml", queries=4).content.decode()

    locations = re.findall(r"<loc>([^<]+/standings/2021/[^<]+)</loc>", xml)
    titles = ["drivers", "teams", "junior", "trophy", "female"]
    assert locations == [
        f"http://testserver/{lang}/standings/2021/{title}/"
        for title in titles
        for lang in ("sv", "en")
    ]


def test_sitemap_lists_every_driver_profile(season_2021, get_page):
    xml = get_page("/sitemap.xml", queries=4).content.decode()

    profiles = re.findall(r"<loc>http://testserver/en/drivers/([^<]+)/</loc>", xml)
    assert len(profiles) == 26  # every driver in entries.csv
    assert "jessica-backman" in profiles
    assert (
        "<loc>http://testserver/sv/drivers/jessica-backman/</loc><changefreq>weekly</changefreq>"
        "<priority>0.9</priority>"
    ) in xml.replace("\n", "").replace(" ", "")
