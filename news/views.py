from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def article_list(request):
    return render(request, "news/list.html")


@require_GET
def press(request):
    return render(request, "news/press.html")
