"""The ask-a-doctor form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rpl.web.bookings.forms import ProtectedForm

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
