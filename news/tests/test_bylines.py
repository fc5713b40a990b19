"""Bylines: an article is signed with the name the press office set for its author, never
with an account's login name, and only press staff can be chosen as an author."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from news.models import Article, Author

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
LOGIN = "jsmith-login"


@pytest.fixture
def jsmith(django_user_model):
    user = django_user_model.objects.create_user(
        LOGIN, password="a-long-password-1", first_name="John", last_name="Smith", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Press office"))
    return user


def surfaces(client, slug):
    """What readers get about the article: its page, both feeds, its JSON-LD."""
    page = client.get(f"/en/news/{slug}/").content.decode()
    rss = client.get("/en/news/feed/").content.decode()
    atom = client.get("/en/news/feed/atom/").content.decode()
    structured = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    return page, rss, atom, structured


def meta_line(page):
    return re.search(r'<p class="article__meta">(.*?)</p>', page, re.S).group(1)


def test_an_author_is_named_by_the_byline_the_press_office_set(client, make_article, jsmith, now):
    Author.objects.create(user=jsmith, name="Sara Lind")
    make_article(slug="story", author=jsmith)

    page, rss, atom, structured = surfaces(client, "story")

    assert meta_line(page).endswith(" · Sara Lind")
    item = ET.fromstring(rss).find("channel/item")
    assert item.findtext(f"{DC}creator") == "Sara Lind"
    entry = ET.fromstring(atom).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Sara Lind"
    assert structured["author"] == {"@type": "Person", "name": "Sara Lind"}
    for surface in (page, rss, atom, json.dumps(structured)):
        assert LOGIN not in surface
        assert "John Smith" not in surface  # a name on the account is not a byline


def test_an_author_without_a_byline_signs_nothing(client, make_article, jsmith, now):
    make_article(slug="story", author=jsmith)

    page, rss, atom, structured = surfaces(client, "story")

    assert "·" not in meta_line(page)
    assert ET.fromstring(rss).find(f"channel/item/{DC}creator") is None
    assert ET.fromstring(atom).find(f"{ATOM}entry/{ATOM}author") is None
    assert structured["author"]["@type"] == "Organization"  # the publisher, not a person
    for surface in (page, rss, atom, json.dumps(structured)):
        assert LOGIN not in surface
        assert "John" not in surface
        assert "Smith" not in surface


@pytest.mark.django_db(transaction=True)  # a change retires cached pages when it commits
def test_a_byline_change_reaches_the_cached_page(client, make_article, jsmith, now, settings):
    settings.PAGE_CACHE = True
    byline = Author.objects.create(user=jsmith, name="Sara Lind")
    make_article(slug="story", author=jsmith)
    assert "Sara Lind" in client.get("/en/news/story/").content.decode()
    assert client.get("/en/news/story/")["Cache-Status"].endswith("; hit")

    byline.name = "Sara Lind-Berg"
    byline.save()
    assert "Sara Lind-Berg" in client.get("/en/news/story/").content.decode()

    byline.delete()
    assert "Sara Lind" not in client.get("/en/news/story/").content.decode()


@pytest.mark.parametrize("name", [LOGIN, " JSmith-Login "])
def test_a_byline_is_never_the_login_name(jsmith, name):
    with pytest.raises(ValidationError) as error:
        Author(user=jsmith, name=name).full_clean()
    assert "name" in error.value.message_dict


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


@pytest.fixture
def accounts(django_user_model, jsmith):
    def make(username, group=None, **fields):
        user = django_user_model.objects.create_user(
            username, password="a-long-password-1", **({"is_staff": True} | fields)
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "press": jsmith,
        "admin": make("site-admin", is_superuser=True),
        "results": make("results-person", "Results"),
        "staff": make("plain-staff"),
        "visitor": make("a-visitor", is_staff=False),
        "gone": make("left-the-team", "Press office", is_active=False),
    }


def test_the_article_admin_offers_only_press_staff_as_authors(client, accounts, now):
    client.force_login(accounts["admin"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    html = client.get(reverse("admin:news_article_add")).content.decode()
    assert options(html, "author") == {accounts["press"].pk, accounts["admin"].pk}

    response = client.post(
        reverse("admin:news_article_add"),
        {
            "language": "en",
            "title": "By the results desk",
            "slug": "by-results",
            "category": "news",
            "summary": "Short.",
            "body": "<p>Text.</p>",
            "author": accounts["results"].pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Article.objects.filter(slug="by-results").exists()


def test_an_article_keeps_an_author_who_left_the_press_office(
    client, accounts, make_article, admin_form, now
):
    """A former colleague stays the author of what they wrote: the article can still be
    saved, but nobody else can be given them as an author."""
    former = accounts["press"]
    article = make_article(slug="old-story", author=former)
    former.groups.clear()
    client.force_login(accounts["admin"])

    url = reverse("admin:news_article_change", args=[article.pk])
    data = admin_form(client, url)
    assert options(client.get(url).content.decode(), "author") == {
        former.pk,
        accounts["admin"].pk,
    }
    data["title"] = "Old story, corrected"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.author) == ("Old story, corrected", former)

    html = client.get(reverse("admin:news_article_add")).content.decode()
    assert former.pk not in options(html, "author")


def test_the_press_office_sets_bylines_for_press_staff_only(client, accounts):
    officer = accounts["press"]
    client.force_login(officer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    html = client.get(reverse("admin:news_author_add")).content.decode()
    assert options(html, "user") == {officer.pk, accounts["admin"].pk}
    response = client.post(
        reverse("admin:news_author_add"), {"user": officer.pk, "name": "Sara Lind"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert officer.byline.name == "Sara Lind"

    refused = client.post(
        reverse("admin:news_author_add"), {"user": accounts["results"].pk, "name": "R. Desk"}
    )
    assert refused.status_code == 200
    assert not Author.objects.filter(name="R. Desk").exists()


CARD = re.compile(
    r'<p class="article-card__meta">(.*?)</p>\s*<h3 class="article-card__title">'
    r'<a href="/en/news/([\w-]+)/">',
    re.S,
)


def test_the_press_room_and_the_news_list_sign_with_the_byline(client, make_article, jsmith, now):
    Author.objects.create(user=jsmith, name="Sara Lind")
    make_article(slug="release", category="press-release", author=jsmith)
    make_article(slug="unsigned", category="press-release")

    for path in ("/en/press/", "/en/news/"):
        html = client.get(path).content.decode()
        cards = {slug: meta for meta, slug in CARD.findall(html)}
        assert cards["release"].endswith(" · Sara Lind"), path
        assert "·" not in cards["unsigned"], path
        assert LOGIN not in html
