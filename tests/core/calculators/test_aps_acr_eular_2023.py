"""aps-acr-eular-2023: Barbhaiya et al., Ann Rheum Dis 2023 / Arthritis Rheumatol 2023.

Weights of D1-D4, the entry criterion and the 3-year window: criteria table as reproduced in
ASH view-large 12526482 and 12162038. The ≥3 + ≥3 rule, titre bands (moderate 40-79, high ≥80)
and persistence at 12 weeks: review table PMC10967298 Table 1. D5-D8 weights: public
implementation mithoowani/aps (aps_criteria.py), not the paper.
"""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests.core.calculators.helpers import birth, calc, loss, problems

NAME = "aps-acr-eular-2023"
EVENT = "2023-09-01"
FIRST, SECOND = "2024-01-10", "2024-04-15"  # 96 days apart


def titres(field: str, *values: float, dates=(FIRST, SECOND)) -> list[dict]:
    return [{"date": d, field: v} for d, v in zip(dates, values, strict=True)]


def case(**overrides):
    data = {
        "clinical_criteria": [],
        "pregnancies": [],
        "clinical_criterion_dates": [EVENT],
        "lupus_anticoagulant": [
            {"date": FIRST, "positive": True},
            {"date": SECOND, "positive": True},
        ],
    }
    data.update(overrides)
    return data


def points(result):
    return result.details["clinical_points"], result.details["laboratory_points"]


def test_recurrent_early_loss_alone_scores_one_clinical_point_and_cannot_classify():
    # D4 item 1 weighs 1 point (ASH table); even the strongest laboratory profile cannot add to it.
    result = calc(
        NAME,
        case(
            pregnancies=[loss("7"), loss("8"), loss("9")],
            lupus_anticoagulant=[],
            anticardiolipin_igg=titres("titre_gpl", 120, 130),
            anti_b2gp1_igg=titres("titre_units", 90, 95),
        ),
    )
    assert points(result) == (1, 7)
    assert result.value == "not_classified"


def test_a_loss_at_15_weeks_6_days_is_early_fetal_and_one_at_16_weeks_is_a_fetal_death():
    # D4: "(pre)embryonic (<10 w) and/or fetal deaths (10w0d to 15w6d)"; "fetal death 16w0d-33w6d".
    run = calc(NAME, case(pregnancies=[loss("7"), loss("12"), loss("15+6")]))
    assert run.details["domains"]["D4"]["item"] == "three_consecutive_losses_before_16_weeks"
    broken = calc(NAME, case(pregnancies=[loss("7"), loss("12"), loss("16+0")]))
    assert broken.details["domains"]["D4"]["item"] == "fetal_death_16_to_33_weeks"


def test_a_fetal_death_at_33_weeks_6_days_counts_and_one_at_34_weeks_does_not():
    assert calc(NAME, case(pregnancies=[loss("33+6")])).details["domains"]["D4"]["points"] == 1
    result = calc(NAME, case(pregnancies=[loss("34+0")]))
    assert result.value == "entry_criterion_not_met"


def test_severe_preeclampsia_or_placental_insufficiency_scores_3_and_both_score_4():
    one = calc(NAME, case(pregnancies=[birth("30", "severe_preeclampsia_before_34w")]))
    assert points(one) == (3, 5)
    assert one.value == "classified"
    both = calc(
        NAME,
        case(
            pregnancies=[
                loss(
                    "28",
                    False,
                    "severe_preeclampsia_before_34w",
                    "placental_insufficiency_before_34w",
                )
            ]
        ),
    )
    assert both.details["domains"]["D4"] == {
        "item": "severe_preeclampsia_and_placental_insufficiency_before_34_weeks",
        "points": 4,
    }


def test_a_fetal_death_with_severe_preeclampsia_scores_as_preeclampsia_not_as_a_fetal_death():
    result = calc(NAME, case(pregnancies=[loss("25", False, "severe_preeclampsia_before_34w")]))
    assert result.details["domains"]["D4"]["points"] == 3


def test_only_the_highest_weighted_item_in_a_domain_counts():
    # "Within each domain, only count the highest weighted criterion" (ASH table).
    result = calc(
        NAME,
        case(clinical_criteria=["vte_with_high_risk_profile", "vte_without_high_risk_profile"]),
    )
    assert result.details["domains"]["D1"] == {"item": "vte_without_high_risk_profile", "points": 3}
    assert points(result)[0] == 3


def test_points_from_different_clinical_domains_add_up():
    result = calc(
        NAME,
        case(clinical_criteria=["livedo_racemosa", "valve_thickening"], pregnancies=[loss("20")]),
    )
    assert points(result)[0] == 2 + 2 + 1


