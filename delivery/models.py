from django.db import models


class ContentArea(models.Model):
    """One area of content (calendar, results, drivers, news) and its version.

    The version goes up by one when a transaction that changed the area commits
    (`delivery.areas`); cached pages and computed tables are filed under the versions of
    the areas they read. This table is the source of truth; the shared cache holds a copy."""

    name = models.CharField(max_length=32, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "content area"

    def __str__(self):
        return f"{self.name} v{self.version}"
