from django.urls import path

from rpl.web.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("thanks/", views.thanks, name="thanks"),
    path("answer/", views.answer, name="answer"),
]
