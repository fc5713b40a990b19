from django.apps import AppConfig


class WtcrsiteConfig(AppConfig):
    """The project package as an app: base templates, demo setup command."""

    name = "wtcrsite"
    verbose_name = "Bäckman WTCR"

    def ready(self):
        from wtcrsite import pagecache

        pagecache.connect_signals()
