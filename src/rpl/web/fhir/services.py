"""What the FHIR face does, as plain functions over the records, the export and the audit trail.

A record is served as the resources of its FHIR export (docs/fhir.md), assessed under its own
profile on today's date, with server references (`Patient/<id>`). Every resource id starts with
its record's key (`rpl.interop.fhir.export.record_key`), so a read finds its record by hashing
the stored ids, not by building every record's Bundle.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from rpl.core.assessment import assess
from rpl.core.parsing import RecordError, parse_record
from rpl.interop.fhir import server
from rpl.interop.fhir.export import export_bundle, id_record_key, record_key
from rpl.interop.fhir.importer import import_bundle
from rpl.web.api.models import ApiClient
from rpl.web.api.services import choose_profile, today
from rpl.web.audit.services import Action, record_api_event
from rpl.web.fhir.models import BulkExport
from rpl.web.records.models import CoupleRecord as StoredRecord

JsonDict = dict[str, Any]
EXPORT_KEPT = dt.timedelta(hours=1)


def audit(request: HttpRequest, client: ApiClient, action: str, record_id: str, what: str) -> None:
    """One audit row per record touched: the record's id and what was done, never content."""
    record_api_event(request, action, record_id, f"FHIR {what}", client=client)


def record_for_id(resource_id: str) -> StoredRecord | None:
    key = id_record_key(resource_id)
    if key is None:
        return None
    for local_id in StoredRecord.objects.values_list("local_id", flat=True).iterator():
        if record_key(local_id) == key:
            return StoredRecord.objects.filter(local_id=local_id).first()
    return None


def resources_of(stored: StoredRecord) -> list[JsonDict]:
    """The record's resources as the face serves them (RecordError if it is not valid now)."""
    checked = parse_record(stored.document, today=today())
    profile = choose_profile(None, checked, "profile")
    return server.server_resources(export_bundle(checked, assess(checked, profile)))


def find(resource_type: str, resource_id: str) -> tuple[StoredRecord, JsonDict] | None:
    stored = record_for_id(resource_id)
    if stored is None:
        return None
    try:
        resources = resources_of(stored)
    except RecordError:
        return None
    for resource in resources:
        if resource["resourceType"] == resource_type and resource["id"] == resource_id:
            return stored, resource
    return None


def records_for_search(resource_type: str, params: dict[str, str]) -> list[StoredRecord]:
    """The records a search can touch: named by a patient or id parameter, or, for Patient by
    identifier, the record of that id."""
    ids = []
    for name in ("patient", "subject", "_id"):
        if name in params:
            ids += [v.split("/")[-1] for v in params[name].split(",")]
    records: dict[str, StoredRecord] = {}
    for resource_id in ids:
        stored = record_for_id(resource_id)
        if stored is not None:
            records[stored.local_id] = stored
    if resource_type == "Patient" and "identifier" in params:
        for part in params["identifier"].split(","):
            value = part.partition("|")[2] if "|" in part else part
            stored = StoredRecord.objects.filter(local_id=value).first()
            if stored is not None:
                records[stored.local_id] = stored
    return list(records.values())


def bulk_export(request: HttpRequest, client: ApiClient, types: list[str]) -> BulkExport:
    """Export every record's resources of `types` to NDJSON, one file per type."""
    BulkExport.objects.filter(expires_at__lt=timezone.now()).delete()
    files: dict[str, list[JsonDict]] = {kind: [] for kind in types}
    errors: list[JsonDict] = []
    for stored in StoredRecord.objects.order_by("local_id").iterator():
        try:
            resources = resources_of(stored)
        except RecordError:
            errors.append(
                server.outcome(
                    "error",
                    "processing",
                    f"record {stored.local_id} is not valid today; not exported",
                )
            )
            continue
        for resource in resources:
            if resource["resourceType"] in files:
                files[resource["resourceType"]].append(resource)
        audit(request, client, Action.EXPORT, stored.local_id, "bulk export")
    return BulkExport.objects.create(
        client=client,
        request_url=request.get_full_path()[:500],
        expires_at=timezone.now() + EXPORT_KEPT,
        output={kind: server.ndjson(found) for kind, found in files.items() if found},
        errors=server.ndjson(errors),
    )


def manifest(job: BulkExport, base: str) -> JsonDict:
    files = f"{base}/$export-file/{job.job}"
    return {
        "transactionTime": job.created_at.isoformat(),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": [
            {"type": kind, "url": f"{files}/{kind}.ndjson", "count": text.count("\n")}
            for kind, text in job.output.items()
        ],
        "error": [{"type": "OperationOutcome", "url": f"{files}/OperationOutcome.ndjson"}]
        if job.errors
        else [],
    }


class ImportRefused(Exception):
    def __init__(self, issues: list[tuple[str, str, str]]) -> None:
        self.issues = issues
        super().__init__(f"{len(issues)} problems")


def import_ndjson(request: HttpRequest, client: ApiClient, text: str) -> list[tuple[str, str, str]]:
    """Store the couple records NDJSON holds (created or replaced), all or nothing. Returns the
    information issues; raises ImportRefused with the problems (line numbers, record ids, paths;
    never values)."""
    problems: list[tuple[str, str, str]] = []
    resources: list[JsonDict] = []
    for number, parsed in server.parse_ndjson(text):
        if isinstance(parsed, ValueError) or not isinstance(parsed, dict):
            problems.append(("error", "structure", f"line {number}: not a JSON object"))
        elif not isinstance(parsed.get("resourceType"), str):
            problems.append(("error", "structure", f"line {number}: no resourceType"))
        else:
            resources.append(parsed)
    bundles, unplaced = server.group_couples(resources)
    if not bundles and not problems:
        problems.append(
            ("error", "required", "no Patient with an urn:rpl-care:couple-record identifier")
        )
    documents: dict[str, JsonDict] = {}
    issues: list[tuple[str, str, str]] = [
        ("warning", "not-found", f"{where}: refers to no couple record here; not imported")
        for where in unplaced
    ]
    for record_id, bundle in bundles.items():
        if slugify(record_id) != record_id:
            problems.append(
                ("error", "invalid", "a record id may use only lower-case letters, digits, - and _")
            )
            continue
        try:
            result = import_bundle(bundle, today=today())
        except RecordError as error:
            problems += [("error", "invalid", f"record {record_id}: {p}") for p in error.problems]
            continue
        documents[record_id] = result.checked.record.model_dump(mode="json", exclude_unset=True)
        issues += [
            ("warning", "not-supported", f"record {record_id}: {u}") for u in result.unmapped
        ]
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        for record_id, document in documents.items():
            stored, created = StoredRecord.objects.update_or_create(
                local_id=record_id, defaults={"document": document}
            )
            action = Action.CREATE if created else Action.UPDATE
            audit(request, client, action, stored.local_id, "NDJSON import")
            issues.append(
                (
                    "information",
                    "informational",
                    f"record {record_id} {'created' if created else 'replaced'}",
                )
            )
    return issues
