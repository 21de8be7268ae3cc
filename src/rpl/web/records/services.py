"""Creating, changing, importing and exporting couple records. Every write checks the
document with `rpl.core.parsing.parse_record` first and happens in one transaction, so a bad
document changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from rpl.core.parsing import CheckedRecord, Problem, RecordError, load_json, parse_record
from rpl.web.records.ids import is_valid_id
from rpl.web.records.models import CoupleRecord


def today() -> dt.date:
    return timezone.localdate()


def check_document(document: Mapping[str, Any] | str | bytes) -> CheckedRecord:
    """The record contract's checks plus the workspace's one: the id must work as a slug."""
    checked = parse_record(document, today())
    if not is_valid_id(checked.record.id):
        raise RecordError(
            [Problem("id", "use letters, digits, - and _ only (the id appears in addresses)")]
        )
    return checked


def canonical(checked: CheckedRecord) -> dict[str, Any]:
    """The stored form of a checked document: the contract's own JSON, without empty keys."""
    data: dict[str, Any] = checked.record.model_dump(mode="json", exclude_none=True)
    return data


def _id_taken(local_id: str, exclude_pk: int | None = None) -> bool:
    records = CoupleRecord.objects.filter(local_id=local_id)
    if exclude_pk is not None:
        records = records.exclude(pk=exclude_pk)
    return records.exists()


@transaction.atomic
def create_record(
    document: Mapping[str, Any] | str | bytes,
    *,
    language: str,
    actor: Any = None,
    from_booking: str = "",
) -> CoupleRecord:
    checked = check_document(document)
    if _id_taken(checked.record.id):
        raise RecordError([Problem("id", "another couple record already has this id")])
    return CoupleRecord.objects.create(
        local_id=checked.record.id,
        document=canonical(checked),
        language=language,
        from_booking=from_booking,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def update_record(
    record: CoupleRecord, document: Mapping[str, Any] | str | bytes, *, language: str
) -> CoupleRecord:
    checked = check_document(document)
    if checked.record.id != record.local_id and _id_taken(checked.record.id, record.pk):
        raise RecordError([Problem("id", "another couple record already has this id")])
    record.local_id = checked.record.id
    record.document = canonical(checked)
    record.language = language
    record.save()
    return record


def import_record(source: str | bytes, *, language: str, actor: Any = None) -> CoupleRecord:
    """A new record from an rpl-couple/1 JSON file, with the same checks as the form."""
    data = load_json(source)
    return create_record(
        data if isinstance(data, dict) else json.dumps(data), language=language, actor=actor
    )


def export_json(record: CoupleRecord) -> str:
    """The record as an rpl-couple/1 JSON file."""
    return json.dumps(record.document, ensure_ascii=False, indent=2) + "\n"


def checked_record(record: CoupleRecord) -> CheckedRecord:
    """The stored document, checked again (the knowledge or today's date may have moved on)."""
    return parse_record(record.document, today())
