from django.urls import path

from rpl.web.bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.book, name="book"),
    path("thanks/", views.thanks, name="thanks"),
]
