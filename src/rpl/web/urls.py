"""URL map. Patient data never goes in a URL: records are addressed by their local id only,
and a private answer link carries a random token.

The public site is language-prefixed (/en/, /vi/, /zh-hans/, /tr/); "/" redirects to the
visitor's language. The staff area keeps plain URLs.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from rpl.web.api import cds_hooks
from rpl.web.api.api import api
from rpl.web.site.clinic_views import clinic_logo

urlpatterns = [
    path("clinic-logo", clinic_logo, name="clinic-logo"),
    path("staff/", include("rpl.web.accounts.urls")),
    path("staff/", include("rpl.web.clinic.urls")),
    path("staff/audit/", include("rpl.web.audit.urls")),
    path("staff/privacy/", include("rpl.web.privacy.urls")),
    path("staff/smart/", include("rpl.web.smart.urls")),
    path("staff/admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("fhir/", include("rpl.web.fhir.urls")),
    path("cds-services", cds_hooks.discovery, name="cds-discovery"),
    path("cds-services/<slug:service_id>", cds_hooks.service, name="cds-service"),
    path("cds-services/<slug:service_id>/feedback", cds_hooks.feedback, name="cds-feedback"),
]
urlpatterns += i18n_patterns(
    path("", include("rpl.web.site.urls")),
    path("book/", include("rpl.web.bookings.urls")),
    path("ask/", include("rpl.web.questions.urls")),
    prefix_default_language=True,
)
