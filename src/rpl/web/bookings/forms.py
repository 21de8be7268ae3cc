"""The consultation booking form: every rule a submission must meet, with a plain message."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rpl.web.bookings import phone
from rpl.web.bookings.models import Booking

NAME_MAX = 120
HISTORY_MAX = 2000
BOOKING_HORIZON_DAYS = 183  # dates up to about six months ahead
FORM_TOKEN_SALT = "rpl.bookings.form"  # noqa: S105  # a signing namespace, not a secret
FORM_TOKEN_MAX_AGE = 24 * 60 * 60
SELFCHECK_SALT = "rpl.selfcheck.answers"


def new_form_token() -> str:
    """A signed random token for one showing of the form (double submissions share it)."""
    return signing.dumps(secrets.token_urlsafe(24), salt=FORM_TOKEN_SALT)


def read_form_token(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return value if isinstance(value, str) else None


class ProtectedForm(forms.Form):
    """A patient form protected against double submission and simple spam robots.

    A signed one-time token marks one showing of the form (a resubmission shares it, so the
    view stores it once); an empty honeypot field that people never see catches robots.
    Booking and ask-a-doctor forms both build on it.
    """

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Declared here, shown after the subclass's own fields (error summary order).
        for name in ("form_token", "website"):
            self.fields[name] = self.fields.pop(name)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())

    def clean_form_token(self) -> str:
        token = read_form_token(self.cleaned_data["form_token"])
        if token is None:
            raise forms.ValidationError(
                _("This form has expired. Please check your answers and send it again."),
                code="expired",
            )
        return token

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."), code="honeypot")
        return ""

    def refresh_expired_token(self) -> None:
        """Show the form again with a fresh token when its own token had expired.

        A valid token is kept on a re-shown form, so that the corrected form is still
        recognised as the same submission.
        """
        if "form_token" in self.errors:
            form: Any = self  # Django's Form has no type information here
            data = form.data.copy()
            data["form_token"] = new_form_token()
            form.data = data

    @property
    def tripped_honeypot(self) -> bool:
        return any(error.code == "honeypot" for error in self.errors.as_data().get("website", []))


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's own date picker; sends YYYY-MM-DD

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TelInput(forms.TextInput):
    input_type = "tel"  # phone keypad on mobiles


class BookingForm(ProtectedForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Enter a name of at most %(limit_value)d characters."),
        },
    )
    phone_country = forms.ChoiceField(
        label=_("Country of your phone number"),
        choices=[
            ("VN", _("Viet Nam (+84)")),
            ("CN", _("China (+86)")),
            ("TR", _("Turkey (+90)")),
            (
                phone.INTERNATIONAL,
                _("Another country: I write the number with + and the country code"),
            ),
        ],
        initial="VN",
        error_messages={"required": _("Choose the country of your phone number.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        help_text=_("The clinic will call you on this number. Example: +84 912 345 678."),
        widget=TelInput(attrs={"autocomplete": "tel"}),
        error_messages={
            "required": _("Enter your phone number."),
            "max_length": _("Enter a phone number of at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an e-mail address like name@example.com, or leave it empty.")
        },
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for the consultation"),
        choices=settings.LANGUAGES,
        error_messages={"required": _("Choose a language for the consultation.")},
    )
    earliest_date = forms.DateField(
        label=_("Earliest date that suits you"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the earliest date that suits you."),
            "invalid": _("Enter a real date, as year-month-day."),
        },
    )
    latest_date = forms.DateField(
        label=_("Latest date that suits you"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the latest date that suits you."),
            "invalid": _("Enter a real date, as year-month-day."),
        },
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        choices=Booking.TimeOfDay.choices,
        initial=Booking.TimeOfDay.ANY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a time of day.")},
    )
    history = forms.CharField(
        label=_("In a few words, why you would like a consultation"),
        help_text=_(
            "For example how many pregnancies you have lost and when. At most 2000 characters."
        ),
        required=False,
        max_length=HISTORY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _(
                "Shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic keeps what I send here to arrange my consultation, as the privacy notice above explains."
        ),
        error_messages={
            "required": _("Tick the box to agree, or the clinic cannot keep your request.")
        },
    )
    # The self-check answers (signed), when the booking comes from the self-check.
    selfcheck = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_selfcheck(self) -> dict[str, Any] | None:
        value = self.cleaned_data.get("selfcheck") or ""
        if not value:
            return None
        try:
            answers = signing.loads(value, salt=SELFCHECK_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The self-check answers could not be read. Please do the self-check again."),
                code="bad_selfcheck",
            ) from None
        return answers if isinstance(answers, dict) else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        number, region = cleaned.get("phone"), cleaned.get("phone_country")
        if number and region:
            normalised = phone.normalise(number, region)
            if normalised is None:
                if region == phone.INTERNATIONAL:
                    message = _(
                        "Enter the number with + and the country code, for example +44 20 7946 0000."
                    )
                else:
                    message = _("This is not a valid phone number for the country you chose.")
                self.add_error("phone", forms.ValidationError(message, code="invalid_phone"))
            else:
                cleaned["phone"] = normalised
        today = timezone.localdate()
        earliest, latest = cleaned.get("earliest_date"), cleaned.get("latest_date")
        horizon = today + dt.timedelta(days=BOOKING_HORIZON_DAYS)
        if isinstance(earliest, dt.date):
            if earliest < today:
                self.add_error(
                    "earliest_date",
                    forms.ValidationError(_("Choose today or a later date."), code="past"),
                )
            elif earliest > horizon:
                self.add_error(
                    "earliest_date",
                    forms.ValidationError(
                        _("Choose a date within the next six months."), code="too_far"
                    ),
                )
        if isinstance(latest, dt.date):
            if isinstance(earliest, dt.date) and latest < earliest:
                self.add_error(
                    "latest_date",
                    forms.ValidationError(
                        _("The latest date cannot be before the earliest date."),
                        code="before_earliest",
                    ),
                )
            elif latest < today:
                self.add_error(
                    "latest_date",
                    forms.ValidationError(_("Choose today or a later date."), code="past"),
                )
            elif latest > horizon:
                self.add_error(
                    "latest_date",
                    forms.ValidationError(
                        _("Choose a date within the next six months."), code="too_far"
                    ),
                )
        return cleaned
