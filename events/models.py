import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedField, to_attribute

from delivery.locking import Versioned

# A season has at most this many rounds (calendars and entries' round lists).
MAX_ROUND = 99


def english_fallback(name, field):
    """A TranslatedField getter: the active language's value, else the English. Without an
    active language (management commands speak English), the English."""

    def getter(self):
        language = get_language()
        if language in field.languages and (value := getattr(self, to_attribute(name, language))):
            return value
        return getattr(self, to_attribute(name, "en"))

    return getter


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone."), params={"value": value})


class SeasonQuerySet(models.QuerySet):
    def current(self):
        """The newest season, or None."""
        return self.order_by("-slug").first()


class Season(models.Model):
    slug = models.SlugField(_("slug"), max_length=20, unique=True, help_text=_("E.g. 2021."))
    name = models.CharField(_("name"), max_length=200)
    broadcasters = models.JSONField(
        _("broadcasters"), default=list, blank=True, help_text=_('E.g. ["Eurosport", "Kanal 9"].')
    )
    notes_en = models.TextField(
        _("notes (English)"), blank=True, help_text=_("Shown on the standings pages.")
    )
    notes_sv = models.TextField(
        _("notes (Swedish)"), blank=True, help_text=_("Shown on the standings pages.")
    )

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["-slug"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")

    def __str__(self):
        return self.name

    @property
    def notes(self):
        return self.notes_sv if get_language() == "sv" else self.notes_en


class Circuit(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=3, help_text=_("ISO 3166 three-letter code, e.g. DEU.")
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("IANA time zone of the circuit, e.g. Europe/Berlin."),
    )
    length_km = models.DecimalField(
        _("length (km)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    corners = models.PositiveSmallIntegerField(_("corners"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("circuit")
        verbose_name_plural = _("circuits")
        constraints = [
            models.CheckConstraint(
                condition=Q(length_km__isnull=True) | Q(length_km__gt=0),
                name="circuit_length_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)


class EventQuerySet(models.QuerySet):
    def rounds(self):
        """Events that count as rounds: not cancelled, with a round number."""
        return self.exclude(status=Event.Status.CANCELLED).filter(round__isnull=False)

    def by_reference(self, reference):
        """ "2021/germany" (season slug / event slug) -> that event, or None."""
        season, _slash, slug = (reference or "").partition("/")
        return self.filter(season__slug=season, slug=slug).first() if slug else None


class Event(Versioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="events", verbose_name=_("season")
    )
    slug = models.SlugField(_("slug"), max_length=50)
    # name_en and name_sv; `name` is the one of the active language, the English when the
    # Swedish is empty.
    name = TranslatedField(
        models.CharField(_("name"), max_length=200),
        {"sv": {"blank": True, "help_text": _("Empty: the English name is shown.")}},
        attrgetter=english_fallback,
    )
    circuit = models.ForeignKey(
        Circuit, on_delete=models.PROTECT, related_name="events", verbose_name=_("circuit")
    )
    round = models.PositiveSmallIntegerField(
        _("round"), null=True, blank=True, help_text=_("Empty for a cancelled event.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text=_(
            "Postponed: the event will be run later, on dates not known yet. Cancelled: it "
            "will not be run (empty its round). To move it, change its dates."
        ),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The cancelled event this one took the place of."),
    )
    previous_start_date = models.DateField(
        _("previous start date"),
        null=True,
        blank=True,
        help_text=_(
            "For a moved event: its first day as first planned. Filled in by itself when you "
            "change the dates and this is empty; the calendar then says “moved from …”. Empty "
            "it if the new dates only correct a mistake."
        ),
    )
    previous_end_date = models.DateField(
        _("previous end date"),
        null=True,
        blank=True,
        help_text=_("For a moved event: its last day as first planned."),
    )
    announced_on = models.DateField(
        _("announced on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the change (cancellation, postponement, move, replacement, or the "
            "event's addition to the calendar) was made public. Readers see the change from "
            "that day on; before it, the event as it was. Left empty when you change the "
            "status or the dates, it becomes today's date."
        ),
    )
    # Grows by one with each save that changes the event's dates, status or sessions, so
    # that calendar apps replace their copy (iCalendar SEQUENCE). Only `events.revisions`
    # writes it (an UPDATE adding one): a save of the event never writes it back.
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_(
            "Goes up by one with each saved change of the dates, the status or the sessions: "
            "calendar apps then replace their copy of the event."
        ),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        # A cancelled event (no round) before the one that replaced it, on every database.
        ordering = ["season", "start_date", F("round").asc(nulls_first=True), "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["season", "slug"], name="event_unique_slug"),
            models.UniqueConstraint(fields=["season", "round"], name="event_unique_round"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_dates_ordered",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(round__isnull=True),
                name="event_cancelled_has_no_round",
                violation_error_message=_(
                    "A cancelled event has no round: empty “Round” (and renumber the "
                    "events after it if the season's rounds change)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(round__isnull=True) | Q(round__gte=1),
                name="event_round_positive",
                violation_error_message=_("A round is 1 or more."),
            ),
        ]
        indexes = [models.Index(fields=["season", "status"])]

    def __str__(self):
        return f"{self.season.slug} {self.name}"

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # The revision is counted by events.revisions, in the database: a save of an
            # instance read before it went up must not take it back.
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "sequence"
            ]
        return super().save(*args, update_fields=update_fields, **kwargs)


class Session(Versioned):
    class Code(models.TextChoices):
        FP1 = "FP1", _("Free practice 1")
        FP2 = "FP2", _("Free practice 2")
        Q = "Q", _("Qualifying")
        Q1 = "Q1", _("Qualifying 1")
        Q2 = "Q2", _("Qualifying 2")
        Q3 = "Q3", _("Qualifying 3")
        R1 = "R1", _("Race 1")
        R2 = "R2", _("Race 2")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    code = models.CharField(_("session"), max_length=3, choices=Code.choices)
    start_date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Local date at the circuit, when known.")
    )
    starts_at = models.DateTimeField(
        _("starts at"),
        null=True,
        blank=True,
        help_text=_("Start time, when known (stored in UTC)."),
    )
    duration_min = models.PositiveSmallIntegerField(_("duration (min)"), null=True, blank=True)
    finished_by = models.DateTimeField(
        _("finished by"),
        null=True,
        blank=True,
        help_text=_(
            "When no start time is known: the moment the session is known to have finished by "
            "(stored in UTC). Its results are shown from then on."
        ),
    )

    class Meta:
        ordering = ["event", "code"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="session_unique_code"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(start_date__isnull=False),
                name="session_time_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.event} {self.code}"


class EventChange(models.Model):
    """One save's changes of an event's status, dates or sessions, kept as its history
    (written by `events.revisions`; shown in words by `events.history`)."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("admin")
        IMPORT = "import", _("season folder import")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="changes", verbose_name=_("event")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    source = models.CharField(_("made in"), max_length=20, choices=Source.choices, blank=True)
    # [{"field": …, "old": …, "new": …}, {"session": "Q", "field": "starts_at", …}, …]:
    # see events.revisions.
    changes = models.JSONField(_("what changed"), default=list, blank=True)
    # The words of a change recorded before `changes` existed.
    description = models.CharField(_("change"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "-changed_at", "-pk"]
        verbose_name = _("event change")
        verbose_name_plural = _("event changes")

    def __str__(self):
        from events.history import lines

        return f"{self.event}: {'; '.join(lines(self))}"
