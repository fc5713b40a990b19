"""A scheduled article appears by itself at its time and never earlier (frozen clock)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from news.tests.conftest import NOW

ATOM = "{http://www.w3.org/2005/Atom}"


# Content changes retire cached pages when their transaction commits: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, params=["computed", "cached"])
def page_cache(request, settings):
    """Every test here runs with pages computed for each request, then with the page
    cache on: a page cached before an article's time must not hide it after."""
    settings.PAGE_CACHE = request.param == "cached"


def visible_everywhere(client, article):
    """Where the article shows: list, detail, RSS, Atom, sitemap."""
    listing = client.get("/en/news/").content.decode()
    detail = client.get(f"/en/news/{article.slug}/")
    rss = ET.fromstring(client.get("/en/news/feed/").content)
    atom = ET.fromstring(client.get("/en/news/feed/atom/").content)
    sitemap = client.get("/sitemap.xml").content.decode()
    return {
        "list": article.title in listing,
        "detail": detail.status_code,
        "rss": article.title in [i.findtext("title") for i in rss.iter("item")],
        "atom": article.title in [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")],
        "sitemap": f"/en/news/{article.slug}/</loc>" in sitemap,
    }


def test_a_scheduled_article_appears_at_its_time(client, make_article, now, time_machine):
    article = make_article(title="Race day", publish_at=NOW + dt.timedelta(hours=2))

    assert visible_everywhere(client, article) == {
        "list": False,
        "detail": 404,
        "rss": False,
        "atom": False,
        "sitemap": False,
    }

    time_machine.move_to(NOW + dt.timedelta(hours=2, seconds=-1), tick=False)
    assert visible_everywhere(client, article)["detail"] == 404

    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    assert visible_everywhere(client, article) == {
        "list": True,
        "detail": 200,
        "rss": True,
        "atom": True,
        "sitemap": True,
    }


def test_a_draft_is_for_staff_preview_only(client, admin_client, django_user_model, make_article):
    draft = make_article(title="Work in progress", publish_at=None)

    assert visible_everywhere(client, draft) == {
        "list": False,
        "detail": 404,
        "rss": False,
        "atom": False,
        "sitemap": False,
    }
    preview = f"/en/news/preview/{draft.pk}/"
    anonymous = client.get(preview)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    reader = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(reader)
    assert client.get(preview).status_code == 302  # not staff: sent to log in

    response = admin_client.get(preview)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Work in progress</h1>" in html
    assert "this draft is not published." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_language_lists_its_own_articles(client, make_article, language):
    make_article(language="sv", title="Svensk nyhet")
    make_article(language="en", title="English news")
    listing = client.get(f"/{language}/news/").content.decode()
    assert ("Svensk nyhet" in listing, "English news" in listing) == (
        language == "sv",
        language == "en",
    )


def test_the_photo_of_a_scheduled_article_waits_for_it(client, make_article, photo, now):
    make_article(title="Embargoed", hero=photo, publish_at=NOW + dt.timedelta(days=1))
    assert photo.image.name not in client.get("/en/press/").content.decode()

    make_article(title="Out now", hero=photo)
    assert photo.image.name in client.get("/en/press/").content.decode()


def test_preview_is_for_those_who_may_read_articles(client, django_user_model, make_article):
    from django.contrib.auth.models import Group

    draft = make_article(publish_at=None)
    results = django_user_model.objects.create_user("results", password="x" * 12, is_staff=True)
    results.groups.add(Group.objects.get(name="Results"))
    client.force_login(results)
    assert client.get(f"/en/news/preview/{draft.pk}/").status_code == 404


def test_a_raw_database_write_is_cleaned_when_shown(client, make_article):
    from news.models import Article

    article = make_article()
    Article.objects.filter(pk=article.pk).update(body='<p>Hi<img src=x onerror="alert(1)"></p>')
    html = client.get(f"/en/news/{article.slug}/").content.decode()
    assert "onerror" not in html
    assert "<p>Hi" in html
