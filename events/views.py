from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def calendar(request, season=None):
    return render(request, "events/calendar.html")


@require_GET
def event(request, season, slug):
    return render(request, "events/calendar.html")
