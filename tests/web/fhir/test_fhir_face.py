"""The FHIR face (/fhir/): metadata, terminology, read and search of stored records,
Patient/$everything, Bulk Data $export and NDJSON import; tokens, scopes, OperationOutcome
errors and the audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from rpl.core.parsing import parse_record
from rpl.interop.fhir.export import resource_id
from rpl.web.audit.models import AuditEvent
from rpl.web.records.models import CoupleRecord
from tests.web.api.conftest import example

pytestmark = pytest.mark.django_db
FHIR_JSON = "application/fhir+json"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def stored():
    document = example("primary-rpl-first-visit") | {"id": "couple-fhir-1"}
    return CoupleRecord.objects.create(local_id="couple-fhir-1", document=document)


def woman_id(record_id: str = "couple-fhir-1") -> str:
    return resource_id(record_id, "patient.woman")


def get(path: str, token: str | None = None, **headers: str):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return Client().get(path, headers=headers)


def test_metadata_is_a_public_capability_statement_in_fhir_json():
    response = get("/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    statement = response.json()
    assert statement["resourceType"] == "CapabilityStatement"
    assert statement["fhirVersion"] == "4.0.1"
    kinds = {r["type"] for r in statement["rest"][0]["resource"]}
    assert {"Patient", "Observation", "CodeSystem", "ConceptMap"} <= kinds
    assert (
        "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data" in statement["instantiates"]
    )


def test_our_code_systems_value_sets_and_concept_map_are_served_at_their_canonical_urls():
    outcome = get("/fhir/CodeSystem/rpl-outcome").json()
    assert outcome["url"] == "urn:rpl-care:codes:outcome"
    assert {c["code"] for c in outcome["concept"]} >= {"miscarriage", "biochemical_loss"}
    found = get("/fhir/CodeSystem", url="x").json()  # unknown params are refused below
    assert found["resourceType"] in ("Bundle", "OperationOutcome")
    by_url = Client().get("/fhir/ValueSet", {"url": "urn:rpl-care:valueset:pregnancy-loss-events"})
    (entry,) = by_url.json()["entry"]
    assert entry["resource"]["compose"]["include"]
    mapping = get("/fhir/ConceptMap/rpl-to-standard").json()
    outcomes = next(g for g in mapping["group"] if g["source"] == "urn:rpl-care:codes:outcome")
    assert {"code": "miscarriage"}.items() <= outcomes["element"][0].items() or outcomes["element"]
    assert get("/fhir/CodeSystem/no-such").status_code == 404


def test_records_need_a_token_with_the_scope_and_errors_are_operation_outcomes(stored, token_for):
    path = f"/fhir/Patient/{woman_id()}"
    missing = get(path)
    assert missing.status_code == 401
    assert missing.json()["resourceType"] == "OperationOutcome"
    assert get(path, token_for("assess")).status_code == 403
    # The same answers for an id that does not exist: nothing is learnt without the token.
    assert get("/fhir/Patient/no-such-id").status_code == 401


def test_a_patient_is_read_and_the_read_is_audited(stored, token_for):
    token = token_for("records:read")
    response = get(f"/fhir/Patient/{woman_id()}", token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    assert "no-store" in response["Cache-Control"]
    patient = response.json()
    assert patient["identifier"][0]["value"] == "couple-fhir-1"
    event = AuditEvent.objects.get(object_id="couple-fhir-1")
    assert (event.action, event.object_type) == ("view", "couple_record")
    assert event.actor_username == "API client test-client-1"
    assert event.detail == "API FHIR read Patient"
    assert get(f"/fhir/Patient/{resource_id('other', 'patient.woman')}", token).status_code == 404


def test_observations_are_searched_by_patient_and_code_with_paging(stored, token_for):
    token = token_for("records:read")
    everything = (
        Client()
        .get(
            "/fhir/Observation",
            {"patient": woman_id(), "_count": 3},
            headers={"Authorization": f"Bearer {token}"},
        )
        .json()
    )
    assert everything["type"] == "searchset" and len(everything["entry"]) == 3
    assert everything["total"] > 3
    following = next(link["url"] for link in everything["link"] if link["relation"] == "next")
    second = (
        Client()
        .get(following.split("testserver")[-1], headers={"Authorization": f"Bearer {token}"})
        .json()
    )
    assert second["entry"][0]["fullUrl"] != everything["entry"][0]["fullUrl"]
    counts = (
        Client()
        .get(
            "/fhir/Observation",
            {"patient": f"Patient/{woman_id()}", "code": "http://loinc.org|11614-5"},
            headers={"Authorization": f"Bearer {token}"},
        )
        .json()
    )
    (entry,) = counts["entry"]
    assert entry["resource"]["valueQuantity"]["value"] == 2
    assert entry["resource"]["subject"] == {"reference": f"Patient/{woman_id()}"}


def test_a_search_with_an_unknown_parameter_or_none_is_refused_with_a_reason(stored, token_for):
    token = token_for("records:read")
    odd = Client().get(
        "/fhir/Observation", {"flavour": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert odd.status_code == 400 and "flavour" in odd.json()["issue"][0]["diagnostics"]
    bare = get("/fhir/Observation", token)
    assert bare.status_code == 400


def test_patient_everything_gives_the_whole_couple_record(stored, token_for):
    token = token_for("records:read")
    bundle = get(f"/fhir/Patient/{woman_id()}/$everything", token).json()
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Observation", "CarePlan", "Provenance"} <= kinds
    assert AuditEvent.objects.filter(object_id="couple-fhir-1", action="export").exists()


def test_bulk_export_gives_ndjson_files_to_the_client_that_asked_only(stored, token_for):
    token = token_for("records:export")
    refused = get("/fhir/$export", token)
    assert refused.status_code == 400  # no Prefer: respond-async
    kickoff = get("/fhir/$export", token, Prefer="respond-async", Accept=FHIR_JSON)
    assert kickoff.status_code == 202
    status_url = kickoff["Content-Location"].split("testserver")[-1]
    manifest = get(status_url, token).json()
    assert manifest["requiresAccessToken"] is True
    files = {o["type"]: o["url"].split("testserver")[-1] for o in manifest["output"]}
    assert {"Patient", "Observation"} <= set(files)
    patients = get(files["Patient"], token)
    assert patients["Content-Type"].startswith("application/fhir+ndjson")
    lines = [json.loads(line) for line in patients.content.decode().splitlines()]
    assert {p["resourceType"] for p in lines} == {"Patient"}
    other = token_for("records:export")
    assert get(status_url, other).status_code == 404
    assert get(files["Patient"], other).status_code == 404
    assert AuditEvent.objects.filter(object_id="couple-fhir-1", action="export").exists()
    assert (
        Client().delete(status_url, headers={"Authorization": f"Bearer {token}"}).status_code == 202
    )
    assert get(status_url, token).status_code == 404


def test_ndjson_export_imports_back_into_the_same_record(stored, token_for):
    export_token = token_for("records:export")
    kickoff = get("/fhir/$export", export_token, Prefer="respond-async")
    manifest = get(kickoff["Content-Location"].split("testserver")[-1], export_token).json()
    text = "".join(
        get(o["url"].split("testserver")[-1], export_token).content.decode()
        for o in manifest["output"]
    )
    original = CoupleRecord.objects.get(local_id="couple-fhir-1").document
    CoupleRecord.objects.all().delete()
    write_token = token_for("records:write")
    response = Client().post(
        "/fhir/$import",
        text,
        content_type="application/fhir+ndjson",
        headers={"Authorization": f"Bearer {write_token}"},
    )
    assert response.status_code == 200, response.content
    issues = response.json()["issue"]
    assert any("record couple-fhir-1 created" in i["diagnostics"] for i in issues)
    back = CoupleRecord.objects.get(local_id="couple-fhir-1").document
    assert parse_record(back, today=TODAY).record == parse_record(original, today=TODAY).record


def test_a_bad_ndjson_import_writes_nothing_and_names_the_lines(stored, token_for):
    token = token_for("records:write")
    before = CoupleRecord.objects.count()
    response = Client().post(
        "/fhir/$import",
        '{"resourceType": "Patient"}\nnot json\n',
        content_type="application/fhir+ndjson",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert any("line 2" in i["diagnostics"] for i in response.json()["issue"])
    assert CoupleRecord.objects.count() == before


def test_bulk_export_files_and_everything_pass_fhirjs(stored, token_for, tmp_path):
    from tests.interop.fhir.validator import validate_with_fhirjs

    token = token_for("records:export", "records:read")
    kickoff = get("/fhir/$export", token, Prefer="respond-async")
    manifest = get(kickoff["Content-Location"].split("testserver")[-1], token).json()
    named = []
    for output in manifest["output"]:
        text = get(output["url"].split("testserver")[-1], token).content.decode()
        named.append((f"{output['type']}.ndjson", [json.loads(line) for line in text.splitlines()]))
    named.append(("everything.json", get(f"/fhir/Patient/{woman_id()}/$everything", token).json()))
    named.append(("metadata.json", get("/fhir/metadata").json()))
    errors = validate_with_fhirjs(named, tmp_path)
    assert not {name: found for name, found in errors.items() if found}
