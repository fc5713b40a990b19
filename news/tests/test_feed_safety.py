"""The feeds carry titles and summaries as text: what a feed reader shows is what the press
office typed, and markup in it never comes alive in the reader."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group

from news.models import Author

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",  # escaped already: still only text
    "Andreas & Jessica: P1 < P2 > P3 &amp; a <b>bold</b> claim",
]


class Reader(HTMLParser):
    """What a feed reader makes of an HTML field: the elements it would create and the
    text it would show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.elements.append("<!--")


def shown(content, kind):
    """(elements created, text shown) for a field's content read as `kind`."""
    content = content or ""
    if kind == "text":
        return [], content
    assert kind == "html", kind
    reader = Reader()
    reader.feed(content)
    reader.close()
    return reader.elements, "".join(reader.text)


@pytest.fixture
def hostile_article(make_article, django_user_model, now):
    def make(text):
        user = django_user_model.objects.create_user("writer", is_staff=True)
        user.groups.add(Group.objects.get(name="Press office"))
        Author.objects.create(user=user, name=text)
        return make_article(title=text, summary=text, author=user)

    return make


@pytest.mark.parametrize("text", HOSTILE)
def test_rss_carries_text_not_markup(client, hostile_article, text):
    hostile_article(text)
    item = ET.fromstring(client.get("/en/news/feed/").content).find("channel/item")

    # RSS 2.0: an item's description is HTML (entity-encoded); its title, author and
    # categories are plain text.
    assert shown(item.findtext("description"), "html") == ([], text)
    assert shown(item.findtext("title"), "text") == ([], text)
    assert shown(item.findtext(f"{DC}creator"), "text") == ([], text)


@pytest.mark.parametrize("text", HOSTILE)
def test_atom_carries_text_not_markup(client, hostile_article, text):
    hostile_article(text)
    entry = ET.fromstring(client.get("/en/news/feed/atom/").content).find(f"{ATOM}entry")

    for name in ("title", "summary"):
        element = entry.find(f"{ATOM}{name}")
        # Atom: a text construct is text unless its type says otherwise.
        assert shown(element.text, element.get("type", "text")) == ([], text), name
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == text


def test_the_readers_view_can_see_markup():
    """The check above would notice markup: a field read as HTML that holds a tag."""
    assert shown("<img src=x onerror=alert(1)>", "html") == (["img"], "")
    assert shown("<script>alert(1)</script>", "html") == (["script"], "alert(1)")
