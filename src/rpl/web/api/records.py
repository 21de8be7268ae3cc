"""Couple-record endpoints (`/api/v1/records`), for API clients with the records scopes.

The scope check runs before the record is looked up: a caller without the right token gets
401 or 403 for every id, existing or not. Every read, change and export of a record is written
to the audit trail (`record_api_event`: the API client, the action and the record's id only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from rpl.core.assessment import Assessment
from rpl.web.api import openapi, services
from rpl.web.api.auth import ScopedToken
from rpl.web.api.errors import AUTH_ERRORS, ErrorOut
from rpl.web.api.scopes import RECORDS_READ, RECORDS_WRITE
from rpl.web.audit.services import Action, record_api_event
from rpl.web.records.models import CoupleRecord as StoredRecord

router = Router(tags=["records"])
READ = ScopedToken(RECORDS_READ)
WRITE = ScopedToken(RECORDS_WRITE)
MAX_LIMIT = 500
# Past any real count, and far below SQLite's 64-bit limit: an offset beyond it (1e34 from a
# fuzzer) made the database refuse the query, a server error, instead of an empty page.
MAX_OFFSET = 10**12


class RecordSummaryOut(Schema):
    id: str
    created_at: dt.datetime
    updated_at: dt.datetime


class RecordListOut(Schema):
    count: int
    records: list[RecordSummaryOut]


def _summary(stored: StoredRecord) -> dict[str, Any]:
    return {"id": stored.local_id, "created_at": stored.created_at, "updated_at": stored.updated_at}


def _get(record_id: str) -> StoredRecord:
    stored = StoredRecord.objects.filter(local_id=record_id).first()
    if stored is None:
        raise HttpError(404, "no record with this id")
    return stored


@router.get(
    "",
    auth=READ,
    response={200: RecordListOut, **AUTH_ERRORS, 422: ErrorOut},
    summary="List records",
)
def list_records(request: HttpRequest, offset: int = 0, limit: int = 100) -> dict[str, Any]:
    """Ids and timestamps of stored records, ordered by id; `limit` is at most 500."""
    offset = min(max(offset, 0), MAX_OFFSET)
    limit = min(max(limit, 1), MAX_LIMIT)
    records = StoredRecord.objects.order_by("local_id")
    page = [_summary(r) for r in records[offset : offset + limit]]
    record_api_event(request, Action.VIEW, detail=f"list of {len(page)} ids")
    return {"count": records.count(), "records": page}


@router.post(
    "",
    auth=WRITE,
    response={201: RecordSummaryOut, 409: ErrorOut, **AUTH_ERRORS, 422: ErrorOut},
    openapi_extra=openapi.record_body("The record to store; its `id` becomes its address."),
    summary="Store a new record",
)
def create_record(request: HttpRequest) -> Status[dict[str, Any]]:
    try:
        stored = services.create_record(request.body)
    except services.RecordExists:
        raise HttpError(409, "a record with this id already exists; PUT replaces it") from None
    record_api_event(request, Action.CREATE, stored.local_id)
    return Status(201, _summary(stored))


@router.get(
    "/{record_id}",
    auth=READ,
    response={200: dict[str, Any], 404: ErrorOut, **AUTH_ERRORS},
    openapi_extra=openapi.json_response(200, openapi.ref(openapi.RECORD_SCHEMA), "The record."),
    summary="Read a record",
)
def read_record(request: HttpRequest, record_id: str) -> dict[str, Any]:
    stored = _get(record_id)
    record_api_event(request, Action.VIEW, stored.local_id)
    document: dict[str, Any] = stored.document
    return document


@router.put(
    "/{record_id}",
    auth=WRITE,
    response={200: RecordSummaryOut, 404: ErrorOut, **AUTH_ERRORS, 422: ErrorOut},
    openapi_extra=openapi.record_body("The whole record; its `id` must equal the URL's."),
    summary="Replace a record",
)
def replace_record(request: HttpRequest, record_id: str) -> dict[str, Any]:
    stored = services.replace_record(_get(record_id), request.body)
    record_api_event(request, Action.UPDATE, stored.local_id)
    return _summary(stored)


@router.delete(
    "/{record_id}",
    auth=WRITE,
    response={204: None, 404: ErrorOut, **AUTH_ERRORS},
    summary="Delete a record",
)
def delete_record(request: HttpRequest, record_id: str) -> HttpResponse:
    stored = _get(record_id)
    with transaction.atomic():
        record_api_event(request, Action.DELETE, stored.local_id)
        stored.delete()
    return HttpResponse(status=204)


@router.get(
    "/{record_id}/assessment",
    auth=READ,
    response={200: Assessment, 404: ErrorOut, **AUTH_ERRORS, 422: ErrorOut},
    summary="Assess a stored record",
    url_name="assess_stored_record",  # POST /assess already has the name assess_record
)
def assess_record(request: HttpRequest, record_id: str, profile: str | None = None) -> Assessment:
    stored = _get(record_id)
    assessment = services.assess_stored(stored, profile)
    record_api_event(request, Action.ASSESS, stored.local_id, assessment.profile.id)
    return assessment


@router.get(
    "/{record_id}/fhir",
    auth=READ,
    response={200: dict[str, Any], 404: ErrorOut, **AUTH_ERRORS, 422: ErrorOut},
    summary="A stored record and its assessment as a FHIR R4 Bundle",
)
def record_as_fhir(
    request: HttpRequest, record_id: str, profile: str | None = None
) -> dict[str, Any]:
    stored = _get(record_id)
    bundle = services.fhir_export(stored.document, profile)
    record_api_event(request, Action.EXPORT, stored.local_id, "FHIR")
    return bundle
