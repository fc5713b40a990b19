from django.urls import path

from standings import views

app_name = "standings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:season>/<slug:title>/", views.detail, name="detail"),
    path("<slug:season>/<slug:title>.csv", views.table_csv, name="csv"),
]
