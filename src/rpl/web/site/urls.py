from django.urls import path
from django.views.generic import TemplateView

app_name = "site"

urlpatterns = [
    path("", TemplateView.as_view(template_name="site/home.html"), name="home"),
    path("privacy/", TemplateView.as_view(template_name="site/privacy.html"), name="privacy"),
]
