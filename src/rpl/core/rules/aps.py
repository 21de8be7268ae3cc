"""Antiphospholipid syndrome from the record, worked out once per assessment.

Every antiphospholipid result is read once (`readings`): against the laboratory's own cut-off
(the upper limit of its reference range) when one is given, else against the published
threshold (Sydney 2006: anticardiolipin above 40 GPL/MPL), with the printed unit matched
through the declared table `knowledge/units/antiphospholipid-titres.yaml`. Both
classification criteria (Sydney 2006, ACR/EULAR 2023) are then run on the same inputs
(`evaluation`), for the findings (IP01, IP02), the tests (IV01, IV02) and the treatments
(TX01, TX02), so every rule reads the record the same way.

What the record cannot decide yet (a positive test awaiting its repeat, a cause of early
losses not yet excluded, a fetal morphology not documented...) is resolved both ways: when
the criteria are met only on the favourable reading, the result is `possible` and each
unknown that made the difference is named as what would settle it, in sentences marked for
translation (they also go into plan items).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from rpl.core.calculators import CalculationResult, CalculatorInputError, build_input, run
from rpl.core.calculators.antiphospholipid import (
    MAX_TITRE,
    AntiB2gp1Test,
    AnticardiolipinIgGTest,
    AnticardiolipinIgMTest,
    ApsPregnancy,
    LupusAnticoagulantTest,
    consecutive_pairs,
    weeks,
)
from rpl.core.calculators.base import load_data
from rpl.core.knowledge import knowledge_path, read_yaml
from rpl.core.ranges import bounds
from rpl.core.record import Pregnancy, Result
from rpl.core.results import read_result
from rpl.core.rules.registry import RuleContext
from rpl.core.text import fill, sentences, template
from rpl.core.text import gettext_noop as _
from rpl.core.vocabulary import Evidence

Status = Literal["present", "absent", "possible"]

APL_TESTS = (
    "lupus_anticoagulant",
    "anticardiolipin_igg",
    "anticardiolipin_igm",
    "anti_b2gp1_igg",
    "anti_b2gp1_igm",
)
# The three laboratory criteria of Sydney 2006 and the result codes behind each.
LAB_CRITERIA = {
    "lupus_anticoagulant": ("lupus_anticoagulant",),
    "anticardiolipin": ("anticardiolipin_igg", "anticardiolipin_igm"),
    "anti_b2gp1": ("anti_b2gp1_igg", "anti_b2gp1_igm"),
}
APS_FEATURES = frozenset(
    {
        "severe_preeclampsia_before_34w",
        "placental_insufficiency_before_34w",
        "morphologically_normal_fetus",
    }
)


# --- units ------------------------------------------------------------------------------------


class _UnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    test: str
    reads_as: str
    factor: float
    printed: list[str]
    reason: str
    source: str
    evidence: Evidence
    checked_in: str | None = None


class _NotAccepted(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    printed: list[str]
    tests: list[str]
    reason: str


class UnitTable(BaseModel):
    """`knowledge/units/antiphospholipid-titres.yaml`: printed units and what each reads as."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: list[_UnitEntry]
    not_accepted: list[_NotAccepted]


def _unit_key(text: str) -> str:
    # "GPL U/mL", "GPL-U/ml" and "gplu/mL" are the same printed unit.
    return re.sub(r"[\s.\-]", "", text).upper()


@cache
def unit_table() -> dict[str, tuple[str, float, frozenset[str]]]:
    """Per result code: the criteria's unit, the factor and the accepted printed forms."""
    table = UnitTable.model_validate(
        read_yaml(knowledge_path("units", "antiphospholipid-titres.yaml"))
    )
    found: dict[str, tuple[str, float, frozenset[str]]] = {}
    for entry in table.units:
        if entry.test in found:
            raise ValueError(f"antiphospholipid-titres.yaml: {entry.test} listed twice")
        found[entry.test] = (
            entry.reads_as,
            entry.factor,
            frozenset(_unit_key(p) for p in entry.printed),
        )
    for refused in table.not_accepted:
        for test in refused.tests:
            clash = found.get(test, ("", 1.0, frozenset()))[2] & {
                _unit_key(p) for p in refused.printed
            }
            if clash:
                raise ValueError(f"antiphospholipid-titres.yaml: {test} both accepts and refuses")
    return found


def titre_in_criteria_unit(result: Result) -> float | None:
    """The result's number in the unit the criteria use (GPL, MPL, assay units), or None when
    the printed unit is not one the table accepts for this test."""
    if not isinstance(result.value, int | float) or not result.unit:
        return None
    entry = unit_table().get(result.test)
    if entry is None or _unit_key(result.unit) not in entry[2]:
        return None
    return float(result.value) * entry[1]


