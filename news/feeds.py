"""RSS 2.0 and Atom feeds of each language's published articles."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
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
            .select_related("author")
            .newest_first()[:FEED_SIZE]
        )

    # XML 1.0 carries no control characters: text from the database goes out without them.
    def item_title(self, item):
        return one_line(item.title)

    def item_description(self, item):
        return printable(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        if item.author is None:
            return None
        return one_line(item.author.get_full_name() or item.author.get_username())

    def item_categories(self, item):
        return [item.get_category_display()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
