from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.article_list, name="list"),
    path("news/feed/", feeds.NewsFeed(), name="feed"),
    path("news/feed/atom/", feeds.AtomNewsFeed(), name="atom"),
    path("news/preview/<int:pk>/", views.article_preview, name="preview"),
    path("news/<slug:slug>/", views.article_detail, name="detail"),
    path("press/", views.press, name="press"),
    path("press/kit/<slug:slug>/", views.press_kit, name="press_kit"),
    path("press/kit/<slug:slug>.pdf", views.press_kit_pdf, name="press_kit_pdf"),
    path("press/kit/<slug:slug>.zip", views.press_kit_zip, name="press_kit_zip"),
]
