import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

from delivery.locking import Versioned
from drivers.models import Driver
from events.models import Event
from images.fields import PublicImageField

# What the editor offers is what the sanitiser keeps: nh3 drops everything else on save.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


class SanitizedBodyField(ProseEditorField):
    """Rich text cleaned by nh3 whenever it is saved, through a form or not."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("extensions", None)
        kwargs.pop("sanitize", None)
        return name, "news.models.SanitizedBodyField", args, kwargs


class Rights(models.TextChoices):
    FREE = "free", _("Free to use")
    EDITORIAL = "editorial", _("Free for editorial use")
    ASK = "ask", _("Ask the press office before use")


class PhotoQuerySet(models.QuerySet):
    def public(self, now=None):
        """In the library, and not only the picture of articles still to come."""
        unreleased = Photo.objects.filter(articles__isnull=False).exclude(
            articles__publish_at__lte=now or timezone.now()
        )
        return self.filter(in_library=True).exclude(pk__in=unreleased)


class Photo(Versioned):
    """A picture in the press library, with the credit and rights journalists need."""

    # Stored without location or camera data, under a random name, its web sizes in
    # `renditions`; its files go when it is replaced or deleted (images.fields).
    image = PublicImageField(
        _("image"),
        upload_to="photos/",
        width_field="width",
        height_field="height",
        renditions_field="renditions",
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB and 40 megapixels. "
            "Location and camera data are removed when it is saved."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    alt = TranslatedField(
        models.CharField(
            _("text alternative"),
            max_length=300,
            help_text=_("What the photo shows, for readers who cannot see it."),
        ),
        attrgetter=fallback_to_any,
    )
    caption = TranslatedField(
        models.CharField(_("caption"), max_length=500, blank=True), attrgetter=fallback_to_any
    )
    credit = models.CharField(_("credit"), max_length=200, help_text=_("E.g. FIA WTCR."))
    rights = models.CharField(
        _("usage rights"), max_length=20, choices=Rights.choices, default=Rights.EDITORIAL
    )
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    drivers = models.ManyToManyField(
        Driver, blank=True, related_name="photos", verbose_name=_("drivers")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("event"),
    )
    is_placeholder = models.BooleanField(
        _("placeholder"), default=False, help_text=_("Made by the site, not a real photo.")
    )
    in_library = models.BooleanField(
        _("in the press library"), default=True, help_text=_("Listed in the press room.")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.alt or self.image.name

    @property
    def download_name(self):
        """A file name for the download link, from the caption: the stored one is random."""
        extension = posixpath.splitext(self.image.name)[1]
        return f"{slugify(self.caption or self.alt)[:80].strip('-') or 'photo'}{extension}"


def publication_moments(now):
    """The moments after `now` at which scheduled articles go live (registered with the
    cache layer in `NewsConfig.ready`)."""
    return sorted(Article.objects.filter(publish_at__gt=now).values_list("publish_at", flat=True))


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to everyone: its publication time has come."""
        return self.filter(publish_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(publish_at__gt=now or timezone.now())

    def drafts(self):
        return self.filter(publish_at__isnull=True)

    def in_language(self, language=None):
        return self.filter(language=language or translation.get_language())

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


def press_staff():
    """The accounts that may sign articles: active staff allowed to change articles (the
    press office's group, a permission of their own, or a superuser)."""
    from django.contrib.auth import get_user_model

    may_write = {"codename": "change_article", "content_type__app_label": "news"}
    allowed = (
        Q(is_superuser=True)
        | Q(**{f"groups__permissions__{k}": v for k, v in may_write.items()})
        | Q(**{f"user_permissions__{k}": v for k, v in may_write.items()})
    )
    writers = get_user_model().objects.filter(allowed, is_active=True, is_staff=True)
    return get_user_model().objects.filter(pk__in=writers.values("pk"))


class Author(models.Model):
    """The name an account's articles are signed with, as the press office sets it. An
    account without one signs nothing: its login name and the names on the account are
    never printed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="byline",
        verbose_name=_("account"),
    )
    name = models.CharField(
        _("byline"),
        max_length=100,
        help_text=_(
            "The name printed on the articles, in the feeds and for search engines. Never "
            "the login name."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def clean(self):
        self.name = self.name.strip()
        if self.user_id and self.name.casefold() == self.user.get_username().casefold():
            raise ValidationError(
                {"name": _("A byline must not be the login name: it would tell it to everyone.")}
            )


class Article(Versioned):
    class Category(models.TextChoices):
        PRESS_RELEASE = "press-release", _("Press release")
        NEWS = "news", _("News")
        RACE_REPORT = "race-report", _("Race report")

    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("The article's address; unique per language.")
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences for lists and feeds.")
    )
    body = SanitizedBodyField(_("text"), blank=True)
    translation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The same article in the other language."),
    )
    hero = models.ForeignKey(
        Photo,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("main photo"),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.NEWS
    )
    drivers = models.ManyToManyField(
        Driver, blank=True, related_name="articles", verbose_name=_("drivers")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("event"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Empty: a draft. In the future: published by itself at that time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Who saved it last, from the admin (its history names everyone); shown to colleagues
    # who open it afterwards.
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "version", "last_saved_by"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("publish_at").desc(nulls_first=True), "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="article_unique_slug"),
        ]
        indexes = [models.Index(fields=["language", "publish_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("news:detail", args=[self.slug])

    def clean(self):
        if self.translation_id and self.translation.language == self.language:
            raise ValidationError(
                {"translation": _("A translation is written in the other language.")}
            )

    @property
    def status(self):
        if self.publish_at is None:
            return "draft"
        return "published" if self.publish_at <= timezone.now() else "scheduled"

    def get_preview_url(self):
        with translation.override(self.language):
            return reverse("news:preview", args=[self.pk])

    @property
    def byline(self):
        """The name the article is signed with, or "" (no author, or one without a byline)."""
        if self.author is None:
            return ""
        try:
            return self.author.byline.name
        except Author.DoesNotExist:
            return ""


class PressContact(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = TranslatedField(
        models.CharField(_("role"), max_length=200, blank=True), attrgetter=fallback_to_any
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return self.name
