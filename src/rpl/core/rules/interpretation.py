"""IP rules: what the results and the history show (findings).

Criteria and classifications come from the calculators (`rpl.core.calculators`), the one
source of truth for their published numbers; these rules only build the calculators' inputs
from the record and say what is still missing. Findings are `present`, `absent`, or
`possible` (not decidable yet, with what is needed). A finding the data cannot decide is never
reported absent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from rpl.core.calculators import CalculationResult, CalculatorInputError, build_input, run
from rpl.core.ranges import place
from rpl.core.record import Result
from rpl.core.results import read_result
from rpl.core.rules import aps
from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.sections import Finding, Investigation, SourceRef
from rpl.core.text import fill, sentences, template
from rpl.core.text import gettext_noop as _

RULES: list[Rule] = []
rule = collect_into(RULES)

Status = Literal["present", "absent", "possible"]


def calculation_sources(result: CalculationResult) -> list[SourceRef]:
    """A calculator's citations as assessment sources (one per source and place)."""
    seen: dict[tuple[str, str], SourceRef] = {}
    for citation in result.sources:
        if (citation.source, citation.ref) not in seen:
            seen[(citation.source, citation.ref)] = SourceRef(
                source=citation.source,
                ref=citation.ref,
                strength="classification criteria (ungraded)",
                evidence=citation.evidence,
            )
    return list(seen.values())


def _numeric(result: Result) -> float | None:
    return float(result.value) if isinstance(result.value, int | float) else None


APS_CITES = {
    "eshre-2022": ["ESHRE-INV-APL-01", "ESHRE-INV-APL-02"],
    "rcog-2023": ["RCOG-INV-01"],
    "asrm-2012": ["ASRM-INV-02"],
}


@rule(
    "IP01",
    "Antiphospholipid syndrome by the 2006 revised Sapporo (Sydney) criteria",
    APS_CITES,
    when=When(any_result=aps.APL_TESTS),
)
def aps_sydney(context: RuleContext) -> Sequence[Emitted] | None:
    """The Sydney 2006 finding, shown beside ACR/EULAR 2023; and the laboratory criteria on
    their own (persistent antibodies), which ESHRE's treatment recommendation asks for."""
    evaluation = aps.evaluation(context)
    sydney = evaluation.sydney
    detail = sentences(
        _criteria_summary(sydney),
        _settle(sydney),
        _readings_note(evaluation),
        _not_used(evaluation),
        _side_by_side(evaluation, "aps-sydney-2006"),
        NOT_A_DIAGNOSIS,
    )
    return [
        context.finding(
            "aps_sydney_2006", sydney.status, detail, extra_sources=_sources(evaluation)
        ),
        context.finding(
            "antiphospholipid_antibodies_positive",
            evaluation.lab,
            _lab_detail(evaluation),
            extra_sources=_sources(evaluation, only="aps-sydney-2006"),
        ),
    ]


@rule(
    "IP02",
    "Antiphospholipid syndrome by the 2023 ACR/EULAR criteria",
    APS_CITES,
    when=When(any_result=aps.APL_TESTS),
)
def aps_acr_eular(context: RuleContext) -> Sequence[Emitted] | None:
    evaluation = aps.evaluation(context)
    acr = evaluation.acr
    detail = sentences(
        _criteria_summary(acr),
        _settle(acr),
        _readings_note(evaluation),
        _not_used(evaluation),
        _side_by_side(evaluation, "aps-acr-eular-2023"),
        NOT_A_DIAGNOSIS,
    )
    return [
        context.finding(
            "aps_acr_eular_2023", acr.status, detail, extra_sources=_sources(evaluation)
        )
    ]


def _sources(evaluation: aps.Evaluation, only: str | None = None) -> list[SourceRef]:
    """Both criteria's citations (a finding states both results), or one calculator's."""
    found: dict[tuple[str, str], SourceRef] = {}
    for criteria in (evaluation.sydney, evaluation.acr):
        if criteria.result is not None and only in (None, criteria.calculator):
            for source in calculation_sources(criteria.result):
                found.setdefault((source.source, source.ref), source)
    return list(found.values())


