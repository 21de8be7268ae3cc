"""The FHIR face's pure parts: a record's resources as a server holds them, search matching,
searchset Bundles, the CapabilityStatement, OperationOutcomes, and NDJSON out and in.

No Django here: `rpl.web.fhir` reads the request, checks the token, finds the record, and calls
these. See docs/fhir.md ("The FHIR face").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from rpl import __version__
from rpl.interop.fhir import vocab

JsonDict = dict[str, Any]
FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"
# What the face serves from a record, and what can be searched (beside Patient).
READ_TYPES = (
    "Patient",
    "Observation",
    "Condition",
    "ServiceRequest",
    "CarePlan",
    "Provenance",
    "Device",
)
SEARCH_TYPES = ("Patient", "Observation", "Condition", "ServiceRequest", "CarePlan")
SEARCH_PARAMS = {
    "Patient": ["_id", "identifier"],
    "Observation": ["_id", "patient", "subject", "code", "category"],
    "Condition": ["_id", "patient", "subject", "code"],
    "ServiceRequest": ["_id", "patient", "subject", "code"],
    "CarePlan": ["_id", "patient", "subject"],
}
PAGING_PARAMS = {"_count", "_page"}
DEFAULT_COUNT = 50
MAX_COUNT = 200
TERMINOLOGY_TYPES = ("CodeSystem", "ValueSet", "ConceptMap")
BULK_TYPES = READ_TYPES  # $export writes every type the face serves


def outcome(severity: str, code: str, text: str) -> JsonDict:
    """An OperationOutcome with one issue. `text` is ours: never a value the client sent."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": text}],
    }


def outcome_of(issues: Iterable[tuple[str, str, str]]) -> JsonDict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": severity, "code": code, "diagnostics": text}
            for severity, code, text in issues
        ],
    }


def _rewrite(value: Any, addresses: dict[str, str]) -> Any:
    if isinstance(value, dict):
        rewritten = {k: _rewrite(v, addresses) for k, v in value.items()}
        reference = rewritten.get("reference")
        if isinstance(reference, str) and reference in addresses:
            rewritten["reference"] = addresses[reference]
        return rewritten
    if isinstance(value, list):
        return [_rewrite(item, addresses) for item in value]
    return value


def server_resources(bundle: JsonDict) -> list[JsonDict]:
    """The resources of an exported Bundle as a server holds them: `urn:uuid` references become
    `Type/id`."""
    addresses = {
        e["fullUrl"]: f"{e['resource']['resourceType']}/{e['resource']['id']}"
        for e in bundle.get("entry", [])
    }
    return [_rewrite(e["resource"], addresses) for e in bundle.get("entry", [])]


def _tokens(value: str) -> list[tuple[str | None, str]]:
    """`system|code,code2` -> [(system, code), (None, code2)]."""
    tokens = []
    for part in value.split(","):
        system, bar, code = part.partition("|")
        tokens.append((system or None, code) if bar else (None, part))
    return tokens


def _codings(concept: Any) -> list[JsonDict]:
    return list(concept.get("coding", [])) if isinstance(concept, dict) else []


def _token_match(concepts: list[Any], value: str) -> bool:
    for system, code in _tokens(value):
        for concept in concepts:
            for item in _codings(concept):
                if item.get("code") == code and (system is None or item.get("system") == system):
                    return True
    return False


def _subject_id(resource: JsonDict) -> str | None:
    reference = (resource.get("subject") or {}).get("reference", "")
    return reference.split("/")[-1] if reference.startswith("Patient/") else None


def matches(resource: JsonDict, params: dict[str, str]) -> bool:
    """Does the resource meet every search parameter (already checked as known)?"""
    for name, value in params.items():
        if name == "_id":
            if resource.get("id") not in value.split(","):
                return False
        elif name in ("patient", "subject"):
            wanted = {v.split("/")[-1] for v in value.split(",")}
            if _subject_id(resource) not in wanted:
                return False
        elif name == "code":
            if not _token_match([resource.get("code")], value):
                return False
        elif name == "category":
            if not _token_match(list(resource.get("category", [])), value):
                return False
        elif name == "identifier":
            found = False
            for system, code in _tokens(value):
                for identifier in resource.get("identifier", []):
                    if identifier.get("value") == code and (
                        system is None or identifier.get("system") == system
                    ):
                        found = True
            if not found:
                return False
    return True


