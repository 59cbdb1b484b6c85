"""WSGI entry point for gunicorn: `gunicorn safespace.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safespace.settings")

application = get_wsgi_application()

# After Django is set up: see safespace/lib/startup.py.
from safespace.lib.startup import settle  # noqa: E402

settle()