# The APS findings' details, in whole marked sentences (rpl.core.text): each calculator's own
# summary is one or more marked sentences too, so the clinician's outputs in the couple's
# language show them translated.
NOT_A_DIAGNOSIS = _("Classification criteria, not a diagnosis.")
NOT_SETTLED = _("Not settled on what the record holds now.")
CANNOT_DECIDE = _("Cannot be decided yet.")
OTHER_CANNOT_DECIDE = {
    "aps-sydney-2006": _("Sydney 2006 cannot be decided yet."),
    "aps-acr-eular-2023": _("ACR/EULAR 2023 cannot be decided yet."),
}
READ_AGAINST_PUBLISHED = _(
    "Without a laboratory cut-off, anticardiolipin titres were read against the published"
    " threshold (above 40 GPL/MPL, Sydney 2006)."
)
# Both criteria sets in one sentence, by (Sydney 2006, ACR/EULAR 2023) status.
SIDE_BY_SIDE = {
    ("present", "present"): _("Side by side: Sydney 2006 met, ACR/EULAR 2023 classified."),
    ("present", "possible"): _(
        "Side by side: Sydney 2006 met, ACR/EULAR 2023 not settled on what the record holds."
    ),
    ("present", "absent"): _("Side by side: Sydney 2006 met, ACR/EULAR 2023 not classified."),
    ("possible", "present"): _("Side by side: Sydney 2006 not settled, ACR/EULAR 2023 classified."),
    ("possible", "possible"): _(
        "Side by side: Sydney 2006 not settled, ACR/EULAR 2023 not settled on what the record"
        " holds."
    ),
    ("possible", "absent"): _(
        "Side by side: Sydney 2006 not settled, ACR/EULAR 2023 not classified."
    ),
    ("absent", "present"): _("Side by side: Sydney 2006 not met, ACR/EULAR 2023 classified."),
    ("absent", "possible"): _(
        "Side by side: Sydney 2006 not met, ACR/EULAR 2023 not settled on what the record holds."
    ),
    ("absent", "absent"): _("Side by side: Sydney 2006 not met, ACR/EULAR 2023 not classified."),
}
DISAGREE_EARLY_LOSSES = template(
    _(
        "The two disagree: three or more losses before %(weeks)d weeks are a clinical criterion"
        " of Sydney 2006 but give %(points)d of the %(needed)d clinical points the 2023 criteria"
        " need (the laboratory side scores %(laboratory)d)."
    )
)
DISAGREE_SYDNEY_MET = _("The two disagree: Sydney 2006 is met, the 2023 criteria are not.")
DISAGREE_ACR_MET = _("The two disagree: the 2023 criteria classify, Sydney 2006 is not met.")
PERSISTENT = {
    "lupus_anticoagulant": template(
        _(
            "Lupus anticoagulant positive on two occasions at least %(weeks)d weeks apart (a"
            " Sydney 2006 laboratory criterion)."
        )
    ),
    "anticardiolipin_igg": template(
        _(
            "Anticardiolipin IgG positive on two occasions at least %(weeks)d weeks apart (a"
            " Sydney 2006 laboratory criterion)."
        )
    ),
    "anticardiolipin_igm": template(
        _(
            "Anticardiolipin IgM positive on two occasions at least %(weeks)d weeks apart (a"
            " Sydney 2006 laboratory criterion)."
        )
    ),
    "anti_b2gp1_igg": template(
        _(
            "Anti-β2-glycoprotein I IgG positive on two occasions at least %(weeks)d weeks apart"
            " (a Sydney 2006 laboratory criterion)."
        )
    ),
    "anti_b2gp1_igm": template(
        _(
            "Anti-β2-glycoprotein I IgM positive on two occasions at least %(weeks)d weeks apart"
            " (a Sydney 2006 laboratory criterion)."
        )
    ),
}
NOT_CONFIRMED = _("Not confirmed yet.")
NO_LAB_CRITERION = _("No antiphospholipid antibody test meets the Sydney 2006 laboratory criteria.")


def _criteria_summary(criteria: aps.Criteria) -> str:
    if criteria.result is None:
        if criteria.needs:  # what would settle it follows, in marked sentences
            return CANNOT_DECIDE
        # A value out of the calculator's range: which one, in marked sentences.
        return sentences(CANNOT_DECIDE, criteria.problem)
    if criteria.status == "possible":
        return sentences(NOT_SETTLED, criteria.result.summary)
    return criteria.result.summary


def _plain_summary(criteria: aps.Criteria) -> str:
    if criteria.result is None:
        return OTHER_CANNOT_DECIDE[criteria.calculator]
    return criteria.result.summary


def _settle(criteria: aps.Criteria) -> str | None:
    """What would settle a possible reading: the engine's marked sentences."""
    if criteria.status != "possible" or not criteria.needs:
        return None
    return sentences(*criteria.needs)


def _readings_note(evaluation: aps.Evaluation) -> str | None:
    """Say when a titre was read against the published threshold rather than a cut-off."""
    published = [
        r.test
        for r in evaluation.readings
        if r.test.startswith("anticardiolipin") and r.above_cutoff is None and r.titre is not None
    ]
    return READ_AGAINST_PUBLISHED if published else None


def _not_used(evaluation: aps.Evaluation) -> str | None:
    return sentences(*evaluation.gaps) if evaluation.gaps else None


def _side_by_side(evaluation: aps.Evaluation, this: str) -> str:
    """Both criteria sets in one sentence, the other set's result, and why they differ when
    they do."""
    sydney, acr = evaluation.sydney, evaluation.acr
    other = acr if this == "aps-sydney-2006" else sydney
    parts = [SIDE_BY_SIDE[(sydney.status, acr.status)], _plain_summary(other)]
    if sydney.status == "present" and acr.status != "present":
        met = _met_criteria(sydney)
        details = acr.result.details if acr.result is not None else {}
        points, lab_points = details.get("clinical_points"), details.get("laboratory_points")
        if (
            "three_losses_before_10_weeks" in met
            and isinstance(points, int)
            and isinstance(lab_points, int)
        ):
            parts.append(
                fill(
                    DISAGREE_EARLY_LOSSES,
                    weeks=int(aps.number("aps-sydney-2006", "early_losses_before_weeks")),
                    points=points,
                    needed=int(aps.number("aps-acr-eular-2023", "min_clinical_points")),
                    laboratory=lab_points,
                )
            )
        else:
            parts.append(DISAGREE_SYDNEY_MET)
    elif acr.status == "present" and sydney.status != "present":
        parts.append(DISAGREE_ACR_MET)
    return sentences(*parts)


def _met_criteria(criteria: aps.Criteria) -> set[str]:
    if criteria.result is None:
        return set()
    clinical = criteria.result.details.get("clinical_criteria")
    if not isinstance(clinical, dict):
        return set()
    return {k for k, v in clinical.items() if v == "met"}


def _lab_detail(evaluation: aps.Evaluation) -> str:
    if evaluation.lab == "present":
        met = sorted(
            {
                r.test
                for r in evaluation.readings
                if aps.persistent([o for o in evaluation.readings if o.test == r.test])
            }
        )
        weeks = int(aps.persistence_weeks())
        return sentences(*(fill(PERSISTENT[test], weeks=weeks) for test in met))
    if evaluation.lab == "possible":
        return sentences(NOT_CONFIRMED, *evaluation.lab_needs)
    return NO_LAB_CRITERION


def _latest(context: RuleContext, test: str) -> Result | None:
    found = context.results(test)
    return found[-1] if found else None


