"""The public site's own forms: the warning-sign check and the self-check.

Nothing entered here is stored: the answers go to the core, the result is rendered, and that is
all (the self-check's answers travel on only if the person chooses to book).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from rpl.core.alcohol import drink_for
from rpl.core.gestation import parse_gestational_age
from rpl.core.selfcheck import SelfCheckAnswers
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


# An earlier pregnancy of a kind: yes, no, or not sure (unknown, as is no answer).
HISTORY_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("I am not sure"))]
HISTORY_ANSWER = {"yes": True, "no": False}


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

    previous_ectopic = forms.ChoiceField(
        label=_("Have you had an ectopic pregnancy before?"),
        help_text=_("A pregnancy that grew outside the womb, most often in a tube."),
        choices=HISTORY_CHOICES,
        required=False,  # no answer is the same as "not sure": unknown
        widget=forms.RadioSelect,
    )
    previous_molar = forms.ChoiceField(
        label=_("Have you had a molar pregnancy before?"),
        help_text=_(
            "A pregnancy in which the placenta grew wrongly (also called a mole), usually without a baby."
        ),
        choices=HISTORY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
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
                previous_ectopic=HISTORY_ANSWER.get(data["previous_ectopic"]),
                previous_molar=HISTORY_ANSWER.get(data["previous_molar"]),
            )
        except ValidationError as error:  # the form's own checks should make this impossible
            raise ValueError("warning-sign answers failed the core's checks") from error


# --- Self-check ----------------------------------------------------------------------------------

MAX_LOSSES = 30  # as SelfCheckAnswers allows
COUNT_ERRORS = {
    "invalid": _("Enter a whole number, or leave it empty."),
    "min_value": _("Enter 0 or more."),
    "max_value": _("Enter a number of at most %(limit_value)s."),
}


ALCOHOL_LABELS = {
    "units": _("Alcohol: units a week"),
    "drinks": _("Alcohol: standard drinks a week"),
    "grams": _("Alcohol: grams of pure alcohol a week"),
}


class SelfCheckForm(forms.Form):
    losses = forms.IntegerField(
        label=_("How many pregnancies have you lost, not counting ectopic or molar pregnancies?"),
        help_text=_(
            "Count every miscarriage, including very early ones. Ectopic and molar pregnancies are asked about below."
        ),
        min_value=0,
        max_value=MAX_LOSSES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many pregnancies you have lost (0 or more)."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )
    loss_weeks = forms.CharField(
        label=_("At how many weeks was each loss?"),
        help_text=_(
            "Oldest first, separated by commas, for example: 7, 9, 12. Write ? for one you do not know. Leave empty if you do not know any."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    ectopic_pregnancies = forms.IntegerField(
        label=_("How many ectopic pregnancies have you had?"),
        help_text=_(
            "An ectopic pregnancy grows outside the womb, most often in a tube. Enter 0 if none. Leave empty if you do not know."
        ),
        required=False,  # empty: not answered, and the clinic asks
        min_value=0,
        max_value=MAX_LOSSES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=COUNT_ERRORS,
    )
    molar_pregnancies = forms.IntegerField(
        label=_("How many molar pregnancies have you had?"),
        help_text=_(
            "In a molar pregnancy (also called a mole), the placenta grows wrongly and there is usually no baby. Enter 0 if none. Leave empty if you do not know."
        ),
        required=False,
        min_value=0,
        max_value=MAX_LOSSES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=COUNT_ERRORS,
    )
    confirmation = forms.ChoiceField(
        label=_("How were the pregnancies confirmed?"),
        choices=[
            ("scan", _("Each was seen on an ultrasound scan")),
            ("test_only", _("Only by a pregnancy test")),
            ("unsure", _("Some on a scan, or I am not sure")),
        ],
        initial="unsure",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    live_births = forms.ChoiceField(
        label=_("Have you had a baby born alive?"),
        choices=[
            ("none", _("No")),
            ("before", _("Yes, before the losses")),
            ("after", _("Yes, after one of the losses")),
            ("unsure", _("I would rather not say")),
        ],
        initial="unsure",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    same_partner = forms.ChoiceField(
        label=_("Were all the losses with your current partner?"),
        help_text=_("Some guidelines count only losses with the same partner."),
        choices=[
            ("yes", _("Yes, all with my current partner")),
            ("no", _("No, at least one was with an earlier partner")),
            ("unsure", _("I am not sure, or I would rather not say")),
        ],
        initial="unsure",
        required=False,  # not answering is the same as "not sure": it stays unknown
        widget=forms.RadioSelect,
    )
    age_years = forms.IntegerField(
        label=_("Age of the woman who was pregnant (years)"),
        required=False,
        min_value=14,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter an age from 14 to 60 years, or leave it empty."),
            "max_value": _("Enter an age from 14 to 60 years, or leave it empty."),
        },
    )
    smoking = forms.ChoiceField(
        label=_("Does she smoke?"),
        choices=[
            ("never", _("Never smoked")),
            ("former", _("Used to smoke")),
            ("current", _("Smokes now")),
            ("", _("I would rather not say")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    height_cm = forms.IntegerField(
        label=_("Height (cm)"),
        required=False,
        min_value=120,
        max_value=220,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter a height from 120 to 220 cm, or leave it empty."),
            "max_value": _("Enter a height from 120 to 220 cm, or leave it empty."),
        },
    )
    weight_kg = forms.IntegerField(
        label=_("Weight (kg)"),
        required=False,
        min_value=30,
        max_value=250,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter a weight from 30 to 250 kg, or leave it empty."),
            "max_value": _("Enter a weight from 30 to 250 kg, or leave it empty."),
        },
    )
    # Asked in what the reader's country counts (rpl.core.alcohol.drink_for): UK units, a
    # national standard drink, or grams; the label, examples and limit are set per language.
    alcohol_per_week = forms.IntegerField(
        label=_("Alcohol: units a week"),
        required=False,
        min_value=0,
        max_value=200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )
    caffeine_mg_per_day = forms.IntegerField(
        label=_("Caffeine: mg a day"),
        help_text=_(
            "From coffee, tea, cola and energy drinks; the label often says how much. Leave empty if you do not know."
        ),
        required=False,
        min_value=0,
        max_value=2000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, or leave it empty."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The drink asked about is the one the reader saw: kept for the answer's conversion.
        self.drink = drink = drink_for(translation.get_language() or "en")
        field = self.fields["alcohol_per_week"]
        field.label = ALCOHOL_LABELS[drink.counts]
        field.help_text = f"{drink.help} {_('Leave empty if you do not know.')}"
        if drink.counts == "grams":  # 200 drinks' worth of grams at most
            # Validators are shared with the class's field: replace, never change, them.
            field.max_value = 2000
            field.validators = [
                *(v for v in field.validators if not isinstance(v, MaxValueValidator)),
                MaxValueValidator(2000),
            ]
            field.widget.attrs["max"] = "2000"

    def alcohol_grams_per_week(self) -> float | None:
        """The answer in grams a week, the record's canonical amount."""
        amount = self.cleaned_data.get("alcohol_per_week")
        if amount is None:
            return None
        grams = self.drink.grams
        return float(amount) if grams is None else float(amount) * grams

    def clean_loss_weeks(self) -> list[int | None]:
        text = self.cleaned_data["loss_weeks"].strip()
        if not text:
            return []
        weeks: list[int | None] = []
        for part in text.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            item = part.strip()
            if item in ("?", "？"):
                weeks.append(None)
            elif item.isdigit() and 1 <= int(item) <= 45:
                weeks.append(int(item))
            else:
                raise forms.ValidationError(
                    _(
                        "Write whole weeks from 1 to 45 separated by commas, with ? for one you do not know."
                    ),
                    code="weeks",
                )
        return weeks

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weeks, losses = cleaned.get("loss_weeks"), cleaned.get("losses")
        if weeks and isinstance(losses, int) and len(weeks) != losses:
            self.add_error(
                "loss_weeks",
                forms.ValidationError(
                    _(
                        "You wrote %(given)d weeks for %(losses)d losses: give one for each loss, or leave it empty."
                    ),
                    code="count",
                    params={"given": len(weeks), "losses": losses},
                ),
            )
        return cleaned

    def answers(self) -> SelfCheckAnswers:
        data = self.cleaned_data
        return SelfCheckAnswers(
            losses=data["losses"],
            loss_weeks=data["loss_weeks"],
            ectopic_pregnancies=data["ectopic_pregnancies"],
            molar_pregnancies=data["molar_pregnancies"],
            confirmation=data["confirmation"],
            live_births=data["live_births"],
            same_partner=data["same_partner"] or "unsure",
            age_years=data["age_years"],
            smoking=data["smoking"] or None,
            height_cm=data["height_cm"],
            weight_kg=data["weight_kg"],
            alcohol_grams_per_week=self.alcohol_grams_per_week(),
            caffeine_mg_per_day=data["caffeine_mg_per_day"],
        )
