import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from translated_fields import TranslatedField

from drivers.models import Driver, Team
from events.models import MAX_ROUND, Event, Season, Session, english_fallback
from standings.laps import MAX_LAP_MS, MIN_LAP_MS

ROUNDS_PATTERN = r"^(All|\d+(-\d+)?(,\s*\d+(-\d+)?)*)$"
SCALE_PATTERN = r"^(\d+(,\s*\d+)*)?$"


def parse_rounds(text):
    """ "All" -> None (every round); "1-3,7" -> frozenset({1, 2, 3, 7})."""
    text = text.strip()
    if not re.fullmatch(ROUNDS_PATTERN, text):
        raise ValueError(
            _("rounds must be All or a list like 1-3,7, not %(value)s") % {"value": repr(text)}
        )
    if text == "All":
        return None
    rounds = set()
    for part in text.split(","):
        first, _sep, last = part.strip().partition("-")
        low, high = int(first), int(last or first)
        if low < 1 or high < low or high > MAX_ROUND:
            raise ValueError(
                _("rounds run from 1 to %(last)s: %(value)s is not a range")
                % {"last": MAX_ROUND, "value": repr(part.strip())}
            )
        rounds.update(range(low, high + 1))
    return frozenset(rounds)


def validate_rounds(value):
    try:
        parse_rounds(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def parse_scale(text):
    """ "25, 20, 16" -> (25, 20, 16); "" -> () (no points)."""
    return tuple(int(part) for part in text.split(",") if part.strip())


class Title(models.Model):
    class Competitors(models.TextChoices):
        DRIVERS = "drivers", _("Drivers")
        TEAMS = "teams", _("Teams")

    class Eligible(models.TextChoices):
        ALL = "all", _("Everyone")
        JUNIOR = "junior", _("Junior drivers")
        TROPHY = "trophy", _("Trophy drivers")
        FEMALE = "female", _("Women")

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="titles", verbose_name=_("season")
    )
    slug = models.SlugField(_("slug"), max_length=30)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    competitors = models.CharField(
        _("competitors"), max_length=10, choices=Competitors.choices, default=Competitors.DRIVERS
    )
    eligible = models.CharField(
        _("eligible"), max_length=10, choices=Eligible.choices, default=Eligible.ALL
    )
    rerank = models.BooleanField(
        _("re-rank"),
        default=False,
        help_text=_("Rank each session among the eligible classified drivers, then score."),
    )
    fastest_lap = models.PositiveSmallIntegerField(
        _("fastest-lap bonus"), default=0, help_text=_("Points for the fastest lap in each race.")
    )
    fastest_qualifying = models.PositiveSmallIntegerField(
        _("fastest-qualifying bonus"),
        default=0,
        help_text=_("Points for the fastest lap in each event's qualifying."),
    )
    min_entrants = models.PositiveSmallIntegerField(
        _("minimum entrants"),
        default=0,
        help_text=_("Not awarded when fewer eligible drivers are entered in the season."),
    )

    class Meta:
        ordering = ["season", "order", "slug"]
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        constraints = [
            models.UniqueConstraint(fields=["season", "slug"], name="title_unique_slug"),
        ]

    def __str__(self):
        return f"{self.season.slug} {self.name_en}"

    @property
    def name(self):
        return self.name_sv if get_language() == "sv" else self.name_en


