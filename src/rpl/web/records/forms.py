"""The couple-record forms, and the two-way mapping between them and an rpl-couple/1 document.

The forms do no clinical validation of their own: `document_from_forms` builds the
rpl-couple/1 document from what was typed (numbers where the text is a number, everything
else as typed), `rpl.core.parsing.parse_record` checks it exactly as it checks a JSON file,
and `attach_problems` puts each problem next to the field it names. So a form accepts
exactly what the record contract accepts, with the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rpl.core import vocabulary as v
from rpl.core.alcohol import drink_for
from rpl.core.parsing import Problem, bmi_from
from rpl.core.ranges import text_bounds
from rpl.core.units import result_units, units_for
from rpl.web.engine_text import EngineText, engine_text
from rpl.web.profiles import default_profile_id
from rpl.web.records.names import code_name

BLANK = ("", "—")
TRI_STATE = [("", _("not recorded")), ("yes", _("yes")), ("no", _("no"))]
MEASUREMENTS = get_args(v.MeasurementKey)


def codes(literal: Any, vocabulary: str, blank: bool = True) -> Callable[[], list[Any]]:
    """The codes of a vocabulary shown by their names in the active language (read when the
    form is drawn, so each staff user sees their own language); the value stays the code."""

    def named() -> list[tuple[str, str]]:
        choices = [(code, _option(vocabulary, code)) for code in get_args(literal)]
        return [BLANK, *choices] if blank else choices

    return named


def _option(vocabulary: str, code: str) -> str:
    """Tests and outcomes by their clinical name with the code (as labs and colleagues write
    it); the record's other vocabularies by their names."""
    name = code_name(vocabulary, code)
    return f"{name} ({code})" if vocabulary in ("tests", "outcomes") else name


def measurement(key: str) -> Any:
    """A measurement's label, read in the active language when the form is drawn."""
    return lazy(code_name, str)("measurements", key)


def text(label: Any, help_text: str = "", numeric: bool = False, **attrs: str) -> forms.CharField:
    widget_attrs = {"inputmode": "decimal"} if numeric else {}
    widget_attrs.update(attrs)
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
    )


def date(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ContractChoiceField(forms.ChoiceField):
    """A list of codes to pick from; a code that is not in it is left for the contract to refuse."""

    def valid_value(self, value: Any) -> bool:
        return True


class ContractMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True


def choice(label: Any, literal: Any, vocabulary: str) -> forms.ChoiceField:
    return ContractChoiceField(label=label, required=False, choices=codes(literal, vocabulary))


def tri(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=TRI_STATE)


def many(
    label: Any, literal: Any, vocabulary: str, help_text: Any = ""
) -> forms.MultipleChoiceField:
    return ContractMultipleChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        choices=codes(literal, vocabulary, blank=False),
        widget=forms.CheckboxSelectMultiple,
    )


def unit_choices() -> list[Any]:
    """Every test's units, grouped under the test's name (in the active language): without
    JavaScript the clinician picks from the test's group; the script shows only that group."""
    groups: list[Any] = [BLANK]
    for test, units in result_units().items():
        groups.append((code_name("tests", test), [(unit, unit) for unit in units]))
    return groups


