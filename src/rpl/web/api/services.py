"""What the API endpoints do, as plain functions over the core and the records model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from rpl.core.assessment import Assessment, assess
from rpl.core.parsing import CheckedRecord, Problem, parse_record
from rpl.core.profiles import Profile
from rpl.web.api.errors import InvalidInput
from rpl.web.profiles import available_profiles, default_profile_id
from rpl.web.records.models import CoupleRecord as StoredRecord


def today() -> dt.date:
    return timezone.localdate()


def choose_profile(requested: str | None, checked: CheckedRecord, where: str) -> Profile:
    """The profile asked for in the query, else the record's own, else the clinic's default.

    The message names the known profiles but never repeats what was sent.
    """
    profiles = available_profiles()
    wanted = requested or checked.record.profile or default_profile_id()
    if wanted not in profiles:
        path = where if requested else "profile"
        raise InvalidInput(
            [Problem(path, f"unknown profile; known profiles: {', '.join(sorted(profiles))}")]
        )
    return profiles[wanted]


def assess_document(body: bytes | str | dict[str, Any], profile: str | None) -> Assessment:
    checked = parse_record(body, today=today())
    return assess(checked, choose_profile(profile, checked, "query.profile"))


class RecordExists(Exception):
    pass


def _check_storable(checked: CheckedRecord) -> None:
    # The id is used in URLs (/records/{id}); it must be a slug, as the records model says.
    if slugify(checked.record.id) != checked.record.id:
        raise InvalidInput(
            [
                Problem(
                    "id",
                    "to store a record its id must use only lower-case letters, digits, - and _",
                )
            ]
        )


def create_record(body: bytes) -> StoredRecord:
    checked = parse_record(body, today=today())
    _check_storable(checked)
    document = checked.record.model_dump(mode="json", exclude_unset=True)
    try:
        with transaction.atomic():
            return StoredRecord.objects.create(local_id=checked.record.id, document=document)
    except IntegrityError as exc:
        raise RecordExists from exc


def replace_record(stored: StoredRecord, body: bytes) -> StoredRecord:
    checked = parse_record(body, today=today())
    if checked.record.id != stored.local_id:
        raise InvalidInput([Problem("id", "must equal the id in the URL")])
    stored.document = checked.record.model_dump(mode="json", exclude_unset=True)
    stored.save(update_fields=["document", "updated_at"])
    return stored


def assess_stored(stored: StoredRecord, profile: str | None) -> Assessment:
    checked = parse_record(stored.document, today=today())
    return assess(checked, choose_profile(profile, checked, "query.profile"))


def fhir_export(body: bytes | dict[str, Any], profile: str | None) -> dict[str, Any]:
    from rpl.interop.fhir.export import export_bundle

    checked = parse_record(body, today=today())
    return export_bundle(
        checked, assess(checked, choose_profile(profile, checked, "query.profile"))
    )


def fhir_import(body: bytes) -> dict[str, Any]:
    from rpl.interop.fhir.importer import import_bundle

    result = import_bundle(body, today=today())
    return {
        "record": result.document,
        "unmapped": result.unmapped,
        "skipped": result.skipped,
        "notes": result.notes,
    }
