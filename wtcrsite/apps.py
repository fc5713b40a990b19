from django.apps import AppConfig


class WtcrsiteConfig(AppConfig):
    """The project package as an app: base templates, staff roles, demo, backup and restore
    commands."""

    name = "wtcrsite"
    verbose_name = "Bäckman WTCR"

    def ready(self):
        from wtcrsite import roles

        roles.connect()