class UnitSelect(forms.Select):
    """The unit list. Unit symbols are written alike in every language (marked lang="en" as
    written); a stored unit that is not in the list stays offered, so editing never drops it."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = "en"
        return option

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> list[Any]:
        offered = {str(unit) for units in result_units().values() for unit in units}
        extra = [v for v in value if v and v not in offered]
        if extra:
            choices: list[Any] = list(self.choices)  # type: ignore[has-type]
            self.choices = [*choices, *((v, v) for v in extra)]
        return super().optgroups(name, value, attrs)


class RecordMetaForm(forms.Form):
    local_id = text(_("Local id"), _("The clinic's own id for the couple; never a name."))
    profile = forms.ChoiceField(label=_("Guideline profile"), required=False)
    assessed_on = date(_("Assessed on"))
    language = forms.ChoiceField(label=_("The couple's language (for reports)"))

    def __init__(self, *args: Any, profiles: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [
            ("", _("clinic default (%(profile)s)") % {"profile": default_profile_id()})
        ] + [(p, p) for p in profiles]
        self.fields["language"].choices = list(settings.LANGUAGES)


class RowForm(forms.Form):
    """A form whose rarely needed fields are folded under "More" (`more`), so that a row of
    the everyday fields fits on one screen line."""

    more: tuple[str, ...] = ()

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.more]

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in self.more]

    def more_has_errors(self) -> bool:
        return self.is_bound and any(name in self.errors for name in self.more)


class PersonForm(forms.Form):
    age_years = text(_("Age (years)"), _("Whole years"), inputmode="numeric")
    birth_date = date(_("Birth date"))
    height_cm = text(_("Height (cm)"), numeric=True)
    weight_kg = text(_("Weight (kg)"), numeric=True)
    bmi = text(
        _("BMI (kg/m²)"),
        _("Computed from height and weight; or enter it when they are not known."),
        numeric=True,
    )
    smoking = choice(_("Smoking"), v.Smoking, "smoking")
    alcohol_units_per_week = text(_("Alcohol (UK units/week)"), numeric=True)
    alcohol_grams_per_week = text(_("Alcohol (g of pure alcohol/week)"), numeric=True)
    caffeine_mg_per_day = text(_("Caffeine (mg/day)"), numeric=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The couple's country's drink, with its examples, helps turn drinks into grams.
        drink = drink_for(translation.get_language() or "en")
        self.fields["alcohol_grams_per_week"].help_text = drink.help


class WomanForm(PersonForm):
    conditions_recorded = forms.BooleanField(
        label=_("Conditions asked about"), required=False, help_text=_("Tick even when none apply.")
    )
    conditions = many(_("Conditions"), v.Condition, "conditions")
    symptoms_recorded = forms.BooleanField(
        label=_("Symptoms asked about"), required=False, help_text=_("Tick even when none apply.")
    )
    symptoms = many(_("Symptoms outside pregnancy"), v.Symptom, "symptoms")
    family_history_recorded = forms.BooleanField(
        label=_("Family history asked about"),
        required=False,
        help_text=_("Tick even when none apply."),
    )
    family_history = many(_("Family history"), v.FamilyHistory, "family_history")


class PartnerForm(PersonForm):
    pass


class PregnancyForm(RowForm):
    more = ("tissue_genetics_result", "tissue_genetics_detail", "features")
    outcome = choice(_("Outcome"), v.Outcome, "outcomes")
    end_date = date(_("End date"))
    gestational_age = text(_("Gestational age (weeks+days)"), _('e.g. "8+3" or "8"'))
    confirmed_by = choice(_("How confirmed"), v.Confirmation, "confirmation")
    conception = choice(_("Conception"), v.Conception, "conception")
    same_partner = tri(_("With the current partner"))
    tissue_genetics_result = choice(_("Tissue genetics"), v.TissueGeneticsResult, "tissue_genetics")
    tissue_genetics_detail = text(_("Tissue genetics detail"), _("e.g. trisomy 16"))
    features = many(_("Features"), v.PregnancyFeature, "features")


class ResultForm(RowForm):
    more = ("method", "interpretation", *MEASUREMENTS)
    test = choice(_("Test"), v.TestCode, "tests")
    subject = forms.ChoiceField(
        label=_("Whose test"),
        required=False,
        choices=[("", _("the woman (default)")), ("woman", _("woman")), ("partner", _("partner"))],
    )
    date = date(_("Date"))
    value = text(_("Value"), _("A number, or a word such as positive / negative"))
    unit = ContractChoiceField(
        label=_("Unit"),
        required=False,
        help_text=_("Required with a number: the units this test is reported in."),
        choices=lambda: unit_choices(),
        widget=UnitSelect,
    )
    reference_low = text(_("Reference range: lower"), numeric=True)
    reference_high = text(_("Reference range: upper"), numeric=True)
    method = choice(_("Method (imaging)"), v.ImagingMethod, "imaging")
    interpretation = text(_("Interpretation"), _("e.g. balanced_translocation"))
    # Labelled by their names in the core (rpl.core.names), as the results list shows them.
    internal_indentation_mm = text(measurement("internal_indentation_mm"), numeric=True)
    indentation_angle_deg = text(measurement("indentation_angle_deg"), numeric=True)
    wall_thickness_mm = text(measurement("wall_thickness_mm"), numeric=True)
    external_indentation_mm = text(measurement("external_indentation_mm"), numeric=True)
    cervical_length_mm = text(measurement("cervical_length_mm"), numeric=True)


class CurrentPregnancyForm(forms.Form):
    pregnant = forms.BooleanField(label=_("Pregnant now"), required=False)
    gestational_age = text(_("Gestational age (weeks+days)"), _('e.g. "7+0"'))
    location = choice(_("Location"), v.PregnancyLocation, "location")
    fetal_heartbeat = tri(_("Fetal heartbeat seen"))
    symptoms = many(_("Symptoms now"), v.PregnancySymptom, "pregnancy_symptoms")
    features = many(
        _("Features known so far"),
        v.PregnancyFeature,
        "features",
        help_text=_("e.g. multiple pregnancy (twins)"),
    )


# Generous caps on rows (no couple comes near them): a form claiming more rows is refused with
# a message instead of being rendered back, which took seconds per request at Django's default
# of up to 1000 rows.
MAX_PREGNANCIES = 50
MAX_RESULTS = 200
PregnancyFormSet = forms.formset_factory(
    PregnancyForm,
    extra=1,
    can_delete=True,
    max_num=MAX_PREGNANCIES,
    absolute_max=MAX_PREGNANCIES,
    validate_max=True,
)
ResultFormSet = forms.formset_factory(
    ResultForm,
    extra=1,
    can_delete=True,
    max_num=MAX_RESULTS,
    absolute_max=MAX_RESULTS,
    validate_max=True,
)


# --- values: form text -> JSON value --------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def number_or_text(raw: Any) -> Any:
    """A number when the text is one (so the contract can check its range), else the text.

    Text where a number belongs stays text, and the record contract says "expected a number".
    """
    if raw is None:
        return None
    value = str(raw).strip().replace(",", ".") if _looks_decimal_comma(raw) else str(raw).strip()
    if value == "":
        return None
    if _NUMBER.fullmatch(value):
        number = float(value)
        return (
            int(number)
            if number.is_integer() and "." not in value and "e" not in value.lower()
            else number
        )
    return value


def _looks_decimal_comma(raw: Any) -> bool:
    return isinstance(raw, str) and re.fullmatch(r"\s*[+-]?\d+,\d+\s*", raw) is not None


def plain(raw: Any) -> Any:
    value = str(raw).strip() if raw is not None else ""
    return value or None


def tri_value(raw: Any) -> bool | None:
    return {"yes": True, "no": False}.get(raw or "")


def _compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value is not None}


def _filled(form: Any) -> bool:
    data = form.cleaned_data if form.is_valid() else {}
    return any(value not in (None, "", [], False) for key, value in data.items() if key != "DELETE")


PERSON_NUMBERS = (
    "age_years",
    "bmi",
    "height_cm",
    "weight_kg",
    "alcohol_units_per_week",
    "alcohol_grams_per_week",
    "caffeine_mg_per_day",
)


def _person(data: Mapping[str, Any]) -> dict[str, Any]:
    person = {name: number_or_text(data.get(name)) for name in PERSON_NUMBERS}
    person["birth_date"] = plain(data.get("birth_date"))
    person["smoking"] = plain(data.get("smoking"))
    return _compact(person)


@dataclass
class RecordForms:
    """Every form of the record page, bound or not, and which form each list item came from."""

    meta: RecordMetaForm
    woman: WomanForm
    partner: PartnerForm
    pregnancies: Any  # PregnancyFormSet
    results: Any  # ResultFormSet
    current: CurrentPregnancyForm
    pregnancy_rows: list[forms.Form]
    result_rows: list[forms.Form]

    def every_form(self) -> list[forms.Form]:
        return [self.meta, self.woman, self.partner, self.current, *self.pregnancies, *self.results]

    def is_valid(self) -> bool:
        # The forms only hold text and codes, so they are valid unless a choice was tampered with.
        singles: list[forms.Form] = [self.meta, self.woman, self.partner, self.current]
        return all(form.is_valid() for form in singles) and (
            self.pregnancies.is_valid() and self.results.is_valid()
        )


def bind_forms(
    data: Mapping[str, Any] | None = None,
    initial: Mapping[str, Any] | None = None,
    profiles: Iterable[str] = (),
) -> RecordForms:
    initial = initial or {}
    profiles = list(profiles)
    return RecordForms(
        meta=RecordMetaForm(data, initial=initial.get("meta"), prefix="record", profiles=profiles),
        woman=WomanForm(data, initial=initial.get("woman"), prefix="woman"),
        partner=PartnerForm(data, initial=initial.get("partner"), prefix="partner"),
        pregnancies=PregnancyFormSet(
            data, initial=initial.get("pregnancies"), prefix="pregnancies"
        ),
        results=ResultFormSet(data, initial=initial.get("results"), prefix="results"),
        current=CurrentPregnancyForm(data, initial=initial.get("current"), prefix="current"),
        pregnancy_rows=[],
        result_rows=[],
    )


def document_from_forms(bundle: RecordForms) -> dict[str, Any]:
    """The rpl-couple/1 document the forms describe (call after `bundle.is_valid()`)."""
    meta = bundle.meta.cleaned_data
    woman_data = bundle.woman.cleaned_data
    woman = _person(woman_data)
    for name in ("conditions", "symptoms", "family_history"):
        chosen = list(woman_data.get(name) or [])
        if chosen or woman_data.get(f"{name}_recorded"):
            woman[name] = chosen
    document: dict[str, Any] = {
        "format": "rpl-couple/1",
        "id": plain(meta.get("local_id")) or "",
    }
    if profile := plain(meta.get("profile")):
        document["profile"] = profile
    if assessed_on := plain(meta.get("assessed_on")):
        document["assessed_on"] = assessed_on
    document["woman"] = woman
    partner = _person(bundle.partner.cleaned_data)
    if partner:
        document["partner"] = partner

    bundle.pregnancy_rows = []
    pregnancies = []
    for form in bundle.pregnancies:
        if form.cleaned_data.get("DELETE") or not _filled(form):
            continue
        data = form.cleaned_data
        pregnancy: dict[str, Any] = _compact(
            {
                "outcome": plain(data.get("outcome")) or "",
                "end_date": plain(data.get("end_date")),
                "gestational_age": plain(data.get("gestational_age")),
                "confirmed_by": plain(data.get("confirmed_by")),
                "conception": plain(data.get("conception")),
                "same_partner": tri_value(data.get("same_partner")),
            }
        )
        if features := list(data.get("features") or []):
            pregnancy["features"] = features
        result = plain(data.get("tissue_genetics_result"))
        detail = plain(data.get("tissue_genetics_detail"))
        if result or detail:
            pregnancy["tissue_genetics"] = _compact({"result": result or "", "detail": detail})
        pregnancies.append(pregnancy)
        bundle.pregnancy_rows.append(form)
    document["pregnancies"] = pregnancies

    current = bundle.current.cleaned_data
    if current.get("pregnant"):
        document["current_pregnancy"] = _compact(
            {
                "gestational_age": plain(current.get("gestational_age")),
                "location": plain(current.get("location")),
                "fetal_heartbeat": tri_value(current.get("fetal_heartbeat")),
                "symptoms": list(current.get("symptoms") or []),
            }
        )
        if features := list(current.get("features") or []):
            document["current_pregnancy"]["features"] = features

    bundle.result_rows = []
    results = []
    for form in bundle.results:
        if form.cleaned_data.get("DELETE") or not _filled(form):
            continue
        data = form.cleaned_data
        entry: dict[str, Any] = _compact(
            {
                "test": plain(data.get("test")) or "",
                "subject": plain(data.get("subject")),
                "date": plain(data.get("date")),
                "value": number_or_text(data.get("value")),
                "unit": plain(data.get("unit")),
                "method": plain(data.get("method")),
                "interpretation": plain(data.get("interpretation")),
            }
        )
        low, high = (
            number_or_text(data.get("reference_low")),
            number_or_text(data.get("reference_high")),
        )
        if low is not None or high is not None:
            entry["reference_range"] = [low, high]
        measurements = _compact({key: number_or_text(data.get(key)) for key in MEASUREMENTS})
        if measurements:
            entry["measurements"] = measurements
        results.append(entry)
        bundle.result_rows.append(form)
    document["results"] = results
    return document


# --- problems -> fields ---------------------------------------------------------------------

_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\[\d+\]")
_META_FIELDS = {"id": "local_id", "profile": "profile", "assessed_on": "assessed_on"}


def _target(bundle: RecordForms, path: str) -> tuple[forms.Form, str | None]:
    """The form and field a problem path points at (field None: the form as a whole)."""
    parts = _PART.findall(path)
    top = parts[0] if parts else ""
    rest = parts[1:]
    if top in _META_FIELDS:
        return bundle.meta, _META_FIELDS[top]
    if top in ("woman", "partner", "current_pregnancy"):
        form = {
            "woman": bundle.woman,
            "partner": bundle.partner,
            "current_pregnancy": bundle.current,
        }[top]
        return form, rest[0] if rest and not rest[0].startswith("[") else None
    if top in ("pregnancies", "results") and rest and rest[0].startswith("["):
        rows = bundle.pregnancy_rows if top == "pregnancies" else bundle.result_rows
        index = int(rest[0][1:-1])
        if index >= len(rows):
            return bundle.meta, None
        form = rows[index]
        field = rest[1] if len(rest) > 1 and not rest[1].startswith("[") else None
        if field == "tissue_genetics":
            sub = rest[2] if len(rest) > 2 else "result"
            field = "tissue_genetics_detail" if sub == "detail" else "tissue_genetics_result"
        elif field == "reference_range":
            field = "reference_low"
        elif field == "measurements":
            field = (
                rest[2] if len(rest) > 2 and rest[2] in MEASUREMENTS else "internal_indentation_mm"
            )
        return form, field
    return bundle.meta, None


def attach_problems(bundle: RecordForms, problems: Sequence[Problem]) -> None:
    """Show each problem next to its field; one without a field shows at the top of its form."""
    for problem in problems:
        form, field = _target(bundle, problem.path)
        message = engine_text(problem.message).text
        if field is not None and field in form.fields:
            form.add_error(field, message)
        else:
            form.add_error(None, f"{problem.path}: {message}")


@dataclass(frozen=True)
class ProblemLine:
    """A record problem as a page shows it: the field's path, and the message in the page's
    language (English, marked so, where the contract's message has no translation)."""

    path: str
    message: EngineText | str


def problem_lines(problems: Sequence[Problem]) -> list[ProblemLine]:
    return [ProblemLine(problem.path, engine_text(problem.message)) for problem in problems]


# --- document -> initial values (to edit a stored record) -----------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _tri_text(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _person_initial(person: Mapping[str, Any] | None) -> dict[str, Any]:
    person = person or {}
    initial = {name: _text(person.get(name)) for name in PERSON_NUMBERS}
    initial["birth_date"] = _text(person.get("birth_date"))
    initial["smoking"] = person.get("smoking") or ""
    return initial


def _range_bounds(reference_range: Any) -> tuple[Any, Any]:
    """The two bound fields of a stored range; printed text ("<20") shows as its bounds."""
    if isinstance(reference_range, str):
        try:
            return text_bounds(reference_range)
        except ValueError:
            return None, None
    low, high = (reference_range or [None, None])[:2]
    return low, high


def initial_from_document(document: Mapping[str, Any], language: str) -> dict[str, Any]:
    woman_doc = document.get("woman") or {}
    woman = _person_initial(woman_doc)
    for name in ("conditions", "symptoms", "family_history"):
        values = woman_doc.get(name)
        woman[name] = list(values or [])
        woman[f"{name}_recorded"] = values is not None
    pregnancies = []
    for pregnancy in document.get("pregnancies") or []:
        genetics = pregnancy.get("tissue_genetics") or {}
        pregnancies.append(
            {
                "outcome": pregnancy.get("outcome") or "",
                "end_date": _text(pregnancy.get("end_date")),
                "gestational_age": _text(pregnancy.get("gestational_age")),
                "confirmed_by": pregnancy.get("confirmed_by") or "",
                "conception": pregnancy.get("conception") or "",
                "same_partner": _tri_text(pregnancy.get("same_partner")),
                "features": list(pregnancy.get("features") or []),
                "tissue_genetics_result": genetics.get("result") or "",
                "tissue_genetics_detail": genetics.get("detail") or "",
            }
        )
    results = []
    for result in document.get("results") or []:
        low, high = _range_bounds(result.get("reference_range"))
        row = {
            "test": result.get("test") or "",
            "subject": result.get("subject") or "",
            "date": _text(result.get("date")),
            "value": _text(result.get("value")),
            "unit": _text(result.get("unit")),
            "reference_low": _text(low),
            "reference_high": _text(high),
            "method": result.get("method") or "",
            "interpretation": _text(result.get("interpretation")),
        }
        for key in MEASUREMENTS:
            row[key] = _text((result.get("measurements") or {}).get(key))
        results.append(row)
    current_doc = document.get("current_pregnancy")
    current: dict[str, Any] = {"pregnant": bool(current_doc)}
    if current_doc:
        current.update(
            {
                "gestational_age": _text(current_doc.get("gestational_age")),
                "location": current_doc.get("location") or "",
                "fetal_heartbeat": _tri_text(current_doc.get("fetal_heartbeat")),
                "symptoms": list(current_doc.get("symptoms") or []),
                "features": list(current_doc.get("features") or []),
            }
        )
    return {
        "meta": {
            "local_id": _text(document.get("id")),
            "profile": document.get("profile") or "",
            "assessed_on": _text(document.get("assessed_on")),
            "language": language,
        },
        "woman": woman,
        "partner": _person_initial(document.get("partner")),
        "pregnancies": pregnancies,
        "results": results,
        "current": current,
    }


# --- entry checks: what the form asks beyond the contract -----------------------------------
#
# The contract accepts decimal ages and any unit text; a clinician entering a record is held to
# more: ages in whole years, and a number always with one of its test's units (never assumed).

WHOLE_YEARS = _("Give the age in whole years.")
NEEDS_UNIT = _("A number needs its unit: choose %(units)s.")
NOT_ITS_UNIT = _("Not a unit this test is reported in: choose %(units)s.")
IN_WORDS = _(
    "This test is recorded in words here (for example positive, negative or normal), not as a"
    " number."
)


def _units_text(units: Sequence[str]) -> str:
    return ", ".join(units)


def check_entry(bundle: RecordForms) -> bool:
    """Add the entry checks' errors to the forms (call after `document_from_forms`); True if
    any was found. Nothing here changes a value: it refuses, the clinician corrects."""
    found = False

    def refuse(form: forms.Form, field: str, message: str) -> None:
        nonlocal found
        form.add_error(field, message)
        found = True

    for person in (bundle.woman, bundle.partner):
        age = number_or_text(person.cleaned_data.get("age_years"))
        if isinstance(age, float) and not age.is_integer():
            refuse(person, "age_years", str(WHOLE_YEARS))
    for form in bundle.result_rows:
        data = form.cleaned_data
        test = plain(data.get("test")) or ""
        value = number_or_text(data.get("value"))
        unit = plain(data.get("unit"))
        units = units_for(test)
        numeric = isinstance(value, int | float)
        if numeric and not units and test:
            refuse(form, "value", str(IN_WORDS))
        elif numeric and unit is None:
            refuse(form, "unit", str(NEEDS_UNIT) % {"units": _units_text(units)})
        elif unit is not None and units and unit not in units:
            refuse(form, "unit", str(NOT_ITS_UNIT) % {"units": _units_text(units)})
    return found


# --- body-mass index: computed from height and weight, or as entered ------------------------

BMI_COMPUTED = _("BMI used: %(bmi)s kg/m², computed from height and weight.")
BMI_ENTERED = _("BMI used: %(bmi)s kg/m², as entered.")
BMI_ENTERED_BESIDE = _(
    "BMI used: %(bmi)s kg/m², as entered (height and weight give %(computed)s kg/m²)."
)
BMI_NONE = _("BMI: not recorded (enter height and weight, or the BMI).")


@dataclass(frozen=True)
class BmiNote:
    """Which BMI the record uses, for the line under a person's fields: `source` is "computed",
    "entered" or None (none recorded); `templates` let the script say the same while typing."""

    value: float | None
    computed: float | None
    source: str | None
    text: str


def _positive_number(raw: Any) -> float | None:
    value = number_or_text(raw)
    return float(value) if isinstance(value, int | float) and value > 0 else None


def bmi_note(height_cm: Any, weight_kg: Any, bmi: Any) -> BmiNote:
    """The BMI the record will use: an entered BMI when there is one (the contract checks it
    agrees with height and weight), else the one computed from height (cm) and weight (kg)."""
    height, weight, entered = (_positive_number(x) for x in (height_cm, weight_kg, bmi))
    computed = bmi_from(height, weight) if height is not None and weight is not None else None
    if entered is not None:
        if computed is not None:
            message = str(BMI_ENTERED_BESIDE) % {
                "bmi": shown_number(entered),
                "computed": shown_number(computed),
            }
        else:
            message = str(BMI_ENTERED) % {"bmi": shown_number(entered)}
        return BmiNote(entered, computed, "entered", message)
    if computed is not None:
        return BmiNote(
            computed, computed, "computed", str(BMI_COMPUTED) % {"bmi": shown_number(computed)}
        )
    return BmiNote(None, None, None, str(BMI_NONE))


def shown_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def person_bmi_note(form: forms.Form) -> BmiNote:
    """The note for a person form as it stands (typed values, or the stored ones when editing)."""
    return bmi_note(form["height_cm"].value(), form["weight_kg"].value(), form["bmi"].value())


def bmi_templates() -> dict[str, str]:
    """The notes with placeholders, for the script that updates the note while typing."""
    marks = {"bmi": "{bmi}", "computed": "{computed}"}
    return {
        "computed": str(BMI_COMPUTED) % marks,
        "entered": str(BMI_ENTERED) % marks,
        "beside": str(BMI_ENTERED_BESIDE) % marks,
        "none": str(BMI_NONE),
    }


# --- the error summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryEntry:
    """One line of the error summary: where (section and field, as the page names them), the
    message, and the id of the element the link goes to."""

    target: str
    where: str
    message: str


def _row_id(kind: str, index: int) -> str:
    return f"{kind}-{index + 1}"


def _form_entries(form: forms.Form, section: str, container: str) -> list[SummaryEntry]:
    entries = [SummaryEntry(container, section, str(error)) for error in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for error in bound.errors:
            target = bound.id_for_label or bound.auto_id or container
            entries.append(SummaryEntry(target, f"{section} · {bound.label}", str(error)))
    return entries


def mark_invalid(bundle: RecordForms) -> None:
    """Each field with an error says so to assistive technology, and names its message
    (the message's element is `<auto_id>-error`, clinic/_field.html)."""
    for form in [*bundle.every_form()]:
        for name, field in form.fields.items():
            if form.is_bound and name in form.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error"


def error_summary(bundle: RecordForms) -> list[SummaryEntry]:
    """Every error of the page, in the order the page shows the fields (so the summary reads
    top to bottom like the form), each linking to its field."""
    entries: list[SummaryEntry] = []
    entries += _form_entries(bundle.meta, gettext("Record"), "record")
    entries += _form_entries(bundle.woman, gettext("Woman"), "woman")
    entries += _form_entries(bundle.partner, gettext("Partner"), "partner")
    entries += _formset_entries(bundle.pregnancies, gettext("Pregnancies (oldest first)"))
    for index, form in enumerate(bundle.pregnancies):
        section = gettext("Pregnancy %(n)s") % {"n": index + 1}
        entries += _form_entries(form, section, _row_id("pregnancy", index))
    entries += _form_entries(bundle.current, gettext("Current pregnancy"), "current")
    entries += _formset_entries(bundle.results, gettext("Test results"))
    for index, form in enumerate(bundle.results):
        section = gettext("Result %(n)s") % {"n": index + 1}
        entries += _form_entries(form, section, _row_id("result", index))
    return entries


def _formset_entries(formset: Any, section: str) -> list[SummaryEntry]:
    """The row counts themselves (too many rows, a tampered count)."""
    if not formset.is_bound:
        return []
    return [SummaryEntry(formset.prefix, section, str(e)) for e in formset.non_form_errors()]


# --- another row without JavaScript ---------------------------------------------------------

ROW_KINDS = {"pregnancy": "pregnancies", "result": "results"}
ROW_LIMITS = {"pregnancies": MAX_PREGNANCIES, "results": MAX_RESULTS}


def with_another_row(data: QueryDict, kind: str) -> QueryDict:
    """The posted form with one more blank row of `kind` (everything typed kept): the "add a
    row" button's answer when the page has no JavaScript to add the row itself."""
    prefix = ROW_KINDS[kind]
    copy = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        return copy  # a tampered count: the formset's own check names it
    copy[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, ROW_LIMITS[prefix]))
    return copy
