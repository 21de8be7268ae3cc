"""Couple records in the workspace: forms checked by the record contract, never half-written."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from django.utils.html import escape

from rpl.web.audit.models import AuditEvent
from rpl.web.records.models import CoupleRecord
from tests.web.clinic.helpers import TWO_LOSSES, record_post

pytestmark = pytest.mark.django_db

EXAMPLES = resources.files("rpl.knowledge").joinpath("examples")


def test_a_clinician_creates_a_record_from_the_form_and_it_is_stored_as_rpl_couple_1(staff_client):
    client = staff_client("clinician")
    data = record_post(
        woman={"age_years": "36", "smoking": "never", "conditions_recorded": "on"},
        pregnancies=TWO_LOSSES,
        results=[
            {
                "test": "tsh",
                "date": "2024-11-02",
                "value": "3.1",
                "unit": "mIU/L",
                "reference_low": "0.4",
                "reference_high": "4.0",
            }
        ],
        partner={"age_years": "41"},
    )
    response = client.post("/staff/records/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/staff/records/couple-1/"
    document = CoupleRecord.objects.get(local_id="couple-1").document
    assert document["format"] == "rpl-couple/1"
    assert document["woman"] == {"age_years": 36, "smoking": "never", "conditions": []}
    assert document["partner"] == {"age_years": 41}
    assert [p["gestational_age"] for p in document["pregnancies"]] == ["8+0", "6+4"]
    assert document["results"][0]["reference_range"] == [0.4, 4.0]
    assert AuditEvent.objects.filter(action="create", object_id="couple-1").count() == 1


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_saved(staff_client):
    client = staff_client("clinician")
    pregnancies = [dict(TWO_LOSSES[0]), {**TWO_LOSSES[1], "gestational_age": "50+0"}]
    data = record_post(woman={"age_years": "thirty"}, pregnancies=pregnancies)
    response = client.post("/staff/records/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved." in page
    assert "expected a number" in page  # woman.age_years
    assert "over the 45-week limit of a pregnancy" in page  # pregnancies[1].gestational_age
    form = response.context["forms"]
    assert form.woman.errors["age_years"] == ["expected a number"]
    assert form.pregnancy_rows[1].errors["gestational_age"] == [
        "over the 45-week limit of a pregnancy"
    ]
    assert not CoupleRecord.objects.exists()


def test_an_unknown_code_and_a_future_date_are_refused_with_the_contracts_messages(staff_client):
    client = staff_client("clinician")
    data = record_post(
        pregnancies=[{**TWO_LOSSES[0], "end_date": "2030-01-01"}], assessed_on="2025-03-01"
    )
    response = client.post("/staff/records/new/", data)
    assert response.status_code == 400
    assert response.context["forms"].pregnancy_rows[0].errors["end_date"] == [
        "is after assessed_on"
    ]


def test_a_failed_edit_leaves_the_stored_record_exactly_as_it_was(staff_client):
    client = staff_client("clinician")
    client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES))
    before = CoupleRecord.objects.get(local_id="couple-1").document
    bad = record_post(
        pregnancies=[*TWO_LOSSES, {"outcome": "not-an-outcome"}], woman={"age_years": "40"}
    )
    response = client.post("/staff/records/couple-1/edit/", bad)
    assert response.status_code == 400
    assert "unknown code" in response.content.decode()
    assert CoupleRecord.objects.get(local_id="couple-1").document == before


def test_the_edit_form_shows_the_stored_values_and_saves_changes(staff_client):
    client = staff_client("clinician")
    client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES))
    page = client.get("/staff/records/couple-1/edit/").content.decode()
    assert 'value="6+4"' in page
    changed = record_post(
        pregnancies=[
            *TWO_LOSSES,
            {"outcome": "live_birth", "gestational_age": "39+2", "end_date": "2025-01-20"},
        ]
    )
    assert client.post("/staff/records/couple-1/edit/", changed).status_code == 302
    document = CoupleRecord.objects.get(local_id="couple-1").document
    assert [p["outcome"] for p in document["pregnancies"]] == [
        "miscarriage",
        "miscarriage",
        "live_birth",
    ]


def test_an_id_already_in_use_is_refused(staff_client):
    client = staff_client("clinician")
    client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES))
    response = client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES))
    assert response.status_code == 400
    assert response.context["forms"].meta.errors["local_id"] == [
        "another couple record already has this id"
    ]


def test_the_record_page_shows_the_obstetric_summary(staff_client):
    client = staff_client("clinician")
    client.post(
        "/staff/records/new/",
        record_post(
            pregnancies=[
                {"outcome": "live_birth", "gestational_age": "39", "end_date": "2020-01-01"},
                *TWO_LOSSES,
                {"outcome": "ectopic", "end_date": "2025-01-05"},
            ]
        ),
    )
    response = client.get("/staff/records/couple-1/")
    summary = response.context["summary"]
    assert summary.notation == "G4 P1"
    assert summary.losses_by_type == {"miscarriage": 2, "ectopic": 1}
    assert summary.consecutive_losses == 2
    assert "G4 P1" in response.content.decode()


def test_the_record_page_of_a_pregnant_woman_with_symptoms_shows_her_triage_first(staff_client):
    document = json.loads(EXAMPLES.joinpath("pregnant-with-bleeding.json").read_text())
    CoupleRecord.objects.create(local_id=document["id"], document=document)
    page = staff_client("clinician").get(f"/staff/records/{document['id']}/").content.decode()
    assert page.index('data-section="triage"') < page.index("Obstetric summary")
    assert "level-soon" in page
    assert "Refer her to the early pregnancy unit or clinic today" in page  # the clinician's words
    assert "<h3>Current pregnancy</h3>" in page


def test_the_record_page_shows_the_couples_details_and_says_what_is_not_recorded(staff_client):
    document = {
        "format": "rpl-couple/1",
        "id": "couple-details",
        "woman": {"age_years": 34, "alcohol_units_per_week": 0, "conditions": []},
        "partner": {"age_years": 40, "smoking": "current"},
        "pregnancies": [],
    }
    CoupleRecord.objects.create(local_id=document["id"], document=document)
    response = staff_client("clinician").get("/staff/records/couple-details/")
    woman, partner = response.context["people"]
    assert woman == (
        "Woman",
        ["34", "not recorded", "not recorded", "not recorded", "not recorded", "0", "not recorded"],
    )
    assert partner[1][0] == "40" and partner[1][4] == "smokes now"  # the code's name
    page = response.content.decode()
    assert "<dt>Her conditions</dt><dd>none</dd>" in page
    assert "<dt>Family history</dt><dd>not recorded</dd>" in page
    assert 'data-section="triage"' not in page  # not pregnant: no triage


def test_export_gives_the_rpl_couple_1_json_and_import_reads_it_back(staff_client):
    client = staff_client("clinician")
    example = json.loads(EXAMPLES.joinpath("secondary-rpl-unexplained.json").read_text())
    response = client.post(
        "/staff/records/import/", {"json": json.dumps(example), "language": "vi"}
    )
    assert response.status_code == 302
    record = CoupleRecord.objects.get(local_id=example["id"])
    assert record.language == "vi"
    exported = client.get(f"/staff/records/{record.local_id}/export/")
    assert exported["Content-Disposition"] == f'attachment; filename="{record.local_id}.json"'
    document = json.loads(exported.content)
    assert document["format"] == "rpl-couple/1"
    assert document["pregnancies"] == json.loads(json.dumps(record.document))["pregnancies"]
    record.delete()
    again = client.post(
        "/staff/records/import/", {"json": exported.content.decode(), "language": "en"}
    )
    assert again.status_code == 302
    assert CoupleRecord.objects.get(local_id=example["id"]).document == document


def test_importing_an_invalid_file_lists_each_problem_and_saves_nothing(staff_client):
    client = staff_client("clinician")
    response = client.post(
        "/staff/records/import/", {"json": '{"format": "rpl-couple/1", "id": "x"}'}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<code>woman</code>: <span lang="en">required</span>' in page
    assert '<code>pregnancies</code>: <span lang="en">required</span>' in page
    assert not CoupleRecord.objects.exists()
    broken = client.post("/staff/records/import/", {"json": "{not json"})
    assert "not valid JSON" in broken.content.decode()


def test_records_are_found_by_local_id(staff_client):
    client = staff_client("clinician")
    for local_id in ("alpha-1", "beta-2"):
        client.post("/staff/records/new/", record_post(local_id, pregnancies=TWO_LOSSES))
    page = client.get("/staff/records/", {"q": "beta"}).content.decode()
    assert "beta-2" in page
    assert "alpha-1" not in page


def test_the_record_list_names_the_profile_a_record_without_its_own_is_assessed_under(
    staff_client,
):
    CoupleRecord.objects.create(
        local_id="no-profile",
        document={"format": "rpl-couple/1", "id": "no-profile", "woman": {}, "pregnancies": []},
    )
    page = staff_client("clinician").get("/staff/records/").content.decode()
    assert 'eshre-2022 <span class="muted">(clinic default)</span>' in page


def _pregnant(local_id, symptoms, gestational_age="7"):
    document = json.loads(EXAMPLES.joinpath("pregnant-with-bleeding.json").read_text())
    document["id"] = local_id
    document["current_pregnancy"] = {
        "gestational_age": gestational_age,
        "location": "intrauterine",
        "symptoms": symptoms,
    }
    return CoupleRecord.objects.create(local_id=local_id, document=document)


def test_pregnant_couples_needing_care_soon_are_counted_and_listed_most_urgent_first(
    staff_client,
):
    _pregnant("bleeding-light", ["bleeding_light"])
    _pregnant("bleeding-heavy", ["bleeding_heavy"])
    _pregnant("no-symptoms", [])
    document = json.loads(EXAMPLES.joinpath("primary-rpl-first-visit.json").read_text())
    CoupleRecord.objects.create(local_id=document["id"], document=document)
    client = staff_client("clinician")
    home = client.get("/staff/")
    assert home.context["counts"]["attention"] == 2
    assert "2 pregnant couples with symptoms needing care today or sooner" in home.content.decode()
    listed = client.get("/staff/records/", {"attention": "1"})
    levels = [(a.record.local_id, a.level) for a in listed.context["attention"]]
    assert levels == [("bleeding-heavy", "emergency"), ("bleeding-light", "soon")]
    page = listed.content.decode()
    assert "level-emergency" in page and "no-symptoms" not in page


def test_without_pregnant_couples_needing_care_the_home_page_shows_no_such_tile(staff_client):
    _pregnant("no-symptoms", [])
    home = staff_client("clinician").get("/staff/")
    assert home.context["counts"]["attention"] == 0
    assert "needing care today or sooner" not in home.content.decode()


def test_every_field_of_the_record_contract_can_be_entered_on_the_staff_form():
    """A field the contract gains (current_pregnancy.features this round) fails here until the
    staff form can enter it."""
    from rpl.core import record as contract
    from rpl.web.records import forms

    expected = {
        forms.WomanForm: contract.Woman,
        forms.PartnerForm: contract.Partner,
        forms.PregnancyForm: contract.Pregnancy,
        forms.CurrentPregnancyForm: contract.CurrentPregnancy,
        forms.ResultForm: contract.Result,
    }
    # Contract fields entered through form fields of other names.
    through = {
        "tissue_genetics": {"tissue_genetics_result", "tissue_genetics_detail"},
        "reference_range": {"reference_low", "reference_high"},
        "measurements": set(forms.MEASUREMENTS),
    }
    for form, model in expected.items():
        for name in model.model_fields:
            assert through.get(name, {name}) <= set(form.base_fields), (form.__name__, name)
    meta = set(forms.RecordMetaForm.base_fields)
    assert {"local_id", "profile", "assessed_on"} <= meta
    assert set(contract.CoupleRecord.model_fields) - {"format", "id", "profile", "assessed_on"} == {
        "woman",
        "partner",
        "pregnancies",
        "current_pregnancy",
        "results",
    }


def test_the_features_of_the_current_pregnancy_are_entered_saved_and_shown_again(staff_client):
    client = staff_client("clinician")
    current = {"pregnant": "on", "gestational_age": "7+0", "location": "intrauterine"}
    data = record_post(
        pregnancies=TWO_LOSSES, current={**current, "features": ["multiple_pregnancy"]}
    )
    assert client.post("/staff/records/new/", data).status_code == 302
    document = CoupleRecord.objects.get(local_id="couple-1").document
    assert document["current_pregnancy"]["features"] == ["multiple_pregnancy"]
    edit = client.get("/staff/records/couple-1/edit/").content.decode()
    assert re.search(r'name="current-features" value="multiple_pregnancy"[^>]*checked', edit)
    # The record page names the code (issue 17: names, not codes).
    assert "multiple pregnancy" in client.get("/staff/records/couple-1/").content.decode()
    # Unticked on edit: none recorded any more.
    client.post(
        "/staff/records/couple-1/edit/", record_post(pregnancies=TWO_LOSSES, current=current)
    )
    stored = CoupleRecord.objects.get(local_id="couple-1").document["current_pregnancy"]
    assert not stored.get("features")


def test_the_staff_form_shows_tests_and_outcomes_by_their_clinical_names(staff_client):
    from rpl.core.catalogue import english_name

    page = staff_client("clinician").get("/staff/records/new/").content.decode()
    for group, code in (("outcomes", "ectopic"), ("tests", "anti_b2gp1_igg")):
        name = english_name(group, code, "clinical")
        assert f'<option value="{code}">{escape(name)} ({code})</option>' in page


def test_a_known_ectopic_pregnancy_is_named_on_the_record_page(staff_client):
    """The plan treats an ectopic pregnancy as not "pregnant now" (rpl.core.record.pregnant_now); it
    is still a pregnancy (counted in G, its triage first), and the summary says which it is."""
    document = json.loads(EXAMPLES.joinpath("pregnant-with-bleeding.json").read_text())
    document["current_pregnancy"]["location"] = "ectopic"
    CoupleRecord.objects.create(local_id=document["id"], document=document)
    page = staff_client("clinician").get(f"/staff/records/{document['id']}/").content.decode()
    summary = page[page.index("Obstetric summary") :]
    assert (
        "<dt>Pregnant now</dt><dd>yes — a known ectopic pregnancy: the plan speaks of the next pregnancy</dd>"
        in summary
    )
    assert page.index('data-section="triage"') < page.index("Obstetric summary")
