"""The audit trail: append-only, written on every view and change, readable by admins only."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from rpl.web.audit.models import AppendOnlyError, AuditEvent
from rpl.web.audit.selectors import AuditFilters, audit_events
from rpl.web.audit.services import record_event
from tests.web.clinic.helpers import TWO_LOSSES, record_post

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    fields = {"action": "view", "object_type": "couple_record", "object_id": "c-1"} | kwargs
    return record_event(None, **fields)


def test_an_event_cannot_be_changed_or_deleted_through_the_orm():
    event = _event()
    event.detail = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_the_database_refuses_an_update_behind_the_orms_back():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rpl_audit_auditevent SET object_id = 'forged' WHERE id = %s", [event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).object_id == "c-1"


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown audit action"):
        _event(action="peeked")


def test_viewing_and_changing_a_record_is_audited_with_who_what_and_where(staff_client):
    client = staff_client("clinician")
    client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES), REMOTE_ADDR="10.1.2.3")
    client.get("/staff/records/couple-1/")
    client.get("/staff/records/couple-1/assessment/", {"profile": "rcog-2023"})
    client.get("/staff/records/couple-1/export/")
    events = list(
        AuditEvent.objects.order_by("id").values_list(
            "action", "object_id", "actor_username", "detail"
        )
    )
    assert events == [
        ("create", "couple-1", "clinician", ""),
        ("view", "couple-1", "clinician", ""),
        ("assess", "couple-1", "clinician", "rcog-2023"),
        ("export", "couple-1", "clinician", ""),
    ]
    assert AuditEvent.objects.order_by("id").first().ip_address == "10.1.2.3"


def test_audit_events_hold_no_patient_content(staff_client):
    client = staff_client("clinician")
    client.post(
        "/staff/records/new/",
        record_post(woman={"age_years": "36", "smoking": "current"}, pregnancies=TWO_LOSSES),
    )
    client.get("/staff/records/couple-1/")
    for event in AuditEvent.objects.all():
        assert "current" not in event.detail
        assert "miscarriage" not in event.detail


def test_the_audit_page_filters_by_user_action_and_object(staff_client):
    _event(object_id="c-1", actor=None)
    _event(object_id="c-2", action="export")
    client = staff_client("admin")
    page = client.get("/staff/audit/", {"action": "export"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    assert "c-2" in page.content.decode()
    assert client.get("/staff/audit/", {"object_id": "c-1"}).context["page"].paginator.count == 1


def test_the_selector_combines_filters():
    _event(object_id="c-1")
    _event(object_id="c-1", action="update")
    _event(object_id="c-2", action="update")
    assert audit_events(AuditFilters(object_id="c-1", action="update")).count() == 1
    assert audit_events(AuditFilters()).count() == 3
