import datetime as dt

from django.urls import reverse

from news.models import Article
from standings.models import SessionResult


def test_repeated_wrong_passwords_lock_the_login(client, django_user_model, settings):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    login = reverse("admin:login")

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    last = client.post(login, {"username": "editor", "password": "wrong"})
    assert last.status_code == 429

    # Locked: even the right password is refused for now.
    locked = client.post(login, {"username": "editor", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()  # Swedish by default


def test_a_bad_article_edit_can_be_rolled_back(admin_client, admin_form, make_article):
    article = make_article(title="Right title")
    article.title = "Wrong title"
    article.save()
    first = article.history.earliest()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])

    admin_client.post(
        url,
        {
            "edit_token": admin_form(admin_client, url)["edit_token"],
            "language": "en",
            "title": "Right title",
            "slug": article.slug,
            "category": article.category,
            "summary": article.summary,
            "body": article.body,
            "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
            "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
            "author": "",
        },
    )

    article.refresh_from_db()
    assert article.title == "Right title"
    assert article.history.count() == 3


def test_a_result_edit_is_kept_in_its_history(admin_client, season_2021):
    result = SessionResult.objects.filter(session__event__round=2, session__code="R1").first()
    result.best_lap_ms = 100_000
    result.save()

    html = admin_client.get(
        reverse("admin:standings_sessionresult_history", args=[result.pk])
    ).content.decode()
    assert "Changed" in html or "Ändrad" in html
    assert result.history.count() == 2  # the import, then the edit
    assert result.history.earliest().best_lap_ms != 100_000


def test_publish_and_unpublish_actions(admin_client, make_article, now):
    draft = make_article(publish_at=None)
    scheduled = make_article(publish_at=now + dt.timedelta(days=1))
    changelist = reverse("admin:news_article_changelist")

    admin_client.post(
        changelist, {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk]}
    )
    assert set(Article.objects.published().values_list("pk", flat=True)) == {
        draft.pk,
        scheduled.pk,
    }
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == "draft"
