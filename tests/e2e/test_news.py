import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article


@pytest.mark.django_db(transaction=True)
def test_load_more_takes_the_keyboard_to_the_first_new_article(open_context, axe):
    now = timezone.now()
    for n in range(1, 14):
        Article.objects.create(
            language="en",
            title=f"Weekend report {n}",
            slug=f"weekend-report-{n}",
            summary=f"What happened on weekend {n}.",
            publish_at=now - dt.timedelta(hours=n),
        )
    page = open_context(locale="en-GB", viewport={"width": 390, "height": 800})
    page.goto("/en/news/")
    cards = page.locator(".article-card")
    expect(cards).to_have_count(10)

    more = page.get_by_role("link", name="Load more")
    more.focus()
    page.keyboard.press("Enter")

    expect(cards).to_have_count(13)
    expect(page.get_by_role("link", name="Weekend report 11")).to_be_focused()
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)
    axe(page)
    assert page.errors == []
