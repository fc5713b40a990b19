from django.urls import reverse

from news.models import Article

HOSTILE = (
    '<p onclick="steal()">Hello <script>alert(1)</script>'
    '<a href="javascript:alert(2)">click</a> <a href="https://example.com/">fine</a>'
    '<img src="x" onerror="alert(3)"><iframe src="https://evil.example/"></iframe></p>'
    '<h2 style="color:red">Heading</h2>'
)


def test_script_handlers_and_javascript_links_are_stripped_when_saved(make_article):
    article = make_article(body=HOSTILE)
    article.refresh_from_db()

    assert "<script" not in article.body
    assert "alert" not in article.body
    assert "onclick" not in article.body
    assert "onerror" not in article.body
    assert "javascript:" not in article.body
    assert "<iframe" not in article.body
    assert "style=" not in article.body
    assert '<a href="https://example.com/">fine</a>' in article.body
    assert "<h2>Heading</h2>" in article.body


def test_the_admin_form_saves_the_cleaned_text(admin_client, now):
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "language": "en",
            "title": "Hostile",
            "slug": "hostile",
            "category": "news",
            "summary": "A test.",
            "body": HOSTILE,
            "publish_at_0": "",
            "publish_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = Article.objects.get(slug="hostile").body
    assert "<script" not in body
    assert "javascript:" not in body
    assert "onclick" not in body
