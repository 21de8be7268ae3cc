"""Backup and restore speed: `rpl.web.backup` on a database with N made-up bookings and 2 N audit
events, in a throwaway data directory (SQLite) or database (--database-url, PostgreSQL; it is
emptied and filled). Prints sizes, wall and CPU time (best of --repeat) and MB of database per second. CPU is
this process only: pg_dump and pg_restore run in their own.

    .venv/bin/python benchmarks/backup.py --bookings 50000 --repeat 3
    .venv/bin/python benchmarks/backup.py --database-url postgresql://rpl@127.0.0.1:5432/scratch
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="", help="PostgreSQL scratch database")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="rpl-backup-bench-"))
    os.environ["RPL_DATA_DIR"] = str(work / "data")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "rpl.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from rpl.web import backup
    from rpl.web.audit.models import AuditEvent
    from rpl.web.bookings.models import Booking

    call_command("migrate", verbosity=0)
    Booking.objects.all().delete()
    now = timezone.now()
    Booking.objects.bulk_create(
        (
            Booking(
                reference=f"B{number:07d}",
                submission_token=f"bench-{number}",
                language="vi",
                name=f"Made-up person {number}",
                phone="+84912345678",
                preferred_language="vi",
                earliest_date=dt.date(2025, 3, 1),
                latest_date=dt.date(2025, 3, 20),
                history="Made-up history. " * 20,
                consent_given_at=now,
            )
            for number in range(args.bookings)
        ),
        batch_size=2000,
    )
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(object_type="booking", object_id=f"B{number // 2:07d}", action="view")
            for number in range(2 * args.bookings)
        ),
        batch_size=5000,
    )
    target = work / "bench.backup"
    timings: dict[str, list[tuple[float, float]]] = {"backup": [], "restore": []}
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        backup.backup(target, overwrite=True)
        timings["backup"].append((time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()
        result = backup.restore(target)
        timings["restore"].append((time.perf_counter() - wall, time.process_time() - cpu))
        assert not result.problems, result.problems
    size_mb = database_bytes(backup.database_kind()) / 1_000_000
    print(
        f"{backup.database_kind()}: {args.bookings} bookings, {2 * args.bookings} audit events; "
        f"database {size_mb:.1f} MB, backup file {target.stat().st_size / 1_000_000:.1f} MB"
    )
    for step, runs in timings.items():
        wall, cpu = min(runs)
        print(
            f"  {step:8} best of {len(runs)}: {wall:.2f} s wall ({cpu:.2f} s CPU in this "
            f"process), {size_mb / wall:.0f} MB of database per second"
        )


def database_bytes(kind: str) -> int:
    from django.db import connection

    if kind == "sqlite":
        return Path(connection.settings_dict["NAME"]).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size: int = cursor.fetchone()[0]
    return size


if __name__ == "__main__":
    main()
