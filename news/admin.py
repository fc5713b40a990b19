import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from translated_fields.admin import TranslatedFieldAdmin

from delivery.locking import VersionConflict
from delivery.locking_admin import ConcurrentEditAdmin
from events.pickers import EventFilter, EventPicker
from news import publishing
from news.forms import ArticleForm
from news.models import Article, Author, Photo, PressContact, press_staff


def press_staff_field(field, keep=None, label=None):
    """A choice of press staff only (and `keep`, the account chosen already: a former
    colleague stays the author of what they wrote), labelled by `label(user)`: by default
    the login name and the byline."""
    staff = press_staff()
    if keep is not None:
        staff = field.queryset.filter(Q(pk__in=staff.values("pk")) | Q(pk=keep))
    field.queryset = staff.select_related("byline").order_by("username")
    field.label_from_instance = label or _account_label
    return field


def _account_label(user):
    try:
        byline = user.byline.name
    except Author.DoesNotExist:
        byline = gettext("no byline")
    return f"{user.get_username()} ({byline})"


def _author_label(user):
    """An author as the articles will be signed: the byline, else who it is and that their
    articles are unsigned (a login name is never a byline)."""
    try:
        return user.byline.name
    except Author.DoesNotExist:
        name = user.get_full_name() or user.get_username()
        return gettext("%(name)s (no byline yet: signs nothing)") % {"name": name}


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
            ("draft", pgettext_lazy("article", "Draft")),
            ("scheduled", pgettext_lazy("article", "Scheduled")),
            ("published", pgettext_lazy("article", "Published")),
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


def editor_labels():
    """The text editor's words in the admin's language, by the English the editor uses
    (its toolbar's titles, its dialogs'): static/js/admin/editor-labels.js puts them in."""
    heading, subheading, paragraph = (
        pgettext("text editor", "Heading"),
        pgettext("text editor", "Subheading"),
        pgettext("text editor", "Paragraph"),
    )
    return {
        "heading 2": heading,
        "Heading 2": heading,
        "heading 3": subheading,
        "Heading 3": subheading,
        "paragraph": paragraph,
        "Paragraph": paragraph,
        "bold": pgettext("text editor", "Bold"),
        "italic": pgettext("text editor", "Italic"),
        "unordered list": pgettext("text editor", "Bulleted list"),
        "ordered list": pgettext("text editor", "Numbered list"),
        "blockquote": pgettext("text editor", "Quote"),
        "insert link": pgettext("text editor", "Insert link"),
        "remove link": pgettext("text editor", "Remove link"),
        "undo": pgettext("text editor", "Undo"),
        "redo": pgettext("text editor", "Redo"),
        "Edit Link": pgettext("text editor", "Edit link"),
        "URL": pgettext("text editor", "Address (URL)"),
        "Title": pgettext("text editor", "Title (shown when pointing at the link)"),
        "Update": pgettext("text editor", "OK"),
        "Cancel": pgettext("text editor", "Cancel"),
        "List properties": pgettext("text editor", "List settings"),
        "List type": pgettext("text editor", "Numbering"),
        "Start at": pgettext("text editor", "Start at"),
        "Decimal numbers": pgettext("text editor", "1, 2, 3"),
        "Lowercase letters": pgettext("text editor", "a, b, c"),
        "Uppercase letters": pgettext("text editor", "A, B, C"),
        "Lowercase Roman numerals": pgettext("text editor", "i, ii, iii"),
        "Uppercase Roman numerals": pgettext("text editor", "I, II, III"),
    }