def _above_or_below(result: Result) -> Literal["above", "below", "within"] | None:
    """Where a numeric result lies against the laboratory's own range; None if unknowable."""
    value = _numeric(result)
    if value is None or result.reference_range is None or not result.unit:
        word = (result.value or "").strip().lower() if isinstance(result.value, str) else ""
        return {"high": "above", "low": "below", "normal": "within"}.get(word)  # type: ignore[return-value]
    return place(value, result.reference_range)


@rule(
    "IP03",
    "Thyroid: overt or subclinical hypothyroidism, thyroid autoimmunity",
    {
        "eshre-2022": ["ESHRE-TX-END-01", "ESHRE-TX-END-02", "ESHRE-TX-END-03", "NL-01"],
        "rcog-2023": ["RCOG-TX-07"],
        "asrm-2012": ["ASRM-INV-04"],
    },
    when=When(any_result=("tsh", "tpo_antibodies")),
)
def thyroid(context: RuleContext) -> Sequence[Emitted] | None:
    tsh = _latest(context, "tsh")
    tpo = _latest(context, "tpo_antibodies")
    items: list[Emitted] = []
    tsh_place = _above_or_below(tsh) if tsh is not None else None
    if tsh is not None and tsh_place is None:
        items.append(
            context.finding(
                "subclinical_hypothyroidism",
                "possible",
                _("The TSH result needs a unit and the laboratory's reference range to be read."),
            )
        )
    if tsh_place == "above":
        free_t4 = _latest(context, "free_t4")
        t4_place = _above_or_below(free_t4) if free_t4 is not None else None
        if t4_place == "below":
            items.append(
                context.finding(
                    "overt_hypothyroidism",
                    "present",
                    _("TSH above the laboratory's range with a low free T4."),
                )
            )
        elif t4_place == "within":
            items.append(
                context.finding(
                    "subclinical_hypothyroidism",
                    "present",
                    _("TSH above the laboratory's range with a normal free T4."),
                )
            )
        else:
            items.append(
                context.finding(
                    "subclinical_hypothyroidism",
                    "possible",
                    _(
                        "TSH is above the laboratory's range; free T4 is needed to tell overt"
                        " from subclinical hypothyroidism."
                    ),
                )
            )
    if tpo is not None:
        reading = read_result(tpo)
        if reading == "abnormal" and tsh_place == "within":
            items.append(
                context.finding(
                    "thyroid_autoimmunity",
                    "present",
                    _("TPO antibodies positive with a TSH within the laboratory's range."),
                )
            )
        elif reading == "abnormal":
            items.append(
                context.finding(
                    "thyroid_autoimmunity",
                    "present",
                    _("TPO antibodies positive."),
                )
            )
        elif reading == "normal":
            items.append(
                context.finding("thyroid_autoimmunity", "absent", _("TPO antibodies negative."))
            )
    return items


@rule(
    "IP04",
    "High prolactin",
    {"eshre-2022": ["ESHRE-TX-END-08"], "asrm-2012": ["ASRM-INV-04"]},
    when=When(any_result=("prolactin",)),
)
def prolactin(context: RuleContext) -> Sequence[Emitted] | None:
    result = _latest(context, "prolactin")
    if result is None:
        return None
    place = _above_or_below(result)
    if place == "above":
        return [
            context.finding(
                "hyperprolactinaemia",
                "present",
                _("Prolactin above the laboratory's range."),
                citing=context.cited_ids(),
            )
        ]
    if place is None:
        return [
            context.finding(
                "hyperprolactinaemia",
                "possible",
                _("The prolactin result needs a unit and the laboratory's reference range."),
                citing=context.cited_ids(),
            )
        ]
    return [
        context.finding(
            "hyperprolactinaemia",
            "absent",
            _("Prolactin within the laboratory's range."),
            citing=context.cited_ids(),
        )
    ]


UTERINE_CLASS_FINDING = {
    "U1": "uterine_dysmorphic",
    "U2": "uterine_septate",
    "U3": "uterine_bicorporeal",
    "U4": "uterine_anomaly_other",
    "U5": "uterine_anomaly_other",
    "U6": "uterine_anomaly_other",
}
# Classes with a septum (U2) or a split body (U3): a candidate among them keeps a septum open.
SEPTUM_CLASSES = ("U2", "U3")
MEASUREMENTS_ONLY = _(
    "Read as a two-sided uterus with a normal cavity outline, because the record holds only"
    " measurements."
)
NOT_A_SEPTUM = _(
    "Not a septum: the internal indentation is below half the wall thickness, which ESHRE/ESGE"
    " places in U0 (normal) or U1c (minor deformity), never in U2 (septate)."
)
CUME_SEPTATE = _(
    "The CUME criterion (an indentation 10 mm deep or more) reads the same measurements as a"
    " septum."
)
CUME_NOT_SEPTATE = _(
    "The CUME criterion (an indentation under 10 mm) reads the same measurements as normal or"
    " arcuate."
)
ASRM_SEPTATE = _("The ASRM 2016 criteria read the same measurements as a septum.")
ASRM_NOT_SEPTATE = _("The ASRM 2016 criteria do not read the same measurements as a septum.")
CLASSIFICATIONS_DIFFER = _(
    "The classifications disagree about a septum here: the clinician decides which applies."
)


def _other_septum_readings(
    measurements: Mapping[str, float],
) -> list[tuple[bool, CalculationResult]]:
    """CUME 2018 and ASRM 2016 on the same measurements, where the record has what each needs:
    whether each reads a septum, with its result (for its citations)."""
    readings: list[tuple[bool, CalculationResult]] = []
    depth = measurements.get("internal_indentation_mm")
    if depth is None:
        return readings
    cume = run(
        "septum-cume-2018", build_input("septum-cume-2018", {"internal_indentation_mm": depth})
    )
    readings.append((cume.value == "septate", cume))
    angle = measurements.get("indentation_angle_deg")
    external = measurements.get("external_indentation_mm")
    if angle is not None and external is not None and 0 < angle <= 180:
        asrm = run(
            "septum-asrm-2016",
            build_input(
                "septum-asrm-2016",
                {
                    "internal_indentation_mm": depth,
                    "indentation_angle_deg": angle,
                    "external_indentation_mm": external,
                },
            ),
        )
        readings.append((asrm.value == "septate", asrm))
    return readings


