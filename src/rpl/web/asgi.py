"""ASGI entry point: `gunicorn -k asgi rpl.web.asgi` (what `rpl serve` runs)."""

import os

from django.core.asgi import get_asgi_application
from django.urls import get_resolver

from rpl.core.evidence import load_recommendations
from rpl.core.sources import load_sources
from rpl.core.triage import triage_rules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")

application = get_asgi_application()
get_resolver().url_patterns  # noqa: B018
load_sources()
load_recommendations()
triage_rules()