@admin.register(Article)
class ArticleAdmin(EventPicker, ConcurrentEditAdmin, SimpleHistoryAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "language",
        "category",
        "status_badge",
        "last_saved",
        "hero_image",
    ]
    list_filter = [StatusFilter, "language", "category", "drivers", ("event", EventFilter)]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation", "hero", "drivers"]
    readonly_fields = ["preview_link"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["language", "title", "slug", "category", "summary", "body"]}),
        (_("Photo and links"), {"fields": ["hero", "drivers", "event", "translation"]}),
        (
            _("Publishing"),
            {"fields": ["publication", "publish_at", "author", "preview_link"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin/press.css"]}
        js = ["js/admin/editor-labels.js", "js/admin/article-form.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("hero", "last_saved_by__byline")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def view_on_site(self, article):
        """The public page once published; before, the staff preview (the public address
        is not found until then)."""
        if article.status == "published":
            return article.get_absolute_url()
        return article.get_preview_url()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "article_status": gettext("Status: %(status)s.")
                % {"status": publishing.status_label(article)},
                "last_saved": _last_saved(article, request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            return self._saved_at_the_same_moment(request)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            field.widget.attrs["data-editor-labels"] = json.dumps(editor_labels())
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "author":
            press_staff_field(field, keep=_stored(Article, request, "author"), label=_author_label)
            field.empty_label = gettext("The person who saves it")  # as save_model does
        return field

    @admin.display(description=_("status"), ordering="publish_at")
    def status_badge(self, article):
        return publishing.status_label(article)

    @admin.display(description=_("last saved"), ordering="updated_at")
    def last_saved(self, article):
        moment = publishing.date_and_time(article.updated_at)
        if article.last_saved_by is None:
            return moment
        return f"{publishing.person(article.last_saved_by)}, {moment}"

    @admin.display(description=_("photo"))
    def hero_image(self, article):
        return thumbnail(article.hero)

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return gettext("Save the article to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            article.get_preview_url(),
            gettext("Preview as it will appear"),
        )

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        obj.last_saved_by = request.user
        super().save_model(request, obj, form, change)
        self.message_user(request, publishing.saved_message(obj), messages.INFO)

    @admin.action(description=_("Publish the selected articles now"), permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        changed = _set_publish_at(queryset.exclude(publish_at__lte=now), now, request.user)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected articles (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = _set_publish_at(queryset.exclude(publish_at__isnull=True), None, request.user)
        self.message_user(
            request,
            ngettext("%d article back to draft.", "%d articles back to draft.", changed) % changed,
            messages.SUCCESS,
        )


def _last_saved(article, request):
    """Who saved the article last and when, and whether it was someone else."""
    local = timezone.localtime(article.updated_at)
    moment = {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }
    if article.last_saved_by is None:
        text = gettext("Last saved on %(date)s at %(time)s.") % moment
    else:
        text = gettext("Last saved by %(person)s on %(date)s at %(time)s.") % {
            "person": publishing.person(article.last_saved_by),
            **moment,
        }
    return {
        "text": text,
        "someone_else": article.last_saved_by_id not in (None, request.user.pk),
    }


@admin.register(Photo)
class PhotoAdmin(EventPicker, ConcurrentEditAdmin, TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ["__str__", "preview", "credit", "rights", "taken_on", "in_library"]
    list_filter = ["rights", "in_library", "is_placeholder", "drivers", ("event", EventFilter)]
    search_fields = ["caption_sv", "caption_en", "alt_sv", "alt_en", "credit"]
    date_hierarchy = "taken_on"
    autocomplete_fields = ["drivers"]
    readonly_fields = ["preview", "size"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "size"]}),
        (_("Text"), {"fields": [("alt_sv", "alt_en"), ("caption_sv", "caption_en")]}),
        (_("Credit and rights"), {"fields": ["credit", "rights", "taken_on"]}),
        (_("Links"), {"fields": ["drivers", "event", "in_library", "is_placeholder"]}),
    ]

    class Media:
        css = {"all": ["css/admin/press.css"]}
        js = ["js/admin/photo-preview.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new photo has no stored preview or size yet: the chosen file shows instead.
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": ["image"]}), *others]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image":
            # The chosen file shows at once (static/js/admin/photo-preview.js), with this note.
            kwargs["widget"] = AdminFileWidget(
                attrs={
                    "accept": "image/jpeg,image/png,image/webp",
                    "data-photo-preview": gettext(
                        "Preview. Location and camera data are removed when the photo is saved."
                    ),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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


def _set_publish_at(articles, moment, user):
    """Saves each article with `moment` as its publication time, as saved by `user` (one by
    one, so that history and the page cache see every change); returns how many."""
    changed = 0
    for article in articles:
        article.publish_at = moment
        article.last_saved_by = user
        article.save(update_fields=["publish_at", "updated_at", "last_saved_by"])
        changed += 1
    return changed
