from __future__ import annotations

import uuid

from django.db import models


class BulkExport(models.Model):
    """One FHIR Bulk Data export: who asked (the API client), what for, and its NDJSON files,
    kept until `expires_at` (then deleted by the next export request). Only the client that
    asked may read its status and files."""

    job = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("rpl_api.ApiClient", on_delete=models.CASCADE, related_name="+")
    request_url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    # {"Patient": "<ndjson text>", ...} and the OperationOutcome lines for records not exported.
    output = models.JSONField(default=dict)
    errors = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"bulk export {self.job}"
