"""WSGI entry point: `gunicorn rpl.web.wsgi` (what `rpl serve` runs)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from rpl.core.evidence import load_recommendations
from rpl.core.sources import load_sources
from rpl.core.triage import triage_rules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")

application = get_wsgi_application()
# Import every view now rather than on the first request (the API, FHIR and CDS Hooks modules
# take seconds). `rpl serve` runs gunicorn with --preload, so this happens once, in the master,
# and every worker, including each one started after a crash, answers its first request at once.
# Nothing here touches the database: no connection is shared across the fork.
get_resolver().url_patterns  # noqa: B018  # the property loads the URL configuration
# The knowledge base the patient pages cite (cached once loaded; parsing it takes about a second).
load_sources()
load_recommendations()
triage_rules()
