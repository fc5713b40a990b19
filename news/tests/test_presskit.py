"""The press kit: its page, its PDF and its pictures' ZIP, at the site's public address."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import timezone
from pypdf import PdfReader

from drivers.models import Driver
from news import presskit_zip
from news.models import Article, Photo, PressContact
from news.tests.conftest import jpeg_upload

PUBLIC = "https://backman.example"
KIT = "/en/press/kit/jessica-backman/"
# The page: driver, career, milestones, photos, season, entries, titles; the season's
# tables; the press contacts.
PAGE_QUERIES = 7 + 6 + 1
PDF_QUERIES = PAGE_QUERIES
ZIP_QUERIES = 2  # the driver, their public photos
# A download is built for what the site shows until its next moment (news.presskit_files):
# sessions, events and scheduled articles, read once per content version and kept an hour.
MOMENTS_QUERIES = 3


@pytest.fixture
def public_address(settings):
    settings.SITE_URL = PUBLIC
    return PUBLIC


@pytest.fixture
def jessica(profiles_2021):
    return Driver.objects.get(slug="jessica-backman")


def make_photo(driver=None, *, caption="Jessica on track", credit="FIA WTCR", **fields):
    photo = Photo(alt_en="Car 26", alt_sv="Bil 26", caption_en=caption, credit=credit, **fields)
    photo.image.save("upload.jpg", jpeg_upload(size=(300, 200)), save=False)
    photo.save()
    if driver is not None:
        photo.drivers.add(driver)
    return photo


@pytest.fixture
def contact(db):
    return PressContact.objects.create(
        name="Maja Lindqvist",
        role_en="Press officer, Target Competition",
        email="maja.lindqvist.press-office@target-competition.example",
        phone="+46 70 123 45 67",
    )


def pdf_text(body):
    reader = PdfReader(io.BytesIO(body))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


# The page ---------------------------------------------------------------------------------


def test_the_page_prints_the_public_address_contact_and_credits(
    public_address, jessica, contact, get_page
):
    make_photo(jessica, credit="© Bäckman & Co <Sport>", rights="free")

    html = get_page(KIT, queries=PAGE_QUERIES).content.decode()

    assert f'href="{PUBLIC}/en/drivers/jessica-backman/">{PUBLIC}/en/drivers/' in html
    assert "testserver" not in html.split("<main", 1)[1]
    assert "Maja Lindqvist" in html
    assert "Press officer, Target Competition" in html
    assert 'href="mailto:maja.lindqvist.press-office@target-competition.example"' in html
    assert 'href="tel:+46701234567"' in html
    # The credit and rights as given (escaped, not changed).
    assert "© Bäckman &amp; Co &lt;Sport&gt;" in html
    assert "Free to use" in html
    # The PDF and the ZIP, the ZIP with its size.
    assert 'href="/en/press/kit/jessica-backman.pdf"' in html
    assert 'href="/en/press/kit/jessica-backman.zip"' in html
    assert re.search(r"ZIP, 2 pictures, [\d.,]+\xa0(KB|bytes)", html)


def test_in_development_the_page_prints_the_requests_own_host(settings, jessica, client):
    settings.SITE_URL = ""

    html = client.get(KIT, HTTP_HOST="localhost:8104").content.decode()

    assert 'href="http://localhost:8104/en/drivers/jessica-backman/"' in html


# The PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Car number", "Team", "Milestones", "2021 in numbers", "Press contact"]),
        ("sv", ["Startnummer", "Team", "Milstolpar", "2021 i siffror", "Presskontakt"]),
    ],
)
def test_the_pdf_opens_and_holds_the_kit(
    public_address, jessica, contact, get_page, language, labels
):
    make_photo(jessica, caption="Jessica in Estoril", credit="FIA WTCR / Bäckman", rights="ask")

    response = get_page(
        f"/{language}/press/kit/jessica-backman.pdf", queries=PDF_QUERIES + MOMENTS_QUERIES
    )

    assert response["Content-Type"] == "application/pdf"
    name = "press-kit" if language == "en" else "presskit"
    assert response["Content-Disposition"] == (f'attachment; filename="jessica-backman-{name}.pdf"')
    reader, text = pdf_text(response.getvalue())
    assert reader.metadata.title.endswith("Jessica Bäckman")
    flat = " ".join(text.split())
    for expected in [
        "Jessica Bäckman",
        "#26",
        "Target Competition",
        "Hyundai Elantra N TCR",
        "2019\N{EN DASH}2020",
        "Boden",
        "FIA WTCR / Bäckman",
        "Jessica in Estoril",
        "Maja Lindqvist",
        "maja.lindqvist.press-office@target-competition.example",
        "+46 70 123 45 67",
        f"{PUBLIC}/{language}/press/kit/jessica-backman/",
        f"{PUBLIC}/{language}/press/kit/jessica-backman.zip",
        *labels,
    ]:
        assert expected in flat, expected
    assert "testserver" not in flat
    assert ("Ask the press office before use" in flat) == (language == "en")


def test_the_pdf_survives_what_a_press_office_may_type(public_address, jessica, client):
    jessica.bio_en = (
        "Emoji 🏁 and 漢字, a tab\there, a bell \x07, a line\u2028separator.\n\n"
        + "https://example.com/"
        + "a-very-long-address-" * 30
    )
    jessica.home_town = "Bo**den__ --x"
    jessica.save()
    make_photo(jessica, caption="**not bold** <b>x</b>", credit="\x1b[31m red")

    response = client.get("/en/press/kit/jessica-backman.pdf")

    assert response.status_code == 200
    _reader, text = pdf_text(response.getvalue())
    assert "a-very-long-address-a-very" in text.replace("\n", "")
    assert "Bo**den__ --x" in text
    assert "**not bold** <b>x</b>" in text


@pytest.mark.parametrize("suffix", [".pdf", ".zip"])
@pytest.mark.parametrize("slug", ["yann-ehrlacher", "nobody"])
def test_downloads_are_for_the_siblings_only(profiles_2021, client, slug, suffix):
    assert client.get(f"/en/press/kit/{slug}{suffix}").status_code == 404


def test_each_download_is_built_once_for_what_it_shows(
    public_address,
    jessica,
    client,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
    monkeypatch,
):
    """Not per request, whatever the host is spelt as (the page cache stores no spelling
    but its own), nor in the page cache's memory: once, as a file, until what it shows
    changes; then the older file goes."""
    from news import presskit_pdf, presskit_zip

    settings.PAGE_CACHE = True
    built = []
    for module in (presskit_pdf, presskit_zip):
        real = module.build
        monkeypatch.setattr(
            module, "build", lambda *a, real=real, **k: built.append(real) or real(*a, **k)
        )
    pdf, archive = "/en/press/kit/jessica-backman.pdf", "/en/press/kit/jessica-backman.zip"

    first = client.get(pdf)
    assert first.streaming
    assert "stored" not in first.get("Cache-Status", "")
    body = first.getvalue()
    for host in ("TESTSERVER", "testserver.", "TestServer"):
        with django_assert_num_queries(0):
            again = client.get(pdf, HTTP_HOST=host)
        assert again.getvalue() == body
    head = client.head(pdf)
    assert head.status_code == 200
    # Read to the end: the client's wrapper closes the file, and not the test's database
    # connection as response.close() would on PostgreSQL.
    head.getvalue()
    zip_of(client.get(archive))
    zip_of(client.get(archive, HTTP_HOST="TESTSERVER"))
    assert len(built) == 2  # one PDF, one ZIP
    assert sorted(path.suffix for path in settings.PRESSKIT_DIR.iterdir()) == [".pdf", ".zip"]

    with django_capture_on_commit_callbacks(execute=True):
        jessica.home_town = "Luleå"
        jessica.save()
    changed = client.get(pdf).getvalue()
    assert "Luleå" in pdf_text(changed)[1]
    assert len(built) == 3
    assert len(list(settings.PRESSKIT_DIR.glob("jessica-backman-en-*.pdf"))) == 1


def test_a_staff_preview_of_another_moment_is_never_kept(
    public_address, jessica, client, settings, staff_user
):
    client.force_login(staff_user("editor", "Press office"))
    response = client.get("/en/press/kit/jessica-backman.pdf?as_of=2021-06-01T12:00")
    assert response.status_code == 200
    response.getvalue()
    assert not settings.PRESSKIT_DIR.exists() or not list(settings.PRESSKIT_DIR.iterdir())


# The ZIP ----------------------------------------------------------------------------------


def zip_of(response):
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_the_zip_holds_the_public_pictures_and_their_credits(
    public_address, jessica, get_page, time_machine
):
    time_machine.move_to(dt.datetime(2021, 6, 5, 10, tzinfo=dt.UTC), tick=False)
    andreas = Driver.objects.get(slug="andreas-backman")
    make_photo(jessica, caption="Jessica in Estoril", credit="FIA WTCR", rights="editorial")
    make_photo(jessica, caption="../../etc/passwd", credit="Hacker")
    make_photo(jessica, caption="Ååå, Öst \N{EN DASH} väst", credit="Bäckman WTCR")
    make_photo(jessica, caption="Not in the library", in_library=False)
    make_photo(andreas, caption="Andreas only")
    scheduled = make_photo(jessica, caption="Before its article")
    Article.objects.create(
        language="en",
        title="Coming",
        slug="coming",
        summary="s",
        hero=scheduled,
        publish_at=timezone.now() + dt.timedelta(days=1),
    )

    response = get_page("/en/press/kit/jessica-backman.zip", queries=ZIP_QUERIES + MOMENTS_QUERIES)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="jessica-backman-press-photos.zip"'
    )
    archive = zip_of(response)
    names = archive.namelist()
    assert sorted(names) == sorted(
        [
            "01-jessica-backman-portrait.png",
            *[n for n in names if n.endswith(".jpg")],
            "credits.txt",
        ]
    )
    # Numbered in the kit's order (the photos were added at the same moment).
    photos = {n[:3]: n[3:] for n in names if n.endswith(".jpg")}
    assert sorted(photos) == ["02-", "03-", "04-"]
    assert set(photos.values()) == {"jessica-in-estoril.jpg", "etcpasswd.jpg", "aaa-ost-vast.jpg"}
    for name in names:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.(jpg|png|webp|txt)", name), name
    assert archive.testzip() is None
    credits = archive.read("credits.txt").decode("utf-8")
    assert "Not in the library" not in credits
    assert "Andreas only" not in credits
    assert "Before its article" not in credits
    assert "Caption: Jessica in Estoril" in credits
    assert "Photo: FIA WTCR" in credits
    assert "Usage rights: Free for editorial use" in credits
    assert "Caption: Ååå, Öst \N{EN DASH} väst" in credits
    assert f"{PUBLIC}/en/press/kit/jessica-backman/" in credits
    # The files are the public originals as stored.
    estoril = Photo.objects.get(caption_en="Jessica in Estoril")
    stored = next(n for n in names if n.endswith("jessica-in-estoril.jpg"))
    with estoril.image.open("rb") as file:
        assert archive.read(stored) == file.read()


def test_the_zip_credits_are_in_the_readers_language(jessica, client):
    make_photo(jessica, rights="free")

    credits = zip_of(client.get("/sv/press/kit/jessica-backman.zip")).read("credits.txt")

    text = credits.decode("utf-8")
    assert "Fil: 02-jessica-on-track.jpg" in text
    assert "Foto: FIA WTCR" in text
    assert "Användningsrätt: Fri att använda" in text


def test_a_caption_cannot_make_lines_of_its_own_in_the_credits(jessica, client):
    make_photo(jessica, caption="Line\r\nFile: ../../evil.exe", credit="A\nB")

    credits = zip_of(client.get("/en/press/kit/jessica-backman.zip")).read("credits.txt")

    lines = credits.decode().split("\r\n")
    assert "File: ../../evil.exe" not in lines
    assert "Caption: Line  File: ../../evil.exe" in lines


def test_pictures_past_the_size_cap_or_missing_are_named_with_their_address(
    public_address, jessica, client, monkeypatch
):
    kept = make_photo(jessica, caption="Kept")
    gone = make_photo(jessica, caption="Gone")
    gone.image.storage.delete(gone.image.name)
    big = make_photo(jessica, caption="Big")
    portrait_size = jessica.portrait.size
    monkeypatch.setattr(
        presskit_zip, "MAX_BYTES", portrait_size + kept.image.size + big.image.size - 1
    )

    response = client.get("/en/press/kit/jessica-backman.zip")

    archive = zip_of(response)
    pictures = [n for n in archive.namelist() if n != "credits.txt"]
    assert len(pictures) == 2  # the portrait and one photo
    credits = archive.read("credits.txt").decode()
    left_out = credits.split("Not in this file", 1)[1]
    assert f"Address: {PUBLIC}/media/{gone.image.name}" in left_out
    assert "Caption: Gone" in left_out
    assert ("Caption: Big" in left_out) != ("Caption: Kept" in left_out)


def test_the_press_room_links_each_kits_pdf_and_zip(profiles_2021, get_page):
    html = get_page("/sv/press/", queries=4).content.decode()

    for slug in ["andreas-backman", "jessica-backman"]:
        assert f'<a href="/sv/press/kit/{slug}.pdf" download>PDF' in html
        assert f'<a href="/sv/press/kit/{slug}.zip" download>Bilder (ZIP)' in html


def test_an_original_stored_before_metadata_was_removed_is_cleaned_in_the_zip(jessica, client):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from images.tests.camera import camera_jpeg, leaks

    photo = make_photo(jessica, caption="Old upload")
    legacy = default_storage.save("photos/IMG_0001.jpg", ContentFile(camera_jpeg()))
    Photo.objects.filter(pk=photo.pk).update(image=legacy)

    archive = zip_of(client.get("/en/press/kit/jessica-backman.zip"))

    name = next(n for n in archive.namelist() if n.endswith("old-upload.jpg"))
    assert leaks(archive.read(name)) == []
    with default_storage.open(legacy, "rb") as file:
        assert leaks(file.read()) != []


def test_the_pdf_draws_no_direction_override_a_text_may_carry():
    from news.presskit_pdf import clean

    assert clean("Jessica\u202e nuf\u2066 x\u2069 \u202a") == "Jessica nuf x "


def test_a_download_asked_with_a_query_it_does_not_read_is_redirected_and_its_file_closed(
    public_address, jessica, client, settings, recwarn
):
    import gc

    response = client.get("/en/press/kit/jessica-backman.zip?page=abc")
    assert (response.status_code, response["Location"]) == (
        302,
        "/en/press/kit/jessica-backman.zip",
    )
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]
