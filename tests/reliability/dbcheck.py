"""After a load run or a crash: is everything the server acknowledged in the database, and is
the database sound? Run as `python -m tests.reliability.dbcheck` with the server's environment;
reads the acknowledged items (harness.Acknowledged, JSON) on stdin, prints a JSON report.

Integrity: SQLite's `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; on PostgreSQL the
amcheck extension (every B-tree index checked against its table, every table's heap verified).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
django.setup()

from django.db import Error as DatabaseError  # noqa: E402
from django.db import connection  # noqa: E402

from rpl.web.bookings.models import Booking  # noqa: E402
from rpl.web.questions.models import Question  # noqa: E402
from rpl.web.questions.tokens import token_hash  # noqa: E402

CHUNK = 500  # SQLite allows a limited number of parameters per query


def present(model: Any, column: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found.update(
            model.objects.filter(**{f"{column}__in": chunk}).values_list(column, flat=True)
        )
    return found


def integrity() -> list[str]:
    """Problems the database reports about itself; empty when it is sound."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            problems += [row[0] for row in cursor.fetchall() if row[0] != "ok"]
            cursor.execute("PRAGMA foreign_key_check")
            problems += [f"foreign key: {row}" for row in cursor.fetchall()]
            cursor.execute("PRAGMA journal_mode")
            if (mode := cursor.fetchone()[0]) != "wal":
                problems.append(f"journal mode is {mode}, not wal")
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            cursor.execute(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE a.amname = 'btree' AND n.nspname = 'public'"
            )
            for (index,) in cursor.fetchall():
                try:
                    cursor.execute("SELECT bt_index_check(%s::regclass, true)", [index])
                except DatabaseError as error:
                    problems.append(f"index {index}: {error}")
            cursor.execute(
                "SELECT c.oid::regclass::text FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname = 'public'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute("SELECT count(*) FROM verify_heapam(%s::regclass)", [table])
                if corrupt := cursor.fetchone()[0]:
                    problems.append(f"table {table}: {corrupt} corrupt tuples")
        else:
            problems.append(f"no integrity check for {connection.vendor}")
    return problems


def main() -> None:
    acknowledged = json.load(sys.stdin)
    names = acknowledged["booking_names"]
    references = acknowledged["booking_references"]
    texts = acknowledged["question_texts"]
    key_hashes = {token_hash(key): key for key in acknowledged.get("question_keys", [])}
    answers = {int(key): value for key, value in acknowledged["answers"].items()}
    stored_answers = dict(
        Question.objects.filter(pk__in=list(answers)).values_list("pk", "answer_text")
    )
    report = {
        "vendor": connection.vendor,
        "bookings_in_database": Booking.objects.count(),
        "questions_in_database": Question.objects.count(),
        "missing_booking_names": sorted(set(names) - present(Booking, "name", names)),
        "missing_booking_references": sorted(
            set(references) - present(Booking, "reference", references)
        ),
        "missing_questions": sorted(set(texts) - present(Question, "text", texts)),
        "missing_question_keys": sorted(
            key_hashes[h]
            for h in set(key_hashes) - present(Question, "token_hash", list(key_hashes))
        ),
        "missing_answers": sorted(
            pk for pk, text in answers.items() if stored_answers.get(pk) != text
        ),
        "integrity_problems": integrity(),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
