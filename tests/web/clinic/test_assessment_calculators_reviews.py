"""Assessment pages (every section, citations, evidence, review state), calculators, content review."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rpl.core.calculators import CALCULATORS
from rpl.web.clinic import selectors
from rpl.web.clinic.calculator_forms import fields_of, initial_values, input_from_form
from rpl.web.clinic.models import ContentReview
from rpl.web.clinic.services import ReviewError, record_review
from rpl.web.records.models import CoupleRecord

pytestmark = pytest.mark.django_db

EXAMPLE = json.loads(
    resources.files("rpl.knowledge").joinpath("examples/secondary-rpl-unexplained.json").read_text()
)


SECTIONS = (
    "classification",
    "findings",
    "investigations",
    "treatments",
    "next_pregnancy",
    "advice",
    "prognosis",
    "missing_data",
    "advised_against",
    "rules_fired",
)


@pytest.fixture
def record():
    return CoupleRecord.objects.create(local_id=EXAMPLE["id"], document=EXAMPLE)


def test_the_assessment_page_shows_every_section_of_the_engine_output(staff_client, record):
    client = staff_client("clinician")
    response = client.get(f"/staff/records/{record.local_id}/assessment/")
    assert response.status_code == 200
    page = response.content.decode()
    for key in SECTIONS:
        assert f'data-section="{key}"' in page, key
    assert "strength:" in page
    assert "⚠ unverified" in page
    assert "awaiting the clinic&#x27;s review" in page


def test_two_profiles_are_shown_side_by_side(staff_client, record):
    client = staff_client("clinician")
    page = client.get(
        f"/staff/records/{record.local_id}/assessment/",
        {"profile": "eshre-2022", "compare": "rcog-2023"},
    ).content.decode()
    assert 'data-profile="eshre-2022"' in page
    assert 'data-profile="rcog-2023"' in page
    assert 'class="compare two"' in page


def test_an_unknown_profile_is_not_found(staff_client, record):
    client = staff_client("clinician")
    assert (
        client.get(f"/staff/records/{record.local_id}/assessment/", {"profile": "nope"}).status_code
        == 404
    )


def test_every_calculator_page_runs_its_example_and_shows_the_result_with_sources(staff_client):
    client = staff_client("clinician")
    for name, calculator in CALCULATORS.items():
        response = client.post(f"/staff/calculators/{name}/", initial_values(calculator))
        assert response.status_code == 200, name
        result = response.context["result"]
        assert result is not None and result.sources, name
        assert result.summary in response.content.decode()


def test_a_calculator_form_turns_schema_fields_back_into_the_input():
    calculator = CALCULATORS["prognosis-brigham-1999"]
    assert {f.name: f.kind for f in fields_of(calculator)} == {
        "age_years": "number",
        "previous_miscarriages": "integer",
    }
    data, problems = input_from_form(calculator, {"age_years": "30", "previous_miscarriages": "3"})
    assert (data, problems) == ({"age_years": 30, "previous_miscarriages": 3}, [])


def test_a_bad_calculator_input_is_shown_next_to_its_field(staff_client):
    client = staff_client("clinician")
    response = client.post(
        "/staff/calculators/prognosis-brigham-1999/",
        {"age_years": "old", "previous_miscarriages": "3"},
    )
    assert response.status_code == 400
    row = next(r for r in response.context["rows"] if r["field"].name == "age_years")
    assert row["errors"] == ["expected a number"]


def test_a_clinician_admin_approves_an_unverified_rule_and_assessments_show_it(
    staff_client, record
):
    states = selectors.rule_sign_offs()
    rule_id = next(rule for rule, s in states.items() if s.state == "awaiting")
    client = staff_client("admin", "clinician")
    response = client.post(
        f"/staff/reviews/rule/{rule_id}/",
        {"decision": "approved", "note": "Checked against the guideline PDF."},
    )
    assert response.status_code == 302
    review = ContentReview.objects.get(kind="rule", item_id=rule_id)
    assert review.reviewer.username == "admin-clinician"
    state = selectors.rule_sign_offs()[rule_id]
    assert (state.state, state.reviewer, state.reason) == (
        "approved",
        "admin-clinician",
        "Checked against the guideline PDF.",
    )


def test_a_review_lapses_when_the_rule_cites_something_else():
    states = selectors.rule_sign_offs()
    rule_id = next(rule for rule, s in states.items() if s.state == "awaiting")
    from django.contrib.auth.models import User

    reviewer = User.objects.create_user("lead")
    ContentReview.objects.create(
        kind="rule",
        item_id=rule_id,
        content_hash="old-fingerprint",
        decision="approved",
        reviewer=reviewer,
    )
    assert selectors.rule_sign_offs()[rule_id].state == "stale"


def test_asking_for_changes_needs_a_note(make_staff):
    user = make_staff("lead", "admin", "clinician")
    with pytest.raises(ReviewError, match="say what needs to change"):
        record_review(
            kind="rule", item_id="IV01", decision="changes_needed", note=" ", reviewer=user
        )
    with pytest.raises(ReviewError, match="unknown item"):
        record_review(kind="rule", item_id="ZZ99", decision="approved", note="", reviewer=user)
