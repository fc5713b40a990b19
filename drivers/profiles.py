"""Load driver profiles and milestones from a TOML file (the demo's data/drivers.toml).

Creates what is missing and fills empty fields only: what the press office has
written or uploaded in the admin is never overwritten, so it is safe to rerun.
"""

import datetime
import tomllib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction

from delivery import areas
from drivers import records
from drivers.models import CareerSeason, Driver, Milestone, Team
from events.models import Event, Season
from images.illustrations import driver_card

TRANSLATED = ("bio", "portrait_alt", "portrait_rights")


@dataclass
class ProfilesReport:
    created: list[str] = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created)


@transaction.atomic
def load_profiles(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    report = ProfilesReport()
    colours = 0
    for slug, colour in data.get("teams", {}).items():
        colours += Team.objects.filter(
            slug=slug, colour=Team._meta.get_field("colour").default
        ).update(colour=colour)
    drivers = {}
    for item in data.get("drivers", []):
        drivers[item["slug"]] = _load_driver(item, report)
    for item in data.get("drivers", []):
        driver = drivers[item["slug"]]
        for other in item.get("siblings", []):
            if other in drivers and not driver.siblings.filter(pk=drivers[other].pk).exists():
                driver.siblings.add(drivers[other])
    for item in data.get("milestones", []):
        _load_milestone(item, report)
    if report.changed or colours:
        areas.changed("drivers")  # team colours and careers are written in bulk
    return report


def _load_driver(item, report):
    driver, created = Driver.objects.get_or_create(
        slug=item["slug"], defaults={"name": item["name"]}
    )
    if created:
        report.created.append(f"driver {driver.slug}")
    changed = False
    for name in ("nationality", "home_town"):
        if item.get(name) and not getattr(driver, name):
            setattr(driver, name, item[name])
            changed = True
    for name in TRANSLATED:
        for language, text in item.get(name, {}).items():
            attribute = f"{name}_{language}"
            if not getattr(driver, attribute):
                setattr(driver, attribute, text.strip())
                changed = True
    if changed:
        driver.save()
    if not driver.portrait:
        _placeholder_portrait(driver)
        report.created.append(f"portrait {driver.slug}")
    seasons = {season.slug: season for season in Season.objects.all()}
    if not driver.career.exists():
        CareerSeason.objects.bulk_create(
            CareerSeason(
                driver=driver,
                first_year=line.get("from"),
                last_year=line.get("to"),
                series=line["series"],
                team=line.get("team", ""),
                result_sv=line.get("result", {}).get("sv", ""),
                result_en=line.get("result", {}).get("en", ""),
                season=seasons.get(line.get("season", "")),
                note_sv=line.get("note", {}).get("sv", ""),
                note_en=line.get("note", {}).get("en", ""),
            )
            for line in item.get("career", [])
        )
        report.created.append(f"career {driver.slug}")
    else:
        _fill_notes(driver, item, seasons, report)
    return driver


def _fill_notes(driver, item, seasons, report):
    """A season note added to the file later reaches a career written before it (empty
    notes only)."""
    for line in item.get("career", []):
        season = seasons.get(line.get("season", ""))
        if season is None or not line.get("note"):
            continue
        for language, text in line["note"].items():
            filled = driver.career.filter(season=season, **{f"note_{language}": ""}).update(
                **{f"note_{language}": text.strip()}
            )
            if filled:
                report.created.append(f"note {driver.slug} {season.slug} {language}")


def _placeholder_portrait(driver):
    """A drawn card of the driver's car in the site's livery with their number and name,
    flagged as a placeholder: the pages say the site made it until a photo is published (no
    photo credit)."""
    entry = records.latest_entries([driver]).get(driver.pk)
    image = driver_card(
        name=driver.name,
        number=entry.number if entry else None,
        team=entry.team.name if entry else "",
    )
    # Stored under a random name, web sizes made (images.fields).
    driver.portrait.save("illustration.png", ContentFile(image), save=False)
    driver.portrait_is_placeholder = True
    driver.save()


def _load_milestone(item, report):
    if Milestone.objects.filter(slug=item["slug"]).exists():
        return
    event = Event.objects.by_reference(item.get("event"))
    milestone = Milestone.objects.create(
        slug=item["slug"],
        date=item["date"]
        if isinstance(item["date"], datetime.date)
        else datetime.date.fromisoformat(item["date"]),
        date_precision=item.get("date_precision", Milestone.Precision.DAY),
        series=item["series"],
        kind=item["kind"],
        title_sv=item["title"].get("sv", ""),
        title_en=item["title"].get("en", ""),
        caption_sv=item.get("caption", {}).get("sv", ""),
        caption_en=item.get("caption", {}).get("en", ""),
        event=event,
    )
    milestone.drivers.set(Driver.objects.filter(slug__in=item["drivers"]))
    report.created.append(f"milestone {milestone.slug}")
