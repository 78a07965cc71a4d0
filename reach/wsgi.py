"""WSGI entry point for Reach."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reach.settings")
application = get_wsgi_application()
