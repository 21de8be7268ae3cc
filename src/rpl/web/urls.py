"""URL map. Patient data never goes in a URL: records are addressed by their local id only."""

from django.urls import include, path

urlpatterns = [
    path("", include("rpl.web.site.urls")),
    path("staff/", include("rpl.web.accounts.urls")),
]
