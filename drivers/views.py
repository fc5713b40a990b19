from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def driver_list(request):
    return render(request, "drivers/list.html")
