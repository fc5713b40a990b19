"""The two admin roles: each can do its work and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article


@pytest.fixture
def user_in(django_user_model, client):
    def make(group):
        user = django_user_model.objects.create_user(
            group.lower().replace(" ", "-"), password="a-long-password-1", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


PRESS_CAN = [
    "admin:news_article_add",
    "admin:news_article_changelist",
    "admin:news_photo_add",
    "admin:news_presscontact_add",
    "admin:drivers_milestone_add",
    "admin:drivers_driver_changelist",
]
PRESS_CANNOT = [
    "admin:standings_sessionresult_changelist",
    "admin:standings_sessionresult_import",
    "admin:standings_entry_changelist",
    "admin:events_session_changelist",
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
    "admin:drivers_driver_add",
    "admin:axes_accessattempt_changelist",
]
RESULTS_CAN = [
    "admin:standings_sessionresult_changelist",
    "admin:standings_sessionresult_add",
    "admin:standings_sessionresult_import",
    "admin:events_session_changelist",
]
RESULTS_CANNOT = [
    "admin:news_article_add",
    "admin:news_photo_changelist",
    "admin:drivers_milestone_add",
    "admin:drivers_driver_changelist",
    "admin:auth_user_changelist",
    "admin:standings_title_changelist",
]


def status(client, name):
    return client.get(reverse(name)).status_code


def test_the_press_office_can_do_its_work(user_in):
    client = user_in("Press office")
    assert {name: status(client, name) for name in PRESS_CAN} == dict.fromkeys(PRESS_CAN, 200)


def test_the_press_office_can_do_nothing_else(user_in):
    client = user_in("Press office")
    assert {name: status(client, name) for name in PRESS_CANNOT} == dict.fromkeys(PRESS_CANNOT, 403)


def test_the_press_office_writes_an_article(user_in, now):
    client = user_in("Press office")
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "language": "sv",
            "title": "Ny artikel",
            "slug": "ny-artikel",
            "category": "news",
            "summary": "Kort.",
            "body": "<p>Text.</p>",
            "publish_at_0": "2021-06-06",
            "publish_at_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="ny-artikel")
    assert article.status == "scheduled"
    assert article.author.username == "press-office"
    assert article.history.count() == 1


def test_results_can_do_their_work(user_in):
    client = user_in("Results")
    assert {name: status(client, name) for name in RESULTS_CAN} == dict.fromkeys(RESULTS_CAN, 200)


def test_results_can_do_nothing_else(user_in):
    client = user_in("Results")
    assert {name: status(client, name) for name in RESULTS_CANNOT} == dict.fromkeys(
        RESULTS_CANNOT, 403
    )


def test_the_press_office_edits_a_bio_but_not_who_the_driver_is(user_in, season_2021):
    from drivers.models import Driver

    client = user_in("Press office")
    jessica = Driver.objects.get(slug="jessica-backman")
    html = client.get(reverse("admin:drivers_driver_change", args=[jessica.pk])).content.decode()
    assert 'name="bio_sv"' in html
    assert 'name="slug"' not in html
    assert 'name="name"' not in html
