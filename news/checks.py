from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """In production the press kit prints the site's public address, never the address a
    request happened to name (settings.public_address)."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        checks.Warning(
            "DJANGO_SITE_URL is not set and the first of DJANGO_ALLOWED_HOSTS is not a public "
            "host name: the press kit, its PDF and its photos' credits print the host each "
            "request names.",
            hint="Set DJANGO_SITE_URL to the site's public address, e.g. https://backman.example.",
            id="news.W001",
        )
    ]
