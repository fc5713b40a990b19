from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WtcrsiteConfig(AppConfig):
    """The project package as an app: base templates, staff roles, demo, backup and restore
    commands."""

    name = "wtcrsite"
    verbose_name = "Bäckman WTCR"

    def ready(self):
        from wtcrsite import roles

        roles.connect()


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that opens on the staff home page."""

    default = False  # WtcrsiteConfig is this module's app

    default_site = "wtcrsite.admin_site.StaffAdminSite"
