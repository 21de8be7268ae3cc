"""`aps-acr-eular-2023`: the 2023 ACR/EULAR antiphospholipid syndrome classification criteria.

Entry criterion first (a clinical criterion and a positive test within 3 years of it); then
weighted items in clinical domains D1-D6 and laboratory domains D7-D8, counting only the
highest item per domain; classified with at least 3 clinical and 3 laboratory points.

Obstetric domain D4 is computed from the pregnancy list; the other clinical items are chosen
by the clinician as codes (their definitions, such as a high-risk VTE profile, need judgement).
Laboratory domains D7-D8 are computed from dated results: "persistent" means two consecutive
results at least 12 weeks apart, and a moderate plus a high result counts as moderate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.antiphospholipid import (
    AntiB2gp1Test,
    AnticardiolipinIgGTest,
    AnticardiolipinIgMTest,
    AntiphospholipidTests,
    ApsPregnancy,
    consecutive_pairs,
    weeks,
    within_years,
)
from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInputError,
    Trail,
    number_text,
    start,
)
from rpl.core.parsing import Problem
from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _

NAME = "aps-acr-eular-2023"

ClinicalCriterion = Literal[
    "vte_with_high_risk_profile",
    "vte_without_high_risk_profile",
    "arterial_thrombosis_with_high_risk_cvd_profile",
    "arterial_thrombosis_without_high_risk_cvd_profile",
    "livedo_racemosa",
    "livedoid_vasculopathy_lesions",
    "apl_nephropathy_clinical_or_laboratory",
    "pulmonary_haemorrhage_symptoms_and_imaging",
    "livedoid_vasculopathy_pathology",
    "apl_nephropathy_pathology",
    "pulmonary_haemorrhage_bal_or_pathology",
    "myocardial_disease_imaging_or_pathology",
    "adrenal_haemorrhage_imaging_or_pathology",
    "valve_thickening",
    "valve_vegetation",
    "thrombocytopenia_20_to_130",
]

Band = Literal["moderate", "high"] | None
BAND_ORDER: dict[Band, int] = {None: 0, "moderate": 1, "high": 2}
CLINICAL_DOMAINS = ("D1", "D2", "D3", "D4", "D5", "D6")
LAB_DOMAINS = ("D7", "D8")


class Inputs(AntiphospholipidTests):
    """Clinical items, pregnancies and antiphospholipid results for the 2023 criteria."""

    clinical_criteria: list[ClinicalCriterion] = Field(
        description="Clinical items present in domains D1-D3, D5 and D6 and not better "
        "explained by another cause; [] when none. Domain D4 comes from `pregnancies`."
    )
    pregnancies: list[ApsPregnancy] = Field(
        description="Every pregnancy that ended, oldest first; [] when none."
    )
    clinical_criterion_dates: list[dt.date] = Field(
        default_factory=list,
        description="Dates of the documented clinical criteria; needed for the entry "
        "criterion (a positive test within 3 years) when any clinical item is present.",
    )


# The result's summary in whole marked sentences (rpl.core.text), so that outputs in the
# couple's language show it translated.
NO_CLINICAL = _("Entry criterion not met: no clinical criterion (domains D1-D6) is documented.")
NO_ENTRY_TEST = _(
    "Entry criterion not met: no positive antiphospholipid test within 3 years of a clinical"
    " criterion; the source says not to attempt classification."
)
BETWEEN_BANDS = _(
    "Undefined by the source: a titre falls between the moderate (40-79) and high (≥80) bands"
    " and the classification depends on which band it is given."
)
CLASSIFIED = template(
    _(
        "Classified as APS by the 2023 ACR/EULAR criteria: %(clinical)d clinical and"
        " %(laboratory)d laboratory points."
    )
)
NOT_CLASSIFIED = {
    (True, False): template(
        _(
            "Not classified as APS by the 2023 ACR/EULAR criteria (clinical points %(clinical)d"
            " < %(need)d)."
        )
    ),
    (False, True): template(
        _(
            "Not classified as APS by the 2023 ACR/EULAR criteria (laboratory points"
            " %(laboratory)d < %(need_laboratory)d)."
        )
    ),
    (True, True): template(
        _(
            "Not classified as APS by the 2023 ACR/EULAR criteria (clinical points %(clinical)d"
            " < %(need)d; laboratory points %(laboratory)d < %(need_laboratory)d)."
        )
    ),
}


def calculate(inputs: Inputs, *, explain: bool = True) -> CalculationResult:
    """`explain=False`: value, summary and citations only (see `Trail`), for the engine."""
    trail = start(NAME, inputs, explain)
    if explain:
        trail.caveats.append(
            "The 2023 ACR/EULAR criteria classify patients for research; they are not diagnostic "
            "criteria, and a result here is not a diagnosis."
        )
    domains = _domains(trail)

    untitred = [
        t for t in [*inputs.anti_b2gp1_igg, *inputs.anti_b2gp1_igm] if t.titre_units is None
    ]
    if untitred and explain:
        trail.caveats.append(
            f"{len(untitred)} anti-β2-glycoprotein I result(s) have no titre; the 2023 criteria "
            "band titres in units, so they were not counted."
        )
    untitred_acl = [t for t in inputs.anticardiolipin_igg if t.titre_gpl is None] + [
        t for t in inputs.anticardiolipin_igm if t.titre_mpl is None
    ]
    if untitred_acl and explain:
        trail.caveats.append(
            f"{len(untitred_acl)} anticardiolipin result(s) have no titre in GPL/MPL units; the "
            "2023 criteria band titres in those units, so they were not counted."
        )
    items = list(dict.fromkeys(inputs.clinical_criteria)) + _obstetric_items(inputs, trail)
    if not items:
        trail.step(  # a constant: no need to guard it
            "Entry criterion: no clinical criterion is documented, so no classification is attempted."
        )
        return trail.result("entry_criterion_not_met", NO_CLINICAL, {"entry_criterion_met": False})
    if not inputs.clinical_criterion_dates:
        raise CalculatorInputError(
            [
                Problem(
                    "clinical_criterion_dates",
                    "required when a clinical item is present (the entry criterion needs a "
                    "positive test within 3 years of it)",
                )
            ]
        )
    if not _entry_test(inputs, trail):
        return trail.result(
            "entry_criterion_not_met", NO_ENTRY_TEST, {"entry_criterion_met": False}
        )

    clinical_by_domain = _highest_per_domain(items, domains, trail)
    clinical_points = sum(points for _, points in clinical_by_domain.values())

    low, between_bands = _laboratory(inputs, trail, assume_high=False)
    # Reading a titre between the bands as high changes nothing unless one lies there.
    high = _laboratory(inputs, trail, assume_high=True)[0] if between_bands else low
    lab_by_domain = low
    lab_points_low = sum(points for _, points in low.values())
    lab_points_high = sum(points for _, points in high.values())
    # Each item's number is already cited (`_laboratory`): the text alone can be left out.
    for domain in LAB_DOMAINS if explain else ():
        code, points = low[domain]
        if code is not None:
            trail.step(f"{trail.number(code).meaning} — {points} points.")
        else:
            trail.step(f"{domain}: no item — 0 points.")

    need_clinical = trail.value("min_clinical_points")
    need_lab = trail.value("min_laboratory_points")
    details: dict[str, JsonValue] = {
        "entry_criterion_met": True,
        "clinical_points": clinical_points,
        "laboratory_points": lab_points_low,
        "domains": {
            domain: {"item": code, "points": points}
            for domain, (code, points) in {**clinical_by_domain, **lab_by_domain}.items()
        },
    }
    classified_low = clinical_points >= need_clinical and lab_points_low >= need_lab
    classified_high = clinical_points >= need_clinical and lab_points_high >= need_lab
    if explain:
        trail.step(
            f"Totals: clinical {clinical_points} points (at least {number_text(need_clinical)} "
            f"needed), laboratory {lab_points_low} points (at least {number_text(need_lab)} "
            "needed)."
        )
    if lab_points_low != lab_points_high:
        details["laboratory_points_if_high"] = lab_points_high
        changes = classified_low != classified_high
        moderate_to = trail.value("moderate_titre_to")  # cited with or without the text
        high_from = trail.value("high_titre_from")
        if explain:
            trail.step(
                f"A titre lies between {number_text(moderate_to)} and "
                f"{number_text(high_from)} units, which neither published band "
                f"covers: counted as moderate above; read as high, the laboratory total would be "
                f"{lab_points_high}"
                + (
                    " and the classification would change."
                    if changes
                    else ", with the same classification."
                )
            )
        if changes:
            return trail.result("undefined_by_source", BETWEEN_BANDS, details)
    if classified_low:
        summary = fill(CLASSIFIED, clinical=int(clinical_points), laboratory=int(lab_points_low))
        return trail.result("classified", summary, details)
    short_clinical = clinical_points < need_clinical
    short_lab = lab_points_low < need_lab
    summary = fill(  # each sentence names only the side that falls short
        NOT_CLASSIFIED[(short_clinical, short_lab)],
        clinical=int(clinical_points),
        need=int(need_clinical),
        laboratory=int(lab_points_low),
        need_laboratory=int(need_lab),
    )
    return trail.result("not_classified", summary, details)


def _domains(trail: Trail) -> dict[str, str]:
    """Each criterion's domain, from the data file's table."""
    return {row["code"]: str(row["domain"]) for row in trail.data.tables["criteria"]}


def _obstetric_items(inputs: Inputs, trail: Trail) -> list[str]:
    """Domain D4 items present in the pregnancy history (unexplained pregnancies only)."""
    explain = trail.explain
    # The limits in whole weeks and in days (a gestational age is held as days); looked up
    # in this order, which is the order of the result's citations.
    early_before = int(trail.value("early_losses_before_weeks"))
    need = int(trail.value("early_losses_min_count"))
    death_from_days = int(trail.value("fetal_death_from_weeks")) * 7
    death_before_days = int(trail.value("fetal_death_before_weeks")) * 7
    early_before_days = early_before * 7

    # One pass over the pregnancies; explained ones count for nothing and break a run.
    skipped = 0
    run = current = 0  # the longest run of unexplained losses before `early_before` weeks
    fetal_death = both = either = False
    for p in inputs.pregnancies:
        if p.explained_by_other_cause:
            skipped += 1
            current = 0
            continue
        features = p.features
        preeclampsia = "severe_preeclampsia_before_34w" in features
        insufficiency = "placental_insufficiency_before_34w" in features
        both = both or (preeclampsia and insufficiency)
        either = either or preeclampsia or insufficiency
        if p.outcome != "loss":
            current = 0
            continue
        days = p.gestational_age.total_days
        if days < early_before_days:
            current += 1
            if current > run:
                run = current
        else:
            current = 0
        if death_from_days <= days < death_before_days and not preeclampsia and not insufficiency:
            fetal_death = True

    if skipped and explain:
        trail.step(
            f"D4: {skipped} pregnancy(ies) with an equally or more likely other explanation are not counted."
        )
    items: list[str] = []
    if run >= need:
        items.append("three_consecutive_losses_before_16_weeks")
    if explain:
        trail.step(
            f"D4: longest run of consecutive unexplained losses before {early_before}+0 "
            f"weeks: {run} ({need} needed for the item)."
        )
    if fetal_death:
        items.append("fetal_death_16_to_33_weeks")
    if both:
        items.append("severe_preeclampsia_and_placental_insufficiency_before_34_weeks")
    elif either:
        items.append("severe_preeclampsia_or_placental_insufficiency_before_34_weeks")
    return items


def _entry_test(inputs: Inputs, trail: Trail) -> bool:
    years = int(trail.value("entry_window_years"))
    moderate = trail.value("moderate_titre_from")
    positives: list[tuple[dt.date, str]] = []
    positives += [(t.date, "lupus anticoagulant") for t in inputs.lupus_anticoagulant if t.positive]
    positives += [
        (t.date, "anticardiolipin IgG")
        for t in inputs.anticardiolipin_igg
        if t.titre_gpl is not None and t.titre_gpl >= moderate
    ]
    positives += [
        (t.date, "anticardiolipin IgM")
        for t in inputs.anticardiolipin_igm
        if t.titre_mpl is not None and t.titre_mpl >= moderate
    ]
    for name, tests in (("IgG", inputs.anti_b2gp1_igg), ("IgM", inputs.anti_b2gp1_igm)):
        positives += [
            (t.date, f"anti-β2-glycoprotein I {name}")
            for t in tests
            if t.titre_units is not None and t.titre_units >= moderate
        ]
    explain = trail.explain
    for day, label in sorted(positives):
        for event in inputs.clinical_criterion_dates:
            if within_years(day, event, years):
                if explain:
                    trail.step(
                        f"Entry criterion met: positive {label} on {day.isoformat()}, within "
                        f"{years} years of the clinical criterion on {event.isoformat()}."
                    )
                return True
    if explain and positives:
        trail.step(
            f"Entry criterion: positive tests exist but none within {years} years of a clinical criterion."
        )
    elif explain:
        trail.step(
            "Entry criterion: no positive lupus anticoagulant and no anticardiolipin or "
            f"anti-β2-glycoprotein I titre of {number_text(moderate)} units or more."
        )
    return False


def _highest_per_domain(
    items: Sequence[str], domains: dict[str, str], trail: Trail
) -> dict[str, tuple[str | None, int]]:
    best: dict[str, tuple[str | None, int]] = {d: (None, 0) for d in CLINICAL_DOMAINS}
    for code in items:
        points = int(trail.value(code))
        domain = domains[code]
        if points > best[domain][1]:
            best[domain] = (code, points)
    if not trail.explain:
        return best  # every item's number is cited above
    for domain in CLINICAL_DOMAINS:
        present = [c for c in items if domains[c] == domain]
        chosen, points = best[domain]
        if chosen is None:
            continue
        others = [c for c in present if c != chosen]
        trail.step(
            f"{trail.number(chosen).meaning} — {points} points"
            + (
                " (highest item in the domain; " + ", ".join(others) + " not added)."
                if others
                else "."
            )
        )
    return best


def _bands(titre: float, trail: Trail, assume_high: bool, between: list[bool]) -> Band:
    """The band of a titre; a titre between the published bands sets `between[0]`."""
    moderate_from = trail.value("moderate_titre_from")
    moderate_to = trail.value("moderate_titre_to")
    high_from = trail.value("high_titre_from")
    if titre >= high_from:
        return "high"
    if moderate_from <= titre <= moderate_to:
        return "moderate"
    if moderate_to < titre < high_from:
        between[0] = True
        return "high" if assume_high else "moderate"
    return None


def _persistent_band(
    titres: list[tuple[dt.date, float | None]],
    trail: Trail,
    assume_high: bool,
    apart: dt.timedelta,
    between: list[bool],
) -> Band:
    if len(titres) < 2:
        return None  # no pair: nothing to band (and no number to cite)
    best: Band = None
    for (day_a, a), (day_b, b) in consecutive_pairs(titres, lambda t: t[0]):
        if day_b - day_a < apart or a is None or b is None:
            continue
        band_a = _bands(a, trail, assume_high, between)
        band_b = _bands(b, trail, assume_high, between)
        pair = band_a if BAND_ORDER[band_a] <= BAND_ORDER[band_b] else band_b
        if BAND_ORDER[pair] > BAND_ORDER[best]:
            best = pair
    return best


def _laboratory(
    inputs: Inputs, trail: Trail, assume_high: bool
) -> tuple[dict[str, tuple[str | None, int]], bool]:
    """Domains D7 and D8, and whether a titre between the bands was read (as `assume_high`
    says); without one, the other reading gives the same domains and citations."""
    apart = weeks(trail.value("persistence_min_weeks"))
    result: dict[str, tuple[str | None, int]] = {}
    between = [False]

    la = [(t.date, t.positive) for t in inputs.lupus_anticoagulant]
    persistent = any(
        a[1] and b[1] and b[0] - a[0] >= apart for a, b in consecutive_pairs(la, lambda t: t[0])
    )
    if persistent:
        code: str | None = "lupus_anticoagulant_persistent"
    elif any(positive for _, positive in la):
        code = "lupus_anticoagulant_single"
    else:
        code = None
    result["D7"] = (code, int(trail.value(code)) if code else 0)

    def titres_igg(tests: list[AnticardiolipinIgGTest]) -> list[tuple[dt.date, float | None]]:
        return [(t.date, t.titre_gpl) for t in tests]

    def titres_igm(tests: list[AnticardiolipinIgMTest]) -> list[tuple[dt.date, float | None]]:
        return [(t.date, t.titre_mpl) for t in tests]

    def titres_b2(tests: list[AntiB2gp1Test]) -> list[tuple[dt.date, float | None]]:
        return [(t.date, t.titre_units) for t in tests]

    def band(titres: list[tuple[dt.date, float | None]]) -> Band:
        return _persistent_band(titres, trail, assume_high, apart, between)

    acl_igg = band(titres_igg(inputs.anticardiolipin_igg))
    b2_igg = band(titres_b2(inputs.anti_b2gp1_igg))
    acl_igm = band(titres_igm(inputs.anticardiolipin_igm))
    b2_igm = band(titres_b2(inputs.anti_b2gp1_igm))
    if acl_igg == "high" and b2_igg == "high":
        code = "igg_high_acl_and_b2gp1"
    elif "high" in (acl_igg, b2_igg):
        code = "igg_high_acl_or_b2gp1"
    elif "moderate" in (acl_igg, b2_igg):
        code = "igg_moderate"
    elif acl_igm is not None or b2_igm is not None:
        code = "igm_moderate_or_high"
    else:
        code = None
    result["D8"] = (code, int(trail.value(code)) if code else 0)
    return result, between[0]