# --- reading one result -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One antiphospholipid result as the criteria read it."""

    result: Result
    titre: float | None  # in the criteria's unit (GPL, MPL, assay units)
    above_cutoff: bool | None  # above the laboratory's cut-off, or reported positive/negative
    # Positive by the Sydney 2006 laboratory criteria (anti-β2GPI: above the cut-off only).
    sydney_positive: bool | None
    positive: bool | None  # positive by either criteria set; None when it cannot be read
    need: str | None  # what is missing to read it (a marked sentence)

    @property
    def test(self) -> str:
        return self.result.test

    @property
    def date(self) -> dt.date | None:
        return self.result.date


NEED_LA_READING = _("A lupus anticoagulant result needs a positive or negative report.")
NEED_ACL_UNIT = _(
    "An anticardiolipin result needs its titre in GPL or MPL units, or the laboratory's cut-off."
)
NEED_B2GP1_CUTOFF = _(
    "An anti-β2-glycoprotein I result needs the laboratory's cut-off (its 99th percentile)."
)


@cache
def number(calculator: str, key: str) -> float:
    """A published number from a calculator's data file (the one place numbers live)."""
    value = load_data(calculator).number(key).value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{calculator}: number {key!r} is not numeric")
    return float(value)


def _acl_threshold() -> float:
    return number("aps-sydney-2006", "acl_titre_above")


def persistence_weeks() -> float:
    return number("aps-sydney-2006", "persistence_min_weeks")


def read(result: Result) -> Reading:
    """How the criteria read one antiphospholipid result."""
    word = read_result(result) if isinstance(result.value, str) else "indeterminate"
    if result.test == "lupus_anticoagulant":
        known = word != "indeterminate"
        detected = word == "abnormal" if known else None
        return Reading(
            result, None, detected, detected, detected, None if known else NEED_LA_READING
        )
    titre = titre_in_criteria_unit(result)
    if titre is not None and not 0 <= titre <= MAX_TITRE:
        # A titre the criteria calculators refuse is not read as positive either: otherwise the
        # antibodies would be called persistent beside criteria that cannot be decided.
        return Reading(result, titre, None, None, None, _titre_not_accepted(result.test))
    above: bool | None = None
    if word != "indeterminate":
        above = word == "abnormal"
    elif isinstance(result.value, int | float) and result.reference_range is not None:
        high = bounds(result.reference_range)[1]
        if high is not None and result.unit:
            above = float(result.value) > high
    if result.test.startswith("anticardiolipin"):
        threshold = _acl_threshold()
        if above is True or (titre is not None and titre > threshold):
            positive: bool | None = True
        elif above is False or titre is not None:
            # No laboratory cut-off: the published threshold alone decides (Sydney 2006).
            positive = False
        else:
            positive = None
        need = NEED_ACL_UNIT if positive is None else None
        return Reading(result, titre, above, positive, positive, need)
    # Anti-β2GPI: Sydney counts only the laboratory's 99th percentile; ACR/EULAR bands titres.
    moderate = number("aps-acr-eular-2023", "moderate_titre_from")
    if above is True or (titre is not None and titre >= moderate):
        either: bool | None = True
    elif above is False:
        either = False
    else:
        either = None
    need = NEED_B2GP1_CUTOFF if above is None else None
    return Reading(result, titre, above, above, either, need)


def readings(context: RuleContext) -> list[Reading]:
    """Every antiphospholipid result of the record, read once per assessment, oldest first."""
    found: list[Reading] = context.memo(
        "apl_readings", lambda: [read(r) for r in context.results(*APL_TESTS)]
    )
    return found


# --- persistence and repeats ------------------------------------------------------------------

REPEAT_TEMPLATES = {
    "lupus_anticoagulant": template(
        _(
            "Repeat the lupus anticoagulant test on or after %(year)d-%(month)02d-%(day)02d, at"
            " least %(weeks)d weeks after the positive result."
        )
    ),
    "anticardiolipin": template(
        _(
            "Repeat the anticardiolipin test on or after %(year)d-%(month)02d-%(day)02d, at least"
            " %(weeks)d weeks after the positive result."
        )
    ),
    "anti_b2gp1": template(
        _(
            "Repeat the anti-β2-glycoprotein I test on or after %(year)d-%(month)02d-%(day)02d, at"
            " least %(weeks)d weeks after the positive result."
        )
    ),
}


