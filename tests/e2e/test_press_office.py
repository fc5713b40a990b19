import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect

from news.models import Article, Photo
from wtcrsite.roles import sync_roles

# 07:00 in Stockholm on race day; the article is scheduled for 08:00 (06:00 UTC).
NOW = dt.datetime(2021, 6, 5, 5, 0, tzinfo=dt.UTC)
PUBLISH = dt.datetime(2021, 6, 5, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def press_officer(django_user_model):
    sync_roles()
    user = django_user_model.objects.create_user(
        "press", password="a-long-press-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Press office"))
    return user


@pytest.fixture
def library_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "darkred").save(buffer, "JPEG")
    photo = Photo(alt_sv="Bil 26 på banan", alt_en="Car 26 on track", credit="FIA WTCR")
    photo.image.save("car-26.jpg", ContentFile(buffer.getvalue()), save=False)  # web sizes too
    photo.save()
    return photo


@pytest.mark.django_db(transaction=True)
def test_write_schedule_preview_and_publish(
    open_context, axe, screenshot, press_officer, library_photo, time_machine
):
    time_machine.move_to(NOW)
    admin = open_context(locale="en-GB", viewport={"width": 1280, "height": 900})

    admin.goto("/admin/login/?next=/admin/news/article/add/")
    admin.get_by_label("Username").fill("press")
    admin.get_by_label("Password").fill("a-long-press-password")
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("heading", name="Add article")).to_be_visible()

    admin.get_by_label("Language").select_option("en")
    admin.get_by_label("Title").press_sequentially("Race day on the Nordschleife")
    expect(admin.get_by_label("Slug")).to_have_value("race-day-on-the-nordschleife")
    admin.get_by_label("Category").select_option("race-report")
    admin.get_by_label("Summary").fill("Both cars start today.")
    editor = admin.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    editor.press_sequentially("Both siblings line up for the first WTCR race.")
    admin.locator("#id_publish_at_0").fill("2021-06-05")
    admin.locator("#id_publish_at_1").fill("08:00:00")
    admin.locator("#id_hero").locator("xpath=following-sibling::span[1]").click()
    admin.locator(".select2-search__field[aria-controls=select2-id_hero-results]").fill("Car 26")
    admin.locator(".select2-results__option", has_text="Car 26").click()
    admin.get_by_role("button", name="Save and continue editing").click()

    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="race-day-on-the-nordschleife")
    assert article.publish_at == PUBLISH
    assert article.hero == library_photo
    assert article.body == "<p>Both siblings line up for the first WTCR race.</p>"
    assert article.status == "scheduled"
    assert admin.errors == []  # no CSP violation with the editor open

    with admin.context.expect_page() as opened:
        admin.get_by_role("link", name="Preview as it will appear").click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text("Race day on the Nordschleife")
    expect(preview.get_by_role("note")).to_contain_text("to be published 5 June 2021, 08:00")
    expect(preview.locator(".article__hero img")).to_have_attribute("alt", "Car 26 on track")
    screenshot(preview, "article-preview")

    reader = open_context(locale="en-GB", viewport={"width": 390, "height": 800})
    reader.goto("/en/news/")
    expect(reader.get_by_text("Race day on the Nordschleife")).to_have_count(0)
    assert reader.goto("/en/news/race-day-on-the-nordschleife/").status == 404
    reader.errors.clear()  # the browser reports that 404 on the console

    time_machine.move_to(PUBLISH + dt.timedelta(minutes=1))
    reader.goto("/en/news/")
    reader.get_by_role("link", name="Race day on the Nordschleife").click()
    expect(reader).to_have_url(re.compile(r"/en/news/race-day-on-the-nordschleife/$"))
    expect(reader.locator(".article__body")).to_have_text(
        "Both siblings line up for the first WTCR race."
    )
    axe(reader)
    screenshot(reader, "article-390")
    assert reader.errors == []


@pytest.fixture
def demo_news(profiles_2021):
    from django.conf import settings

    from news.demo import load_news

    load_news(settings.BASE_DIR / "data" / "news.toml")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_news_and_press_room_pass_axe(demo_news, open_context, axe, screenshot, width):
    page = open_context(viewport={"width": width, "height": 900})
    for path, name in [
        ("/sv/news/", "news-sv"),
        ("/en/news/first-points-on-the-nordschleife/", "article-en"),
        ("/sv/press/", "press-sv"),
        ("/en/press/kit/jessica-backman/", "press-kit-en"),
    ]:
        page.goto(path)
        axe(page)
        screenshot(page, f"{name}-{width}")
    assert page.errors == []
