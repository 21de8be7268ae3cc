"""Discovery, patient-view, order-select, prefetch (given, fetched, or 412) and feedback,
using the CDS Hooks specification's own example requests where they apply."""

from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from rpl.web.api.models import CdsFeedback
from tests.interop.cdshooks.conftest import fixture


def obs(obs_id, loinc, **value):
    return {
        "fullUrl": f"https://ehr.example/fhir/Observation/{obs_id}",
        "resource": {
            "resourceType": "Observation",
            "id": obs_id,
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
            "subject": {"reference": "Patient/1288992"},
            **value,
        },
    }


def outcome(obs_id, date, snomed, days=None):
    extra = {}
    return obs(
        obs_id,
        "63893-2",
        effectiveDateTime=date,
        valueCodeableConcept={"coding": [{"system": "http://snomed.info/sct", "code": snomed}]},
        **extra,
    )


PATIENT = {
    "resourceType": "Patient",
    "id": "1288992",
    "gender": "female",
    "birthDate": "1990-05-01",
}
THREE_MISCARRIAGES = {
    "resourceType": "Bundle",
    "type": "searchset",
    "entry": [
        outcome("o1", "2023-01-10", "17369002"),
        outcome("o2", "2023-09-10", "17369002"),
        outcome("o3", "2024-05-10", "17369002"),
    ],
}


def hook_request(name: str, prefetch=None, **changes):
    request = copy.deepcopy(fixture("patient-view-request.json"))
    request.pop("_source")
    request["prefetch"] = (
        prefetch
        if prefetch is not None
        else {
            "patient": PATIENT,
            "observations": THREE_MISCARRIAGES,
            "conditions": None,
            "procedures": None,
        }
    )
    request.update(changes)
    return request


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_discovery_lists_both_services_in_the_shape_of_the_specs_example(cds):
    example = fixture("discovery-response.json")
    ours = cds.get("/cds-services").json()
    assert set(ours) == set(example) - {"_source"}
    for service in ours["services"]:
        assert set(example["services"][0]) <= set(service)
        assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert {s["hook"] for s in ours["services"]} == {"patient-view", "order-select"}


def test_the_specs_example_request_lacks_our_prefetch_keys_so_an_unreachable_server_is_412(cds):
    request = fixture("patient-view-request.json")
    request.pop("_source")
    # The spec's example prefetches "patientToGreet" only; our keys must then be fetched. A
    # closed port on this machine stands in for a FHIR server that cannot be reached.
    request["fhirServer"] = "http://127.0.0.1:9"
    response = post(cds, "/cds-services/rpl-patient-view", request)
    assert response.status_code == 412


def test_the_specs_example_patient_gets_a_card_saying_what_could_not_be_read(cds):
    # The spec's example patient was born long ago: the record refuses the age her birth date
    # gives. That used to void the record and answer "no cards"; now the card says what was
    # left out (by path, never the value).
    request = fixture("patient-view-request.json")
    request.pop("_source")
    request["prefetch"] = {
        "patient": request["prefetch"]["patientToGreet"],
        "observations": None,
        "conditions": None,
        "procedures": None,
    }
    response = post(cds, "/cds-services/rpl-patient-view", request)
    assert response.status_code == 200
    (card,) = response.json()["cards"]
    assert "not read" in card["summary"] and len(card["summary"]) < 140
    assert "woman.birth_date" in card["detail"]
    assert request["prefetch"]["patient"]["birthDate"] not in card["detail"]


def test_a_patient_with_no_pregnancy_data_and_nothing_unread_gets_no_card(cds):
    patient = {"resourceType": "Patient", "id": "p2", "gender": "female", "birthDate": "1990-01-01"}
    prefetch = {"patient": patient, "observations": None, "conditions": None, "procedures": None}
    response = post(cds, "/cds-services/rpl-patient-view", hook_request("patient-view", prefetch))
    assert response.json() == {"cards": []}


def test_patient_view_gives_a_card_with_sources_and_draft_order_suggestions(cds):
    response = post(cds, "/cds-services/rpl-patient-view", hook_request("patient-view"))
    (card,) = response.json()["cards"]
    example_card = fixture("card-response.json")["cards"][0]
    assert (
        {"uuid", "summary", "indicator", "detail", "source"}
        <= set(card)
        <= set(example_card) | {"suggestions", "selectionBehavior"}
    )
    assert len(card["summary"]) < 140
    assert "recurrent pregnancy loss" in card["summary"]
    assert card["indicator"] == "info"
    assert card["source"]["url"].startswith("http")
    assert "**Investigations advised and not yet done**" in card["detail"]
    assert card["selectionBehavior"] == "any"
    orders = [a["resource"] for s in card["suggestions"] for a in s["actions"]]
    assert orders and all(
        o["resourceType"] == "ServiceRequest" and o["status"] == "draft" for o in orders
    )
    assert all(o["subject"] == {"reference": "Patient/1288992"} for o in orders)
    names = {o["code"]["text"] for o in orders}
    assert "lupus anticoagulant" in names
    assert "hereditary thrombophilia screen" not in names


def test_one_loss_gives_no_card(cds):
    one = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [outcome("o1", "2024-01-10", "17369002")],
    }
    response = post(
        cds,
        "/cds-services/rpl-patient-view",
        hook_request(
            "patient-view",
            {"patient": PATIENT, "observations": one, "conditions": None, "procedures": None},
        ),
    )
    assert response.json() == {"cards": []}