def criterion_of(test: str) -> str:
    return next(name for name, tests in LAB_CRITERIA.items() if test in tests)


@dataclass(frozen=True)
class Repeat:
    """A positive result without its confirmation: repeat on or after `due`."""

    test: str
    positive: Reading
    due: dt.date

    def sentence(self) -> str:
        weeks_apart = int(persistence_weeks())
        return fill(
            REPEAT_TEMPLATES[criterion_of(self.test)],
            year=self.due.year,
            month=self.due.month,
            day=self.due.day,
            weeks=weeks_apart,
        )


def persistent(tests: Sequence[Reading]) -> bool:
    """Positive (Sydney reading) on two occasions at least the criteria's interval apart."""
    apart = weeks(persistence_weeks())
    dates = [r.date for r in tests if r.sydney_positive and r.date is not None]
    return len(dates) >= 2 and max(dates) - min(dates) >= apart


def repeat_due(tests: Sequence[Reading]) -> Repeat | None:
    """The repeat that would confirm a positive result, when none confirms or refutes it yet:
    the earliest positive with no result of the same test at least the interval after it."""
    if persistent(tests):
        return None
    apart = weeks(persistence_weeks())
    dated = [r for r in tests if r.date is not None]
    for reading in dated:
        if not reading.positive or reading.date is None:
            continue
        due = reading.date + apart
        if not any(other.date is not None and other.date >= due for other in dated):
            return Repeat(reading.test, reading, due)
    return None


# --- other causes of early losses (Sydney 2006 clinical criterion 2c) -------------------------

NEED_KARYOTYPE_WOMAN = _("The woman's karyotype is needed.")
NEED_KARYOTYPE_PARTNER = _("The partner's karyotype is needed.")
NEED_KARYOTYPE_READING = _("A karyotype result needs its interpretation recorded.")
NEED_UTERUS = _("Imaging of the uterus is needed.")
NEED_UTERUS_READING = _("The uterine imaging needs a normal or abnormal reading.")
NEED_TSH = _("Thyroid function (TSH) with its unit and reference range is needed.")
NEED_PROLACTIN = _("Prolactin with its unit and reference range is needed.")
NEED_HBA1C = _("HbA1c with its unit and reference range is needed, as diabetes is recorded.")
NEED_CONDITIONS = _("The woman's medical conditions need recording (diabetes, thrombosis).")
CAUSE_KARYOTYPE = _(
    "A chromosome abnormality is recorded in a partner; the clinician decides whether it"
    " explains the early losses."
)
CAUSE_UTERUS = _(
    "The uterus is recorded as abnormal; the clinician decides whether it explains the early"
    " losses."
)
CAUSE_TSH = _(
    "TSH is outside the laboratory's range; the clinician decides whether the thyroid explains"
    " the early losses."
)
CAUSE_PROLACTIN = _(
    "Prolactin is outside the laboratory's range; the clinician decides whether it explains the"
    " early losses."
)
CAUSE_HBA1C = _(
    "HbA1c is outside the laboratory's range; the clinician decides whether diabetes explains"
    " the early losses."
)
OTHER_CAUSES_FIRST = _(
    "Sydney 2006 counts three early losses only once other causes are excluded (the parents'"
    " chromosomes, the uterus and hormones)."
)
ACQUIRED_UTERINE = ("intrauterine_adhesions", "submucosal_fibroid")
PROLACTIN_SIGNS = frozenset({"amenorrhoea", "oligomenorrhoea", "galactorrhoea"})


@dataclass(frozen=True)
class OtherCauses:
    """What the record says of the causes Sydney 2006 asks to exclude for criterion 2c."""

    missing: tuple[str, ...]  # marked sentences: what is still needed
    present: tuple[str, ...]  # marked sentences: a cause recorded, for the clinician to weigh

    @property
    def excluded(self) -> bool:
        return not self.missing and not self.present


def _latest_reading(context: RuleContext, test: str) -> str | None:
    found = context.results(test)
    return read_result(found[-1]) if found else None


