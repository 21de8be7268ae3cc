"""Booking a consultation: form → stored once → confirmation (POST, redirect, GET)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rpl.web.bookings import services
from rpl.web.bookings.forms import HISTORY_MAX, SELFCHECK_SALT, BookingForm, ProtectedForm
from rpl.web.site import ratelimit

SESSION_KEY = "booking_reference"
# The phone country a visitor most likely has, from the site language.
PHONE_COUNTRY_BY_LANGUAGE = {"vi": "VN", "zh-hans": "CN", "tr": "TR"}
RATE_SCOPE = "booking"


@never_cache  # the form carries its one-time token: no cache or shared computer keeps it
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
    if request.POST.get("from_selfcheck"):
        return _prefilled_from_selfcheck(request, language)
    form = BookingForm(request.POST)
    if refused := refused_submission(request, form, RATE_SCOPE, "bookings/book.html"):
        return refused
    booking, created = services.create_booking(
        form.cleaned_data, language, previous_reference=request.session.get(SESSION_KEY)
    )
    if created:
        ratelimit.count(RATE_SCOPE, request)
    elif not services.same_request(booking, form.cleaned_data, recent=False):
        # Someone else's form token (a copied page) with other answers: store nothing and
        # show nothing of the booking it made.
        request.session.pop(SESSION_KEY, None)
        return redirect("bookings:book")
    request.session[SESSION_KEY] = booking.reference
    return redirect("bookings:thanks")


def refused_submission(
    request: HttpRequest, form: ProtectedForm, scope: str, template: str
) -> HttpResponse | None:
    """The answer to a patient form's POST that is not to be stored, or None to store it.

    429 when the client has used up the scope's allowance or a robot filled the honeypot (that
    counts as a use); 400 with the form shown again (`template`) when it does not validate.
    The limit is checked first, so a refused client's input is not even validated.
    """
    if ratelimit.limit_reached(scope, request):
        return render(request, "site/rate_limited.html", status=429)
    if form.is_valid():
        return None
    if form.tripped_honeypot:
        ratelimit.count(scope, request)
        return render(request, "site/rate_limited.html", status=429)
    form.refresh_expired_token()
    return render(request, template, {"form": form}, status=400)


def _prefilled_from_selfcheck(request: HttpRequest, language: str) -> HttpResponse:
    """The booking form filled in from the self-check's answers (carried in the POST, signed).

    Nothing is stored yet: the answers travel on as a hidden field and are kept only if the
    person sends the booking.
    """
    signed = request.POST.get("selfcheck", "")
    try:
        answers = signing.loads(signed, salt=SELFCHECK_SALT)
    except signing.BadSignature:
        return redirect("bookings:book")
    form = BookingForm(
        initial={
            "preferred_language": language,
            "phone_country": PHONE_COUNTRY_BY_LANGUAGE.get(language, "other"),
            "selfcheck": signed,
            "history": selfcheck_summary(answers)[:HISTORY_MAX],
        }
    )
    return render(request, "bookings/book.html", {"form": form, "from_selfcheck": True})


def selfcheck_summary(answers: dict[str, Any]) -> str:
    """The self-check answers in a few plain words, in the reader's language."""
    losses = int(answers.get("losses") or 0)
    weeks = [str(w) if w is not None else "?" for w in answers.get("loss_weeks") or []]
    parts = [
        ngettext("%(count)d pregnancy lost", "%(count)d pregnancies lost", losses)
        % {"count": losses}
    ]
    if weeks:
        parts.append(_("at weeks %(weeks)s") % {"weeks": ", ".join(weeks)})
    # Asked apart from the losses; left out when not answered (the clinic asks).
    ectopic, molar = answers.get("ectopic_pregnancies"), answers.get("molar_pregnancies")
    if isinstance(ectopic, int):
        parts.append(
            ngettext("%(count)d ectopic pregnancy", "%(count)d ectopic pregnancies", ectopic)
            % {"count": ectopic}
        )
    if isinstance(molar, int):
        parts.append(
            ngettext("%(count)d molar pregnancy", "%(count)d molar pregnancies", molar)
            % {"count": molar}
        )
    births = {
        "none": _("no baby born alive"),
        "before": _("a baby born alive before the losses"),
        "after": _("a baby born alive after a loss"),
    }.get(str(answers.get("live_births")))
    if births:
        parts.append(str(births))
    partner = {
        "yes": _("all with the current partner"),
        "no": _("not all with the current partner"),
    }.get(str(answers.get("same_partner")))
    if partner:
        parts.append(str(partner))
    if answers.get("age_years") is not None:
        parts.append(_("age %(age)s") % {"age": f"{float(answers['age_years']):g}"})
    return _("From the self-check: %(summary)s.") % {"summary": "; ".join(parts)}


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("bookings:book")
    return render(request, "bookings/thanks.html", {"reference": reference})