@rule(
    "IP05",
    "Uterine anomaly class (ESHRE/ESGE 2013) from imaging measurements",
    {
        "eshre-2022": ["ESHRE-INV-ANAT-01", "ESHRE-INV-ANAT-02"],
        "rcog-2023": ["RCOG-INV-06"],
        "asrm-2012": ["ASRM-INV-03"],
    },
    when=When(any_result=("uterine_imaging",)),
)
def uterine_class(context: RuleContext) -> Sequence[Emitted] | None:
    """The ESHRE/ESGE 2013 class decides the finding; CUME 2018 and ASRM 2016 are run on the
    same measurements and named when they read a septum differently.

    ESHRE/ESGE's U0 ("not exceeding 50%") and U1c ("less than 50%") overlap for an internal
    indentation under half the wall (the calculator returns `undefined_by_source` with both
    candidates): neither is a septum, so the septum is absent unless another classification
    reads one, in which case it stays possible and the detail says which.
    """
    imaging = [r for r in context.results("uterine_imaging") if r.measurements]
    if not imaging:
        return None
    measurements: dict[str, float] = {k: v for k, v in (imaging[-1].measurements or {}).items()}
    try:
        result = _uterus_classified(measurements)
    except CalculatorInputError as error:
        return [context.finding("uterine_septate", "possible", _uterus_problems(error))]
    sources = calculation_sources(result)
    value = str(result.value)
    code = UTERINE_CLASS_FINDING.get(value[:2])
    others = _other_septum_readings(measurements)
    if code is not None:
        detail = sentences(result.summary, MEASUREMENTS_ONLY)
        if code == "uterine_septate":
            # A septum by ESHRE/ESGE stays present (caution never silences treatment); a
            # classification that reads it otherwise is named beside it.
            detail = sentences(
                detail, *(_reading_words(result_) for septate, result_ in others if not septate)
            )
            sources = [*sources, *_other_sources(others, septate=False)]
        return [context.finding(code, "present", detail, extra_sources=sources)]
    candidates = result.details.get("candidates") if isinstance(result.details, dict) else None
    no_septum = value == "U0" or (
        isinstance(candidates, list) and not any(str(c)[:2] in SEPTUM_CLASSES for c in candidates)
    )
    if not no_septum:
        return [
            context.finding("uterine_septate", "possible", result.summary, extra_sources=sources)
        ]
    septate_elsewhere = [result_ for septate, result_ in others if septate]
    words = NOT_A_SEPTUM if value != "U0" else None
    if septate_elsewhere:
        return [
            context.finding(
                "uterine_septate",
                "possible",
                sentences(
                    result.summary,
                    words,
                    *(_reading_words(r) for r in septate_elsewhere),
                    CLASSIFICATIONS_DIFFER,
                ),
                extra_sources=[*sources, *_other_sources(others, septate=True)],
            )
        ]
    return [
        context.finding(
            "uterine_septate",
            "absent",
            sentences(
                result.summary,
                words,
                *(_reading_words(r) for _, r in others),
                MEASUREMENTS_ONLY,
            ),
            extra_sources=[*sources, *_other_sources(others, septate=False)],
        )
    ]


# Why the measurements cannot be classified yet, in marked sentences named as the record form
# names the measurements (the calculator's own problems name its input fields, in English).
CANNOT_CLASSIFY = _("Cannot be classified yet.")
MEASUREMENT_NOT_RECORDED = {
    "internal_indentation_mm": _("The internal indentation (mm) is not recorded."),
    "external_indentation_mm": _(
        "The external indentation (mm) is not recorded (0 for a straight outline)."
    ),
    "wall_thickness_mm": _("The wall thickness (mm) is not recorded."),
}
MEASUREMENT_NOT_ACCEPTED = {
    "internal_indentation_mm": _(
        "The internal indentation recorded lies outside what the classification accepts."
    ),
    "external_indentation_mm": _(
        "The external indentation recorded lies outside what the classification accepts."
    ),
    "wall_thickness_mm": _(
        "The wall thickness recorded lies outside what the classification accepts."
    ),
}
MEASUREMENTS_NOT_ACCEPTED = _(
    "The measurements recorded lie outside what the classification accepts."
)


def _uterus_problems(error: CalculatorInputError) -> str:
    said: list[str] = []
    for problem in error.problems:
        if problem.message.startswith("required"):
            text = MEASUREMENT_NOT_RECORDED.get(problem.path, MEASUREMENTS_NOT_ACCEPTED)
        else:
            text = MEASUREMENT_NOT_ACCEPTED.get(problem.path, MEASUREMENTS_NOT_ACCEPTED)
        if text not in said:
            said.append(text)
    return sentences(CANNOT_CLASSIFY, *said)


def _uterus_classified(measurements: Mapping[str, float]) -> CalculationResult:
    """The ESHRE/ESGE 2013 calculator on imaging recorded only as measurements (a two-sided
    uterus with a normal cavity outline, as IP05 reads it); one place, so that the finding and
    the investigation's reading (IV08) always classify the same inputs."""
    inputs: dict[str, Any] = {"formation": "two_sided", "cavity_shape": "normal"}
    for key in ("internal_indentation_mm", "external_indentation_mm", "wall_thickness_mm"):
        if key in measurements:
            inputs[key] = measurements[key]
    return run("uterus-eshre-esge-2013", build_input("uterus-eshre-esge-2013", inputs))


