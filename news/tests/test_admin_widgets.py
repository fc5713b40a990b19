"""The article and photo forms' pickers and helpers: events say when they are cancelled,
a chosen photo shows before it is saved, and the text editor is tall and in the admin's
language."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from drivers.models import Driver
from events.models import Event


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        "anna", password="a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Press office"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def event_choices(html):
    """[(group, [option texts])] of the form's event picker."""
    select = re.search(r'<select name="event"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (unescape(label), [unescape(text) for text in re.findall(r">([^<]+)</option>", options)])
        for label, options in re.findall(
            r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S
        )
    ]


@pytest.mark.parametrize("page", ["admin:news_article_add", "admin:news_photo_add"])
def test_the_event_picker_says_which_events_are_cancelled(officer, season_2021, page):
    Event.objects.filter(slug="adria").update(status=Event.Status.POSTPONED)

    groups = event_choices(officer.get(reverse(page)).content.decode())

    assert groups == [
        (
            "2021",
            [
                "Race of Germany",
                "Race of Portugal (Vila Real) (cancelled)",
                "Race of Portugal",
                "Race of Spain",
                "Race of Hungary",
                "Race of Czech Republic",
                "Race of France",
                "Race of Korea (cancelled)",
                "Race of Italy (postponed)",
                "Race of China (cancelled)",
                "Race of Macau (cancelled)",
                "Race of Russia",
            ],
        )
    ]
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    swedish = event_choices(officer.get(reverse(page)).content.decode())[0][1]
    assert "Kinas deltävling (inställd)" in swedish
    assert "Italiens deltävling (uppskjuten)" in swedish


def test_the_list_filter_says_which_events_are_cancelled(officer, season_2021):
    html = unescape(officer.get(reverse("admin:news_article_changelist")).content.decode())

    assert ">Race of China (cancelled)</a>" in html


def test_a_chosen_photo_shows_before_it_is_saved(officer, client):
    html = officer.get(reverse("admin:news_photo_add")).content.decode()

    field = re.search(r'<input type="file" name="image"[^>]*>', html).group(0)
    assert 'data-photo-preview="' in field
    assert 'accept="image/jpeg,image/png,image/webp"' in field
    assert unescape(re.search(r'data-photo-preview="([^"]*)"', field).group(1)) == (
        "Preview. Location and camera data are removed when the photo is saved."
    )
    assert re.search(r'<script src="/static/js/admin/photo-preview\.js"', html)
    assert "field-preview" not in html  # nothing stored to show yet: the chosen file shows
    # The preview is a blob: image, allowed in the admin only.
    policy = officer.get(reverse("admin:news_photo_add"))["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in policy
    public = client.get("/en/")["Content-Security-Policy"]
    assert "img-src 'self' data:;" in public
    assert "blob:" not in public


def test_a_chosen_portrait_shows_before_it_is_saved(officer, profiles_2021):
    jessica = Driver.objects.get(slug="jessica-backman")
    html = officer.get(reverse("admin:drivers_driver_change", args=[jessica.pk])).content.decode()

    field = re.search(r'<input type="file" name="portrait"[^>]*>', html).group(0)
    assert 'data-photo-preview="' in field
    assert re.search(r'<script src="/static/js/admin/photo-preview\.js"', html)


def test_the_editor_is_tall_and_its_toolbar_speaks_the_admins_language(officer):
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    html = officer.get(reverse("admin:news_article_add")).content.decode()

    textarea = re.search(r'<textarea name="body"[^>]*>', html).group(0)
    labels = json.loads(unescape(re.search(r'data-editor-labels="([^"]*)"', textarea).group(1)))
    assert labels["bold"] == "Fetstil"
    assert labels["insert link"] == "Infoga länk"
    assert labels["Edit Link"] == "Redigera länk"
    assert re.search(r'<link href="/static/css/admin/press\.css"', html)
    assert re.search(r'<script src="/static/js/admin/editor-labels\.js"', html)
