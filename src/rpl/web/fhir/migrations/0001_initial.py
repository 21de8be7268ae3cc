import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("rpl_api", "0002_cds_hooks")]

    operations = [
        migrations.CreateModel(
            name="BulkExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("job", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("request_url", models.CharField(max_length=500)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("output", models.JSONField(default=dict)),
                ("errors", models.TextField(blank=True)),
                (
                    "client",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="rpl_api.apiclient",
                    ),
                ),
            ],
        ),
    ]