def uterine_measurements_reading(
    measurements: Mapping[str, float],
) -> Literal["normal", "abnormal", "indeterminate"]:
    """What imaging recorded only as measurements says, as IP05 decides it: an ESHRE/ESGE
    class U1-U6 is abnormal; U0, or the U0/U1c overlap that no other classification reads as
    a septum, is normal; anything still open is indeterminate. The investigation (IV08) shows
    the same reading as the finding, never "still to classify" beside a classified septum."""
    try:
        result = _uterus_classified(measurements)
    except CalculatorInputError:
        return "indeterminate"
    value = str(result.value)
    if UTERINE_CLASS_FINDING.get(value[:2]) is not None:
        return "abnormal"
    candidates = result.details.get("candidates") if isinstance(result.details, dict) else None
    no_septum = value == "U0" or (
        isinstance(candidates, list) and not any(str(c)[:2] in SEPTUM_CLASSES for c in candidates)
    )
    if not no_septum or any(septate for septate, _ in _other_septum_readings(measurements)):
        return "indeterminate"
    return "normal"


def _reading_words(result: CalculationResult) -> str:
    septate = result.value == "septate"
    if result.calculator == "septum-cume-2018":
        return CUME_SEPTATE if septate else CUME_NOT_SEPTATE
    return ASRM_SEPTATE if septate else ASRM_NOT_SEPTATE


def _other_sources(
    others: list[tuple[bool, CalculationResult]], *, septate: bool
) -> list[SourceRef]:
    return [s for reads, result in others if reads is septate for s in calculation_sources(result)]


ACQUIRED_UTERINE = {
    "intrauterine_adhesions": _("Intrauterine adhesions are recorded."),
    "submucosal_fibroid": _("A submucosal fibroid is recorded."),
    "endometrial_polyp": _("An endometrial polyp is recorded."),
}


@rule(
    "IP06",
    "Acquired uterine conditions recorded (adhesions, submucosal fibroid, polyp)",
    {"eshre-2022": ["ESHRE-TX-ANAT-03", "ESHRE-TX-ANAT-04"]},
)
def acquired_uterine(context: RuleContext) -> Sequence[Emitted] | None:
    conditions = set(context.checked.record.woman.conditions or [])
    found = [code for code in ACQUIRED_UTERINE if code in conditions]
    if not found:
        return None
    return [
        context.finding(
            code,
            "present",
            ACQUIRED_UTERINE[code],
        )
        for code in found
    ]


TRANSLOCATION_IN = {
    "woman": _("A balanced translocation is recorded in the woman."),
    "partner": _("A balanced translocation is recorded in the partner."),
    "unknown": _("A balanced translocation is recorded; which partner is not recorded."),
}


@rule(
    "IP07",
    "A chromosome rearrangement in either partner",
    {
        "eshre-2022": ["ESHRE-INV-GEN-03", "ESHRE-TX-GEN-02"],
        "rcog-2023": ["RCOG-INV-05"],
        "asrm-2012": ["ASRM-INV-01"],
    },
    when=When(any_result=("karyotype",)),
)
def parental_rearrangement(context: RuleContext) -> Sequence[Emitted] | None:
    karyotypes = context.results("karyotype")
    items = []
    for result in karyotypes:
        who = result.subject or "unknown"
        words = (result.interpretation or "").strip().lower()
        if not words:
            items.append(
                context.finding(
                    "parental_balanced_translocation",
                    "possible",
                    _("A karyotype result has no interpretation recorded."),
                )
            )
        elif words == "normal":
            continue
        elif "translocation" in words:
            items.append(
                context.finding("parental_balanced_translocation", "present", TRANSLOCATION_IN[who])
            )
        else:
            items.append(
                context.finding(
                    "parental_other_rearrangement",
                    "present",
                    _("An abnormal karyotype is recorded in one partner."),
                )
            )
    if not items:
        return [
            context.finding(
                "parental_balanced_translocation",
                "absent",
                _("The recorded karyotypes are normal."),
            )
        ]
    return items


@rule(
    "IP08",
    "Chromosome abnormality in the tissue of a lost pregnancy",
    {
        "eshre-2022": ["ESHRE-INV-GEN-01"],
        "rcog-2023": ["RCOG-INV-04"],
        "asrm-2012": ["ASRM-INV-01"],
    },
)
def tissue_abnormality(context: RuleContext) -> Sequence[Emitted] | None:
    results = [
        p.tissue_genetics.result
        for p in context.checked.record.pregnancies
        if p.tissue_genetics is not None
    ]
    items = []
    if "aneuploid" in results:
        items.append(
            context.finding(
                "tissue_aneuploidy",
                "present",
                _(
                    "At least one lost pregnancy had an abnormal number of chromosomes, which"
                    " explains that loss."
                ),
            )
        )
    if "unbalanced_structural" in results:
        items.append(
            context.finding(
                "tissue_unbalanced_structural",
                "present",
                _(
                    "At least one lost pregnancy had an unbalanced structural chromosome"
                    " abnormality, which may come from a balanced rearrangement in a parent."
                ),
            )
        )
    return items or None


@rule(
    "IP09",
    "A history that suggests cervical insufficiency",
    {
        "eshre-2022": ["ESHRE-TX-ANAT-05"],
        "rcog-2023": ["CERC-RCOG-02"],
        "asrm-2012": ["CERC-ACOG-01"],
    },
)
def cervical_insufficiency(context: RuleContext) -> Sequence[Emitted] | None:
    first_trimester_ends = context.profile.definition.first_trimester_upper_weeks
    found = [
        p
        for p in context.checked.record.pregnancies
        if "painless_cervical_dilation" in p.features
        and p.gestational_age is not None
        and not p.gestational_age.is_before_weeks(first_trimester_ends)
    ]
    if not found:
        return None
    return [
        context.finding(
            "cervical_insufficiency_history",
            "present",
            _("A second-trimester loss or birth followed painless opening of the cervix."),
        )
    ]


