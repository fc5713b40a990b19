from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.contrib.auth import get_user_model

        from delivery import areas, pagecache
        from news import checks  # noqa: F401 - registers the deploy check
        from news.models import Article, Author, Photo, PressContact, publication_moments

        # Article pages print their author's byline (an account deleted takes it along); a
        # sign-in only records its time.
        areas.register(
            "news",
            models=[Article, Author, Photo, PressContact, get_user_model()],
            moments=publication_moments,
            ignore_fields={"last_login"},
        )
        # The news list's filters and page number.
        pagecache.query_parameters("page", "driver", "event", "category")
