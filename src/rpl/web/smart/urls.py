from django.urls import path

from rpl.web.smart import views

app_name = "smart"

urlpatterns = [
    path("launch", views.launch, name="launch"),
    path("callback", views.callback, name="callback"),
]
