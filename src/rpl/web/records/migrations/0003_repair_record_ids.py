"""Stored record ids that are not valid ids (e.g. "nl-test\\n", let in by a pattern ending in
`$`) get a valid one, so that no record list or search fails on them."""

from django.db import migrations


def repair(apps, schema_editor):
    from rpl.web.records.ids import repair_ids

    repair_ids(
        apps.get_model("rpl_records", "CoupleRecord"), apps.get_model("rpl_audit", "AuditEvent")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rpl_records", "0002_record_language_booking_author"),
        ("rpl_audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
