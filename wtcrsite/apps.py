from django.apps import AppConfig


class WtcrsiteConfig(AppConfig):
    """The project package as an app: base templates, demo, backup and restore commands."""

    name = "wtcrsite"
    verbose_name = "Bäckman WTCR"
