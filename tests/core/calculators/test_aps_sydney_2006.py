"""aps-sydney-2006: revised Sapporo (Sydney) criteria, Miyakis et al. J Thromb Haemost 2006;4:295-306.

Cases follow the criteria table as reproduced in ASH view-large 8042252 / 3352577 (clinical
criteria 1, 2a-2c; laboratory criteria 1-3) and the footnote on timing (hkcfp.org.hk Table 1).
"""

import datetime as dt

import pytest

from tests.core.calculators.helpers import birth, calc, cited, loss, problems

NAME = "aps-sydney-2006"
EVENT = "2023-09-01"
FIRST, SECOND = "2024-01-10", "2024-04-15"  # 96 days apart


def la(*dates: str) -> list[dict]:
    return [{"date": d, "positive": True} for d in dates]


def case(**overrides):
    data = {
        "vascular_thrombosis": False,
        "pregnancies": [loss("7+2"), loss("8+0"), loss("6+5")],
        "other_causes_of_early_losses_excluded": True,
        "clinical_event_dates": [EVENT],
        "lupus_anticoagulant": la(FIRST, SECOND),
    }
    data.update(overrides)
    return data


def test_three_unexplained_losses_before_10_weeks_with_persistent_lupus_anticoagulant_meet_the_criteria():
    # Clinical criterion 2(c) + laboratory criterion 1 (ASH view-large 8042252).
    result = calc(NAME, case())
    assert result.value == "criteria_met"
    assert result.details["clinical_criteria"]["three_losses_before_10_weeks"] == "met"
    assert result.details["laboratory_criteria"]["lupus_anticoagulant"] == "met"
    assert result.evidence == "secondary"
    assert {c.source for c in result.sources} == {"SYDNEY-2006"}


def test_a_loss_at_9_weeks_6_days_is_early_and_one_at_10_weeks_breaks_the_early_run():
    # Criterion 2(c): "before the 10th week".
    assert calc(NAME, case(pregnancies=[loss("7"), loss("8"), loss("9+6")])).value == "criteria_met"
    result = calc(NAME, case(pregnancies=[loss("7"), loss("8"), loss("10+0")]))
    assert result.details["clinical_criteria"]["three_losses_before_10_weeks"] == "not_met"
    assert result.value == "criteria_not_met"


def test_a_fetal_death_counts_from_10_weeks_0_days_with_documented_normal_morphology():
    # Criterion 2(a): "at or beyond the 10th week", normal morphology documented.
    normal = "morphologically_normal_fetus"
    at_10 = calc(NAME, case(pregnancies=[loss("10+0", False, normal)]))
    assert at_10.details["clinical_criteria"]["fetal_death_from_10_weeks"] == "met"
    before = calc(NAME, case(pregnancies=[loss("9+6", False, normal)]))
    assert before.details["clinical_criteria"]["fetal_death_from_10_weeks"] == "not_met"


def test_a_fetal_death_without_documented_morphology_is_not_counted_and_the_explanation_says_why():
    result = calc(NAME, case(pregnancies=[loss("20+0")]))
    assert result.details["clinical_criteria"]["fetal_death_from_10_weeks"] == "not_met"
    assert any("morphology is not documented" in line for line in result.explanation)


def test_a_premature_birth_for_severe_preeclampsia_counts_at_33_weeks_6_days_but_not_at_34_weeks():
    # Criterion 2(b): "before the 34th week" (paper wording; hkcfp says "at or before").
    features = ("severe_preeclampsia_before_34w", "morphologically_normal_fetus")
    early = calc(NAME, case(pregnancies=[birth("33+6", *features)]))
    assert early.details["clinical_criteria"]["premature_birth_before_34_weeks"] == "met"
    at_34 = calc(NAME, case(pregnancies=[birth("34+0", *features)]))
    assert at_34.details["clinical_criteria"]["premature_birth_before_34_weeks"] == "not_met"


def test_placental_insufficiency_is_an_alternative_cause_of_premature_birth():
    features = ("placental_insufficiency_before_34w", "morphologically_normal_fetus")
    result = calc(NAME, case(pregnancies=[birth("30+0", *features)]))
    assert result.value == "criteria_met"


