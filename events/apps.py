from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Calendar")

    def ready(self):
        from delivery import areas
        from events import revisions
        from events.changes import moments_after
        from events.models import Circuit, Event, EventChange, Season, Session

        areas.register(
            "calendar",
            models=[Season, Circuit, Event, EventChange, Session],
            moments=moments_after,
        )
        revisions.connect()