def _chromosomes(context: RuleContext) -> tuple[list[str], list[str]]:
    """Parental karyotypes; read as excluded, too, when every loss before 10 weeks had its
    tissue's chromosomes found normal (then no parental rearrangement caused those losses)."""
    early_days = int(number("aps-sydney-2006", "early_losses_before_weeks")) * 7
    early = [
        p
        for p in context.checked.record.pregnancies
        if p.outcome == "miscarriage"
        and p.gestational_age is not None
        and p.gestational_age.total_days < early_days
    ]
    if early and all(
        p.tissue_genetics is not None and p.tissue_genetics.result == "normal" for p in early
    ):
        return [], []
    missing: list[str] = []
    present: list[str] = []
    karyotypes = context.results("karyotype")
    for subject, need in (("woman", NEED_KARYOTYPE_WOMAN), ("partner", NEED_KARYOTYPE_PARTNER)):
        theirs = [r for r in karyotypes if r.subject == subject]
        if not theirs:
            missing.append(need)
            continue
        words = (theirs[-1].interpretation or "").strip().lower()
        if not words:
            missing.append(NEED_KARYOTYPE_READING)
        elif words != "normal":
            present.append(CAUSE_KARYOTYPE)
    return missing, present


def _hormonal(context: RuleContext) -> tuple[list[str], list[str]]:
    missing: list[str] = []
    present: list[str] = []
    tsh = _latest_reading(context, "tsh")
    if tsh is None or tsh == "indeterminate":
        missing.append(NEED_TSH)
    elif tsh == "abnormal":
        present.append(CAUSE_TSH)
    # Prolactin when measured, and needed when the record shows signs of a high prolactin
    # (a routine screen without signs is not made a condition of the criterion).
    prolactin = _latest_reading(context, "prolactin")
    signs = set(context.checked.record.woman.symptoms or []) & PROLACTIN_SIGNS
    if prolactin == "abnormal":
        present.append(CAUSE_PROLACTIN)
    elif signs and prolactin in (None, "indeterminate"):
        missing.append(NEED_PROLACTIN)
    conditions = context.checked.record.woman.conditions
    if conditions is None:
        missing.append(NEED_CONDITIONS)
    elif "diabetes" in conditions:
        hba1c = _latest_reading(context, "hba1c")
        if hba1c in (None, "indeterminate"):
            missing.append(NEED_HBA1C)
        elif hba1c == "abnormal":
            present.append(CAUSE_HBA1C)
    return missing, present


def other_causes(context: RuleContext) -> OtherCauses:
    """Sydney 2006 criterion 2c: "maternal anatomic or hormonal abnormalities and paternal and
    maternal chromosomal causes excluded", read from the record's results."""
    missing, present = _chromosomes(context)
    uterus = _latest_reading(context, "uterine_imaging")
    conditions = set(context.checked.record.woman.conditions or [])
    if uterus == "abnormal" or conditions & set(ACQUIRED_UTERINE):
        present.append(CAUSE_UTERUS)
    elif uterus is None:
        missing.append(NEED_UTERUS)
    elif uterus == "indeterminate":
        missing.append(NEED_UTERUS_READING)
    hormonal_missing, hormonal_present = _hormonal(context)
    return OtherCauses(
        tuple(dict.fromkeys([*missing, *hormonal_missing])),
        tuple(dict.fromkeys([*present, *hormonal_present])),
    )


# --- the two criteria, both ways --------------------------------------------------------------

NEED_THROMBOSIS = _("Whether the woman has had a thrombosis needs recording.")
NEED_MORPHOLOGY = template(
    _(
        "Record whether the fetus lost in pregnancy %(number)d looked normal on ultrasound or"
        " examination (Sydney 2006 counts a fetal death from 10 weeks only then)."
    )
)
NEED_TIMING = template(
    _(
        "The positive tests lie less than %(weeks)d weeks or more than %(years)d years from every"
        " pregnancy event, and the criteria advise against classifying then."
    )
)
NEED_EVENT_DATES = _(
    "The dates the pregnancies ended are needed, to time the positive tests against them."
)
NEED_MIXED_ISOTYPES = _(
    "The positive tests mix IgG and IgM across the two occasions, which the Sydney criteria do"
    " not address."
)
NEED_BANDS = _(
    "A titre lies between the moderate and high bands of the 2023 criteria, which leave that"
    " case open."
)
NEED_NON_OBSTETRIC = _(
    "The 2023 criteria weigh clinical items the record does not hold (thrombosis and its risk"
    " profile, microvascular disease, heart valves, platelet count)."
)


@dataclass(frozen=True)
class Criteria:
    """One criteria set's answer for the record."""

    calculator: str
    status: Status
    result: CalculationResult | None  # the run on what the record holds (None: could not run)
    needs: tuple[str, ...]  # marked sentences: what would settle it
    problem: str | None = None  # why it could not run (marked sentences)


