from django.db import models


class ContentVersion(models.Model):
    """One row whose token changes with every change to what public pages show.

    Cached pages are filed under the token, so a new token retires them all at once, in
    every process and on every server that reads this database."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
