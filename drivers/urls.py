from django.urls import path

from drivers import views

app_name = "drivers"

urlpatterns = [
    path("", views.driver_list, name="list"),
]