def test_two_clinical_points_do_not_classify_and_three_do():
    # "≥3 points from clinical domains AND ≥3 points from laboratory domains" (PMC10967298).
    two = calc(NAME, case(clinical_criteria=["arterial_thrombosis_with_high_risk_cvd_profile"]))
    assert (points(two), two.value) == ((2, 5), "not_classified")
    three = calc(NAME, case(clinical_criteria=["vte_without_high_risk_profile"]))
    assert (points(three), three.value) == ((3, 5), "classified")


def test_two_laboratory_points_do_not_classify_and_four_do():
    clinical = ["vte_without_high_risk_profile"]
    two = calc(
        NAME,
        case(
            clinical_criteria=clinical,
            lupus_anticoagulant=[{"date": FIRST, "positive": True}],
            anticardiolipin_igm=titres("titre_mpl", 50, 60),
        ),
    )
    assert (points(two), two.value) == ((3, 2), "not_classified")
    four = calc(
        NAME,
        case(
            clinical_criteria=clinical,
            lupus_anticoagulant=[],
            anticardiolipin_igg=titres("titre_gpl", 45, 50),
        ),
    )
    assert (points(four), four.value) == ((3, 4), "classified")


def d8(**antibodies):
    # A single positive lupus anticoagulant opens the entry criterion (D7 1 point).
    single_la = [{"date": FIRST, "positive": True}]
    clinical = ["vte_without_high_risk_profile"]
    result = calc(
        NAME, case(clinical_criteria=clinical, lupus_anticoagulant=single_la, **antibodies)
    )
    return result.details["domains"]["D8"]


def test_titre_bands_moderate_from_40_to_79_and_high_from_80():
    assert d8(anticardiolipin_igg=titres("titre_gpl", 39.9, 39.9))["points"] == 0
    assert d8(anticardiolipin_igg=titres("titre_gpl", 40, 40))["item"] == "igg_moderate"
    assert d8(anticardiolipin_igg=titres("titre_gpl", 79, 79))["item"] == "igg_moderate"
    assert d8(anticardiolipin_igg=titres("titre_gpl", 80, 80))["item"] == "igg_high_acl_or_b2gp1"


def test_a_titre_between_79_and_80_is_said_to_fall_between_the_published_bands():
    result = calc(
        NAME,
        case(
            clinical_criteria=["vte_without_high_risk_profile"],
            lupus_anticoagulant=[],
            anticardiolipin_igg=titres("titre_gpl", 79.5, 79.5),
        ),
    )
    assert result.details["laboratory_points"] == 4
    assert result.details["laboratory_points_if_high"] == 5
    assert result.value == "classified"
    assert any("neither published band" in line for line in result.explanation)


def test_high_igg_anticardiolipin_and_anti_b2gp1_together_score_7():
    both = d8(
        anticardiolipin_igg=titres("titre_gpl", 90, 85),
        anti_b2gp1_igg=titres("titre_units", 100, 81),
    )
    assert both == {"item": "igg_high_acl_and_b2gp1", "points": 7}


def test_a_moderate_and_a_high_consecutive_result_count_as_moderate():
    assert d8(anticardiolipin_igg=titres("titre_gpl", 50, 120))["item"] == "igg_moderate"


def test_igm_alone_scores_at_most_one_laboratory_point():
    result = d8(
        anticardiolipin_igm=titres("titre_mpl", 200, 250),
        anti_b2gp1_igm=titres("titre_units", 150, 160),
    )
    assert result == {"item": "igm_moderate_or_high", "points": 1}


def test_two_moderate_results_83_days_apart_are_not_persistent_and_84_days_apart_are():
    start = dt.date(2024, 1, 10)
    for days, expected in ((83, 0), (84, 4)):
        dates = (start.isoformat(), (start + dt.timedelta(days=days)).isoformat())
        assert (
            d8(anticardiolipin_igg=titres("titre_gpl", 50, 50, dates=dates))["points"] == expected
        )


def test_a_single_positive_lupus_anticoagulant_scores_1_and_a_persistent_one_5():
    single = calc(
        NAME,
        case(
            clinical_criteria=["vte_without_high_risk_profile"],
            lupus_anticoagulant=[{"date": FIRST, "positive": True}],
        ),
    )
    assert single.details["domains"]["D7"] == {"item": "lupus_anticoagulant_single", "points": 1}
    persistent = calc(NAME, case(clinical_criteria=["vte_without_high_risk_profile"]))
    assert persistent.details["domains"]["D7"] == {
        "item": "lupus_anticoagulant_persistent",
        "points": 5,
    }


