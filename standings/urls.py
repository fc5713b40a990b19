from django.urls import path

from standings import views

app_name = "standings"

urlpatterns = [
    path("standings/", views.index, name="index"),
    path("standings/<slug:season>/<slug:title>/", views.detail, name="detail"),
    path("standings/<slug:season>/<slug:title>.csv", views.table_csv, name="csv"),
    path("weekend/", views.weekend, name="weekend"),
    path("weekend/<slug:season>/", views.weekend, name="season_weekend"),
]
