from django.urls import path

from events import ical, views

app_name = "events"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<slug:season>/", views.calendar, name="season_calendar"),
    path("calendar/<slug:season>.ics", ical.season_ics, name="season_ics"),
    path("calendar/<slug:season>/countdown/", views.countdown_block, name="countdown"),
    path("events/<slug:season>/<slug:slug>/", views.event, name="event"),
    path("events/<slug:season>/<slug:slug>.ics", ical.event_ics, name="event_ics"),
]
