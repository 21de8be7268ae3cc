"""The audit trail: one row per view or change of a couple record, booking or question.

Append-only. The model refuses updates and deletes through the ORM; on PostgreSQL a trigger
refuses UPDATE and DELETE of rows, and on SQLite a trigger refuses UPDATE (a DELETE trigger on
SQLite would also stop the test runner's table flush, which SQLite does with DELETE).

A row says who, when, what (object type, object id, action) and from where (IP address). It
never holds patient content: `detail` is a short code-like note chosen by our own code
(a status change, a profile id), never text a person typed. The actor is copied as id and
username, not a foreign key, so removing a user cannot change or remove the trail.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("audit events are append-only")


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse


OBJECT_TYPES = {
    "couple_record": _("couple record"),
    "booking": _("booking"),
    "question": _("question"),
    "rule_review": _("rule review"),
    "page": _("staff page"),
    "content_review": _("content sign-off"),
    "clinic_profile": _("clinic profile"),
}
ACTIONS = {
    "view": _("viewed"),
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "export": _("exported"),
    "import": _("imported"),
    "report": _("printed a report"),
    "assess": _("assessed"),
    "status": _("changed status"),
    "assign": _("assigned"),
    "answer": _("answered"),
    "publish": _("published"),
    "email": _("e-mailed the patient"),
    "sms": _("sent the patient an SMS"),
    "resend": _("sent a fresh link"),
    "denied": _("was denied"),
}


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=20, choices=list(OBJECT_TYPES.items()), db_index=True)
    object_id = models.CharField(max_length=100, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=list(ACTIONS.items()), db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"audit event {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
