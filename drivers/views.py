from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from drivers.models import FEATURED_DRIVERS, CareerSeason, Driver, Milestone
from drivers.structured_data import person
from events.models import Event, Season
from standings.models import Entry
from standings.tables import driver_statistics
from standings.titles import eligibility_rule


def featured_drivers(season):
    """The siblings, each with their latest milestone and season entry (home page, list)."""
    drivers = list(
        Driver.objects.featured().prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.newest_first())
        )
    )
    entries = {}
    if season is not None:
        for entry in Entry.objects.filter(
            season=season, driver__slug__in=FEATURED_DRIVERS, wildcard=False
        ).select_related("team"):
            entries.setdefault(entry.driver_id, entry)
    return [
        {
            "driver": driver,
            "entry": entries.get(driver.pk),
            "milestone": next(iter(driver.milestones.all()), None),
        }
        for driver in drivers
    ]


@require_GET
def driver_list(request):
    season = Season.objects.current()
    others = {}
    if season is not None:
        for entry in (
            Entry.objects.filter(season=season)
            .exclude(driver__slug__in=FEATURED_DRIVERS)
            .select_related("driver", "team")
            .order_by("driver__name", "pk")
        ):
            item = others.setdefault(
                entry.driver.slug,
                {"driver": entry.driver, "numbers": [], "teams": [], "cars": [], "wildcard": True},
            )
            for key, value in (
                ("numbers", entry.number),
                ("teams", entry.team.name),
                ("cars", entry.car),
            ):
                if value is not None and value not in item[key]:
                    item[key].append(value)
            item["wildcard"] = item["wildcard"] and entry.wildcard
    context = {
        "season": season,
        "featured": featured_drivers(season),
        "others": list(others.values()),
    }
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
    season = Season.objects.current()
    stats = rounds = None
    if season is not None:
        stats = driver_statistics(season, driver, siblings=driver.siblings.all())
        if stats.entries:
            rounds = _rounds(season, stats)
        else:
            stats = None
    career = [
        {
            "line": line,
            "computed": stats.drivers_title if stats and line.season_id == season.pk else None,
        }
        for line in driver.career.all()
    ]
    url = request.build_absolute_uri(reverse("drivers:detail", args=[driver.slug]))
    context = {
        "driver": driver,
        "season": season,
        "stats": stats,
        "rounds": rounds,
        "standings": [
            {"standing": standing, "rule": eligibility_rule(standing.title)}
            for standing in (stats.standings if stats else [])
        ],
        "career": career,
        "age": driver.age(timezone.localdate()),
        "person": person(
            driver, url=url, entry=stats.entries[-1] if stats else None, request=request
        ),
    }
    return render(request, "drivers/detail.html", context)


def _rounds(season, stats):
    """Round by round: qualifying, the two races and the points scored there."""
    events = {event.round: event for event in Event.objects.filter(season=season).rounds()}
    numbers = sorted({outcome.round for outcome in stats.season.outcomes})
    return [
        {
            "round": number,
            "event": events.get(number),
            "sessions": [stats.season.outcome(number, code) for code in ("Q", "R1", "R2")],
            "points": stats.points_by_round.get(number, 0),
        }
        for number in numbers
    ]


@require_GET
def milestones(request):
    items = (
        Milestone.objects.newest_first().select_related("event__season").prefetch_related("drivers")
    )
    return render(request, "drivers/milestones.html", {"milestones": items})