@rule(
    "IP12",
    "High sperm DNA fragmentation in the partner",
    {
        "eshre-2022": ["ESHRE-INV-MALE-02", "ESHRE-INV-MALE-01"],
        "rcog-2023": ["RCOG-INV-08"],
        "asrm-2012": ["ASRM-INV-05"],
    },
    when=When(any_result=("sperm_dna_fragmentation",)),
)
def sperm_dna_fragmentation(context: RuleContext) -> Sequence[Emitted] | None:
    """A recorded result is read against the laboratory's own range (no cut-off of ours)."""
    result = _latest(context, "sperm_dna_fragmentation")
    if result is None:
        return None
    reading = read_result(result)
    # RCOG and ASRM do not offer the test routinely; a result on record is still read.
    routine = None if context.cites("ESHRE-INV-MALE-01") else SPERM_TEST_NOT_ROUTINE
    if reading == "abnormal":
        return [
            context.finding(
                "high_sperm_dna_fragmentation", "present", sentences(SPERM_DNA_HIGH, routine)
            )
        ]
    if reading == "normal":
        return [
            context.finding(
                "high_sperm_dna_fragmentation", "absent", sentences(SPERM_DNA_NORMAL, routine)
            )
        ]
    return [context.finding("high_sperm_dna_fragmentation", "possible", SPERM_DNA_UNREAD)]


SPERM_DNA_HIGH = _("The partner's sperm DNA fragmentation is above the laboratory's range.")
SPERM_DNA_NORMAL = _("The partner's sperm DNA fragmentation is within the laboratory's range.")
SPERM_DNA_UNREAD = _(
    "The sperm DNA fragmentation result needs a unit and the laboratory's reference range to be"
    " read."
)
SPERM_TEST_NOT_ROUTINE = _("This guideline does not offer the test routinely.")


def bmi_class(context: RuleContext, cut_offs: str | None = None) -> CalculationResult | None:
    """The `bmi-class` calculator on the woman's BMI, once per run and set of cut-offs; None
    without a BMI. The set is the profile's (`bmi_cut_offs`) unless a rule needs the one its
    source used (`cut_offs`); the cut-offs are the calculator's data, never numbers here."""
    bmi = context.checked.woman_bmi
    if bmi is None:
        return None
    chosen = cut_offs or context.profile.bmi_cut_offs
    found: CalculationResult | None = context.memo(
        f"bmi_class:{chosen}",
        lambda: run("bmi-class", build_input("bmi-class", {"bmi_kg_m2": bmi, "cut_offs": chosen})),
    )
    return found


def is_obesity(result: CalculationResult | None) -> bool:
    return result is not None and str(result.value).startswith("obesity")


def rcog_band(result: CalculationResult | None) -> str | None:
    """'below' or 'above' RCOG's BMI risk band (19 to 25 kg/m²), else None."""
    if result is None or not isinstance(result.details, dict):
        return None
    band = result.details.get("rcog_risk_band")
    return band if isinstance(band, str) else None


UNDERWEIGHT = _("BMI below 19 kg/m², a band linked to a higher risk of miscarriage.")
OVERWEIGHT = _("BMI in the overweight range of the WHO classification (not obesity).")
OBESITY = _("BMI in the obesity range of the WHO classification.")
# By another set of cut-offs the sentence names the set and the BMI (25.3 as 25 and 3 tenths).
OVERWEIGHT_BY = {
    "who-asia-2004": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: overweight (not obesity) by the cut-offs for Asian"
            " populations (WHO expert consultation, 2004)."
        )
    ),
    "asia-pacific-2000": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: overweight (not obesity) by the Asia-Pacific cut-offs"
            " (WHO Western Pacific Region, 2000)."
        )
    ),
    "china-2024": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: overweight (not obesity) by China's adult cut-offs"
            " (National Health Commission, 2024)."
        )
    ),
}
OBESITY_BY = {
    "who-asia-2004": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: obesity by the cut-offs for Asian populations (WHO"
            " expert consultation, 2004)."
        )
    ),
    "asia-pacific-2000": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: obesity by the Asia-Pacific cut-offs (WHO Western"
            " Pacific Region, 2000)."
        )
    ),
    "china-2024": template(
        _(
            "BMI %(whole)d.%(tenth)d kg/m²: obesity by China's adult cut-offs (National Health"
            " Commission, 2024)."
        )
    ),
}
# The recommendation that states each set (cited with the finding).
BMI_RECOMMENDATION = {
    "who": "WHO-BMI-01",
    "who-asia-2004": "WHO-BMI-ASIA-01",
    "asia-pacific-2000": "WPRO-BMI-01",
    "china-2024": "CN-BMI-01",
}


def _weight_sentence(result: CalculationResult) -> str:
    """The overweight or obesity finding's sentence, naming the set of cut-offs used."""
    details = result.details if isinstance(result.details, dict) else {}
    cut_offs = str(details["cut_offs"])  # the calculator always names its set
    obese = is_obesity(result)
    if cut_offs == "who":
        return OBESITY if obese else OVERWEIGHT
    tenths = round(float(str(details.get("bmi_kg_m2"))) * 10)
    whole, tenth = divmod(tenths, 10)
    chosen = OBESITY_BY if obese else OVERWEIGHT_BY
    return fill(chosen[cut_offs], whole=whole, tenth=tenth)


RCOG_ABOVE_25 = _("RCOG lists a BMI above 25 kg/m² among the risk factors for miscarriage.")


