"""Two people editing the same article or photo: the second save is refused with a message
naming what changed, by whom and when, and the first edit is kept."""

import pytest
from django.urls import reverse

from delivery import locking_admin
from news.models import Article

REFUSED_AFTER_ANNA = (
    "Anna Berg changed {fields} on 5 June 2021 at 12:00, after you opened this page. Your "
    "changes have not been saved. Reload the page to see theirs, or save again to replace "
    "them with yours."
)


@pytest.fixture
def article(make_article, django_user_model, now):
    writer = django_user_model.objects.create_user("writer", is_staff=True)
    return make_article(title="Original title", summary="Original summary.", author=writer)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_second_article_edit_is_refused_and_the_first_kept(
    editors, admin_form, form_errors, article, now
):
    anna, bertil = editors
    url = change_url(article)
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)

    annas |= {"title": "Anna's title", "body": "<p>Anna's text.</p>"}
    assert anna.post(url, annas).status_code == 302
    bertils["summary"] = "Bertil's summary."
    response = bertil.post(url, bertils)

    assert response.status_code == 200
    assert form_errors(response) == [REFUSED_AFTER_ANNA.format(fields="“Title” and “Text”")]
    article.refresh_from_db()
    assert (article.title, article.summary, article.body) == (
        "Anna's title",
        "Original summary.",
        "<p>Anna's text.</p>",
    )
    assert article.history.count() == 2  # created, then Anna's edit


def test_saving_again_after_the_warning_replaces_knowingly(
    editors, admin_form, form_errors, article, now
):
    anna, bertil = editors
    url = change_url(article)
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)
    annas["title"] = "Anna's title"
    anna.post(url, annas)
    bertils["summary"] = "Bertil's summary."
    refused = bertil.post(url, bertils)

    again = admin_form(refused)  # the form as it came back: Bertil's input, a new token
    assert again["summary"] == "Bertil's summary."
    assert bertil.post(url, again).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Original title", "Bertil's summary.")


def test_a_save_that_changed_nothing_is_no_conflict(editors, admin_form, article, now):
    anna, bertil = editors
    url = change_url(article)
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)

    assert anna.post(url, annas).status_code == 302  # saved as it was
    bertils["summary"] = "Bertil's summary."
    assert bertil.post(url, bertils).status_code == 302
    article.refresh_from_db()
    assert article.summary == "Bertil's summary."
    assert article.version == 3


def test_a_change_made_outside_the_admin_is_named_too(
    editors, admin_form, form_errors, article, now
):
    _anna, bertil = editors
    url = change_url(article)
    bertils = admin_form(bertil, url)
    stored = Article.objects.get(pk=article.pk)
    stored.publish_at = None  # an unpublish, by a script
    stored.save()

    bertils["summary"] = "Bertil's summary."
    response = bertil.post(url, bertils)

    assert form_errors(response) == [
        "Someone else changed “Publish at” after you opened this page. Your changes have not "
        "been saved. Reload the page to see what is stored now, or save again to replace it "
        "with your version."
    ]
    assert Article.objects.get(pk=article.pk).publish_at is None


def test_a_form_without_its_token_saves_nothing(editors, admin_form, form_errors, article, now):
    anna, _bertil = editors
    url = change_url(article)
    annas = admin_form(anna, url)
    del annas[locking_admin.TOKEN]
    annas["title"] = "Anna's title"

    response = anna.post(url, annas)
    assert form_errors(response) == [
        "This form cannot tell whether someone else changed anything after you opened it (it "
        "comes from an older page, or it is damaged). Your changes have not been saved. Reload "
        "the page to see what is stored now, or save again to replace it with your version."
    ]
    assert Article.objects.get(pk=article.pk).title == "Original title"
    annas[locking_admin.TOKEN] = "forged"
    assert anna.post(url, annas).status_code == 200
    assert anna.post(url, admin_form(response)).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Anna's title"


def test_the_message_is_in_the_editors_language(editors, admin_form, form_errors, article, now):
    anna, bertil = editors
    bertil.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    url = change_url(article)
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)
    annas["title"] = "Annas rubrik"
    anna.post(url, annas)

    response = bertil.post(url, bertils)
    assert form_errors(response) == [
        "Anna Berg ändrade ”Titel” den 5 juni 2021 kl. 12:00, efter att du öppnade sidan. "
        "Dina ändringar har inte sparats. Ladda om sidan för att se ändringarna, eller spara "
        "igen för att ersätta dem med dina."
    ]


def test_a_revert_from_the_history_is_refused_after_a_newer_edit(
    editors, admin_form, form_errors, article, now
):
    anna, bertil = editors
    article.title = "Second title"
    article.save()
    first = article.history.earliest()
    revert_url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    annas = admin_form(anna, revert_url)
    assert annas["title"] == "Original title"

    bertils = admin_form(bertil, change_url(article))
    bertils["summary"] = "Bertil's summary."
    assert bertil.post(change_url(article), bertils).status_code == 302
    response = anna.post(revert_url, annas)

    assert form_errors(response) == [
        "Bertil Ek changed “Summary” on 5 June 2021 at 12:00, after you opened this page. Your "
        "changes have not been saved. Reload the page to see theirs, or save again to replace "
        "them with yours."
    ]
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Second title", "Bertil's summary.")


def test_a_save_at_the_same_moment_is_refused(editors, admin_form, article, now, monkeypatch):
    """A save that slips in between the form's check and its write (where the database
    cannot lock the row) is not overwritten either: the write finds another version."""
    anna, _bertil = editors
    url = change_url(article)
    annas = admin_form(anna, url)
    checked = locking_admin.ConcurrentEditForm._stored

    def as_before_someone_saved(form, *, lock):
        stored = checked(form, lock=lock)
        if lock:
            stored.version -= 1  # what the check read is one save behind by the write
        return stored

    monkeypatch.setattr(locking_admin.ConcurrentEditForm, "_stored", as_before_someone_saved)
    annas["summary"] = "Anna's summary."
    response = anna.post(url, annas, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Someone else saved this at the same moment as you. Your changes have not been saved: "
        "make them again on what is stored now."
    ]
    article.refresh_from_db()
    assert (article.summary, article.version) == ("Original summary.", 1)


def test_a_second_photo_edit_is_refused_and_the_first_kept(
    editors, admin_form, form_errors, photo, now
):
    anna, bertil = editors
    url = change_url(photo)
    annas, bertils = admin_form(anna, url), admin_form(bertil, url)

    annas["credit"] = "Anna's credit"
    assert anna.post(url, annas).status_code == 302
    bertils["caption_en"] = "Bertil's caption"
    response = bertil.post(url, bertils)

    assert response.status_code == 200
    assert form_errors(response) == [REFUSED_AFTER_ANNA.format(fields="“Credit”")]
    photo.refresh_from_db()
    assert (photo.credit, photo.caption_en) == ("Anna's credit", "On track")
