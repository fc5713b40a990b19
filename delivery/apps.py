from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DeliveryConfig(AppConfig):
    """How pages reach readers: the site clock, content areas and their versions, the
    page cache, htmx fragments. Knows no other app: apps register with it."""

    name = "delivery"
    verbose_name = "Delivery"

    def ready(self):
        post_migrate.connect(_on_migrate, sender=self, dispatch_uid="delivery-migrate")


def _on_migrate(sender, using="default", **kwargs):
    """A release (migrate runs with each) may change any page's markup and static file
    names: every area's version goes up."""
    from django.db import connections

    from delivery import areas
    from delivery.models import ContentArea

    # Not when the release is taken back (`migrate delivery zero`): the table is gone.
    if ContentArea._meta.db_table in connections[using].introspection.table_names():
        areas.bump(*areas.names())
