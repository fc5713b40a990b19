"""RSS 2.0 and Atom feeds of each language's published articles.

Titles and summaries are plain text, and reach a feed reader as text whatever they
contain. RSS 2.0 reads an item's description as HTML, so the summary goes there escaped
as HTML (XML escapes it once more); its title, author and categories are plain text by
the specification. Atom says what each field holds: every one here is `type="text"`.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from delivery import clock
from delivery.text import one_line, printable
from news.models import Article

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self):
        return gettext("%(site)s: news") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("news:list")

    def description(self):
        return gettext("News, race reports and press releases about Andreas and Jessica Bäckman.")

    def get_object(self, request, *args, **kwargs):
        # The feed's "object" is its moment: a staff preview's, else the real time.
        return clock.now(request)

    def items(self, now):
        return (
            Article.objects.published(now)
            .in_language()
            .select_related("author__byline")
            .newest_first()[:FEED_SIZE]
        )

    # XML 1.0 carries no control characters: text from the database goes out without them.
    def item_title(self, item):
        return one_line(item.title)

    def item_description(self, item):
        # HTML in RSS: the summary's text, never markup (and no control characters).
        return escape(printable(item.summary))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return one_line(item.byline) if item.byline else None

    def item_categories(self, item):
        return [item.get_category_display()]


class TextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are text (Django writes them as `type="html"`)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class AtomNewsFeed(NewsFeed):
    feed_type = TextAtom1Feed

    def subtitle(self):
        return self.description()

    def item_description(self, item):
        return printable(item.summary)  # text (no control characters)
