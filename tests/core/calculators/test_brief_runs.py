"""Brief runs (`explain=False`, what the engine asks of the APS calculators) give the same
value, summary, details and citations as full runs, and the same problems; only the
explanation, assumptions and caveats are left out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpl.core.calculators import CALCULATORS, CalculatorInputError, run

DAYS = st.dates(dt.date(2018, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat)
TITRES = st.sampled_from([0, 5, 20, 39, 40, 40.1, 41, 60, 79, 79.5, 80, 120])
MAYBE = st.sampled_from([None, True, False])
FEATURES = st.lists(
    st.sampled_from(
        [
            "severe_preeclampsia_before_34w",
            "placental_insufficiency_before_34w",
            "morphologically_normal_fetus",
        ]
    ),
    max_size=3,
    unique=True,
)
PREGNANCY = st.fixed_dictionaries(
    {
        "outcome": st.sampled_from(["loss", "loss", "birth"]),
        "gestational_age": st.tuples(
            st.sampled_from([6, 9, 10, 15, 16, 20, 33, 34, 38]), st.integers(0, 6)
        ).map(lambda t: f"{t[0]}+{t[1]}"),
        "explained_by_other_cause": st.booleans(),
        "features": FEATURES,
    }
)


def _without_none(test: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in test.items() if v is not None}


LAB = st.fixed_dictionaries(
    {},
    optional={
        "lupus_anticoagulant": st.lists(
            st.fixed_dictionaries({"date": DAYS, "positive": st.booleans()}), max_size=3
        ),
        "anticardiolipin_igg": st.lists(
            st.fixed_dictionaries(
                {"date": DAYS, "titre_gpl": TITRES, "above_99th_percentile": MAYBE}
            ).map(_without_none),
            max_size=3,
        ),
        "anticardiolipin_igm": st.lists(
            st.fixed_dictionaries(
                {"date": DAYS, "titre_mpl": TITRES, "above_99th_percentile": MAYBE}
            ).map(_without_none),
            max_size=3,
        ),
        "anti_b2gp1_igg": st.lists(
            st.fixed_dictionaries(
                {"date": DAYS, "titre_units": TITRES, "above_99th_percentile": MAYBE}
            ).map(_without_none),
            max_size=3,
        ),
        "anti_b2gp1_igm": st.lists(
            st.fixed_dictionaries(
                {"date": DAYS, "above_99th_percentile": st.booleans()},
                optional={"titre_units": TITRES},
            ),
            max_size=3,
        ),
    },
)
SYDNEY = st.tuples(
    LAB,
    st.fixed_dictionaries(
        {
            "vascular_thrombosis": st.booleans(),
            "pregnancies": st.lists(PREGNANCY, max_size=7),
        },
        optional={
            "other_causes_of_early_losses_excluded": st.booleans(),
            "clinical_event_dates": st.lists(DAYS, max_size=3),
        },
    ),
).map(lambda parts: parts[0] | parts[1])
ACR_EULAR = st.tuples(
    LAB,
    st.fixed_dictionaries(
        {
            "clinical_criteria": st.lists(
                st.sampled_from(
                    [
                        "vte_with_high_risk_profile",
                        "vte_without_high_risk_profile",
                        "arterial_thrombosis_without_high_risk_cvd_profile",
                        "livedo_racemosa",
                        "valve_thickening",
                        "thrombocytopenia_20_to_130",
                    ]
                ),
                max_size=3,
            ),
            "pregnancies": st.lists(PREGNANCY, max_size=7),
        },
        optional={"clinical_criterion_dates": st.lists(DAYS, max_size=3)},
    ),
).map(lambda parts: parts[0] | parts[1])


def assert_brief_run_matches_the_full_run(name: str, data: dict[str, Any]) -> None:
    try:
        full = run(name, data)
    except CalculatorInputError as error:
        with pytest.raises(CalculatorInputError) as brief_error:
            run(name, data, explain=False)
        assert [str(p) for p in brief_error.value.problems] == [str(p) for p in error.problems]
        return
    brief = run(name, data, explain=False)
    assert brief.model_dump(exclude={"explanation", "assumptions", "caveats"}) == full.model_dump(
        exclude={"explanation", "assumptions", "caveats"}
    )
    assert brief.explanation == brief.assumptions == brief.caveats == []
    assert full.explanation  # the full run still explains itself


@settings(max_examples=300, deadline=None)
@given(SYDNEY)
def test_a_brief_sydney_run_has_the_full_runs_value_summary_details_and_citations(data):
    assert_brief_run_matches_the_full_run("aps-sydney-2006", data)


@settings(max_examples=300, deadline=None)
@given(ACR_EULAR)
def test_a_brief_acr_eular_run_has_the_full_runs_value_summary_details_and_citations(data):
    assert_brief_run_matches_the_full_run("aps-acr-eular-2023", data)


@pytest.mark.parametrize("name", ["aps-sydney-2006", "aps-acr-eular-2023"])
def test_the_examples_give_the_same_result_briefly(name):
    assert_brief_run_matches_the_full_run(name, dict(CALCULATORS[name].example))


def test_a_calculator_that_always_explains_refuses_a_brief_run():
    name = "septum-cume-2018"
    with pytest.raises(TypeError, match="always explains"):
        run(name, CALCULATORS[name].example, explain=False)