class PointsScale(models.Model):
    """Points by scoring place for one session code: season-wide, for one event, or one title."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="points_scales", verbose_name=_("season")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="points_scales",
        verbose_name=_("event"),
        help_text=_("Only for this event (its format differs)."),
    )
    title = models.ForeignKey(
        Title,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="points_scales",
        verbose_name=_("title"),
        help_text=_("Only for this title."),
    )
    session = models.CharField(_("session"), max_length=3, choices=Session.Code.choices)
    values = models.CharField(
        _("points"),
        max_length=200,
        blank=True,
        validators=[RegexValidator(SCALE_PATTERN, _("Whole numbers separated by commas."))],
        help_text=_("Place 1 first, e.g. 25, 20, 16. Empty: no points in this session."),
    )

    class Meta:
        ordering = ["season", "title", "event", "session"]
        verbose_name = _("points scale")
        verbose_name_plural = _("points scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=True) | Q(title__isnull=True),
                name="scale_event_or_title",
            ),
            models.UniqueConstraint(
                fields=["season", "session"],
                condition=Q(event__isnull=True, title__isnull=True),
                name="scale_unique_season",
            ),
            models.UniqueConstraint(
                fields=["event", "session"],
                condition=Q(event__isnull=False),
                name="scale_unique_event",
            ),
            models.UniqueConstraint(
                fields=["title", "session"],
                condition=Q(title__isnull=False),
                name="scale_unique_title",
            ),
        ]

    def __str__(self):
        scope = self.title or self.event or self.season
        return f"{scope} {self.session}: {self.values or '—'}"

    @property
    def scale(self):
        return parse_scale(self.values)


class Entry(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="entries", verbose_name=_("season")
    )
    driver = models.ForeignKey(
        Driver, on_delete=models.PROTECT, related_name="entries", verbose_name=_("driver")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="entries", verbose_name=_("team")
    )
    number = models.PositiveSmallIntegerField(
        _("car number"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    car = models.CharField(_("car"), max_length=100)
    junior = models.BooleanField(_("junior"), default=False)
    trophy = models.BooleanField(_("trophy"), default=False)
    female = models.BooleanField(_("female"), default=False)
    wildcard = models.BooleanField(
        _("wildcard"), default=False, help_text=_("Wildcards score nothing in any title.")
    )
    rounds = models.CharField(
        _("rounds"),
        max_length=100,
        default="All",
        validators=[validate_rounds],
        help_text=_("All, or a list of rounds and ranges: 1-4, 7."),
    )

    class Meta:
        ordering = ["season", "number", "driver__name"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "driver", "number", "wildcard", "rounds"],
                name="entry_unique_identity",
            ),
        ]
        indexes = [models.Index(fields=["season", "number"])]

    def __str__(self):
        number = f"#{self.number} " if self.number is not None else ""
        return f"{number}{self.driver} ({self.team}, {self.rounds})"

    @cached_property
    def round_set(self):
        return parse_rounds(self.rounds)

    @property
    def driver_slug(self):
        return self.driver.slug

    def covers(self, round_number):
        rounds = self.round_set
        return rounds is None or round_number in rounds

    @property
    def flags(self):
        return frozenset(flag for flag in ("junior", "trophy", "female") if getattr(self, flag))


class SessionResult(models.Model):
    class Status(models.TextChoices):
        CLASSIFIED = "classified", _("Classified")
        DNF = "DNF", _("Did not finish")
        NC = "NC", _("Not classified")
        DNS = "DNS", _("Did not start")
        DSQ = "DSQ", _("Disqualified")
        DNQ = "DNQ", _("Did not qualify")
        EX = "EX", _("Excluded")
        WD = "WD", _("Withdrawn")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="results", verbose_name=_("session")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="results", verbose_name=_("entry")
    )
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CLASSIFIED
    )
    # Stored in milliseconds; typed and shown as 1:44.522 (standings.laps).
    best_lap_ms = models.PositiveIntegerField(
        _("best lap"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_LAP_MS), MaxValueValidator(MAX_LAP_MS)],
        help_text=_("Minutes, seconds and thousandths, e.g. 1:44.522."),
    )

    # Who changed a result in the admin, and what it was: a bad edit can be rolled back.
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position", "entry__number"]
        verbose_name = _("session result")
        verbose_name_plural = _("session results")
        constraints = [
            models.UniqueConstraint(fields=["session", "entry"], name="result_unique_entry"),
            models.UniqueConstraint(fields=["session", "position"], name="result_unique_position"),
            models.CheckConstraint(
                condition=(Q(status="classified") & Q(position__gte=1))
                | (~Q(status="classified") & Q(position__isnull=True)),
                name="result_position_iff_classified",
            ),
        ]

    def __str__(self):
        place = self.position if self.position is not None else self.status
        return f"{self.session}: {place} {self.entry.driver}"

    @property
    def classified(self):
        return self.status == self.Status.CLASSIFIED


class Adjustment(models.Model):
    """Points added to (or taken from) a driver or a team in one title, from a round on."""

    title = models.ForeignKey(
        Title, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("title")
    )
    round = models.PositiveSmallIntegerField(_("from round"))
    driver = models.ForeignKey(
        Driver, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("driver")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("team")
    )
    points = models.IntegerField(_("points"), help_text=_("Negative to take points away."))
    # reason_en and reason_sv; `reason` is the one of the active language, else the English.
    reason = TranslatedField(
        models.CharField(_("reason"), max_length=300),
        {"sv": {"blank": True, "help_text": _("Empty: the English reason is shown.")}},
        attrgetter=english_fallback,
    )

    class Meta:
        ordering = ["title", "round", "pk"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        constraints = [
            models.CheckConstraint(
                condition=Q(driver__isnull=False, team__isnull=True)
                | Q(driver__isnull=True, team__isnull=False),
                name="adjustment_driver_xor_team",
            ),
            models.CheckConstraint(condition=~Q(points=0), name="adjustment_not_zero"),
            models.CheckConstraint(condition=~Q(reason_en=""), name="adjustment_has_reason"),
        ]

    def __str__(self):
        return f"{self.title}: {self.driver or self.team} {self.points:+d} ({self.reason})"

    def clean(self):
        if self.title_id is None:
            return
        if self.title.competitors == Title.Competitors.TEAMS and self.driver_id:
            raise ValidationError({"driver": _("This title ranks teams: choose a team.")})
        if self.title.competitors == Title.Competitors.DRIVERS and self.team_id:
            raise ValidationError({"team": _("This title ranks drivers: choose a driver.")})


class ResultBatch(models.Model):
    """One applied change of results: the sessions it touched, each with its results before
    and after, so that it can be undone (standings.batches)."""

    class Kind(models.TextChoices):
        TYPED = "typed", _("typed in")
        SESSION_FILE = "session-file", _("session file uploaded")
        SEASON_FILE = "season-file", _("results file uploaded")
        COMMAND = "command", _("results file imported (import_results)")
        UNDO = "undo", _("undo")

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="result_batches", verbose_name=_("season")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("source"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("file"), max_length=255, blank=True)
    # The preview an applied change came from: a second submit of the same preview finds it.
    token = models.CharField(max_length=64, blank=True, editable=False)
    undoes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="undone_by_batch",
        verbose_name=_("undoes"),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("results change")
        verbose_name_plural = _("results changes")
        constraints = [
            models.UniqueConstraint(
                fields=["token"], condition=~Q(token=""), name="result_batch_unique_token"
            ),
        ]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.created_at), "j F Y H:i")
        return gettext("%(what)s (%(when)s)") % {"what": self.what, "when": when}

    @property
    def what(self):
        """The sessions it changed, in words: "Race 1, Race of Portugal" or "3 sessions"."""
        sessions = list(self.sessions.all())
        if len(sessions) == 1:
            what = sessions[0].name
        else:
            what = ngettext("%(n)d session", "%(n)d sessions", len(sessions)) % {"n": len(sessions)}
        if self.kind == self.Kind.UNDO:
            return gettext("Undo: %(what)s") % {"what": what}
        return what


class ResultBatchSession(models.Model):
    """A session a batch changed, with its results before and after (lists of
    {"entry", "number", "driver", "position", "status", "best_lap_ms"})."""

    batch = models.ForeignKey(
        ResultBatch, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("change")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        related_name="result_batches",
        verbose_name=_("session"),
    )
    # What the session was, should it be deleted since.
    label = models.CharField(_("session"), max_length=300)
    before = models.JSONField(_("results before"), default=list)
    after = models.JSONField(_("results after"), default=list)

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("session changed")
        verbose_name_plural = _("sessions changed")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """ "Race 1, Race of Portugal", in the active language."""
        if self.session is None:
            return self.label
        return session_name(self.session)


def session_name(session):
    """ "Race 1, Race of Portugal" (the session and its event, in the active language)."""
    return gettext("%(session)s, %(event)s") % {
        "session": session.get_code_display(),
        "event": session.event.name,
    }