def test_vascular_thrombosis_alone_is_a_clinical_criterion():
    result = calc(NAME, case(vascular_thrombosis=True, pregnancies=[]))
    assert result.details["clinical_criteria"]["vascular_thrombosis"] == "met"
    assert result.value == "criteria_met"


def test_losses_explained_by_another_cause_are_not_counted():
    result = calc(NAME, case(pregnancies=[loss("7"), loss("8", True), loss("9")]))
    assert result.value == "criteria_not_met"


def test_three_early_losses_without_other_causes_excluded_do_not_meet_criterion_2c():
    result = calc(NAME, case(other_causes_of_early_losses_excluded=False))
    assert result.details["clinical_criteria"]["three_losses_before_10_weeks"] == "not_met"


def test_three_early_losses_need_to_say_whether_other_causes_were_excluded():
    data = case()
    del data["other_causes_of_early_losses_excluded"]
    assert problems(NAME, data) == [
        "other_causes_of_early_losses_excluded: required when there are three or more "
        "consecutive losses before 10 weeks"
    ]


def test_an_anticardiolipin_titre_of_exactly_40_gpl_does_not_count_but_40_point_1_does():
    # Laboratory criterion 2: "> 40 GPL or MPL".
    def acl(titre):
        tests = [{"date": d, "titre_gpl": titre} for d in (FIRST, SECOND)]
        return calc(NAME, case(lupus_anticoagulant=[], anticardiolipin_igg=tests))

    assert acl(40).details["laboratory_criteria"]["anticardiolipin"] == "not_met"
    assert acl(40.1).details["laboratory_criteria"]["anticardiolipin"] == "met"


def test_anticardiolipin_above_the_99th_percentile_counts_whatever_the_titre():
    tests = [{"date": d, "titre_mpl": 25, "above_99th_percentile": True} for d in (FIRST, SECOND)]
    result = calc(NAME, case(lupus_anticoagulant=[], anticardiolipin_igm=tests))
    assert result.details["laboratory_criteria"]["anticardiolipin"] == "met"


def test_anti_b2gp1_counts_only_above_the_99th_percentile_not_by_titre():
    # Laboratory criterion 3: "> 99th percentile".
    high_titre = [{"date": d, "titre_units": 150} for d in (FIRST, SECOND)]
    result = calc(NAME, case(lupus_anticoagulant=[], anti_b2gp1_igg=high_titre))
    assert result.details["laboratory_criteria"]["anti_b2gp1"] == "not_met"
    assert any("99th percentile" in c for c in result.caveats)
    above = [{"date": d, "above_99th_percentile": True} for d in (FIRST, SECOND)]
    met = calc(NAME, case(lupus_anticoagulant=[], anti_b2gp1_igg=above))
    assert met.details["laboratory_criteria"]["anti_b2gp1"] == "met"


def test_positive_results_83_days_apart_are_not_persistent_and_84_days_apart_are():
    # "On two or more occasions at least 12 weeks apart".
    start = dt.date(2024, 1, 10)
    later = (start + dt.timedelta(days=83)).isoformat()
    not_yet = calc(NAME, case(lupus_anticoagulant=la(FIRST, later)))
    assert not_yet.details["laboratory_criteria"]["lupus_anticoagulant"] == "not_met"
    twelve = (start + dt.timedelta(days=84)).isoformat()
    assert calc(NAME, case(lupus_anticoagulant=la(FIRST, twelve))).value == "criteria_met"


def test_igg_on_one_occasion_and_igm_on_the_other_is_left_undefined_by_the_source():
    result = calc(
        NAME,
        case(
            lupus_anticoagulant=[],
            anticardiolipin_igg=[{"date": FIRST, "titre_gpl": 60}],
            anticardiolipin_igm=[{"date": SECOND, "titre_mpl": 60}],
        ),
    )
    assert result.details["laboratory_criteria"]["anticardiolipin"] == "undefined"
    assert result.value == "undefined_by_source"


def test_classification_is_avoided_when_every_positive_test_is_within_12_weeks_of_the_event():
    event = dt.date(2024, 2, 20)
    before = (event - dt.timedelta(days=83)).isoformat()
    after_83 = (event + dt.timedelta(days=83)).isoformat()
    close = calc(
        NAME,
        case(clinical_event_dates=[event.isoformat()], lupus_anticoagulant=la(before, after_83)),
    )
    assert close.value == "avoid_classification"
    after_84 = (event + dt.timedelta(days=84)).isoformat()
    ok = calc(
        NAME,
        case(clinical_event_dates=[event.isoformat()], lupus_anticoagulant=la(before, after_84)),
    )
    assert ok.value == "criteria_met"


