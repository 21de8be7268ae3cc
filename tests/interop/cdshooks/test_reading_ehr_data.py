"""CDS Hooks with the data EHRs really send: searches that come in pages, resources that are not
valid FHIR, pregnancies recorded as Conditions, keys the client did not send. The answer is never
"no cards" when the truth is "could not read"."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from rpl.interop.cdshooks.services import PREFETCH, recognise_order, recognise_text
from tests.interop.cdshooks.conftest import fixture
from tests.interop.ehr import running_ehr
from tests.interop.fhir.foreign import SyntheaPatient, synthea_bundle

ORDER_TEXTS = yaml.safe_load(Path(__file__).with_name("order_texts.yaml").read_text())


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def request_for(patient_id: str, prefetch: dict, **changes) -> dict:
    request = copy.deepcopy(fixture("patient-view-request.json"))
    request.pop("_source")
    request["context"]["patientId"] = patient_id
    request["prefetch"] = prefetch
    request.pop("fhirServer", None)
    request.pop("fhirAuthorization", None)
    request.update(changes)
    return request


def searchset(bundle: dict, kind: str) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"fullUrl": e["fullUrl"], "resource": e["resource"]}
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == kind
        ],
    }


def prefetch_of(bundle: dict) -> dict:
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    return {
        "patient": patient,
        "observations": searchset(bundle, "Observation"),
        "conditions": searchset(bundle, "Condition"),
        "procedures": searchset(bundle, "Procedure"),
    }


def test_a_woman_with_three_miscarriages_recorded_as_conditions_gets_a_card(cds):
    bundle, woman = synthea_bundle()
    response = post(
        cds, "/cds-services/rpl-patient-view", request_for(woman.patient_id, prefetch_of(bundle))
    )
    (card,) = response.json()["cards"]
    assert card["summary"].startswith("Meets the eshre-2022 definition")
    assert "(3 losses)" in card["summary"]


def test_the_service_pages_through_a_fhir_server_in_another_process(cds, tmp_path):
    bundle, woman = synthea_bundle()
    with running_ehr(bundle, tmp_path, "--page-size", "2") as ehr:
        request = request_for(
            woman.patient_id,
            {},
            fhirServer=f"{ehr}/fhir",
            fhirAuthorization={
                "access_token": "test-ehr-token",
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": "patient/*.read",
                "subject": "cds-service",
            },
        )
        response = post(cds, "/cds-services/rpl-patient-view", request)
    assert response.status_code == 200
    (card,) = response.json()["cards"]
    # Nine Conditions in pages of two: all three losses were read, nothing reported unread.
    assert "(3 losses)" in card["summary"]
    assert "Not read" not in card["detail"]


def test_pages_that_cannot_be_fetched_are_reported_on_the_card(cds):
    bundle, woman = synthea_bundle()
    prefetch = prefetch_of(bundle)
    conditions = prefetch["conditions"]["entry"]
    prefetch["conditions"]["entry"] = conditions[:2]
    prefetch["conditions"]["link"] = [
        {"relation": "next", "url": "https://ehr.example/fhir/Condition?patient=x&_page=2"}
    ]
    response = post(cds, "/cds-services/rpl-patient-view", request_for(woman.patient_id, prefetch))
    (card,) = response.json()["cards"]
    assert "conditions: only the first page was sent; the rest was not read" in card["detail"]


def test_one_resource_that_is_not_valid_fhir_is_left_out_and_named_not_the_whole_record(cds):
    bundle, woman = synthea_bundle()
    prefetch = prefetch_of(bundle)
    bad = prefetch["observations"]["entry"][-1]["resource"]
    bad["effectiveDateTime"] = "last tuesday"
    response = post(cds, "/cds-services/rpl-patient-view", request_for(woman.patient_id, prefetch))
    (card,) = response.json()["cards"]
    assert "(3 losses)" in card["summary"]
    assert "**Not read: this check may be incomplete**" in card["detail"]
    assert bad["id"] in card["detail"] and "last tuesday" not in card["detail"]


def test_no_usable_patient_gives_a_warning_card_not_an_empty_answer(cds):
    prefetch = {
        "patient": {"resourceType": "Observation"},
        "observations": None,
        "conditions": None,
        "procedures": None,
    }
    response = post(cds, "/cds-services/rpl-patient-view", request_for("p1", prefetch))
    (card,) = response.json()["cards"]
    assert card["indicator"] == "warning"
    assert "could not read" in card["summary"]


def test_conditions_not_sent_and_not_fetchable_are_named_on_the_card(cds):
    bundle, woman = synthea_bundle()
    prefetch = prefetch_of(bundle)
    del prefetch["conditions"]
    response = post(cds, "/cds-services/rpl-patient-view", request_for(woman.patient_id, prefetch))
    (card,) = response.json()["cards"]
    assert "conditions: not sent, and no fhirServer access to fetch them" in card["detail"]


def test_a_recorded_history_of_loss_without_the_pregnancies_gets_a_card(cds):
    woman = SyntheaPatient()
    woman.condition("102878001", "Recurrent miscarriage", "2023-01-01", clinical="active")
    response = post(
        cds,
        "/cds-services/rpl-patient-view",
        request_for(woman.patient_id, prefetch_of(woman.bundle())),
    )
    (card,) = response.json()["cards"]
    assert "cannot count them" in card["summary"]


def test_discovery_asks_for_conditions_and_procedures_too():
    assert PREFETCH["conditions"] == "Condition?patient={{context.patientId}}"
    assert PREFETCH["procedures"] == "Procedure?patient={{context.patientId}}"


@pytest.mark.parametrize(
    ("code", "text"),
    [(code, text) for code, texts in ORDER_TEXTS["match"].items() for text in texts],
)
def test_reviewed_order_names_are_recognised(code, text):
    assert recognise_text(text) == code


@pytest.mark.parametrize("text", ORDER_TEXTS["no_match"])
def test_order_names_that_are_other_tests_are_not_recognised(text):
    assert recognise_text(text) is None


def test_an_order_is_recognised_by_its_loinc_code_before_its_words():
    order = {
        "code": {
            "coding": [{"system": "http://loinc.org", "code": "20448-7"}],
            "text": "Endocrine panel B",
        }
    }
    assert recognise_order(order) == "fasting_insulin"


def test_order_select_gives_a_could_not_read_card_only_for_orders_it_would_check(cds):
    context = copy.deepcopy(fixture("order-select-context-r4.json")["context"])
    order = {
        "resource": {
            "resourceType": "ServiceRequest",
            "id": "sr-9",
            "status": "draft",
            "intent": "order",
            "code": {"text": "Inherited thrombophilia panel"},
            "subject": {"reference": "Patient/p1"},
        }
    }
    context["draftOrders"]["entry"].append(order)
    unreadable = {"patient": None, "observations": None, "conditions": None, "procedures": None}
    request = request_for("p1", unreadable, hook="order-select", context=context)
    context["selections"] = ["ServiceRequest/sr-9"]
    (card,) = post(cds, "/cds-services/rpl-order-select", request).json()["cards"]
    assert card["indicator"] == "warning" and "order check not done" in card["summary"]
    context["selections"] = fixture("order-select-context-r4.json")["context"]["selections"]
    assert post(cds, "/cds-services/rpl-order-select", request).json() == {"cards": []}
