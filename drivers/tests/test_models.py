import datetime as dt

from drivers.models import CareerSeason, Driver, age_on


def test_age_counts_whole_years():
    born = dt.date(1997, 6, 15)
    assert age_on(born, dt.date(2021, 6, 14)) == 23
    assert age_on(born, dt.date(2021, 6, 15)) == 24
    assert age_on(born, dt.date(2021, 12, 31)) == 24


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    born = dt.date(2000, 2, 29)
    assert age_on(born, dt.date(2021, 2, 28)) == 20
    assert age_on(born, dt.date(2021, 3, 1)) == 21
    assert age_on(born, dt.date(2024, 2, 29)) == 24


def test_no_birth_date_no_age():
    assert Driver(name="X", slug="x").age(dt.date(2021, 1, 1)) is None


def test_initials_and_bio_paragraphs():
    driver = Driver(name="Jessica Bäckman", slug="jessica-backman", bio_en="One.\n\n\nTwo.\n")
    assert driver.initials == "JB"
    assert driver.bio_paragraphs == ["One.", "Two."]


def test_bio_falls_back_to_the_other_language():
    from django.utils import translation

    driver = Driver(name="X", slug="x", bio_sv="Svensk text.", bio_en="")
    with translation.override("en"):
        assert driver.bio == "Svensk text."


def test_career_years():
    assert CareerSeason(series="Karting").years == ""
    assert CareerSeason(series="TCR UK", first_year=2018).years == "2018"
    assert (
        CareerSeason(series="TCR Europe", first_year=2019, last_year=2020).years
        == "2019\N{EN DASH}2020"
    )


def test_bio_paragraphs_from_a_browser_textarea():
    driver = Driver(name="X", slug="x", bio_en="One.\r\n\r\nTwo.\r\n  \r\nThree.")
    assert driver.bio_paragraphs == ["One.", "Two.", "Three."]


def test_bio_language_names_the_fallback():
    from django.utils import translation

    driver = Driver(name="X", slug="x", bio_sv="Svensk text.", bio_en="")
    with translation.override("en"):
        assert driver.bio_language == "sv"
    with translation.override("sv"):
        assert driver.bio_language == "sv"
