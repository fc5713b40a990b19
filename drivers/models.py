import datetime
import posixpath
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

from delivery.locking import Versioned
from events.models import Event, Season
from images.fields import PublicImageField

# The two drivers the site is about: highlighted in every table.
FEATURED_DRIVERS = ("andreas-backman", "jessica-backman")

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #0a4d8c."))


def name_slug(name):
    """ "Jessica Bäckman" -> "jessica-backman" (the season files find drivers this way)."""
    return slugify(name.replace("ß", "ss"), allow_unicode=False) or slugify(
        name, allow_unicode=True
    )


def age_on(birth_date, day):
    """Whole years from `birth_date` to `day` (a 29 February birthday counts on 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


class DriverQuerySet(models.QuerySet):
    def featured(self):
        return self.filter(slug__in=FEATURED_DRIVERS).order_by("name")


class Driver(Versioned):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, help_text=_("Three-letter code, e.g. SWE.")
    )
    birth_date = models.DateField(
        _("birth date"),
        null=True,
        blank=True,
        help_text=_("Only when a source states it; the age on the profile is computed from it."),
    )
    home_town = models.CharField(_("home town"), max_length=100, blank=True)
    bio = TranslatedField(
        models.TextField(
            _("biography"), blank=True, help_text=_("Paragraphs split by a blank line.")
        ),
        attrgetter=fallback_to_any,
    )
    siblings = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("siblings"),
        help_text=_("Brothers and sisters in the same series: their profiles compare them."),
    )
    # Stored without location or camera data, under a random name, its web sizes in
    # `portrait_renditions`; its files go when it is replaced or deleted (images.fields).
    portrait = PublicImageField(
        _("portrait"),
        upload_to="portraits/",
        blank=True,
        renditions_field="portrait_renditions",
        help_text=_(
            "JPEG, PNG or WebP. Location and camera data are removed and web sizes are made "
            "when it is saved."
        ),
    )
    portrait_renditions = models.JSONField(default=list, blank=True, editable=False)
    portrait_alt = TranslatedField(
        models.CharField(
            _("portrait text alternative"),
            max_length=300,
            blank=True,
            help_text=_("What the photo shows, for readers who cannot see it."),
        ),
        attrgetter=fallback_to_any,
    )
    portrait_credit = models.CharField(
        _("portrait credit"), max_length=200, blank=True, help_text=_("E.g. FIA WTCR.")
    )
    portrait_rights = TranslatedField(
        models.CharField(
            _("portrait usage rights"),
            max_length=300,
            blank=True,
            help_text=_("E.g. Free to use for editorial purposes."),
        ),
        attrgetter=fallback_to_any,
    )
    portrait_is_placeholder = models.BooleanField(
        _("placeholder portrait"),
        default=False,
        help_text=_("Made by the site until a real photo is uploaded."),
    )

    objects = DriverQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="driver_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__gte=datetime.date(1900, 1, 1)),
                name="driver_birth_date_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_featured(self):
        return self.slug in FEATURED_DRIVERS

    @property
    def portrait_download_name(self):
        """A file name for the press kit's download link: the stored one is random."""
        return f"{self.slug}-portrait{posixpath.splitext(self.portrait.name)[1]}"

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split() if part[:1].isalpha()).upper()

    def age(self, today):
        return age_on(self.birth_date, today) if self.birth_date else None

    @property
    def bio_paragraphs(self):
        # Browsers send textarea line breaks as \r\n.
        return [part.strip() for part in re.split(r"\r?\n\s*\r?\n", self.bio) if part.strip()]

    @property
    def bio_language(self):
        """The language the bio is shown in: the page's, or the other one's as a fallback."""
        current = get_language() or "sv"
        if getattr(self, f"bio_{current}", ""):
            return current
        return next((code for code in ("sv", "en") if getattr(self, f"bio_{code}")), current)


class Team(models.Model):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name = models.CharField(
        _("entrant name"), max_length=200, unique=True, help_text=_("As entered in the season.")
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#334155",
        validators=[colour_validator],
        help_text=_("Background of placeholder portraits, e.g. #0a4d8c."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class CareerSeason(models.Model):
    """One line of a driver's career: a series in a year (or a span of years)."""

    driver = models.ForeignKey(
        Driver, on_delete=models.CASCADE, related_name="career", verbose_name=_("driver")
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Empty for a single year.")
    )
    series = models.CharField(_("series"), max_length=100)
    team = models.CharField(_("team"), max_length=200, blank=True)
    result = TranslatedField(
        models.CharField(_("result"), max_length=300, blank=True),
        attrgetter=fallback_to_any,
    )
    season = models.ForeignKey(
        Season,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("season on this site"),
        help_text=_("A season with results here: the profile then shows the computed result."),
    )
    note = TranslatedField(
        models.CharField(
            _("season note"),
            max_length=300,
            blank=True,
            help_text=_(
                "For a season on this site that the driver raced only in part: ends the "
                "profile's sentence naming the rounds raced, e.g. “then stepped out for the "
                "rest of the season”. Shown once a later round has results."
            ),
        ),
        attrgetter=fallback_to_any,
    )

    class Meta:
        ordering = ["driver", F("first_year").asc(nulls_first=True), "last_year", "pk"]
        verbose_name = _("career season")
        verbose_name_plural = _("career")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(first_year__lte=F("last_year")),
                name="career_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.driver} {self.years} {self.series}"

    @property
    def years(self):
        if self.first_year is None:
            return ""
        if self.last_year and self.last_year != self.first_year:
            return f"{self.first_year}\N{EN DASH}{self.last_year}"
        return str(self.first_year)


class MilestoneQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-date", "slug")


class Milestone(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("Landmark")  # the title says what was first
        WIN = "win", _("Win")
        PODIUM = "podium", _("Podium")
        POLE = "pole", _("Pole position")
        TITLE = "title", _("Title")
        DEBUT = "debut", _("Debut")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Its anchor: /milestones/#slug.")
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("When only the year is known, enter 1 January of it and choose Year."),
    )
    series = models.CharField(_("series"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = TranslatedField(
        models.CharField(_("title"), max_length=200, blank=True), attrgetter=fallback_to_any
    )
    caption = TranslatedField(
        models.TextField(_("caption"), blank=True), attrgetter=fallback_to_any
    )
    drivers = models.ManyToManyField(Driver, related_name="milestones", verbose_name=_("drivers"))
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
        help_text=_("The event on this site where it happened, if any."),
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "slug"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_sv="") | ~Q(title_en=""), name="milestone_has_title"
            ),
        ]
        indexes = [models.Index(fields=["-date"])]

    def __str__(self):
        return f"{self.date.year} {self.title}"

    def clean(self):
        if not (self.title_sv or self.title_en):
            raise ValidationError(_("Give the milestone a title in at least one language."))

    @property
    def anchor(self):
        return f"milestone-{self.slug}"
