"""The admin site: Django's, opening on the staff home page (wtcrsite.staff_home)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class StaffAdminSite(admin.AdminSite):
    site_header = _("Bäckman WTCR · site staff")  # the press office, results, calendar
    site_title = _("Bäckman WTCR admin")
    index_title = _("This week")

    def index(self, request, extra_context=None):
        from wtcrsite import staff_home

        return super().index(request, {**staff_home.context(request), **(extra_context or {})})
