"""The press kit's portrait leaks nothing either, and a portrait's files go when it is
replaced, cleared or its driver deleted, once the change has committed."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from drivers.models import Driver
from drivers.tests.test_admin import change_form_data, jpeg, stored_files
from images.tests.camera import ICC_PROFILE, camera_jpeg, leaks


@pytest.fixture(autouse=True)
def _english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def files_of(driver):
    return {driver.portrait.name, *(r["name"] for r in driver.portrait_renditions)} - {""}


def post_change(admin_client, driver, **overrides):
    url = reverse("admin:drivers_driver_change", args=[driver.pk])
    html = admin_client.get(url).content.decode()
    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    response = admin_client.post(url, change_form_data(driver, **overrides) | {"edit_token": token})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_press_kit_portrait_keeps_no_location_or_camera_data(
    profiles_2021, admin_client, client, django_capture_on_commit_callbacks
):
    jessica = Driver.objects.get(slug="jessica-backman")
    upload = SimpleUploadedFile("DSC_0815.JPG", camera_jpeg(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        post_change(admin_client, jessica, portrait=upload, portrait_credit="FIA WTCR")

    html = client.get("/en/press/kit/jessica-backman/").content.decode()
    href, name = re.search(
        r'<a class="download" href="([^"]+)" download(?:="([^"]*)")?>Download the portrait', html
    ).groups()
    data = b"".join(client.get(href).streaming_content)

    assert leaks(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (800, 1200))
        assert image.info.get("icc_profile") == ICC_PROFILE
    jessica.refresh_from_db()
    assert re.fullmatch(r"portraits/[0-9a-f]{32}\.jpg", jessica.portrait.name)
    assert not jessica.portrait_is_placeholder
    assert name == "jessica-backman-portrait.jpg"


def test_a_replaced_portrait_goes_only_after_the_change_commits(
    profiles_2021, admin_client, django_capture_on_commit_callbacks
):
    jessica = Driver.objects.get(slug="jessica-backman")
    placeholder = files_of(jessica)
    assert placeholder <= set(stored_files())

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        post_change(admin_client, jessica, portrait=jpeg())
        transaction.set_rollback(True)
    jessica.refresh_from_db()
    assert files_of(jessica) == placeholder
    assert placeholder <= set(stored_files())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_change(admin_client, jessica, portrait=jpeg())
    jessica.refresh_from_db()
    portrait = files_of(jessica)
    assert placeholder | portrait <= set(stored_files())

    for callback in callbacks:
        callback()

    assert portrait <= set(stored_files())
    assert not placeholder & set(stored_files())


def test_a_cleared_portrait_goes_after_the_change_commits(
    profiles_2021, admin_client, django_capture_on_commit_callbacks
):
    jessica = Driver.objects.get(slug="jessica-backman")
    placeholder = files_of(jessica)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_change(admin_client, jessica, **{"portrait-clear": "on"})
    jessica.refresh_from_db()
    assert (jessica.portrait.name, jessica.portrait_renditions) == ("", [])
    assert placeholder <= set(stored_files())

    for callback in callbacks:
        callback()

    assert not placeholder & set(stored_files())


def test_a_deleted_driver_leaves_no_portrait_files(db, django_capture_on_commit_callbacks):
    data = jpeg().read()
    drivers = []
    for slug in ("newcomer", "namesake"):
        driver = Driver(slug=slug, name=slug.title())
        driver.portrait = ContentFile(data, name="portrait.jpg")  # as an import sets it
        with django_capture_on_commit_callbacks(execute=True):
            driver.save()
        drivers.append(driver)
    gone, kept = (files_of(driver) for driver in drivers)
    assert len(gone) == len(kept) == 4  # the original and three web sizes
    assert not gone & kept

    with django_capture_on_commit_callbacks(execute=True):
        Driver.objects.get(slug="newcomer").delete()

    assert set(stored_files()) == kept
