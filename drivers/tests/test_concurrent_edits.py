"""Two people editing the same driver: the second save is refused with a message naming
what changed, and the first edit is kept."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from drivers.models import Driver

NOW = dt.datetime(2021, 6, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def jessica(profiles_2021, time_machine):
    time_machine.move_to(NOW, tick=False)
    return Driver.objects.get(slug="jessica-backman")


@pytest.fixture
def press_officer(django_user_model):
    """Cecilia Holm of the press office (bios and portraits, not who the driver is)."""
    user = django_user_model.objects.create_user(
        "cecilia", password="a-long-password-1", first_name="Cecilia", last_name="Holm"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Press office"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_second_driver_edit_is_refused_and_the_first_kept(
    jessica, editors, press_officer, admin_form, form_errors
):
    anna, _bertil = editors
    url = reverse("admin:drivers_driver_change", args=[jessica.pk])
    annas, cecilias = admin_form(anna, url), admin_form(press_officer, url)

    annas |= {"bio_en": "Anna's biography.", "home_town": "Kristinehamn"}
    assert anna.post(url, annas).status_code == 302
    cecilias["bio_sv"] = "Cecilias biografi."
    response = press_officer.post(url, cecilias)

    assert response.status_code == 200
    assert form_errors(response) == [
        "Anna Berg changed “Home town” and “Biography [en]” on 5 June 2021 at 12:00, after you "
        "opened this page. Your changes have not been saved. Reload the page to see theirs, or "
        "save again to replace them with yours."
    ]
    jessica.refresh_from_db()
    assert (jessica.bio_en, jessica.home_town) == ("Anna's biography.", "Kristinehamn")
    assert jessica.bio_sv != "Cecilias biografi."


def test_a_change_to_what_the_form_does_not_show_is_no_conflict(
    jessica, editors, press_officer, admin_form
):
    """The press office's form does not show the driver's name: a new name given by an
    administrator meanwhile is kept, and the bio edit is saved."""
    anna, _bertil = editors
    url = reverse("admin:drivers_driver_change", args=[jessica.pk])
    cecilias = admin_form(press_officer, url)
    assert "name" not in cecilias
    annas = admin_form(anna, url)
    annas["name"] = "Jessica Bäckman (SWE)"
    assert anna.post(url, annas).status_code == 302

    cecilias["bio_sv"] = "Cecilias biografi."
    assert press_officer.post(url, cecilias).status_code == 302
    jessica.refresh_from_db()
    assert (jessica.name, jessica.bio_sv) == ("Jessica Bäckman (SWE)", "Cecilias biografi.")


def test_a_change_committed_while_a_form_is_saved_is_kept(
    jessica, press_officer, admin_form, monkeypatch
):
    """An administrator renames the driver after the admin loaded the row for the press
    office's save and before its check reads it again: the name is not in the press
    office's form, so it is no conflict, and it must not be written back either."""
    from delivery import locking_admin

    url = reverse("admin:drivers_driver_change", args=[jessica.pk])
    form = admin_form(press_officer, url)
    real_clean = locking_admin.ConcurrentEditForm.clean

    def clean(self):
        other = Driver.objects.get(pk=self.instance.pk)
        other.name = "Jessica Bäckman (SWE)"
        other.save()
        monkeypatch.setattr(locking_admin.ConcurrentEditForm, "clean", real_clean)
        return real_clean(self)

    monkeypatch.setattr(locking_admin.ConcurrentEditForm, "clean", clean)
    form["bio_sv"] = "En ny biografi."
    assert press_officer.post(url, form).status_code == 302

    jessica.refresh_from_db()
    assert jessica.name == "Jessica Bäckman (SWE)"
    assert jessica.bio_sv == "En ny biografi."
