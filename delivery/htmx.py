"""Pages that answer an htmx request with a fragment and everyone else with the whole page."""

from django.views.decorators.vary import vary_on_headers

# A history restore comes from htmx too, but wants the whole page: shared caches must
# tell the three kinds of request apart.
HEADERS = ("HX-Request", "HX-History-Restore-Request")
vary_on_htmx = vary_on_headers(*HEADERS)


def wants_fragment(request):
    return bool(request.htmx) and not request.htmx.history_restore_request
