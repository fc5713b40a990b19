from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from wtcrsite import share, views
from wtcrsite.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,  # not cached: a scheduled article must appear at its time
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    ]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("drivers.urls")),
    path("", include("events.urls")),
    path("", include("standings.urls")),
    path("", include("news.urls")),
    path("share/site.png", share.site, name="share_site"),
    path("share/events/<slug:season>/<slug:slug>.png", share.event, name="share_event"),
    path("share/drivers/<slug:slug>.png", share.driver, name="share_driver"),
    path("share/standings/<slug:season>/<slug:slug>.png", share.title, name="share_title"),
    prefix_default_language=True,
)

handler403 = "wtcrsite.admin_pages.permission_denied"
handler500 = "wtcrsite.views.server_error"
