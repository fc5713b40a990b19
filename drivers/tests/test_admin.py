import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from drivers.models import Driver, Milestone


@pytest.fixture(autouse=True)
def _english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def change_form_data(driver, **overrides):
    """The driver's change form as the admin would post it, inlines unchanged."""
    career = list(driver.career.all())
    links = list(Milestone.drivers.through.objects.filter(driver=driver))
    data = {
        "name": driver.name,
        "slug": driver.slug,
        "nationality": driver.nationality,
        "home_town": driver.home_town,
        "birth_date": "",
        "siblings": [s.pk for s in driver.siblings.all()],
        "bio_sv": driver.bio_sv,
        "bio_en": driver.bio_en,
        "portrait_alt_sv": driver.portrait_alt_sv,
        "portrait_alt_en": driver.portrait_alt_en,
        "portrait_credit": driver.portrait_credit,
        "portrait_rights_sv": driver.portrait_rights_sv,
        "portrait_rights_en": driver.portrait_rights_en,
        "portrait_is_placeholder": "on" if driver.portrait_is_placeholder else "",
        "career-TOTAL_FORMS": len(career),
        "career-INITIAL_FORMS": len(career),
        "career-MIN_NUM_FORMS": 0,
        "career-MAX_NUM_FORMS": 1000,
        "Milestone_drivers-TOTAL_FORMS": len(links),
        "Milestone_drivers-INITIAL_FORMS": len(links),
        "Milestone_drivers-MIN_NUM_FORMS": 0,
        "Milestone_drivers-MAX_NUM_FORMS": 1000,
    }
    for n, line in enumerate(career):
        data.update(
            {
                f"career-{n}-id": line.pk,
                f"career-{n}-driver": driver.pk,
                f"career-{n}-first_year": line.first_year or "",
                f"career-{n}-last_year": line.last_year or "",
                f"career-{n}-series": line.series,
                f"career-{n}-team": line.team,
                f"career-{n}-result_sv": line.result_sv,
                f"career-{n}-result_en": line.result_en,
                f"career-{n}-season": line.season_id or "",
            }
        )
    for n, link in enumerate(links):
        data.update(
            {
                f"Milestone_drivers-{n}-id": link.pk,
                f"Milestone_drivers-{n}-driver": driver.pk,
                f"Milestone_drivers-{n}-milestone": link.milestone_id,
            }
        )
    data.update(overrides)
    return data


def opened(client, obj):
    """The edit token of obj's change form, as a browser gets it when it opens the form."""
    html = client.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    ).content.decode()
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def stored_files():
    media = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def jpeg(size=(1200, 1500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "darkred").save(buffer, "JPEG")
    return SimpleUploadedFile("portrait.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_change_form_has_both_languages_side_by_side(profiles_2021, admin_client):
    jessica = Driver.objects.get(slug="jessica-backman")
    html = admin_client.get(reverse("admin:drivers_driver_change", args=[jessica.pk])).content
    html = html.decode()
    assert re.search(r'class="form-row [\w -]*field-bio_sv field-bio_en"', html)
    assert "Biography [sv]" in html
    assert "Biography [en]" in html
    assert 'name="career-0-series"' in html
    assert 'name="Milestone_drivers-0-milestone"' in html


def test_a_photo_upload_replaces_the_placeholder(
    profiles_2021, admin_client, django_capture_on_commit_callbacks
):
    jessica = Driver.objects.get(slug="jessica-backman")
    old = [r["name"] for r in jessica.portrait_renditions]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:drivers_driver_change", args=[jessica.pk]),
            change_form_data(
                jessica,
                edit_token=opened(admin_client, jessica),
                portrait=jpeg(),
                portrait_credit="FIA WTCR",
            ),
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    jessica.refresh_from_db()
    assert not jessica.portrait_is_placeholder
    assert re.fullmatch(r"portraits/[0-9a-f]{32}\.jpg", jessica.portrait.name)
    assert [(r["width"], r["height"]) for r in jessica.portrait_renditions] == [
        (320, 400),
        (640, 800),
        (960, 1200),
    ]
    files = stored_files()
    assert all(r["name"] in files for r in jessica.portrait_renditions)
    assert not any(name in files for name in old)  # the placeholder's web sizes are gone


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("portrait.jpg", b"not an image at all", content_type="image/jpeg"),
            "Upload a valid image.",
        ),
        (
            SimpleUploadedFile("portrait.gif", b"GIF89a" + b"\0" * 64, content_type="image/gif"),
            "Upload a valid image.",
        ),
    ],
)
def test_a_non_image_upload_is_refused_and_nothing_is_stored(
    profiles_2021, admin_client, upload, message
):
    jessica = Driver.objects.get(slug="jessica-backman")
    before = stored_files()

    response = admin_client.post(
        reverse("admin:drivers_driver_change", args=[jessica.pk]),
        change_form_data(jessica, edit_token=opened(admin_client, jessica), portrait=upload),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the error below." in html
    assert message in html
    assert stored_files() == before
    assert Driver.objects.get(pk=jessica.pk).portrait.name == jessica.portrait.name


def test_a_real_gif_is_refused_by_format(profiles_2021, admin_client):
    jessica = Driver.objects.get(slug="jessica-backman")
    buffer = io.BytesIO()
    Image.new("RGB", (400, 500), "navy").save(buffer, "GIF")
    before = stored_files()

    response = admin_client.post(
        reverse("admin:drivers_driver_change", args=[jessica.pk]),
        change_form_data(
            jessica,
            edit_token=opened(admin_client, jessica),
            portrait=SimpleUploadedFile("p.gif", buffer.getvalue()),
        ),
    )

    assert response.status_code == 200
    assert "GIF images are not accepted. Upload a JPEG, PNG or WebP image." in (
        response.content.decode()
    )
    assert stored_files() == before


def test_milestone_admin(profiles_2021, admin_client):
    html = admin_client.get(reverse("admin:drivers_milestone_changelist")).content.decode()
    assert html.count('class="field-driver_names"') == 5
    assert "Andreas Bäckman, Jessica Bäckman" in html
    milestone = Milestone.objects.get(slug="first-siblings-in-wtcr")
    html = admin_client.get(
        reverse("admin:drivers_milestone_change", args=[milestone.pk])
    ).content.decode()
    assert re.search(r'class="form-row [\w -]*field-title_sv field-title_en"', html)


def test_the_milestone_event_picker_says_which_events_are_cancelled(admin_client, season_2021):
    html = admin_client.get(reverse("admin:drivers_milestone_add")).content.decode()
    assert "Race of China (cancelled)" in html
    assert 'optgroup label="2021"' in html
