from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("news/", views.article_list, name="list"),
    path("press/", views.press, name="press"),
]
