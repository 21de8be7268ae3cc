from django.urls import path
from django.views.generic import TemplateView

from rpl.web.site import clinic_views, views

app_name = "site"

urlpatterns = [
    path("", TemplateView.as_view(template_name="site/home.html"), name="home"),
    path("learn/", views.education_index, name="education-index"),
    path("learn/<slug:slug>/", views.education_page, name="education-page"),
    path("faq/", views.faq, name="faq"),
    path("warning-signs/", views.warning_signs, name="warning-signs"),
    path("self-check/", views.self_check, name="self-check"),
    path("privacy/", clinic_views.privacy_page, name="privacy"),
]