def test_classification_is_avoided_when_the_tests_are_more_than_5_years_from_the_event():
    exactly_five = calc(NAME, case(clinical_event_dates=["2019-01-10"]))
    assert exactly_five.value == "criteria_met"
    beyond = calc(
        NAME, case(clinical_event_dates=["2019-01-09"], lupus_anticoagulant=la(FIRST, "2024-04-03"))
    )
    assert beyond.value == "avoid_classification"


def test_a_met_clinical_criterion_needs_the_event_date_for_the_timing_rule():
    assert problems(NAME, case(clinical_event_dates=[])) == [
        "clinical_event_dates: required when a clinical criterion is met (the timing rule "
        "compares it with the dates of the positive tests)"
    ]


def test_no_laboratory_criterion_means_the_criteria_are_not_met():
    result = calc(NAME, case(lupus_anticoagulant=[{"date": FIRST, "positive": False}]))
    assert result.value == "criteria_not_met"
    assert "no laboratory criterion" in result.summary


def test_the_result_cites_every_threshold_it_used():
    result = calc(NAME, case())
    assert {
        "persistence_min_weeks",
        "acl_titre_above",
        "timing_min_weeks",
        "timing_max_years",
    } <= cited(result)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"anticardiolipin_igg": [{"date": FIRST, "titre_gpl": -1}]},
            "anticardiolipin_igg[0].titre_gpl: must be at least 0",
        ),
        (
            {"anticardiolipin_igg": [{"date": FIRST, "titre_gpl": 20000}]},
            "anticardiolipin_igg[0].titre_gpl: must be at most 10000",
        ),
        (
            {"lupus_anticoagulant": [{"date": "10/01/2024", "positive": True}]},
            "lupus_anticoagulant[0].date: expected a date written YYYY-MM-DD",
        ),
        (
            {"anti_b2gp1_igm": [{"date": FIRST}]},
            "anti_b2gp1_igm[0]: give titre_units or above_99th_percentile (or both)",
        ),
        (
            {"pregnancies": [{"outcome": "loss", "gestational_age": "8"}]},
            "pregnancies[0].explained_by_other_cause: required",
        ),
    ],
)
def test_invalid_inputs_are_rejected_with_a_message_naming_the_field(change, expected):
    assert expected in problems(NAME, case(**change))


def test_a_missing_item_is_rejected_by_name():
    data = case()
    del data["vascular_thrombosis"]
    assert problems(NAME, data) == ["vascular_thrombosis: required"]


def test_anticardiolipin_reported_only_above_the_99th_percentile_counts_without_a_titre():
    # Laboratory criterion 2: "> 40 GPL or MPL, or > the 99th percentile" (ASH view-large 3352577).
    acl = [
        {"date": FIRST, "above_99th_percentile": True},
        {"date": SECOND, "above_99th_percentile": True},
    ]
    result = calc(NAME, case(lupus_anticoagulant=[], anticardiolipin_igg=acl))
    assert result.details["laboratory_criteria"]["anticardiolipin"] == "met"


def test_an_anticardiolipin_result_needs_a_titre_or_the_percentile_reading():
    acl = [{"date": FIRST}]
    assert problems(NAME, case(anticardiolipin_igm=acl)) == [
        "anticardiolipin_igm[0]: give titre_mpl or above_99th_percentile (or both)"
    ]


def test_a_titre_of_exactly_40_gpl_is_not_medium_and_40_point_1_is():
    # "> 40 GPL": strictly above (the data file's acl_titre_above).
    def acl(titre):
        return [{"date": FIRST, "titre_gpl": titre}, {"date": SECOND, "titre_gpl": titre}]

    at_40 = calc(NAME, case(lupus_anticoagulant=[], anticardiolipin_igg=acl(40)))
    assert at_40.details["laboratory_criteria"]["anticardiolipin"] == "not_met"
    above = calc(NAME, case(lupus_anticoagulant=[], anticardiolipin_igg=acl(40.1)))
    assert above.details["laboratory_criteria"]["anticardiolipin"] == "met"
