"""What a couple record id may be, and the repair of stored ids that are not.

An id appears in addresses (/staff/records/<id>/), so it must be a slug: letters, digits, - and
_, at most 100 characters. The whole id is checked (`fullmatch`): a pattern ending in `$` also
matches before a final newline, which once let "nl-test\\n" in and broke every record list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LENGTH = 100
VALID_ID = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_NOT_ALLOWED = re.compile(r"[^-a-zA-Z0-9_]+")


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and VALID_ID.fullmatch(value) is not None


def repaired_id(bad: str, taken: Iterable[str]) -> str:
    """A valid id close to `bad` (what is not allowed becomes -), not among `taken`."""
    used = set(taken)
    base = _NOT_ALLOWED.sub("-", bad).strip("-")[: MAX_LENGTH - 10] or "record"
    candidate, number = base, 2
    while candidate in used:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def repair_ids(
    record_model: object, audit_model: object | None = None, using: str = "default"
) -> list[tuple[str, str]]:
    """Give every stored record with an invalid id a valid one (its document's `id` too).

    Takes the model classes so that a migration can pass its historical models. Returns
    (old, new) pairs; writes one audit event per repaired record when `audit_model` is given.
    """
    records = record_model._default_manager.db_manager(using)  # type: ignore[attr-defined]
    taken = set(records.values_list("local_id", flat=True))
    repaired = []
    for record in records.order_by("pk"):
        if is_valid_id(record.local_id):
            continue
        new = repaired_id(record.local_id, taken)
        taken.add(new)
        old = record.local_id
        record.local_id = new
        if isinstance(record.document, dict):
            record.document = {**record.document, "id": new}
        record.save(update_fields=["local_id", "document"], using=using)
        if audit_model is not None:
            audit_model._default_manager.db_manager(using).create(  # type: ignore[attr-defined]
                object_type="couple_record",
                object_id=new,
                action="update",
                detail="id repaired: the stored id was not a valid id",
            )
        repaired.append((old, new))
    return repaired
