"""Properties of the whole assessment over generated records (hypothesis).

- It never crashes on a valid record, under any shipped profile, and the result is
  deterministic.
- Adding a result never removes a finding that the result does not bear on.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from tests.core.helpers import TODAY, record
from tests.core.test_classification import histories

PROFILES = load_profiles()

# The records of tests.core.helpers are assessed on 2025-03-01: results come before that.
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 3, 1)).map(
    lambda d: d.isoformat()
)
words = st.sampled_from(["positive", "negative", "normal", "abnormal", "borderline"])


@st.composite
def results(draw):
    test = draw(
        st.sampled_from(
            [
                "lupus_anticoagulant",
                "anticardiolipin_igg",
                "anticardiolipin_igm",
                "anti_b2gp1_igg",
                "tsh",
                "free_t4",
                "tpo_antibodies",
                "prolactin",
                "karyotype",
                "uterine_imaging",
                "vitamin_d",
                "hba1c",
                "nk_cells",
            ]
        )
    )
    result = {"test": test, "date": draw(st.none() | dates)}
    if test == "karyotype":
        result["subject"] = draw(st.sampled_from(["woman", "partner"]))
        result["interpretation"] = draw(
            st.sampled_from(["normal", "balanced translocation", "inversion", ""])
        )
    elif test == "uterine_imaging":
        result["method"] = "3d_ultrasound"
        if draw(st.booleans()):
            result["measurements"] = {
                "internal_indentation_mm": draw(st.floats(0, 30)),
                "external_indentation_mm": draw(st.floats(0, 30)),
                "wall_thickness_mm": draw(st.floats(1, 20)),
            }
        else:
            result["value"] = draw(words)
    elif draw(st.booleans()):
        result["value"] = draw(words)
    else:
        low = draw(st.floats(0, 50))
        result["value"] = draw(st.floats(0, 200))
        result["unit"] = draw(st.sampled_from(["mIU/L", "GPL", "MPL", "pmol/L", "U/mL"]))
        high = low + draw(st.floats(0, 50))
        # Both bounds, a one-sided range, or the range as a laboratory prints it ("<20").
        result["reference_range"] = draw(
            st.sampled_from([[low, high], [None, high], f"<{round(high, 2)}"])
        )
    return {k: v for k, v in result.items() if v is not None}


women = st.fixed_dictionaries(
    {},
    optional={
        "age_years": st.floats(18, 50),
        "bmi": st.floats(15, 45),
        "smoking": st.sampled_from(["never", "former", "current", "unknown"]),
        "conditions": st.lists(
            st.sampled_from(
                ["antiphospholipid_syndrome", "venous_thrombosis", "intrauterine_adhesions"]
            ),
            unique=True,
        ),
        "family_history": st.lists(
            st.sampled_from(["chromosome_rearrangement", "venous_thrombosis_first_degree"]),
            unique=True,
        ),
        "alcohol_units_per_week": st.floats(0, 30),
        "caffeine_mg_per_day": st.floats(0, 600),
    },
)
current_pregnancies = st.none() | st.fixed_dictionaries(
    {
        "symptoms": st.lists(
            st.sampled_from(
                ["bleeding_light", "bleeding_heavy", "pain_mild", "pain_one_sided", "fever"]
            ),
            unique=True,
        )
    },
    optional={
        "gestational_age": st.integers(4, 40).map(str),
        "location": st.sampled_from(["intrauterine", "unknown", "ectopic"]),
    },
)
profile_ids = st.sampled_from(sorted(PROFILES))


def build(history, woman, extra, current):
    data = record(woman=woman, results=extra)
    data["pregnancies"] = history
    if current is not None:
        data["current_pregnancy"] = current
    return data


def run(data, profile_id):
    return assess(parse_record(json.dumps(data), today=TODAY), PROFILES[profile_id])


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(histories, women, st.lists(results(), max_size=6), current_pregnancies, profile_ids)
def test_the_assessment_never_crashes_and_is_deterministic(
    history, woman, extra, current, profile_id
):
    data = build(history, woman, extra, current)
    first = run(data, profile_id)
    assert first.model_dump_json() == run(data, profile_id).model_dump_json()
    if first.prognosis.live_birth_next_pregnancy is not None:
        low, high = first.prognosis.live_birth_next_pregnancy.range_percent
        assert low <= high


# Which findings a test's result can bear on. unexplained_rpl depends on every result.
APS = {"aps_sydney_2006", "aps_acr_eular_2023", "antiphospholipid_antibodies_positive"}
BEARS_ON = {
    "lupus_anticoagulant": APS,
    "anticardiolipin_igg": APS,
    "anticardiolipin_igm": APS,
    "anti_b2gp1_igg": APS,
    "tsh": {
        "overt_hypothyroidism",
        "subclinical_hypothyroidism",
        "thyroid_autoimmunity",
        "aps_sydney_2006",  # a normal TSH helps exclude other causes of early losses
    },
    "free_t4": {"overt_hypothyroidism", "subclinical_hypothyroidism"},
    "tpo_antibodies": {"thyroid_autoimmunity"},
    "prolactin": {"hyperprolactinaemia", "aps_sydney_2006"},  # a hormonal cause of early losses
    "hba1c": {"aps_sydney_2006"},
    "karyotype": {
        "parental_balanced_translocation",
        "parental_other_rearrangement",
        "aps_sydney_2006",
    },
    "uterine_imaging": {
        "uterine_septate",
        "uterine_bicorporeal",
        "uterine_dysmorphic",
        "uterine_anomaly_other",
        "aps_sydney_2006",
    },
}


@SLOW
@given(histories, women, st.lists(results(), max_size=5), results(), profile_ids)
def test_adding_a_result_never_removes_a_finding_it_does_not_bear_on(
    history, woman, extra, added, profile_id
):
    before = run(build(history, woman, extra, None), profile_id)
    after = run(build(history, woman, [*extra, added], None), profile_id)
    related = BEARS_ON.get(added["test"], set()) | {"unexplained_rpl"}
    kept = {(f.code, f.status) for f in after.findings}
    for finding in before.findings:
        if finding.status == "present" and finding.code not in related:
            assert (finding.code, "present") in kept, finding.code