@rule(
    "IP10",
    "Lifestyle factors linked to pregnancy loss (smoking, BMI class)",
    {
        "eshre-2022": [
            "ESHRE-LIFE-03",
            "ESHRE-LIFE-04",
            "RCOG-RISK-01",
            "WHO-BMI-01",
            "WHO-BMI-ASIA-01",
            "WPRO-BMI-01",
            "CN-BMI-01",
        ],
        "rcog-2023": ["RCOG-RISK-01", "WHO-BMI-01"],
    },
)
def lifestyle_factors(context: RuleContext) -> Sequence[Emitted] | None:
    """Smoking, and the BMI class: overweight and obesity by the profile's cut-offs (WHO: a BMI
    of 25 to 29.9 is overweight, not obesity; a set for Asian populations where a national
    profile uses one, named in the sentence); underweight is RCOG's band below 19 kg/m²."""
    checked = context.checked
    items = []
    if checked.record.woman.smoking == "current":
        items.append(context.finding("smoking", "present", _("The woman smokes.")))
    partner = checked.record.partner
    if partner is not None and partner.smoking == "current":
        items.append(context.finding("smoking", "present", _("The partner smokes.")))
    result = bmi_class(context)
    if result is None:
        return items or None
    band = rcog_band(result)
    sources = calculation_sources(result)
    if band == "below":
        items.append(
            context.finding(
                "underweight",
                "present",
                UNDERWEIGHT,
                citing=["RCOG-RISK-01"],
                extra_sources=sources,
            )
        )
    if result.value == "overweight" or is_obesity(result):
        above = RCOG_ABOVE_25 if band == "above" else None
        stated = BMI_RECOMMENDATION[context.profile.bmi_cut_offs]
        items.append(
            context.finding(
                "obesity" if is_obesity(result) else "overweight",
                "present",
                sentences(_weight_sentence(result), above),
                citing=[stated, "RCOG-RISK-01"] if above else [stated],
                extra_sources=sources,
            )
        )
    return items or None


CAUSE_FINDINGS = (
    "aps_sydney_2006",
    "aps_acr_eular_2023",
    "antiphospholipid_antibodies_positive",
    "overt_hypothyroidism",
    "subclinical_hypothyroidism",
    "hyperprolactinaemia",
    "uterine_septate",
    "uterine_bicorporeal",
    "uterine_dysmorphic",
    "uterine_anomaly_other",
    "intrauterine_adhesions",
    "submucosal_fibroid",
    "parental_balanced_translocation",
    "parental_other_rearrangement",
    "cervical_insufficiency_history",
    "uncontrolled_diabetes",
)


@rule(
    "IP11",
    "Unexplained recurrent pregnancy loss: the recommended workup is complete and normal",
    {
        "eshre-2022": ["ESHRE-TX-UNEXP-02"],
        "rcog-2023": ["RCOG-TX-04"],
        "asrm-2012": ["ASRM-INV-01"],
    },
    when=When(definition_met=True),
)
def unexplained(context: RuleContext) -> Sequence[Emitted] | None:
    """Unexplained once every investigation the profile's own rules recommend is done and
    normal and no cause finding is present or still possible.

    "Complete" is read from the investigations the earlier rules listed as `recommended` under
    this profile (so it follows the profile's recommendations, not a list written here). A test
    of a lost pregnancy's tissue is the one exception: a result missing for past losses cannot
    be made up now, so it does not hold the workup open (RCOG offers parental karyotyping in
    its place, which then counts as recommended, IV07); an abnormal tissue result still does.
    """
    causes = context.findings(*CAUSE_FINDINGS)
    diabetes = diabetes_reading(context)
    if any(f.status == "present" for f in causes) or (diabetes and diabetes[0] == "present"):
        return [context.finding("unexplained_rpl", "absent", CAUSE_FOUND)]
    needed: list[str] = []
    not_normal: list[str] = []
    for item in context.earlier_items("investigations"):
        if not isinstance(item, Investigation) or item.recommendation != "recommended":
            continue
        if item.code in FROM_PAST_LOSSES and item.status == "to_do":
            continue  # cannot be done for past losses; an abnormal result still counts
        if item.status in ("to_do", "repeat"):
            needed.append(item.code)
        elif item.result == "indeterminate" and _classified_normal(context, item.code):
            continue
        elif item.result in ("abnormal", "indeterminate"):
            not_normal.append(item.code)
    undecided = sorted({f.code for f in causes if f.status == "possible"})
    if needed or not_normal or undecided:
        return [
            context.finding(
                "unexplained_rpl",
                "possible",
                sentences(
                    WORKUP_OPEN,
                    *_unique(
                        [
                            *(WORKUP_NEEDS.get(code, ANOTHER_TEST_NEEDED) for code in needed),
                            *(
                                WORKUP_NOT_NORMAL.get(code, ANOTHER_NOT_NORMAL)
                                for code in not_normal
                            ),
                            *(
                                CAUSE_UNDECIDED.get(code, ANOTHER_CAUSE_UNDECIDED)
                                for code in undecided
                            ),
                        ]
                    ),
                ),
            )
        ]
    return [context.finding("unexplained_rpl", "present", WORKUP_COMPLETE)]


def _classified_normal(context: RuleContext, code: str) -> bool:
    """Whether an investigation recorded only as measurements was classified as normal by a
    later rule (e.g. uterine imaging measurements that IP05 reads as no septum)."""
    finding_code = CLASSIFIED_BY.get(code)
    return finding_code is not None and any(
        isinstance(item, Finding) and item.code == finding_code and item.status == "absent"
        for item in context.earlier_items("findings")
    )


def _unique(texts: Sequence[str]) -> list[str]:
    """In order, each once (two rules may list one test; unnamed tests share a sentence)."""
    return list(dict.fromkeys(texts))


