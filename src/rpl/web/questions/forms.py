"""The ask-a-doctor form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rpl.web.bookings.forms import new_form_token, read_form_token

QUESTION_MIN = 10
QUESTION_MAX = 2000


class QuestionForm(forms.Form):
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
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic keeps my question to answer it, as the privacy notice above explains."
        ),
        error_messages={
            "required": _("Tick the box to agree, or the clinic cannot keep your question.")
        },
    )
    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()

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
        if "form_token" in self.errors:
            form: Any = self  # Django's Form has no type information here
            data = form.data.copy()
            data["form_token"] = new_form_token()
            form.data = data

    @property
    def tripped_honeypot(self) -> bool:
        return any(error.code == "honeypot" for error in self.errors.as_data().get("website", []))
