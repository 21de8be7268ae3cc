from __future__ import annotations

from django.db import models


class CoupleRecord(models.Model):
    """One couple's record: the rpl-couple/1 document exactly as received.

    Deliberately minimal; the clinic workspace issue adds structure and history. The document
    is stored as is and not validated here (rpl.core does that). Records carry no direct
    identifiers, and `__str__` shows the local id only, so a record never leaks into a log line.
    """

    local_id = models.SlugField(
        max_length=100, unique=True, help_text="The clinic's own id for the couple; never a name."
    )
    document = models.JSONField(help_text="The rpl-couple/1 document as received.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("local_id",)

    def __str__(self) -> str:
        return f"couple record {self.local_id}"
