"""The Results role enters and undoes results; the press office sees none of it."""

import pytest
from django.urls import reverse

from events.models import Session
from standings import batches
from standings.models import ResultBatch


@pytest.fixture
def signed_in(client, staff_user, season_2021):
    def sign_in(role):
        user = staff_user(role.lower().replace(" ", "-"), role)
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return sign_in


@pytest.fixture
def batch(season_2021):
    race = Session.objects.get(event__slug="estoril", code="R1")
    lines = [batches.Line.of(row) for row in batches.snapshot(race)][1:]
    return batches.apply_session(
        race,
        lines,
        user=None,
        kind=ResultBatch.Kind.TYPED,
        token="t",
        seen=batches.digest(race, batches.snapshot(race)),
    )


def pages(batch):
    race = Session.objects.get(event__slug="estoril", code="R1")
    return [
        reverse("admin:standings_session_results", args=[race.pk]),
        reverse("admin:standings_resultbatch_changelist"),
        reverse("admin:standings_resultbatch_change", args=[batch.pk]),
        reverse("admin:standings_resultbatch_undo", args=[batch.pk]),
        reverse("admin:standings_sessionresult_import"),
    ]


def test_results_staff_open_every_results_page(signed_in, batch):
    client = signed_in("Results")
    assert {url: client.get(url).status_code for url in pages(batch)} == dict.fromkeys(
        pages(batch), 200
    )


def test_results_staff_can_undo_but_not_delete_or_add_a_batch(signed_in, batch):
    client = signed_in("Results")
    assert client.get(reverse("admin:standings_resultbatch_add")).status_code == 403
    assert (
        client.get(reverse("admin:standings_resultbatch_delete", args=[batch.pk])).status_code
        == 403
    )
    client.post(reverse("admin:standings_resultbatch_undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.undone_at is not None


@pytest.mark.parametrize("role", ["Press office", "Calendar"])
def test_other_roles_see_no_results_page(signed_in, batch, role):
    client = signed_in(role)
    assert {url: client.get(url).status_code for url in pages(batch)} == dict.fromkeys(
        pages(batch), 403
    )
    client.post(reverse("admin:standings_resultbatch_undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.undone_at is None


def test_the_results_role_holds_the_batch_permissions():
    from wtcrsite.roles import RESULTS

    assert ("standings", "view_resultbatch") in RESULTS
    assert ("standings", "change_resultbatch") in RESULTS
    assert ("standings", "delete_resultbatch") not in RESULTS
