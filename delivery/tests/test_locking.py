"""Optimistic locking of rows: every save counts, a save from a stale read is refused and
writes nothing, and a version alone is no content change."""

import pytest
from django.core import serializers
from django.db import transaction
from django.db.models import F

from delivery.locking import VersionConflict
from drivers.models import Driver
from events.models import Event
from news.models import Article, Photo

# Content versions are bumped when transactions commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def stored(event):
    return Event.objects.values_list("name_en", "version").get(pk=event.pk)


@pytest.mark.parametrize("model", [Article, Photo, Event, Driver])
def test_the_edited_models_are_versioned(model):
    assert model._meta.get_field("version").default == 1


def test_every_save_counts(season_2021):
    event = Event.objects.get(slug="germany")
    start = event.version

    event.name_en = "Nürburgring"
    event.save()
    assert event.version == start + 1
    event.save(update_fields=["name_en"])
    assert event.version == start + 2
    Event.objects.get(pk=event.pk).save()
    assert stored(event) == ("Nürburgring", start + 3)
    # Bookkeeping in bulk (an event's revision number) is no edit.
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
    assert stored(event)[1] == start + 3


def test_a_save_from_a_stale_read_is_refused_and_writes_nothing(season_2021):
    first = Event.objects.get(slug="germany")
    second = Event.objects.get(slug="germany")
    first.name_en = "First"
    first.save()

    second.name_en = "Second"
    with pytest.raises(VersionConflict):
        second.save()
    with pytest.raises(VersionConflict):
        second.save(update_fields=["name_en"])
    second.status = "cancelled"
    with pytest.raises(VersionConflict), transaction.atomic():
        second.save()
    assert stored(first) == ("First", first.version)
    assert Event.objects.get(pk=first.pk).status != "cancelled"

    second.refresh_from_db()  # read again: the save goes through
    second.name_en = "Second"
    second.save()
    assert stored(first) == ("Second", first.version + 1)


def test_a_raw_save_keeps_the_version_it_is_given(season_2021):
    """loaddata (and so `restore`) writes rows as they were dumped."""
    event = Event.objects.get(slug="germany")
    before = stored(event)
    dumped = serializers.serialize("json", [event])
    event.name_en = "Changed since"
    event.save()
    event.save()

    for loaded in serializers.deserialize("json", dumped):
        loaded.save()
    assert stored(event) == before


def test_a_version_alone_is_no_content_change(season_2021, bumps):
    event = Event.objects.get(slug="germany")
    bumps.clear()

    event.save()  # nothing changed
    event.save(update_fields=["version"])
    event.save(update_fields=["name_en"])
    assert bumps == []
    assert stored(event)[1] == 4

    event.name_en = "Nürburgring"
    event.save()
    assert bumps == [("calendar",)]


def test_imports_still_save_and_count(season_2021, settings):
    """A re-import puts back what an edit changed, and counts as a save."""
    from drivers.profiles import load_profiles
    from standings.importers import import_season

    germany = Event.objects.get(slug="germany")
    original = germany.name_en
    germany.name_en = "Edited by hand"
    germany.save()

    import_season(settings.BASE_DIR / "data" / "seasons" / "2021")
    assert stored(germany) == (original, 3)

    load_profiles(settings.BASE_DIR / "data" / "drivers.toml")
    load_profiles(settings.BASE_DIR / "data" / "drivers.toml")  # a rerun changes nothing
    jessica = Driver.objects.get(slug="jessica-backman")
    assert jessica.version > 1
