import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from delivery import clock
from delivery.htmx import vary_on_htmx, wants_fragment
from delivery.pagecache import accepts, reads, reject
from events.models import Event, Season
from standings.charts import is_featured, progression_chart
from standings.models import Adjustment, PointsScale
from standings.tables import AREAS, season_tables, standings_csv
from standings.titles import describe_title
from standings.weekend import season_rules


def _round_param(request):
    """?round=N as an int, or None for anything else (the latest round is shown)."""
    value = request.GET.get("round", "")
    return int(value) if re.fullmatch(r"[0-9]{1,3}", value) else None


def _tables(request, season):
    """The season's tables at the page's moment, after ?round=N when N is a round with
    results by then; any other value is rejected (the page without it)."""
    now = clock.now(request)
    after_round = _round_param(request)
    tables = season_tables(season, moment=now, after_round=after_round)
    asked = request.GET.get("round")
    if asked and (after_round not in tables.rounds or str(after_round) != asked):
        reject(request, "round")
        tables = season_tables(season, moment=now)
    return tables


def _adjusted(title, rows):
    """[(row, [(adjustment, its reason in the page's language)])] for the adjusted rows.
    The season's tables hold the English reason: its Swedish is looked up here (one
    query on every title's page, so that the count does not depend on the data)."""
    reasons = {}
    for adjustment in Adjustment.objects.filter(title=title):
        reasons[adjustment.reason_en] = adjustment.reason
        if adjustment.reason_sv:
            reasons[adjustment.reason_sv] = adjustment.reason
    return [
        (row, [(a, reasons.get(a.reason, a.reason)) for a in row.adjustments])
        for row in rows
        if row.adjustments
    ]


def _render_title(request, season, title_slug):
    titles = list(season.titles.all())
    if title_slug is None:  # the standings front page: the season's first title
        if not titles:
            return render(request, "standings/empty.html")
        title = titles[0]
    else:
        title = next((t for t in titles if t.slug == title_slug), None)
    if title is None:
        raise Http404("No such title")
    events = {event.round: event for event in Event.objects.filter(season=season).rounds()}
    tables = _tables(request, season)
    standings = tables.tables[title.slug]
    scales = PointsScale.objects.filter(title=title).order_by("session")
    rows = [
        {
            "row": row,
            "featured": is_featured(row.competitor),
            # None: not entered in that round (no driver of the team, for a team)
            "round_points": [
                row.points_by_round.get(n, 0) if row.entered_in(n) else None
                for n in standings.rounds
            ],
        }
        for row in standings.rows
    ]
    context = {
        "season": season,
        "titles": titles,
        "title": title,
        "rules": describe_title(title, list(scales)),
        "tables": tables,
        "standings": standings,
        "rows": rows,
        "not_entered": any(None in item["round_points"] for item in rows),
        "round_columns": [(n, events.get(n)) for n in standings.rounds],
        "all_rounds": [(n, events.get(n)) for n in tables.rounds],
        "shown_round": standings.rounds[-1] if standings.rounds else None,
        # Results so far of a round still being run (its later sessions had not ended).
        "round_running": bool(standings.rounds) and standings.rounds[-1] not in tables.complete,
        "adjusted": _adjusted(title, standings.rows),
        "chart": progression_chart(standings),
        "round_query": f"?round={tables.after_round}" if tables.after_round else "",
    }
    partial = wants_fragment(request)
    template = "standings/detail.html#standings" if partial else "standings/detail.html"
    return render(request, template, context)


@require_GET
@vary_on_htmx
@reads(*AREAS)
@accepts("round")
def index(request):
    season = Season.objects.current()
    if season is None:
        return render(request, "standings/empty.html")
    return _render_title(request, season, None)


@require_GET
@vary_on_htmx
@reads(*AREAS)
@accepts("round")
def detail(request, season, title):
    return _render_title(request, get_object_or_404(Season, slug=season), title)


@require_GET
@reads(*AREAS)
@accepts("round")
def table_csv(request, season, title):
    season = get_object_or_404(Season, slug=season)
    tables = _tables(request, season)
    if title not in tables.tables:
        return HttpResponse("No such title.\n", status=404, content_type="text/plain")
    response = HttpResponse(
        standings_csv(tables.tables[title]), content_type="text/csv; charset=utf-8"
    )
    suffix = f"-after-round-{tables.after_round}" if tables.after_round else ""
    filename = f"wtcr-{season.slug}-{title}{suffix}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@reads("calendar", "results")
def weekend(request, season=None):
    """How a WTCR weekend works: the format, and the season's points and titles."""
    if season is None:
        season = Season.objects.current()
        if season is None:  # an empty site: the format alone
            return render(request, "standings/weekend.html", {"season": None})
    else:
        season = get_object_or_404(Season, slug=season)
    titles = list(season.titles.all())
    context = {"season": season, "titles": titles, **season_rules(season, titles)}
    return render(request, "standings/weekend.html", context)
