"""WSGI entry point: `gunicorn rpl.web.wsgi` (what `rpl serve` runs)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")

application = get_wsgi_application()
