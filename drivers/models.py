from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# The two drivers the site is about: highlighted in every table.
FEATURED_DRIVERS = ("andreas-backman", "jessica-backman")


def name_slug(name):
    """ "Jessica Bäckman" -> "jessica-backman" (the season files find drivers this way)."""
    return slugify(name.replace("ß", "ss"), allow_unicode=False) or slugify(
        name, allow_unicode=True
    )


class Driver(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, help_text=_("Three-letter code, e.g. SWE.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="driver_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_featured(self):
        return self.slug in FEATURED_DRIVERS


class Team(models.Model):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name = models.CharField(
        _("entrant name"), max_length=200, unique=True, help_text=_("As entered in the season.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name
