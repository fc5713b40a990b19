from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DriversConfig(AppConfig):
    name = "drivers"
    verbose_name = _("Drivers")

    def ready(self):
        from delivery import areas
        from drivers.models import CareerSeason, Driver, Milestone, Team

        # A profile shows the driver's age, which changes at midnight.
        areas.register(
            "drivers",
            models=[Driver, Team, CareerSeason, Milestone],
            moments=areas.local_midnights,
        )
