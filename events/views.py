from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def calendar(request):
    return render(request, "events/calendar.html")
