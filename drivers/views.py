from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from drivers.models import FEATURED_DRIVERS, CareerSeason, Driver, Milestone
from drivers.structured_data import person
from events.models import Event, Season
from standings.models import Entry, SessionResult
from standings.tables import driver_statistics, latest_round_by
from standings.titles import eligibility_rule
from wtcrsite import clock


def featured_drivers():
    """The siblings, each with their latest milestone and latest season entry (home, list)."""
    drivers = list(
        Driver.objects.featured().prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.newest_first())
        )
    )
    if not drivers:
        return []
    entries = {}
    for entry in (
        Entry.objects.filter(driver__in=drivers, wildcard=False)
        .select_related("team")
        .order_by("-season__slug", "-pk")
    ):
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
    # The newest season with entries: a season being set up has no grid yet.
    season = Season.objects.filter(entries__isnull=False).order_by("-slug").first()
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
        "featured": featured_drivers(),
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
    season = Season.objects.filter(entries__driver=driver).order_by("-slug").first()
    stats = rounds = None
    if season is not None:
        after_round = latest_round_by(season, clock.preview_now(request))
        stats = driver_statistics(
            season, driver, siblings=driver.siblings.all(), after_round=after_round
        )
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
        "age": driver.age(timezone.localdate(clock.now(request))),
        "person": person(
            driver, url=url, entry=stats.main_entry if stats else None, request=request
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
            "sessions": [_cell(stats.season.outcome(number, code)) for code in ("Q", "R1", "R2")],
            "points": stats.points_by_round.get(number, 0),
        }
        for number in numbers
    ]


def _cell(outcome):
    """A session's cell: the outcome and, for a status, its name in the page's language."""
    labels = dict(SessionResult.Status.choices)
    return {"outcome": outcome, "label": labels.get(outcome.status, "") if outcome else ""}


@require_GET
def milestones(request):
    items = (
        Milestone.objects.newest_first().select_related("event__season").prefetch_related("drivers")
    )
    return render(request, "drivers/milestones.html", {"milestones": items})
