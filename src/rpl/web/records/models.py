from __future__ import annotations

from django.conf import settings
from django.db import models


class CoupleRecord(models.Model):
    """One couple's record: an rpl-couple/1 document, checked by rpl.core before every save.

    The document is written only through `rpl.web.records.services`, which runs
    `rpl.core.parsing.parse_record` first, so a stored document is always valid (the demo
    loader stores the shipped examples as they are). Records carry no direct identifiers,
    and `__str__` shows the local id only, so a record never leaks into a log line.
    """

    local_id = models.SlugField(
        max_length=100, unique=True, help_text="The clinic's own id for the couple; never a name."
    )
    document = models.JSONField(help_text="The rpl-couple/1 document.")
    language = models.CharField(
        max_length=10,
        default="en",
        help_text="The couple's language, for reports (one of the site's languages).",
    )
    from_booking = models.CharField(
        max_length=40, blank=True, help_text="Reference of the booking the record started from."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("local_id",)

    def __str__(self) -> str:
        return f"couple record {self.local_id}"
