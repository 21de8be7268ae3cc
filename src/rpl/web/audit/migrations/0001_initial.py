from django.db import migrations, models

TABLE = "rpl_audit_auditevent"

SQLITE = [
    f"""CREATE TRIGGER rpl_audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS rpl_audit_no_update;"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION rpl_audit_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER rpl_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION rpl_audit_append_only();""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER IF EXISTS rpl_audit_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS rpl_audit_append_only();",
]


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("actor_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
                ("actor_username", models.CharField(blank=True, max_length=150)),
                (
                    "object_type",
                    models.CharField(
                        choices=[
                            ("couple_record", "couple record"),
                            ("booking", "booking"),
                            ("question", "question"),
                            ("rule_review", "rule review"),
                            ("page", "staff page"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                ("object_id", models.CharField(blank=True, db_index=True, max_length=100)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("view", "viewed"),
                            ("create", "created"),
                            ("update", "changed"),
                            ("delete", "deleted"),
                            ("export", "exported"),
                            ("import", "imported"),
                            ("report", "printed a report"),
                            ("assess", "assessed"),
                            ("status", "changed status"),
                            ("assign", "assigned"),
                            ("answer", "answered"),
                            ("publish", "published"),
                            ("email", "e-mailed the patient"),
                            ("denied", "was denied"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("detail", models.CharField(blank=True, max_length=200)),
            ],
            options={"ordering": ("-at", "-id")},
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
