from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandingsConfig(AppConfig):
    name = "standings"
    verbose_name = _("Standings")

    def ready(self):
        from delivery import areas, pagecache
        from drivers import records
        from events import pages
        from standings import event_results
        from standings import records as season_records
        from standings.models import Adjustment, Entry, PointsScale, SessionResult, Title

        areas.register("results", models=[Title, PointsScale, Entry, SessionResult, Adjustment])
        # Drivers' and event pages read results through these, never importing standings.
        records.provide(season_records.SeasonRecords())
        pages.add_section("results", event_results.section)
        # Standings after a round; an event page's chosen classification.
        pagecache.query_parameters("round", "session")
