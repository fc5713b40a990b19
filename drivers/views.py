from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from delivery import clock
from delivery.pagecache import reads
from drivers import records
from drivers.models import FEATURED_DRIVERS, CareerSeason, Driver, Milestone
from drivers.structured_data import person


def featured_drivers():
    """The siblings, each with their latest milestone and latest season entry (home, list)."""
    drivers = list(
        Driver.objects.featured().prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.newest_first())
        )
    )
    if not drivers:
        return []
    entries = records.latest_entries(drivers)
    return [
        {
            "driver": driver,
            "entry": entries.get(driver.pk),
            "milestone": next(iter(driver.milestones.all()), None),
        }
        for driver in drivers
    ]


@require_GET
@reads("drivers", "results", "calendar")
def driver_list(request):
    season, others = records.season_grid(exclude=FEATURED_DRIVERS)
    context = {"season": season, "featured": featured_drivers(), "others": others}
    return render(request, "drivers/list.html", context)


@require_GET
def driver_detail(request, slug):
    driver = get_object_or_404(
        Driver.objects.prefetch_related(
            Prefetch("career", queryset=CareerSeason.objects.all()),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.newest_first()
                .select_related("event__season")
                .prefetch_related("drivers"),
            ),
            "siblings",
        ),
        slug=slug,
    )
    record = records.record(driver, siblings=driver.siblings.all(), moment=clock.now(request))
    season = record.season if record else None
    stats = record.stats if record else None
    career = [
        {
            "line": line,
            "computed": stats.drivers_title if stats and line.season_id == season.pk else None,
        }
        for line in driver.career.all()
    ]
    # "Raced rounds 1-4 of the 2021 season, then …": the rounds from the entries, the
    # rest from the career line's note, once a later round has results.
    note = next(
        (line.note for line in driver.career.all() if season and line.season_id == season.pk),
        "",
    )
    url = request.build_absolute_uri(reverse("drivers:detail", args=[driver.slug]))
    context = {
        "driver": driver,
        "season": season,
        "stats": stats,
        "rounds": record.rounds if record else None,
        "standings": record.standings if record else [],
        "career": career,
        "season_note": note if note and stats and stats.stepped_out else "",
        "age": driver.age(timezone.localdate(clock.now(request))),
        "person": person(
            driver, url=url, entry=stats.main_entry if stats else None, request=request
        ),
    }
    return render(request, "drivers/detail.html", context)


@require_GET
@reads("drivers", "calendar")
def milestones(request):
    items = (
        Milestone.objects.newest_first().select_related("event__season").prefetch_related("drivers")
    )
    return render(request, "drivers/milestones.html", {"milestones": items})
