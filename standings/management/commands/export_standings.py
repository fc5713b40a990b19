"""Print a championship table as CSV: position,name,points, in table order.

    python manage.py export_standings 2021 drivers [--after-round 4]

A title that is not awarded prints the header only, says why on standard error,
and exits 0.
"""

from django.core.management.base import BaseCommand, CommandError

from events.models import Season
from standings.tables import season_tables, standings_csv


class Command(BaseCommand):
    help = (
        "Print a title's standings as CSV (position,name,points), computed from the results. "
        "A title that is not awarded prints the header only and the reason on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("season", help="Season slug, e.g. 2021.")
        parser.add_argument("title", help="Title slug: drivers, teams, junior, trophy, female…")
        parser.add_argument(
            "--after-round",
            type=int,
            metavar="N",
            help="The table after round N: the last round with results up to N (default: all).",
        )

    def handle(self, season, title, after_round=None, **options):
        season_obj = Season.objects.filter(slug=season).first()
        if season_obj is None:
            raise CommandError(f"No season {season!r}.")
        titles = list(season_obj.titles.values_list("slug", flat=True))
        if title not in titles:
            raise CommandError(f"No title {title!r} in {season}; choose from {', '.join(titles)}.")
        if after_round is not None and after_round < 1:
            raise CommandError("--after-round must be 1 or more.")
        tables = season_tables(season_obj, after_round=after_round)
        standings = tables.tables[title]
        self.stdout.write(standings_csv(standings), ending="")
        if not standings.awarded:
            entered = standings.eligible_entrants
            self.stderr.write(
                f"{title} is not awarded in {season}: it needs at least "
                f"{standings.min_entrants} eligible drivers entered, and "
                f"{entered} {'was' if entered == 1 else 'were'}."
            )
