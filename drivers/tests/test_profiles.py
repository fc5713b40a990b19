import re

from django.conf import settings
from django.core.files.storage import default_storage

from drivers.models import CareerSeason, Driver, Milestone
from drivers.profiles import load_profiles
from events.models import Session

PROFILES = settings.BASE_DIR / "data" / "drivers.toml"

# The five milestones the press release names (../shared/seed/FACTS.md).
NAMED_MILESTONES = {
    "first-woman-in-wtcr": ({"jessica-backman"}, "WTCR"),
    "first-siblings-in-wtcr": ({"andreas-backman", "jessica-backman"}, "WTCR"),
    "first-woman-on-a-tcr-uk-podium": ({"jessica-backman"}, "TCR UK"),
    "first-woman-on-a-tcr-europe-podium": ({"jessica-backman"}, "TCR Europe"),
    "andreas-first-circuit-win": ({"andreas-backman"}, "TCR UK"),
}


def test_the_demo_profiles(profiles_2021):
    milestones = {
        m.slug: ({d.slug for d in m.drivers.all()}, m.series)
        for m in Milestone.objects.prefetch_related("drivers")
    }
    assert milestones == NAMED_MILESTONES
    for slug in ("andreas-backman", "jessica-backman"):
        driver = Driver.objects.get(slug=slug)
        assert driver.home_town == "Boden"
        assert driver.bio_sv
        assert driver.bio_en
        assert driver.bio_sv != driver.bio_en
        assert driver.birth_date is None  # not in the sources: not invented
        assert [line.series for line in driver.career.all()] == [
            "Karting",
            "Rallycross",
            "STCC",
            "TCR UK",
            "TCR Europe",
            "WTCR",
        ]
        assert driver.career.get(series="WTCR").season == profiles_2021
        assert [s.slug for s in driver.siblings.all()] == [
            other for other in ("andreas-backman", "jessica-backman") if other != slug
        ]


def test_the_wtcr_firsts_are_dated_by_the_first_race(profiles_2021):
    first_race = Session.objects.get(event__slug="germany", code="R1").start_date
    for slug in ("first-woman-in-wtcr", "first-siblings-in-wtcr"):
        milestone = Milestone.objects.get(slug=slug)
        assert milestone.date == first_race
        assert milestone.event.slug == "germany"
    assert Milestone.objects.get(slug="first-woman-on-a-tcr-uk-podium").date_precision == "year"


def test_placeholder_portraits_with_web_sizes(profiles_2021):
    driver = Driver.objects.get(slug="jessica-backman")
    assert driver.portrait_is_placeholder
    assert re.fullmatch(r"portraits/[0-9a-f]{32}\.png", driver.portrait.name)
    assert [r["width"] for r in driver.portrait_renditions] == [320, 640]
    assert [r["height"] for r in driver.portrait_renditions] == [400, 800]
    for rendition in driver.portrait_renditions:
        assert default_storage.exists(rendition["name"])
        assert rendition["name"].endswith(f"-{rendition['width']}.webp")
    assert "26" in driver.portrait_alt_en
    assert driver.portrait_alt_sv != driver.portrait_alt_en


def test_rerunning_changes_nothing(profiles_2021):
    report = load_profiles(PROFILES)
    assert report.created == []
    assert Milestone.objects.count() == 5


def test_rerunning_keeps_the_press_office_edits(profiles_2021):
    Driver.objects.filter(slug="andreas-backman").update(bio_en="Edited by the press office.")
    Milestone.objects.filter(slug="first-woman-in-wtcr").update(title_en="Edited title")
    load_profiles(PROFILES)
    assert Driver.objects.get(slug="andreas-backman").bio_en == "Edited by the press office."
    assert Milestone.objects.get(slug="first-woman-in-wtcr").title_en == "Edited title"


def test_a_season_note_reaches_a_career_written_before_it(profiles_2021):
    line = CareerSeason.objects.get(driver__slug="jessica-backman", season__slug="2021")
    assert line.note_en.startswith("then stepped out for the rest of the season")
    line.note_en = ""
    line.note_sv = "Skriven av pressavdelningen"
    line.save()

    report = load_profiles(PROFILES)

    line.refresh_from_db()
    assert line.note_en == "then stepped out for the rest of the season with the team's agreement"
    assert line.note_sv == "Skriven av pressavdelningen"  # an edit is kept
    assert report.created == ["note jessica-backman 2021 en"]
