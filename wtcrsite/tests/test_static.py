import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def collected(settings, tmp_path):
    """Static files collected as in production: fingerprinted and compressed."""
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The admin's files are left out: compressing them all would slow the suite.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return tmp_path


def test_static_files_are_fingerprinted_and_compressed(collected):
    url = static("css/site.css")

    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    name = url.removeprefix("/static/")
    assert (collected / f"{name}.br").is_file()
    assert (collected / f"{name}.gz").is_file()
    assert (collected / "django_htmx" / "htmx-2.min.js").is_file()


@pytest.mark.django_db
def test_fingerprinted_files_are_cached_forever_and_served_compressed(collected):
    client = Client()  # a new handler, so WhiteNoise reads the collected files

    response = client.get(static("css/site.css"), headers={"accept-encoding": "br, gzip"})
    response.close()

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.django_db
def test_pages_link_fingerprinted_static_files(collected):
    html = Client().get("/en/").content.decode()

    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]{12}\.css">', html)
    assert re.search(
        r'<script src="/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js" defer>', html
    )
