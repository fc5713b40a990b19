from django.apps import AppConfig


class WtcrsiteConfig(AppConfig):
    """The project package as an app: base templates, demo, backup and restore commands."""

    name = "wtcrsite"
    verbose_name = "Bäckman WTCR"

    def ready(self):
        from wtcrsite import checks  # noqa: F401  (registers the system checks)
