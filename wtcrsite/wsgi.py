"""WSGI entry point, for gunicorn: `gunicorn wtcrsite.wsgi`.

Fresh cached pages are answered before Django builds a request (`CachedPages`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wtcrsite.settings")

application = get_wsgi_application()

from delivery.pagecache import CachedPages  # noqa: E402 - needs the settings above

application = CachedPages(application)
