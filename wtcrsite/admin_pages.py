"""The admin's own answers when it says no, in the staff member's language: the sign-in
lockout (django-axes calls `lockout_response`, settings.AXES_LOCKOUT_CALLABLE) and the
"no access" page a staff member gets for a page their role does not include (handler403)."""

from axes.helpers import get_cool_off, get_cool_off_iso8601, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views import defaults


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets: a calm page saying how long to wait and what to do
    (JSON with the same message for a script), status 429. The username is not repeated."""
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    wait = waiting_time(cool_off) if cool_off else None
    if wait:
        message = gettext(
            "Too many failed sign-ins. Signing in to this account from here is paused for %(wait)s."
        ) % {"wait": wait}
    else:
        message = gettext(
            "Too many failed sign-ins. Ask an administrator to lift the pause on this account."
        )
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        data = {"message": message, "failure_limit": limit}
        if cool_off:
            data["cooloff_time"] = get_cool_off_iso8601(cool_off)
        return JsonResponse(data, status=status)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Too many failed sign-ins"),
        "failure_limit": limit,
        "wait": wait,
    }
    return TemplateResponse(request, "admin/locked_out.html", context, status=status).render()


def waiting_time(delta):
    """A cool-off as words: "an hour", "2 hours", "30 minutes"."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes == 60:
        return gettext("an hour")
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def permission_denied(request, exception):
    """403: in the admin, a page in the admin's look with the way back; elsewhere the site's."""
    if request.path.startswith(reverse("admin:index")):
        context = {
            **admin.site.each_context(request),
            "title": gettext("You do not have access to this page"),
        }
        return TemplateResponse(request, "admin/403.html", context, status=403).render()
    return defaults.permission_denied(request, exception)
