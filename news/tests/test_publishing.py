"""Writing releases in the admin: publishing as an explicit choice (draft, now, at a time)
with the time and its zone shown, "View on site" that works before publication, the
status of every article where articles are listed, and who saved it last."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from news.models import Article, Author
from news.tests.conftest import NOW

# NOW is 12:00 in Stockholm (CEST).
IN_TWO_HOURS = NOW + dt.timedelta(hours=2)


@pytest.fixture
def officer(django_user_model):
    """A press officer (not a superuser) signed in to the admin, in English."""
    user = django_user_model.objects.create_user(
        "anna", password="a-long-password-1", first_name="Anna", last_name="Andersson"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Press office"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def colleague(django_user_model):
    user = django_user_model.objects.create_user(
        "bertil", password="a-long-password-2", first_name="Bertil", last_name="Ek", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Press office"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.user = user
    return client


def text_of(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def new_article(**fields):
    return {
        "language": "en",
        "title": "Race day",
        "slug": "race-day",
        "category": "press-release",
        "summary": "Both cars start today.",
        "body": "<p>Both siblings line up.</p>",
        "publish_at_0": "",
        "publish_at_1": "",
        **fields,
    }


# View on site -------------------------------------------------------------------------


def view_on_site(client, article):
    html = client.get(change_url(article)).content.decode()
    return unescape(re.search(r'<a href="([^"]+)" class="viewsitelink"', html).group(1))


@pytest.mark.parametrize("publish_at", [None, IN_TWO_HOURS], ids=["draft", "scheduled"])
def test_view_on_site_opens_the_staff_preview_before_publication(
    officer, make_article, now, publish_at
):
    article = make_article(title="Race day", slug="race-day", publish_at=publish_at)

    url = view_on_site(officer, article)
    page = officer.get(url, follow=True)

    assert url == article.get_preview_url()
    assert page.status_code == 200
    assert "<h1>Race day</h1>" in page.content.decode()


def test_a_draft_preview_is_signed_without_a_stray_separator(officer, make_article, now):
    Author.objects.create(user=officer.user, name="Anna Andersson")
    draft = make_article(publish_at=None, author=officer.user)

    html = officer.get(draft.get_preview_url()).content.decode()

    assert re.search(r'<p class="article__meta">(.*?)</p>', html).group(1) == "Anna Andersson"


def test_view_on_site_opens_the_public_page_once_published(officer, make_article, now):
    article = make_article(slug="race-day")

    assert view_on_site(officer, article) == "/en/news/race-day/"


# Publishing as a choice ---------------------------------------------------------------


def test_a_new_article_is_saved_as_a_draft(officer, now):
    response = officer.post(reverse("admin:news_article_add"), new_article(publication="draft"))

    assert response.status_code == 302
    article = Article.objects.get(slug="race-day")
    assert article.publish_at is None
    assert article.author == officer.user


def test_publish_now_publishes_at_once(officer, now):
    officer.post(
        reverse("admin:news_article_add"),
        new_article(publication="now", publish_at_0="2021-06-09", publish_at_1="09:00"),
    )

    article = Article.objects.get(slug="race-day")
    assert article.publish_at == NOW  # now, whatever the hidden date field held
    assert officer.get("/en/news/race-day/").status_code == 200


def test_schedule_reads_the_time_in_swedish_time(officer, now):
    response = officer.post(
        reverse("admin:news_article_add"),
        new_article(publication="schedule", publish_at_0="2021-06-05", publish_at_1="14:00"),
        follow=True,
    )

    article = Article.objects.get(slug="race-day")
    assert article.publish_at == IN_TWO_HOURS  # 14:00 CEST is 12:00 UTC
    assert article.status == "scheduled"
    html = response.content.decode()
    messages = text_of(re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.S).group(1))
    assert (
        "Scheduled: it publishes by itself on 5 June 2021 at 14:00 (Swedish time, CEST)."
        in messages
    )


def test_scheduling_in_the_past_is_refused_and_keeps_what_was_typed(
    officer, form_errors, admin_form, now
):
    response = officer.post(
        reverse("admin:news_article_add"),
        new_article(publication="schedule", publish_at_0="2021-06-05", publish_at_1="11:30"),
    )

    assert response.status_code == 200
    assert form_errors(response) == [
        "5 June 2021 11:30 (Swedish time, CEST) has already passed: it is now 5 June 2021 "
        "12:00. Choose a later time, or “Publish now”."
    ]
    kept = admin_form(response)
    assert (kept["title"], kept["summary"], kept["body"]) == (
        "Race day",
        "Both cars start today.",
        "<p>Both siblings line up.</p>",
    )
    assert (kept["publication"], kept["publish_at_0"], kept["publish_at_1"]) == (
        "schedule",
        "2021-06-05",
        "11:30",
    )
    assert not Article.objects.exists()


def test_schedule_without_a_time_is_refused(officer, form_errors, now):
    response = officer.post(reverse("admin:news_article_add"), new_article(publication="schedule"))

    assert form_errors(response) == ["Enter the date and time it is to publish at."]
    assert not Article.objects.exists()


def test_a_draft_ignores_a_half_typed_date(officer, now):
    """The date belongs to scheduling: with "draft" chosen, what it holds is no error."""
    response = officer.post(
        reverse("admin:news_article_add"),
        new_article(publication="draft", publish_at_0="5 juni", publish_at_1=""),
    )

    assert response.status_code == 302
    assert Article.objects.get(slug="race-day").publish_at is None


def test_the_choices_follow_the_article_and_show_the_time_with_its_zone(officer, make_article, now):
    draft = make_article(publish_at=None)
    scheduled = make_article(publish_at=IN_TWO_HOURS)
    published = make_article(publish_at=NOW - dt.timedelta(days=1))

    assert publication_choices(officer, draft) == [
        ("draft", True, "Save as draft (not on the site)"),
        ("now", False, "Publish now"),
        ("schedule", False, "Schedule: it publishes by itself at the time below"),
    ]
    assert publication_choices(officer, scheduled) == [
        ("draft", False, "Save as draft (not on the site)"),
        ("now", False, "Publish now"),
        ("schedule", True, "Schedule: it publishes by itself at the time below"),
    ]
    assert publication_choices(officer, published) == [
        ("keep", True, "Keep it published (since 4 June 2021 12:00, Swedish time, CEST)"),
        ("draft", False, "Unpublish: back to draft"),
        ("schedule", False, "Take it off the site until the time below"),
    ]
    html = officer.get(change_url(scheduled)).content.decode()
    assert 'value="14:00"' in html  # no seconds
    assert "Status: Scheduled 5 June 2021 14:00 CEST." in text_of(html)
    assert "Swedish time. It is now 5 June 2021 12:00 (CEST)." in text_of(html)


def publication_choices(client, article):
    html = client.get(change_url(article)).content.decode()
    found = []
    for match in re.finditer(
        r'<label[^>]*>\s*<input type="radio" name="publication" value="(\w+)"([^>]*)>(.*?)</label>',
        html,
        re.S,
    ):
        found.append((match.group(1), "checked" in match.group(2), text_of(match.group(3))))
    return found


def test_editing_a_published_article_keeps_its_time(officer, admin_form, make_article, now):
    article = make_article(publish_at=NOW - dt.timedelta(days=1, microseconds=-250))
    form = admin_form(officer, change_url(article))

    assert form["publication"] == "keep"
    assert officer.post(change_url(article), form | {"title": "Fixed"}).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.publish_at) == (
        "Fixed",
        NOW - dt.timedelta(days=1, microseconds=-250),
    )


def test_a_schedule_that_came_while_the_form_was_open_is_kept(
    officer, admin_form, make_article, now, time_machine
):
    """Opened at 11:59 for 12:00, saved at 12:01 with the time untouched: the article was
    published at 12:00 as planned, and the save is no error."""
    article = make_article(publish_at=NOW)
    time_machine.move_to(NOW - dt.timedelta(minutes=1), tick=False)
    form = admin_form(officer, change_url(article))
    time_machine.move_to(NOW + dt.timedelta(minutes=1), tick=False)

    assert form["publication"] == "schedule"
    assert officer.post(change_url(article), form | {"title": "Fixed"}).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.publish_at) == ("Fixed", NOW)


def test_unpublish_and_publish_now_from_the_form(officer, admin_form, make_article, now):
    article = make_article(publish_at=NOW - dt.timedelta(days=1))
    url = change_url(article)

    officer.post(url, admin_form(officer, url) | {"publication": "draft"})
    article.refresh_from_db()
    assert article.publish_at is None

    officer.post(url, admin_form(officer, url) | {"publication": "now"})
    article.refresh_from_db()
    assert article.publish_at == NOW


def test_a_post_without_the_choice_is_read_from_the_date(officer, now):
    """A form from before the choice existed: the date decides, as it did."""
    officer.post(
        reverse("admin:news_article_add"),
        new_article(publish_at_0="2021-06-05", publish_at_1="14:00:00"),
    )

    assert Article.objects.get(slug="race-day").publish_at == IN_TWO_HOURS


def test_the_form_is_in_swedish_for_a_swedish_admin(officer, make_article, now):
    article = make_article(publish_at=IN_TWO_HOURS)
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"

    assert publication_choices(officer, article) == [
        ("draft", False, "Spara som utkast (syns inte på webbplatsen)"),
        ("now", False, "Publicera nu"),
        ("schedule", True, "Schemalägg: publiceras automatiskt vid tiden nedan"),
    ]
    html = text_of(officer.get(change_url(article)).content.decode())
    assert "Svensk tid. Just nu: 5 juni 2021 12:00 (CEST)." in html


# Statuses where articles are listed --------------------------------------------------


def test_the_article_list_shows_each_status_with_its_zone(officer, make_article, now):
    make_article(title="A draft", publish_at=None)
    make_article(title="Coming", publish_at=IN_TWO_HOURS)
    make_article(title="Out", publish_at=dt.datetime(2021, 1, 15, 9, 0, tzinfo=dt.UTC))
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"

    html = officer.get(reverse("admin:news_article_changelist")).content.decode()
    row = r'<th class="field-title"><a [^>]*>(.*?)</a></th>.*?<td class="field-status_badge">'
    rows = {
        text_of(title): text_of(status)
        for title, status in re.findall(row + r"(.*?)</td>", html, re.S)
    }

    assert rows == {
        "A draft": "Utkast",
        "Coming": "Schemalagd 5 juni 2021 14:00 CEST",
        "Out": "Publicerad 15 januari 2021 10:00 CET",
    }


# Who wrote it -------------------------------------------------------------------------


def test_authors_are_offered_by_their_bylines(officer, colleague, now):
    Author.objects.create(user=officer.user, name="Anna Andersson")

    html = officer.get(reverse("admin:news_article_add")).content.decode()
    select = re.search(r'<select name="author"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = [
        text_of(label) for label in re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', select)
    ]

    assert labels == ["Anna Andersson", "Bertil Ek (no byline yet: signs nothing)"]
    assert "anna" not in labels


def test_the_form_says_who_saved_it_last(officer, colleague, admin_form, make_article, now):
    Author.objects.create(user=colleague.user, name="Bertil Ek")
    article = make_article(publish_at=None)
    url = change_url(article)

    colleague.post(url, admin_form(colleague, url) | {"title": "Bertil's title"})
    article.refresh_from_db()
    assert article.last_saved_by == colleague.user

    html = officer.get(url).content.decode()
    notice = re.search(r'<li class="warning last-saved">(.*?)</li>', html, re.S)
    assert text_of(notice.group(1)) == "Last saved by Bertil Ek on 5 June 2021 at 12:00."

    officer.post(url, admin_form(officer, url))
    html = officer.get(url).content.decode()
    assert '<li class="warning last-saved">' not in html  # saved by the reader: no warning
    assert "Last saved by Anna Andersson on 5 June 2021 at 12:00." in text_of(html)

    listing = officer.get(reverse("admin:news_article_changelist")).content.decode()
    cell = re.search(r'<td class="field-last_saved">(.*?)</td>', listing, re.S).group(1)
    assert text_of(cell) == "Anna Andersson, 5 June 2021 12:00"


def test_publishing_from_the_list_is_saved_by_the_person(officer, make_article, now):
    draft = make_article(publish_at=None)

    officer.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert (draft.publish_at, draft.last_saved_by) == (NOW, officer.user)


def test_keep_published_survives_an_unpublish_made_meanwhile(
    colleague, admin_form, form_errors, make_article, now
):
    """Someone unpublished the article while Bertil had it open: his save is refused once,
    saying so; saving again puts his version back, published at its time."""
    published = NOW - dt.timedelta(days=1)
    article = make_article(publish_at=published)
    url = change_url(article)
    form = admin_form(colleague, url)
    Article.objects.filter(pk=article.pk).update(publish_at=None)  # unpublished elsewhere

    refused = colleague.post(url, form | {"summary": "Bertil's summary."})
    assert len(form_errors(refused)) == 1
    again = admin_form(refused)
    assert again["publication"] == "keep"
    assert colleague.post(url, again).status_code == 302

    article.refresh_from_db()
    assert (article.summary, article.publish_at) == ("Bertil's summary.", published)


def test_keep_published_never_takes_the_article_off_the_site(
    officer, admin_form, make_article, now
):
    """ "Keep it published" with a later time typed (the time field shows without the page's
    script): the article stays on the site; taking it off until a time is "Schedule"."""
    published = NOW - dt.timedelta(days=1)
    article = make_article(publish_at=published)
    form = admin_form(officer, change_url(article))
    assert form["publication"] == "keep"

    later = (NOW + dt.timedelta(days=3)).date().isoformat()
    assert officer.post(change_url(article), form | {"publish_at_0": later}).status_code == 302

    article.refresh_from_db()
    assert article.status == "published"
    assert article.publish_at <= NOW