def test_the_entry_criterion_needs_a_positive_test_within_3_years_of_the_clinical_criterion():
    inside = calc(
        NAME, case(clinical_criteria=["valve_vegetation"], clinical_criterion_dates=["2021-01-10"])
    )
    assert inside.details["entry_criterion_met"] is True
    outside = calc(
        NAME,
        case(
            clinical_criteria=["valve_vegetation"],
            clinical_criterion_dates=["2021-01-09"],
            lupus_anticoagulant=[{"date": FIRST, "positive": True}],
        ),
    )
    assert outside.value == "entry_criterion_not_met"


def test_an_anticardiolipin_titre_of_39_does_not_open_the_entry_criterion_but_40_does():
    low = calc(
        NAME,
        case(
            clinical_criteria=["valve_vegetation"],
            lupus_anticoagulant=[],
            anticardiolipin_igg=[{"date": FIRST, "titre_gpl": 39}],
        ),
    )
    assert low.value == "entry_criterion_not_met"
    entry = calc(
        NAME,
        case(
            clinical_criteria=["valve_vegetation"],
            lupus_anticoagulant=[],
            anticardiolipin_igg=[{"date": FIRST, "titre_gpl": 40}],
        ),
    )
    assert entry.details["entry_criterion_met"] is True


def test_without_any_clinical_criterion_no_classification_is_attempted():
    result = calc(NAME, case())
    assert result.value == "entry_criterion_not_met"


def test_pregnancies_with_a_more_likely_explanation_are_not_counted():
    result = calc(NAME, case(pregnancies=[loss("20", True)]))
    assert result.value == "entry_criterion_not_met"


def test_a_clinical_item_needs_its_date_for_the_entry_criterion():
    assert problems(
        NAME, case(clinical_criteria=["valve_thickening"], clinical_criterion_dates=[])
    ) == [
        "clinical_criterion_dates: required when a clinical item is present (the entry criterion "
        "needs a positive test within 3 years of it)"
    ]


def test_d5_to_d8_weights_are_marked_as_read_in_an_implementation_not_the_paper():
    result = calc(NAME, case(clinical_criteria=["valve_vegetation"]))
    vegetation = next(c for c in result.sources if c.key == "valve_vegetation")
    assert vegetation.evidence == "secondary"
    assert "mithoowani/aps" in (vegetation.checked_in or "")


def test_an_unknown_clinical_item_is_rejected_by_name():
    assert problems(NAME, case(clinical_criteria=["migraine"]))[0].startswith(
        "clinical_criteria[0]: unknown code"
    )


CODES = [
    "vte_with_high_risk_profile",
    "vte_without_high_risk_profile",
    "arterial_thrombosis_with_high_risk_cvd_profile",
    "arterial_thrombosis_without_high_risk_cvd_profile",
    "livedo_racemosa",
    "apl_nephropathy_pathology",
    "valve_thickening",
    "valve_vegetation",
    "thrombocytopenia_20_to_130",
]


@given(st.lists(st.sampled_from(CODES), max_size=6), st.lists(st.sampled_from(CODES), max_size=3))
def test_adding_clinical_items_never_lowers_the_clinical_score(items, extra):
    base = calc(NAME, case(clinical_criteria=items or ["valve_thickening"]))
    more = calc(NAME, case(clinical_criteria=(items or ["valve_thickening"]) + extra))
    assert more.details["clinical_points"] >= base.details["clinical_points"]
    assert more.details["clinical_points"] <= 3 + 4 + 5 + 2 + 4 + 2  # one item per domain at most


def test_anti_b2gp1_results_without_a_titre_are_not_counted_and_the_result_says_so():
    percentile_only = [{"date": FIRST, "above_99th_percentile": True}]
    result = calc(
        NAME,
        case(
            clinical_criteria=["valve_vegetation"],
            lupus_anticoagulant=[],
            anti_b2gp1_igg=percentile_only,
        ),
    )
    assert result.value == "entry_criterion_not_met"
    assert any("have no titre" in caveat for caveat in result.caveats)


def test_anticardiolipin_without_a_titre_in_gpl_is_not_banded_and_the_result_says_so():
    # The 2023 bands are titres (40-79, >= 80); a percentile reading alone cannot be banded.
    data = {
        "clinical_criteria": [],
        "pregnancies": [birth("31+4", "severe_preeclampsia_before_34w")],
        "clinical_criterion_dates": ["2023-09-01"],
        "anticardiolipin_igg": [
            {"date": "2024-01-10", "above_99th_percentile": True},
            {"date": "2024-04-15", "above_99th_percentile": True},
        ],
    }
    result = calc(NAME, data)
    assert result.value == "entry_criterion_not_met"
    assert any("no titre in GPL/MPL units" in caveat for caveat in result.caveats)
