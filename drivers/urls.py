from django.urls import path

from drivers import views

app_name = "drivers"

urlpatterns = [
    path("drivers/", views.driver_list, name="list"),
    path("drivers/<slug:slug>/", views.driver_detail, name="detail"),
    path("milestones/", views.milestones, name="milestones"),
]
