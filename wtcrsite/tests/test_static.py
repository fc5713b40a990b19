import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings


def _production_storage(root):
    return {
        "STATIC_ROOT": root,
        "WHITENOISE_USE_FINDERS": False,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    }


@pytest.fixture(scope="module")
def _collected_once(tmp_path_factory):
    """collectstatic once for this module's tests (it takes seconds)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(**_production_storage(root)):
        # The admin's files are left out: compressing them all would slow the suite.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return root


@pytest.fixture
def collected(_collected_once):
    """Static files collected as in production: fingerprinted and compressed."""
    with override_settings(**_production_storage(_collected_once)):
        yield _collected_once


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
