"""schema.org JSON-LD for a driver's profile."""

from django.core.files.storage import default_storage
from django.utils.translation import gettext

from events.countries import country_name


def person(driver, *, url, entry=None, request=None):
    """A schema.org Person: name, nationality, home town, team, portrait."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": driver.name,
        "url": url,
        "jobTitle": gettext("Racing driver"),
    }
    if driver.nationality:
        data["nationality"] = {"@type": "Country", "name": country_name(driver.nationality)}
    if driver.home_town:
        data["homeLocation"] = {"@type": "Place", "name": driver.home_town}
    if driver.birth_date:
        data["birthDate"] = driver.birth_date.isoformat()
    if entry is not None:
        data["memberOf"] = {"@type": "SportsTeam", "name": entry.team.name}
    if driver.portrait_renditions and request is not None:
        largest = driver.portrait_renditions[-1]["name"]
        data["image"] = request.build_absolute_uri(default_storage.url(largest))
    if driver.bio_paragraphs:
        data["description"] = driver.bio_paragraphs[0]
    return data
