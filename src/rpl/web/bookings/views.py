"""Booking a consultation: form → stored once → confirmation (POST, redirect, GET)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from rpl.web.bookings import services
from rpl.web.bookings.forms import BookingForm
from rpl.web.site import ratelimit

SESSION_KEY = "booking_reference"
# The phone country a visitor most likely has, from the site language.
PHONE_COUNTRY_BY_LANGUAGE = {"vi": "VN", "zh-hans": "CN", "tr": "TR"}
RATE_SCOPE = "booking"


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    if request.method == "GET":
        form = BookingForm(
            initial={
                "preferred_language": language,
                "phone_country": PHONE_COUNTRY_BY_LANGUAGE.get(language, "other"),
            }
        )
        return render(request, "bookings/book.html", {"form": form})
    if ratelimit.limit_reached(RATE_SCOPE, request):
        return render(request, "site/rate_limited.html", status=429)
    form = BookingForm(request.POST)
    if not form.is_valid():
        if form.tripped_honeypot:
            ratelimit.count(RATE_SCOPE, request)
            return render(request, "site/rate_limited.html", status=429)
        form.refresh_expired_token()
        return render(request, "bookings/book.html", {"form": form}, status=400)
    booking, created = services.create_booking(
        form.cleaned_data, language, previous_reference=request.session.get(SESSION_KEY)
    )
    if created:
        ratelimit.count(RATE_SCOPE, request)
    request.session[SESSION_KEY] = booking.reference
    return redirect("bookings:thanks")


def thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("bookings:book")
    return render(request, "bookings/thanks.html", {"reference": reference})
