import pytest
from django.conf import settings


@pytest.fixture
def portrait(settings):
    folder = settings.MEDIA_ROOT / "portraits" / "renditions"
    folder.mkdir(parents=True)
    (folder / "x-0123456789ab-320.webp").write_bytes(b"RIFF....WEBP")
    (folder / "x-0123456789ab-320.avif").write_bytes(b"....ftypavif")
    (settings.MEDIA_ROOT / "portraits" / "x.png").write_bytes(b"\x89PNG")


def test_web_sizes_are_cached_for_a_year(client, portrait):
    response = client.get("/media/portraits/renditions/x-0123456789ab-320.webp")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.getvalue()  # read to the end: the file is closed
    avif = client.get("/media/portraits/renditions/x-0123456789ab-320.avif")
    assert avif["Cache-Control"] == "public, max-age=31536000, immutable"
    assert avif["Content-Type"] == "image/avif"
    avif.getvalue()
    original = client.get("/media/portraits/x.png")
    assert original["Cache-Control"] == "public, max-age=86400"
    original.getvalue()


def test_head_is_answered(client, portrait):
    response = client.head("/media/portraits/x.png")
    assert response.status_code == 200
    assert response.getvalue() == b""  # and the file is closed


@pytest.mark.parametrize(
    "path",
    [
        "/media/" + "a" * 300,
        "/media/../settings.py",
        "/media/%2e%2e/wtcrsite/settings.py",
        "/media/portraits/",
        "/media/nothing.png",
    ],
)
def test_bad_paths_are_not_errors(client, portrait, path):
    assert client.get(path).status_code in (400, 404)


def test_media_root_is_the_tests_own():
    assert "media" in str(settings.MEDIA_ROOT)