@dataclass(frozen=True)
class Evaluation:
    readings: tuple[Reading, ...]
    sydney: Criteria
    acr: Criteria
    lab: Status  # the Sydney laboratory criteria (persistent antibodies)
    lab_needs: tuple[str, ...]
    repeats: tuple[Repeat, ...]
    other_causes: OtherCauses
    gaps: tuple[str, ...] = field(default=())  # results not used, in the engine's words

    @property
    def any_positive(self) -> bool:
        return any(r.positive for r in self.readings)


@dataclass
class _Record:
    """The calculators' inputs from the record, as it holds them (`plain`) and with every
    unknown resolved favourably (`hoped`, None when nothing is unknown), and the unknowns."""

    tests: dict[bool, dict[str, list[Any]]]
    pregnancies: dict[bool, list[ApsPregnancy]]
    event_dates: list[dt.date]
    repeats: list[Repeat]
    lab_needs: dict[str, list[str]]  # lab criterion -> marked sentences
    morphology: list[int]  # 1-based numbers of losses from 10 weeks, morphology not recorded
    thrombosis_unknown: bool
    gaps: list[str]

    @property
    def lab_unknown(self) -> bool:
        return bool(self.lab_needs)


def _test_entry(reading: Reading, favourable: bool) -> Any | None:
    """The calculators' input for one result, or None when it cannot be used this way."""
    date = reading.date
    if date is None:
        return None
    test = reading.test
    if test == "lupus_anticoagulant":
        if reading.positive is None:
            return LupusAnticoagulantTest(date=date, positive=True) if favourable else None
        return LupusAnticoagulantTest(date=date, positive=reading.positive)
    titre = reading.titre
    if titre is not None and not 0 <= titre <= MAX_TITRE:
        return {"date": date, "titre_" + _unit_field(test): titre}  # validation names it
    above = reading.above_cutoff
    if above is None and favourable and reading.need is not None:
        above = True
    if titre is None and above is None:
        return None
    if test == "anticardiolipin_igg":
        return AnticardiolipinIgGTest(date=date, titre_gpl=titre, above_99th_percentile=above)
    if test == "anticardiolipin_igm":
        return AnticardiolipinIgMTest(date=date, titre_mpl=titre, above_99th_percentile=above)
    return AntiB2gp1Test(date=date, titre_units=titre, above_99th_percentile=above)


def _unit_field(test: str) -> str:
    return {"anticardiolipin_igg": "gpl", "anticardiolipin_igm": "mpl"}.get(test, "units")


def _explained(pregnancy: Pregnancy) -> bool:
    tissue = pregnancy.tissue_genetics.result if pregnancy.tissue_genetics else None
    return tissue in ("aneuploid", "unbalanced_structural")


# What the criteria could not use, one whole sentence each (shown on the findings).
NO_DATE = {
    "lupus_anticoagulant": _("A lupus anticoagulant result has no date and was not used."),
    "anticardiolipin_igg": _("An anticardiolipin IgG result has no date and was not used."),
    "anticardiolipin_igm": _("An anticardiolipin IgM result has no date and was not used."),
    "anti_b2gp1_igg": _("An anti-β2-glycoprotein I IgG result has no date and was not used."),
    "anti_b2gp1_igm": _("An anti-β2-glycoprotein I IgM result has no date and was not used."),
}
NO_GESTATIONAL_AGE = template(
    _("Pregnancy %(number)d has no gestational age and was not used for the criteria.")
)


