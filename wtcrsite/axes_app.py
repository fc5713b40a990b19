"""django-axes under a name staff can read: the admin lists its models (superusers only)
under "Sign-in lockouts" rather than "Axes"."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Sign-in lockouts")
