"""WSGI entry point, for gunicorn: `gunicorn wtcrsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wtcrsite.settings")

application = get_wsgi_application()