def searchset(
    resources: list[JsonDict], base: str, self_url: str, total: int, next_url: str | None
) -> JsonDict:
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def capability_statement(base: str, date: str) -> JsonDict:
    """What the face does (FHIR R4 CapabilityStatement), including Bulk Data export."""
    resources: list[JsonDict] = []
    for kind in READ_TYPES:
        item: JsonDict = {"type": kind, "interaction": [{"code": "read"}]}
        if kind in SEARCH_PARAMS:
            item["interaction"].append({"code": "search-type"})
            item["searchParam"] = [
                {
                    "name": name,
                    "type": "token" if name not in ("patient", "subject") else "reference",
                }
                for name in SEARCH_PARAMS[kind]
            ]
        if kind == "Patient":
            item["operation"] = [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                },
                {
                    "name": "export",
                    "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export",
                },
            ]
        resources.append(item)
    for kind in TERMINOLOGY_TYPES:
        resources.append(
            {
                "type": kind,
                "interaction": [{"code": "read"}, {"code": "search-type"}],
                "searchParam": [{"name": "url", "type": "uri"}],
            }
        )
    return {
        "resourceType": "CapabilityStatement",
        "id": "rpl-care",
        "url": "urn:rpl-care:capability-statement",
        "version": __version__,
        "name": "RplCareFhirFace",
        "title": "RPL Care FHIR face",
        "status": "active",
        "date": date,
        "publisher": "RPL Care",
        "kind": "instance",
        "instantiates": ["http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"],
        "software": {"name": "RPL Care", "version": __version__},
        "implementation": {"description": "RPL Care couple records as FHIR R4", "url": base},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Couple records as FHIR R4 (docs/fhir.md). Reads need an API "
                "token with the records:read scope; bulk export records:export; NDJSON import "
                "records:write. Terminology and this statement are public.",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                }
                            ],
                            "text": "Bearer token of an RPL Care API client (scopes)",
                        }
                    ],
                    "description": "Authorization: Bearer <token> (docs/api.md).",
                },
                "resource": resources,
                "operation": [
                    {
                        "name": "export",
                        "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
                    },
                    {
                        "name": "import",
                        "definition": "urn:rpl-care:operation:ndjson-import",
                        "documentation": "POST application/fhir+ndjson: couple records, stored "
                        "(records:write); all or nothing.",
                    },
                ],
            }
        ],
    }


def ndjson(resources: Iterable[JsonDict]) -> str:
    return "".join(
        json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n" for r in resources
    )


def parse_ndjson(text: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON or the ValueError) for each non-empty line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as exc:
            yield number, exc


def group_couples(resources: list[JsonDict]) -> tuple[dict[str, JsonDict], list[str]]:
    """NDJSON resources -> one collection Bundle per couple record, keyed by record id (the
    Patients' `urn:rpl-care:couple-record` identifier); resources are placed with the Patient
    they refer to. Returns the Bundles and what could not be placed (by type and id)."""
    record_of_patient: dict[str, str] = {}
    for resource in resources:
        if resource.get("resourceType") != "Patient":
            continue
        for identifier in resource.get("identifier", []):
            if identifier.get("system") == vocab.RECORD_ID_SYSTEM and identifier.get("value"):
                record_of_patient[str(resource.get("id"))] = str(identifier["value"])
    bundles: dict[str, JsonDict] = {}
    unplaced: list[str] = []
    for resource in resources:
        kind = resource.get("resourceType")
        rid = str(resource.get("id"))
        if kind == "Patient":
            record = record_of_patient.get(rid)
        else:
            reference = (resource.get("subject") or resource.get("patient") or {}).get(
                "reference", ""
            )
            record = record_of_patient.get(reference.split("/")[-1]) if reference else None
            if record is None and kind in ("Provenance", "Device"):
                continue  # assessment metadata, recomputed on import
        if record is None:
            unplaced.append(f"{kind}/{rid}")
            continue
        bundle = bundles.setdefault(
            record,
            {
                "resourceType": "Bundle",
                "type": "collection",
                "identifier": {"system": vocab.RECORD_ID_SYSTEM, "value": record},
                "entry": [],
            },
        )
        bundle["entry"].append({"fullUrl": f"{kind}/{rid}", "resource": resource})
    return bundles, unplaced
