"""Drivers' season records computed from the results: what `drivers.records` serves."""

from drivers import records
from events.models import Event, Season
from standings.models import Entry, SessionResult
from standings.tables import driver_statistics
from standings.titles import eligibility_rule


class SeasonRecords:
    def record(self, driver, *, siblings=(), moment=None):
        season = Season.objects.filter(entries__driver=driver).order_by("-slug").first()
        if season is None:
            return None
        stats = driver_statistics(season, driver, siblings=siblings, moment=moment)
        if not stats.entries:
            return None
        return records.Record(
            season=season,
            stats=stats,
            standings=[
                {"standing": standing, "rule": eligibility_rule(standing.title)}
                for standing in stats.standings
            ],
            round_by_round=lambda: _rounds(season, stats),
        )

    def latest_entries(self, drivers):
        entries = {}
        for entry in (
            Entry.objects.filter(driver__in=drivers, wildcard=False)
            .select_related("team")
            .order_by("-season__slug", "-pk")
        ):
            entries.setdefault(entry.driver_id, entry)
        return entries

    def season_grid(self, exclude=()):
        # The newest season with entries: a season being set up has no grid yet.
        season = Season.objects.filter(entries__isnull=False).order_by("-slug").first()
        grid = {}
        if season is None:
            return None, []
        for entry in (
            Entry.objects.filter(season=season)
            .exclude(driver__slug__in=exclude)
            .select_related("driver", "team")
            .order_by("driver__name", "pk")
        ):
            item = grid.setdefault(
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
        return season, list(grid.values())


def _rounds(season, stats):
    """Round by round: qualifying, the two races and the points scored there; a round of
    the season with results in which the driver had no entry says so ("entered": False)."""
    events = {event.round: event for event in Event.objects.filter(season=season).rounds()}
    entered = stats.entered
    numbers = sorted({outcome.round for outcome in stats.season.outcomes} | set(stats.rounds))
    return [
        {
            "round": number,
            "event": events.get(number),
            "entered": entered is None or number in entered,
            "sessions": [_cell(stats.season.outcome(number, code)) for code in ("Q", "R1", "R2")],
            "points": stats.points_by_round.get(number, 0),
        }
        for number in numbers
    ]


def _cell(outcome):
    """A session's cell: the outcome and, for a status, its name in the page's language."""
    labels = dict(SessionResult.Status.choices)
    return {"outcome": outcome, "label": labels.get(outcome.status, "") if outcome else ""}
