from django.urls import path

from standings import views

app_name = "standings"

urlpatterns = [
    path("", views.index, name="index"),
]
