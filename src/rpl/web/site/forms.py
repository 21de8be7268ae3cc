"""The public site's own forms: the warning-sign check and the self-check.

Nothing entered here is stored: the answers go to the core, the result is rendered, and that is
all (the self-check's answers travel on only if the person chooses to book).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from rpl.core.gestation import parse_gestational_age
from rpl.core.triage import WarningSignAnswers

# Every pregnancy symptom code of the vocabulary, with the words a patient would use.
SYMPTOM_LABELS = {
    "bleeding_heavy": _("Heavy bleeding: soaking a pad in an hour or less, or passing large clots"),
    "dizziness_fainting": _("Feeling dizzy or faint, or fainting"),
    "pain_severe": _("Severe pain in the belly"),
    "shoulder_tip_pain": _("Pain at the tip of the shoulder"),
    "pain_one_sided": _("Pain on one side of the lower belly"),
    "fever": _("Fever, or feeling hot and shivery"),
    "offensive_discharge": _("Discharge from the vagina that smells bad"),
    "bleeding_light": _("Light bleeding"),
    "bleeding_spotting": _("Spotting (a few drops of blood)"),
    "pain_mild": _("Mild cramps or belly ache"),
    "passing_tissue": _("Passing tissue"),
    "loss_of_pregnancy_symptoms": _(
        "Pregnancy signs have suddenly gone (for example no more sickness or sore breasts)"
    ),
    "fluid_leak": _("Fluid leaking from the vagina"),
    "reduced_fetal_movements": _("The baby is moving less than usual"),
}


class WarningSignForm(forms.Form):
    pregnant = forms.ChoiceField(
        label=_("Are you pregnant now?"),
        choices=[
            ("yes", _("Yes")),
            ("no", _("No, or no longer (for example after a recent loss)")),
            ("unsure", _("I am not sure")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    weeks = forms.CharField(
        label=_("How many weeks pregnant?"),
        help_text=_("Whole weeks, or weeks+days: 9 or 9+2. Leave empty if you do not know."),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    location = forms.ChoiceField(
        label=_("Has a scan shown the pregnancy inside the womb?"),
        choices=[
            ("intrauterine", _("Yes, inside the womb")),
            ("unknown", _("No scan yet, or I do not know")),
            ("ectopic", _("The scan showed it outside the womb (ectopic)")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    symptoms = forms.MultipleChoiceField(
        label=_("Which of these do you have now?"),
        help_text=_("Tick every one that applies. Tick none if you have none of them."),
        choices=list(SYMPTOM_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    previous_miscarriages = forms.IntegerField(
        label=_("How many miscarriages have you had before?"),
        required=False,
        min_value=0,
        max_value=50,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )

    def clean_weeks(self) -> str | None:
        value = self.cleaned_data["weeks"].strip().replace(" ", "")
        if not value:
            return None
        try:
            parse_gestational_age(value)
        except ValueError:
            raise forms.ValidationError(
                _("Write the weeks like 9 or 9+2 (days 0 to 6), up to 45 weeks."), code="weeks"
            ) from None
        return str(value)

    def answers(self) -> WarningSignAnswers:
        """The answers as the core's warning-sign check takes them (call after is_valid)."""
        data: dict[str, Any] = self.cleaned_data
        pregnant = data["pregnant"]
        try:
            return WarningSignAnswers(
                pregnant=pregnant,
                gestational_age=data["weeks"] if pregnant != "no" else None,
                location=(data["location"] or None) if pregnant != "no" else None,
                symptoms=list(data["symptoms"]),
                previous_miscarriages=data["previous_miscarriages"],
            )
        except ValidationError as error:  # the form's own checks should make this impossible
            raise ValueError("warning-sign answers failed the core's checks") from error