def _from_record(context: RuleContext, all_readings: Sequence[Reading]) -> _Record:
    gaps: list[str] = []
    lab_needs: dict[str, list[str]] = {}
    plain: dict[str, list[Any]] = {name: [] for name in APL_TESTS}
    hoped: dict[str, list[Any]] = {name: [] for name in APL_TESTS}
    for reading in all_readings:
        if reading.date is None:
            gaps.append(NO_DATE[reading.test])
            continue
        entry = _test_entry(reading, False)
        if entry is not None:
            plain[reading.test].append(entry)
        if reading.need is not None:
            lab_needs.setdefault(criterion_of(reading.test), []).append(reading.need)
            entry = _test_entry(reading, True)  # differs only for what cannot be read
        if entry is not None:
            hoped[reading.test].append(entry)
    repeats: list[Repeat] = []
    for test in APL_TESTS:
        repeat = repeat_due([r for r in all_readings if r.test == test])
        if repeat is None:
            continue
        repeats.append(repeat)
        lab_needs.setdefault(criterion_of(test), []).append(repeat.sentence())
        # Favourably, the repeat comes back positive on the day it is due.
        confirming = _test_entry(repeat.positive, True)
        if confirming is not None and not isinstance(confirming, dict):
            hoped[test].append(confirming.model_copy(update={"date": repeat.due}))

    from_days = int(number("aps-sydney-2006", "fetal_death_from_weeks")) * 7
    pregnancies: list[ApsPregnancy] = []
    hoped_pregnancies: list[ApsPregnancy] = []
    morphology: list[int] = []
    dates: list[dt.date] = []
    for index, pregnancy in enumerate(context.checked.record.pregnancies, start=1):
        if pregnancy.outcome not in ("miscarriage", "stillbirth", "live_birth"):
            continue
        if pregnancy.gestational_age is None:
            gaps.append(fill(NO_GESTATIONAL_AGE, number=index))
            continue
        features = [f for f in pregnancy.features if f in APS_FEATURES]
        explained = _explained(pregnancy)
        item = ApsPregnancy(
            outcome="birth" if pregnancy.outcome == "live_birth" else "loss",
            gestational_age=pregnancy.gestational_age,
            explained_by_other_cause=explained,
            features=features,  # type: ignore[arg-type]
        )
        pregnancies.append(item)
        if (
            pregnancy.outcome != "live_birth"
            and not explained
            and pregnancy.gestational_age.total_days >= from_days
            and not {"morphologically_normal_fetus", "fetal_anomaly"} & set(pregnancy.features)
        ):
            morphology.append(index)
            item = item.model_copy(update={"features": [*features, "morphologically_normal_fetus"]})
        hoped_pregnancies.append(item)
        if pregnancy.end_date is not None:
            dates.append(pregnancy.end_date)
    return _Record(
        {False: plain, True: hoped},
        {False: pregnancies, True: hoped_pregnancies},
        dates,
        repeats,
        lab_needs,
        morphology,
        context.checked.record.woman.conditions is None,
        gaps,
    )


def _run(calculator: str, values: dict[str, Any]) -> CalculationResult | CalculatorInputError:
    try:
        return run(calculator, build_input(calculator, values), explain=False)
    except CalculatorInputError as error:
        return error


# A value the criteria calculators refuse, in marked sentences (the calculators' own problem
# messages name input fields in English). Only a titre can be refused on what the record holds:
# it must lie from 0 to MAX_TITRE, a plausibility limit.
_TITRE_PATH = re.compile(r"(?P<test>\w+)\[\d+\]\.titre_\w+")
TITRE_NOT_ACCEPTED = {
    "anticardiolipin_igg": template(
        _(
            "An anticardiolipin IgG titre in the record lies outside 0 to %(most)d, the range the"
            " criteria calculators accept; check the number and its unit."
        )
    ),
    "anticardiolipin_igm": template(
        _(
            "An anticardiolipin IgM titre in the record lies outside 0 to %(most)d, the range the"
            " criteria calculators accept; check the number and its unit."
        )
    ),
    "anti_b2gp1_igg": template(
        _(
            "An anti-β2-glycoprotein I IgG titre in the record lies outside 0 to %(most)d, the"
            " range the criteria calculators accept; check the number and its unit."
        )
    ),
    "anti_b2gp1_igm": template(
        _(
            "An anti-β2-glycoprotein I IgM titre in the record lies outside 0 to %(most)d, the"
            " range the criteria calculators accept; check the number and its unit."
        )
    ),
}
VALUE_NOT_ACCEPTED = _(
    "A value in the record lies outside what the criteria calculators accept; running the"
    " calculator with these results names it."
)


def _titre_not_accepted(test: str) -> str:
    if test in TITRE_NOT_ACCEPTED:
        return fill(TITRE_NOT_ACCEPTED[test], most=MAX_TITRE)
    return VALUE_NOT_ACCEPTED


def _problem_text(error: CalculatorInputError) -> str:
    """Why the calculator refused the input, in marked sentences (one per kind of problem)."""
    said: list[str] = []
    for problem in error.problems:
        match = _TITRE_PATH.fullmatch(problem.path)
        text = _titre_not_accepted(match["test"]) if match is not None else VALUE_NOT_ACCEPTED
        if text not in said:
            said.append(text)
    return sentences(*said)


def _cannot_run(name: str, error: CalculatorInputError) -> Criteria:
    """Criteria the record cannot decide yet; a missing end date is named as a need."""
    dates = {"clinical_event_dates", "clinical_criterion_dates"}
    needs = (NEED_EVENT_DATES,) if any(p.path in dates for p in error.problems) else ()
    return Criteria(name, "possible", None, needs, _problem_text(error))


