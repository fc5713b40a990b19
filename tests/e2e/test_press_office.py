import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from news.models import Article, Author
from wtcrsite.roles import sync_roles

# 07:00 in Stockholm on race day; the release is scheduled for 08:00 (06:00 UTC).
NOW = dt.datetime(2021, 6, 5, 5, 0, tzinfo=dt.UTC)
PUBLISH = dt.datetime(2021, 6, 5, 6, 0, tzinfo=dt.UTC)
TITLE = "Bäckman redo för Nordschleife"
SLUG = "backman-redo-for-nordschleife"


@pytest.fixture
def press_officer(django_user_model):
    """A member of the press office (not a superuser), who signs as Anna Andersson."""
    sync_roles()
    user = django_user_model.objects.create_user(
        "press", password="a-long-press-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Press office"))
    Author.objects.create(user=user, name="Anna Andersson")
    return user


def jpeg(color="darkred", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def save_and_continue(page):
    page.get_by_role("button", name="Spara och fortsätt redigera").click()


@pytest.mark.django_db(transaction=True)
def test_write_preview_schedule_and_publish_a_swedish_release(
    open_context, axe, screenshot, press_officer, time_machine
):
    time_machine.move_to(NOW)
    admin = open_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": 1280, "height": 900}
    )
    reader = open_context(locale="sv-SE", viewport={"width": 390, "height": 800})

    admin.goto("/admin/login/?next=/admin/news/article/add/")
    admin.get_by_label("Användarnamn").fill("press")
    admin.get_by_label("Lösenord").fill("a-long-press-password")
    admin.get_by_role("button", name="Logga in").click()
    expect(admin.get_by_role("heading", name="Lägg till artikel")).to_be_visible()

    # Write: a tall editor with its toolbar in Swedish.
    admin.get_by_label("Språk").select_option("sv")
    admin.get_by_label("Titel").press_sequentially(TITLE)
    expect(admin.get_by_label("Adressnamn")).to_have_value(SLUG)
    admin.get_by_label("Kategori").select_option("press-release")
    admin.get_by_label("Sammanfattning").fill("Båda bilarna startar i dag.")
    toolbar = admin.locator(".prose-menubar")
    expect(toolbar.locator("[data-name=bold]")).to_have_attribute("title", "Fetstil")
    expect(toolbar.get_by_role("button", name="Fetstil", exact=True)).to_be_visible()
    expect(toolbar.get_by_role("button", name="format_bold")).to_have_count(0)  # not the icon
    expect(toolbar.get_by_role("button", name="Punktlista")).to_be_visible()
    editor = admin.locator(".ProseMirror[contenteditable=true]")
    assert editor.bounding_box()["height"] >= 24 * 15 * 1.4  # about 24 lines of text
    editor.click()
    editor.press_sequentially("Syskonen startar båda i första racet.")
    editor.press("ControlOrMeta+a")
    toolbar.get_by_role("button", name="Infoga länk").click()
    dialog = admin.locator("dialog[open]")
    expect(dialog).to_contain_text("Redigera länk")
    expect(dialog).to_contain_text("Adress (URL)")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_have_count(0)

    # A new photo, uploaded from the article: it shows before it is saved.
    popup_errors = []
    admin.context.on(
        "console",
        lambda message: (
            message.page is not admin
            and message.type == "error"
            and popup_errors.append(message.text)
        ),
    )
    with admin.context.expect_page() as opened:
        admin.locator("#add_id_hero").click()
    popup = opened.value
    popup.locator("#id_image").set_input_files(
        files=[{"name": "bil-26.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    preview = popup.locator(".photo-preview img")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 1200
    expect(popup.locator(".photo-preview")).to_contain_text(
        "Plats- och kamerauppgifter tas bort när bilden sparas."
    )
    screenshot(popup, "admin-photo-preview")
    popup.locator("#id_alt_sv").fill("Bil 26 på banan")
    popup.locator("#id_alt_en").fill("Car 26 on track")
    popup.locator("#id_credit").fill("FIA WTCR")
    assert popup_errors == []  # the preview's blob: image is allowed in the admin
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Spara", exact=True).click()
    expect(admin.locator("#select2-id_hero-container")).to_contain_text("Bil 26 på banan")

    # Save as a draft (the date and time belong to scheduling and are hidden).
    expect(admin.get_by_label("Spara som utkast")).to_be_checked()
    expect(admin.locator(".field-publish_at")).to_be_hidden()
    save_and_continue(admin)
    expect(admin.locator(".messagelist:not(.article-state)")).to_contain_text(
        "Sparad som utkast: den syns inte på webbplatsen."
    )
    expect(admin.locator(".last-saved")).to_have_text(
        re.compile(r"Senast sparad av Anna Andersson 5 juni 2021 kl\. 07:0\d\.")
    )
    article = Article.objects.get(slug=SLUG)
    assert article.status == "draft"
    assert article.hero.alt_sv == "Bil 26 på banan"
    assert article.body == "<p>Syskonen startar båda i första racet.</p>"

    # "View on site" opens the staff preview.
    admin.locator(".viewsitelink").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(admin.get_by_role("note")).to_contain_text("utkastet är inte publicerat")
    expect(admin.locator(".article__hero img")).to_have_attribute("alt", "Bil 26 på banan")
    screenshot(admin, "article-preview")
    admin.go_back()

    # Schedule: a time that has passed is refused, and nothing typed is lost.
    admin.get_by_label("Schemalägg").check()
    expect(admin.locator(".field-publish_at")).to_be_visible()
    expect(admin.locator(".field-publish_at")).to_contain_text(
        "Svensk tid. Just nu: 5 juni 2021 07:0"
    )
    admin.locator("#id_publish_at_0").fill("2021-06-05")
    admin.locator("#id_publish_at_1").fill("06:30")
    save_and_continue(admin)
    expect(admin.locator(".errorlist")).to_have_text(
        re.compile(r"5 juni 2021 06:30 \(svensk tid, CEST\) har redan passerat")
    )
    expect(admin.get_by_label("Titel")).to_have_value(TITLE)
    expect(admin.get_by_label("Schemalägg")).to_be_checked()
    admin.locator("#id_publish_at_1").fill("08:00")
    save_and_continue(admin)
    expect(admin.locator(".messagelist:not(.article-state)")).to_contain_text(
        "Schemalagd: publiceras automatiskt 5 juni 2021 kl. 08:00 (svensk tid, CEST)."
    )
    assert Article.objects.get(slug=SLUG).publish_at == PUBLISH
    assert admin.errors == []  # no CSP violation with the editor open
    screenshot(admin, "admin-article-form")
    axe(admin)

    admin.goto("/admin/news/article/")
    row = admin.locator("#result_list tbody tr", has_text=TITLE)
    expect(row.locator(".field-status_badge")).to_have_text("Schemalagd 5 juni 2021 08:00 CEST")
    expect(row.locator(".field-last_saved")).to_contain_text("Anna Andersson, 5 juni 2021 07:0")
    screenshot(admin, "admin-article-list")

    # Not on the public site before its time.
    reader.goto("/sv/news/")
    expect(reader.get_by_text(TITLE)).to_have_count(0)
    assert reader.goto(f"/sv/news/{SLUG}/").status == 404
    reader.errors.clear()  # the browser reports that 404 on the console

    # Publish now: readers get it at once, signed and with its photo.
    row.get_by_role("link", name=TITLE).click()
    admin.get_by_label("Publicera nu").check()
    expect(admin.locator(".field-publish_at")).to_be_hidden()
    save_and_continue(admin)
    expect(admin.locator(".messagelist:not(.article-state)")).to_contain_text(
        "Publicerad: den syns på webbplatsen sedan 5 juni 2021 07:0"
    )
    expect(admin.get_by_label("Låt den vara publicerad")).to_be_checked()

    reader.goto("/sv/news/")
    card = reader.locator(".article-card", has_text=TITLE)
    expect(card).to_contain_text("Anna Andersson")
    expect(card.locator(".article-card__image img")).to_be_visible()
    card.get_by_role("link", name=TITLE).click()
    expect(reader).to_have_url(re.compile(f"/sv/news/{SLUG}/$"))
    expect(reader.locator(".article__meta")).to_contain_text("Anna Andersson")
    expect(reader.locator(".article__hero img")).to_have_attribute("alt", "Bil 26 på banan")
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
