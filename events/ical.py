"""iCalendar feeds of the season's sessions."""

from django.http import Http404


def season_ics(request, season):
    raise Http404("Not yet")


def event_ics(request, season, slug):
    raise Http404("Not yet")