# Tests of a lost pregnancy's tissue: they cannot be done after the fact (see IP11).
FROM_PAST_LOSSES = frozenset({"tissue_genetics"})
# Investigations whose record holds measurements a later rule classifies: a finding reported
# absent there reads as a normal result (IP05 classifies uterine measurements).
CLASSIFIED_BY = {"uterine_assessment": "uterine_septate"}
CAUSE_FOUND = _(
    "A possible cause of the losses was found (see the other findings), so they are not"
    " unexplained."
)
WORKUP_COMPLETE = _(
    "Every investigation this guideline recommends is done and normal and no cause was found:"
    " the losses are unexplained, which carries a good chance of a live birth with supportive"
    " care."
)
WORKUP_OPEN = _(
    "Not yet decidable: the losses count as unexplained only once every investigation this"
    " guideline recommends is done and normal."
)
# One whole sentence per investigation, so each translates as a unit.
WORKUP_NEEDS = {
    "lupus_anticoagulant": _("Still needed: lupus anticoagulant."),
    "anticardiolipin_antibodies": _("Still needed: anticardiolipin antibodies."),
    "anti_b2gp1_antibodies": _("Still needed: anti-β2-glycoprotein I antibodies."),
    "tsh": _("Still needed: thyroid function (TSH)."),
    "tpo_antibodies": _("Still needed: thyroid peroxidase (TPO) antibodies."),
    "free_t4": _("Still needed: free T4."),
    "uterine_assessment": _("Still needed: an assessment of the uterus."),
    "parental_karyotype": _("Still needed: the karyotypes of both partners."),
    "prolactin": _("Still needed: prolactin."),
    "hba1c": _("Still needed: HbA1c."),
    "hereditary_thrombophilia_screen": _("Still needed: the thrombophilia tests."),
}
ANOTHER_TEST_NEEDED = _("Another recommended test is still needed (see the investigations).")
WORKUP_NOT_NORMAL = {
    "lupus_anticoagulant": _("The lupus anticoagulant result is not normal."),
    "anticardiolipin_antibodies": _("The anticardiolipin antibody result is not normal."),
    "anti_b2gp1_antibodies": _("The anti-β2-glycoprotein I antibody result is not normal."),
    "tsh": _("The TSH result is not normal."),
    "tpo_antibodies": _("The TPO antibody result is not normal."),
    "free_t4": _("The free T4 result is not normal."),
    "uterine_assessment": _("The uterine assessment is not normal or not yet classified."),
    "parental_karyotype": _("A karyotype is not normal or has no interpretation."),
    "prolactin": _("The prolactin result is not normal."),
    "hba1c": _("The HbA1c result is not normal."),
    "hereditary_thrombophilia_screen": _("A thrombophilia result is not normal."),
    "tissue_genetics": _("A pregnancy-tissue result is not normal."),
}
ANOTHER_NOT_NORMAL = _("Another recommended test is not normal (see the investigations).")
CAUSE_UNDECIDED = {
    "aps_sydney_2006": _(
        "Whether the Sydney criteria for antiphospholipid syndrome are met is not yet decided."
    ),
    "aps_acr_eular_2023": _(
        "Whether the ACR/EULAR criteria for antiphospholipid syndrome are met is not yet decided."
    ),
    "antiphospholipid_antibodies_positive": _(
        "Whether antiphospholipid antibodies persist (a repeat test at least 12 weeks later) is"
        " not yet decided."
    ),
    "subclinical_hypothyroidism": _(
        "Whether there is subclinical hypothyroidism is not yet decided."
    ),
    "overt_hypothyroidism": _("Whether there is hypothyroidism is not yet decided."),
    "hyperprolactinaemia": _("Whether prolactin is high is not yet decided."),
    "uterine_septate": _("Whether there is a uterine septum is not yet decided."),
    "parental_balanced_translocation": _(
        "Whether a partner carries a chromosome rearrangement is not yet decided."
    ),
}
ANOTHER_CAUSE_UNDECIDED = _("Another possible cause is not yet decided (see the findings).")


DIABETES_CITES = ["SIGN-DIAB-01"]


@rule(
    "IP13",
    "Diabetes not well controlled: HbA1c above the laboratory's range",
    {
        "eshre-2022": DIABETES_CITES,
        "rcog-2023": DIABETES_CITES,
        "asrm-2012": ["ASRM-INV-04", *DIABETES_CITES],
    },
    when=When(any_result=("hba1c",)),
)
def diabetes_control(context: RuleContext) -> Sequence[Emitted] | None:
    """An HbA1c on record read against the laboratory's range. With diabetes recorded, a high
    value is diabetes not well controlled (a treatable cause, TX14); without it, the clinician
    is asked whether it is diabetes. Runs after IP11, which already names an abnormal HbA1c
    among what keeps the losses from counting as unexplained."""
    reading = diabetes_reading(context)
    if reading is None:
        return None
    return [context.finding("uncontrolled_diabetes", reading[0], reading[1])]


def diabetes_reading(context: RuleContext) -> tuple[Status, str] | None:
    """IP13's status and detail from the latest HbA1c; IP11 (which runs first) reads it too,
    so diabetes not well controlled keeps the losses from counting as unexplained."""
    result = _latest(context, "hba1c")
    if result is None:
        return None
    known = "diabetes" in (context.checked.record.woman.conditions or [])
    where = _above_or_below(result)
    if where is None:
        return "possible", HBA1C_UNREAD
    if where != "above":
        return ("absent", DIABETES_CONTROLLED) if known else None
    if known:
        return "present", DIABETES_NOT_CONTROLLED
    return "possible", HBA1C_HIGH_NO_DIABETES


HBA1C_UNREAD = _("The HbA1c result needs a unit and the laboratory's reference range to be read.")
DIABETES_CONTROLLED = _("Diabetes is recorded and HbA1c is within the laboratory's range.")
DIABETES_NOT_CONTROLLED = _(
    "Diabetes is recorded and HbA1c is above the laboratory's range: the diabetes is not well"
    " controlled."
)
HBA1C_HIGH_NO_DIABETES = _(
    "HbA1c is above the laboratory's range but no diabetes is recorded: the clinician decides"
    " whether this is diabetes."
)