def test_a_missing_prefetch_key_without_fhir_access_is_412(cds):
    request = hook_request("patient-view", {"patient": PATIENT})
    request.pop("fhirAuthorization")
    response = post(cds, "/cds-services/rpl-patient-view", request)
    assert response.status_code == 412


class FhirServer(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self):
        FhirServer.seen.append((self.path, self.headers.get("Authorization")))
        if self.path.startswith("/fhir/Patient/"):
            body = PATIENT
        elif self.path.startswith("/fhir/Observation"):
            body = THREE_MISCARRIAGES
        else:
            body = {"resourceType": "Bundle", "type": "searchset", "entry": []}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fhir_server():
    server = HTTPServer(("127.0.0.1", 0), FhirServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FhirServer.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/fhir"
    server.shutdown()
    server.server_close()


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_given_token(cds, fhir_server):
    request = hook_request("patient-view", {}, fhirServer=fhir_server)
    response = post(cds, "/cds-services/rpl-patient-view", request)
    assert response.status_code == 200
    assert len(response.json()["cards"]) == 1
    paths = [path for path, _ in FhirServer.seen]
    assert paths[0] == "/fhir/Patient/1288992"
    assert paths[1].startswith("/fhir/Observation?patient=1288992&code=")
    assert {auth for _, auth in FhirServer.seen} == {"Bearer some-opaque-fhir-access-token"}


def draft_order(order_id, text, coding=None):
    return {
        "resource": {
            "resourceType": "ServiceRequest",
            "id": order_id,
            "status": "draft",
            "intent": "order",
            "code": {"text": text, **({"coding": [coding]} if coding else {})},
            "subject": {"reference": "Patient/1288992"},
        }
    }


def order_select_request(*orders, selections=None):
    context = copy.deepcopy(fixture("order-select-context-r4.json")["context"])
    context["draftOrders"]["entry"] += list(orders)
    context["selections"] = (
        selections
        if selections is not None
        else [f"ServiceRequest/{o['resource']['id']}" for o in orders]
    )
    return hook_request("order-select", hook="order-select", context=context)


def test_order_select_warns_on_a_thrombophilia_panel_with_override_reasons(cds):
    request = order_select_request(
        draft_order("sr-1", "Inherited thrombophilia panel (factor V Leiden, prothrombin gene)")
    )
    response = post(cds, "/cds-services/rpl-order-select", request)
    (card,) = response.json()["cards"]
    assert card["indicator"] == "warning"
    assert "not recommended" in card["summary"] and len(card["summary"]) < 140
    assert [r["display"] for r in card["overrideReasons"]]
    action = card["suggestions"][0]["actions"][0]
    assert action == {
        "type": "delete",
        "description": action["description"],
        "resourceId": "ServiceRequest/sr-1",
    }


def test_order_select_stays_quiet_for_recommended_tests_and_for_the_specs_own_orders(cds):
    tsh = draft_order("sr-2", "TSH", {"system": "http://loinc.org", "code": "3016-3"})
    response = post(cds, "/cds-services/rpl-order-select", order_select_request(tsh))
    assert response.json() == {"cards": []}
    spec_only = order_select_request(
        selections=fixture("order-select-context-r4.json")["context"]["selections"]
    )
    assert post(cds, "/cds-services/rpl-order-select", spec_only).json() == {"cards": []}


def test_order_select_warns_only_on_selected_orders(cds):
    nk = draft_order("sr-3", "NK cell assay")
    response = post(cds, "/cds-services/rpl-order-select", order_select_request(nk, selections=[]))
    assert response.json() == {"cards": []}


def test_a_request_for_the_wrong_hook_or_an_unknown_service_is_refused(cds):
    assert (
        post(cds, "/cds-services/rpl-order-select", hook_request("patient-view")).status_code == 400
    )
    assert post(cds, "/cds-services/nope", hook_request("patient-view")).status_code == 404
    assert post(cds, "/cds-services/rpl-patient-view", {"hook": "patient-view"}).status_code == 400


def test_feedback_from_the_specs_examples_is_stored_without_free_text(cds):
    for name in ("feedback-accepted.json", "feedback-overridden-with-reason.json"):
        body = fixture(name)
        body.pop("_source")
        response = post(cds, "/cds-services/rpl-patient-view/feedback", body)
        assert response.status_code == 200
    accepted, overridden = CdsFeedback.objects.order_by("id")
    assert accepted.accepted_suggestions == ["e56e1945-20b3-4393-8503-a1a20fd73152"]
    assert (overridden.outcome, overridden.override_reason, overridden.had_comment) == (
        "overridden",
        "d7ecf885",
        True,
    )
    assert "comment" not in json.dumps(
        [f.__dict__ for f in CdsFeedback.objects.all()], default=str
    ).lower().replace("had_comment", "")


def test_cors_headers_appear_on_cds_endpoints_only(cds):
    origin = {"Origin": "https://ehr-app.example"}
    assert cds.get("/cds-services", headers=origin)["Access-Control-Allow-Origin"]
    assert "Access-Control-Allow-Origin" not in cds.get("/api/v1/profiles", headers=origin)
    assert "Access-Control-Allow-Origin" not in cds.get("/", headers=origin)
