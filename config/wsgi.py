"""WSGI entry point for gunicorn: `gunicorn config.wsgi`."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
if not settings.DEBUG and settings.SECRET_KEY_IS_PLACEHOLDER:
    raise ImproperlyConfigured("DEBUG=false requires a real SECRET_KEY in the environment.")
