from django.urls import path

from rpl.web.privacy import views

app_name = "privacy"

urlpatterns = [path("", views.privacy_request, name="request")]