def _sydney_values(
    context: RuleContext, found: _Record, causes: OtherCauses, favourable: bool
) -> dict[str, Any]:
    conditions = context.checked.record.woman.conditions
    thrombosis = bool({"venous_thrombosis", "arterial_thrombosis"} & set(conditions or []))
    tests = found.tests[favourable]
    values: dict[str, Any] = {name: tests[name] for name in APL_TESTS if tests[name]}
    return values | {
        "vascular_thrombosis": thrombosis or (favourable and found.thrombosis_unknown),
        "pregnancies": found.pregnancies[favourable],
        "clinical_event_dates": found.event_dates,
        "other_causes_of_early_losses_excluded": causes.excluded or favourable,
    }


def _sydney(context: RuleContext, found: _Record, causes: OtherCauses) -> Criteria:
    name = "aps-sydney-2006"
    plain = _run(name, _sydney_values(context, found, causes, False))
    if isinstance(plain, CalculatorInputError):
        return _cannot_run(name, plain)
    if plain.value == "criteria_met":
        return Criteria(name, "present", plain, ())
    # The favourable run can only differ when an unknown bears on a side not yet met.
    early_days = int(number(name, "early_losses_before_weeks")) * 7
    early = sum(
        1
        for p in found.pregnancies[False]
        if p.outcome == "loss"
        and not p.explained_by_other_cause
        and p.gestational_age.total_days < early_days
    )
    clinical_open = bool(_met(plain, "clinical_criteria")) or bool(
        (early >= number(name, "early_losses_min_count") and not causes.excluded)
        or found.morphology
        or found.thrombosis_unknown
    )
    lab_open = bool(_met(plain, "laboratory_criteria")) or found.lab_unknown
    unknown = clinical_open and lab_open
    hoped = _run(name, _sydney_values(context, found, causes, True)) if unknown else plain
    if isinstance(hoped, CalculationResult) and hoped.value == "criteria_met":
        return Criteria(name, "possible", plain, _sydney_needs(plain, hoped, found, causes))
    if plain.value == "avoid_classification":
        timing = fill(
            NEED_TIMING,
            weeks=int(number(name, "timing_min_weeks")),
            years=int(number(name, "timing_max_years")),
        )
        return Criteria(name, "possible", plain, (timing,))
    if plain.value == "undefined_by_source":
        return Criteria(name, "possible", plain, (NEED_MIXED_ISOTYPES,))
    return Criteria(name, "absent", plain, ())


def _met(result: CalculationResult, part: str) -> set[str]:
    statuses = result.details.get(part)
    if not isinstance(statuses, dict):
        return set()
    return {name for name, status in statuses.items() if status == "met"}


def _sydney_needs(
    plain: CalculationResult, hoped: CalculationResult, found: _Record, causes: OtherCauses
) -> tuple[str, ...]:
    """The unknowns that made the difference between the two runs, as marked sentences."""
    needs: list[str] = []
    if not _met(plain, "clinical_criteria"):
        clinical = _met(hoped, "clinical_criteria")
        if "three_losses_before_10_weeks" in clinical:
            needs += [OTHER_CAUSES_FIRST, *causes.missing, *causes.present]
        if "fetal_death_from_10_weeks" in clinical:
            needs += [fill(NEED_MORPHOLOGY, number=n) for n in found.morphology]
        if "vascular_thrombosis" in clinical and found.thrombosis_unknown:
            needs.append(NEED_THROMBOSIS)
    if not _met(plain, "laboratory_criteria"):
        for criterion in sorted(_met(hoped, "laboratory_criteria")):
            needs += found.lab_needs.get(criterion, [])
    return tuple(dict.fromkeys(needs))


def _acr_values(found: _Record, favourable: bool) -> dict[str, Any]:
    tests = found.tests[favourable]
    values: dict[str, Any] = {name: tests[name] for name in APL_TESTS if tests[name]}
    # Clinical items of domains D1-D3, D5, D6 are not in the record: only D4 is computed.
    return values | {
        "clinical_criteria": [],
        "pregnancies": found.pregnancies[False],
        "clinical_criterion_dates": found.event_dates,
    }


