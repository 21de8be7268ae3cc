"""The ask-a-doctor form."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rpl.web.bookings import phone
from rpl.web.bookings.forms import ProtectedForm, TelInput

# The phone country a visitor most likely has, from the site language (as the booking form).
PHONE_COUNTRY_BY_LANGUAGE = {"vi": "VN", "zh-hans": "CN", "tr": "TR"}

QUESTION_MIN = 10
QUESTION_MAX = 2000


class QuestionForm(ProtectedForm):
    text = forms.CharField(
        label=_("Your question"),
        help_text=_(
            "Do not write your name or other details that identify you. At most 2000 characters."
        ),
        min_length=QUESTION_MIN,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your question."),
            "min_length": _(
                "Write your question in a few more words (at least %(limit_value)d characters)."
            ),
            "max_length": _(
                "Shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Only if you want the clinic to tell you when the answer is ready."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an e-mail address like name@example.com, or leave it empty.")
        },
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        help_text=_(
            "Only if you want a text message when the answer is ready. Example: +84 912 345 678."
        ),
        required=False,
        max_length=32,
        widget=TelInput(attrs={"autocomplete": "tel"}),
        error_messages={
            "max_length": _("Enter a phone number of at most %(limit_value)d characters.")
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic keeps my question to answer it, as the privacy notice above explains."
        ),
        error_messages={
            "required": _("Tick the box to agree, or the clinic cannot keep your question.")
        },
    )

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()

    def clean_phone(self) -> str:
        """E.164, read the national way for the site language's country (0912 345 678 on the
        Vietnamese site) or with + and the country code."""
        typed = str(self.cleaned_data.get("phone") or "").strip()
        if not typed:
            return ""
        language = translation.get_language() or "en"
        region = PHONE_COUNTRY_BY_LANGUAGE.get(language, phone.INTERNATIONAL)
        normalised = phone.normalise(typed, region)
        if normalised is None:
            raise forms.ValidationError(
                _("Enter the number with + and the country code, for example +84 912 345 678."),
                code="invalid_phone",
            )
        return normalised
