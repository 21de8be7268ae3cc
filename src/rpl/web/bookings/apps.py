from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "rpl.web.bookings"
    label = "bookings"
    verbose_name = "Consultation bookings"