def _acr(found: _Record) -> Criteria:
    name = "aps-acr-eular-2023"
    plain = _run(name, _acr_values(found, False))
    if isinstance(plain, CalculatorInputError):
        return _cannot_run(name, plain)
    if plain.value == "classified":
        return Criteria(name, "present", plain, ())
    if plain.value == "undefined_by_source":
        return Criteria(name, "possible", plain, (NEED_BANDS,))
    # First whether anything could classify (the heaviest clinical item the record cannot hold,
    # with every unknown result favourable); only then whether the record's own items would.
    hoped_values = _acr_values(found, True)
    if not _outside_items_could_classify(hoped_values, plain, found):
        return Criteria(name, "absent", plain, ())
    # The unknowns are all laboratory ones: with too few clinical points on the record's own
    # items, resolving them cannot classify, so the favourable run is not needed.
    points = plain.details.get("clinical_points")
    clinical_enough = isinstance(points, int) and points >= number(name, "min_clinical_points")
    hoped = _run(name, hoped_values) if found.lab_unknown and clinical_enough else plain
    if isinstance(hoped, CalculationResult) and hoped.value == "classified":
        needs = [n for group in found.lab_needs.values() for n in group]
        return Criteria(name, "possible", plain, tuple(dict.fromkeys(needs)))
    return Criteria(name, "possible", plain, (NEED_NON_OBSTETRIC,))


def _outside_items_could_classify(
    values: dict[str, Any], plain: CalculationResult, found: _Record
) -> bool:
    """Whether a clinical item the record cannot hold (here the heaviest, an arterial
    thrombosis without a high-risk profile, dated with the tests) would classify: if not even
    that would, the laboratory side is too weak and the answer is settled. Clinical items
    only add clinical points, so the laboratory side decides; it is read from the run already
    made where it can be, and the trial run is the fallback."""
    name = "aps-acr-eular-2023"
    needed = number(name, "min_laboratory_points")
    tests = [e for test in APL_TESTS for e in values.get(test, ()) if not isinstance(e, dict)]
    if not any(_could_be_positive(t) for t in tests):
        return False  # no laboratory point at all
    lab = plain.details.get("laboratory_points_if_high", plain.details.get("laboratory_points"))
    if isinstance(lab, int) and not found.lab_unknown:
        return lab >= needed  # the entry was met and the results are all read
    if number(name, "lupus_anticoagulant_persistent") >= needed and persistent_la(tests):
        return True  # persistent lupus anticoagulant alone gives the laboratory points
    dates = sorted({t.date for t in tests})
    trial = values | {
        "clinical_criteria": ["arterial_thrombosis_without_high_risk_cvd_profile"],
        "clinical_criterion_dates": [*values["clinical_criterion_dates"], *dates],
    }
    result = _run("aps-acr-eular-2023", trial)
    return isinstance(result, CalculationResult) and result.value in (
        "classified",
        "undefined_by_source",
    )


def persistent_la(tests: Sequence[Any]) -> bool:
    """Two consecutive lupus anticoagulant inputs both positive and at least the persistence
    interval apart (ACR/EULAR 2023's "persistent", as its calculator reads it)."""
    apart = weeks(number("aps-acr-eular-2023", "persistence_min_weeks"))
    la = [t for t in tests if isinstance(t, LupusAnticoagulantTest)]
    return any(
        a.positive and b.positive and b.date - a.date >= apart
        for a, b in consecutive_pairs(la, lambda t: t.date)
    )


def _could_be_positive(test: Any) -> bool:
    if isinstance(test, LupusAnticoagulantTest):
        return test.positive
    titre = getattr(test, "titre_gpl", None) or getattr(test, "titre_mpl", None)
    titre = titre if titre is not None else getattr(test, "titre_units", None)
    return titre is not None and titre >= number("aps-acr-eular-2023", "moderate_titre_from")


def _lab_status(all_readings: Sequence[Reading], found: _Record) -> tuple[Status, tuple[str, ...]]:
    """The Sydney laboratory criteria alone: antibodies persistently positive (one test, two
    occasions), else what would confirm them."""
    for test in APL_TESTS:
        if persistent([r for r in all_readings if r.test == test]):
            return "present", ()
    needs = [n for group in found.lab_needs.values() for n in group]
    return ("possible" if needs else "absent"), tuple(dict.fromkeys(needs))


def evaluation(context: RuleContext) -> Evaluation:
    """Both criteria sets on the record, once per assessment (after the investigation rules)."""
    found: Evaluation = context.memo("aps_evaluation", lambda: _evaluate(context))
    return found


def _evaluate(context: RuleContext) -> Evaluation:
    all_readings = readings(context)
    causes = other_causes(context)
    found = _from_record(context, all_readings)
    lab, lab_needs = _lab_status(all_readings, found)
    return Evaluation(
        tuple(all_readings),
        _sydney(context, found, causes),
        _acr(found),
        lab,
        lab_needs,
        tuple(found.repeats),
        causes,
        tuple(found.gaps),
    )
