from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from translated_fields.admin import TranslatedFieldAdmin

from delivery.locking import VersionConflict
from delivery.locking_admin import ConcurrentEditAdmin
from news.models import Article, Author, Photo, PressContact, press_staff


def press_staff_field(field, keep=None):
    """A choice of press staff only (and `keep`, the account chosen already: a former
    colleague stays the author of what they wrote), labelled with their bylines."""
    staff = press_staff()
    if keep is not None:
        staff = field.queryset.filter(Q(pk__in=staff.values("pk")) | Q(pk=keep))
    field.queryset = staff.select_related("byline").order_by("username")
    field.label_from_instance = _account_label
    return field


def _account_label(user):
    try:
        byline = user.byline.name
    except Author.DoesNotExist:
        byline = _("no byline")
    return f"{user.get_username()} ({byline})"


def _stored(model, request, field):
    """The value of `field` stored on the object the admin page edits, or None."""
    object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
    if object_id is None:
        return None
    return model._default_manager.filter(pk=object_id).values_list(field, flat=True).first()


def thumbnail(photo):
    if photo is None or not photo.renditions:
        return "\N{EN DASH}"
    smallest = photo.renditions[0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" class="admin-thumbnail">',
        default_storage.url(smallest["name"]),
        smallest["width"] // 2,
        smallest["height"] // 2,
    )


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
        return queryset


@admin.register(Article)
class ArticleAdmin(ConcurrentEditAdmin, SimpleHistoryAdmin):
    list_display = ["title", "language", "category", "status_badge", "publish_at", "hero_image"]
    list_filter = [StatusFilter, "language", "category", "drivers", "event"]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation", "hero", "drivers", "event"]
    readonly_fields = ["preview_link"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["language", "title", "slug", "category", "summary", "body"]}),
        (_("Publishing"), {"fields": ["publish_at", "author", "preview_link"]}),
        (_("Links"), {"fields": ["hero", "drivers", "event", "translation"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("hero")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            return self._saved_at_the_same_moment(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "author":
            press_staff_field(field, keep=_stored(Article, request, "author"))
        return field

    @admin.display(description=_("status"), ordering="publish_at")
    def status_badge(self, article):
        return {"draft": _("Draft"), "scheduled": _("Scheduled"), "published": _("Published")}[
            article.status
        ]

    @admin.display(description=_("photo"))
    def hero_image(self, article):
        return thumbnail(article.hero)

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return _("Save the article to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            article.get_preview_url(),
            _("Preview as it will appear"),
        )

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected articles now"), permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        changed = _set_publish_at(queryset.exclude(publish_at__lte=now), now)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected articles (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = _set_publish_at(queryset.exclude(publish_at__isnull=True), None)
        self.message_user(
            request,
            ngettext("%d article back to draft.", "%d articles back to draft.", changed) % changed,
            messages.SUCCESS,
        )


@admin.register(Photo)
class PhotoAdmin(ConcurrentEditAdmin, TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["__str__", "preview", "credit", "rights", "taken_on", "in_library"]
    list_filter = ["rights", "in_library", "is_placeholder", "drivers", "event"]
    search_fields = ["caption_sv", "caption_en", "alt_sv", "alt_en", "credit"]
    date_hierarchy = "taken_on"
    autocomplete_fields = ["drivers", "event"]
    readonly_fields = ["preview", "size"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "size"]}),
        (_("Text"), {"fields": [("alt_sv", "alt_en"), ("caption_sv", "caption_en")]}),
        (_("Credit and rights"), {"fields": ["credit", "rights", "taken_on"]}),
        (_("Links"), {"fields": ["drivers", "event", "in_library", "is_placeholder"]}),
    ]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("size"))
    def size(self, photo):
        return (
            f"{photo.width} \N{MULTIPLICATION SIGN} {photo.height}"
            if photo.width
            else "\N{EN DASH}"
        )


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "user"]
    search_fields = ["name"]
    fields = ["user", "name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            press_staff_field(field, keep=_stored(Author, request, "user"))
        return field


@admin.register(PressContact)
class PressContactAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["name", "role", "email", "phone", "order"]
    list_editable = ["order"]
    fields = ["name", ("role_sv", "role_en"), "email", "phone", "order"]


def _set_publish_at(articles, moment):
    """Saves each article with `moment` as its publication time (one by one, so that history
    and the page cache see every change); returns how many."""
    changed = 0
    for article in articles:
        article.publish_at = moment
        article.save(update_fields=["publish_at", "updated_at"])
        changed += 1
    return changed
