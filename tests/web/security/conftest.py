"""The world the security tests request URLs in: one of each object a URL can point at (a couple
record, a booking, a question with its private link, education content, admin objects), and a
test client for each kind of caller."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.web.api.conftest import full_token, token_for  # noqa: F401  # fixtures used here too

CALLERS = ("anonymous", "link_holder", "receptionist", "clinician", "admin")
STAFF_ROLES = {"receptionist": ("receptionist",), "clinician": ("clinician",), "admin": ("admin",)}
RECORD_ID = "couple-9"
BOOKING_REFERENCE = "ABCD2345"
RECORD_DOCUMENT = {
    "format": "rpl-couple/1",
    "id": RECORD_ID,
    "assessed_on": "2025-01-01",
    "woman": {"age_years": 35},
    "pregnancies": [
        {"outcome": "miscarriage", "gestational_age": "7+0"},
        {"outcome": "miscarriage", "gestational_age": "9+2"},
    ],
}


@dataclass
class World:
    """Objects created by the `world` fixture, and the URL argument values they give."""

    record: Any
    booking: Any
    question: Any
    answer_key: str  # the private link's key: what the link holder holds
    users: dict[str, Any]
    education_slug: str
    calculator: str
    rule_id: str
    device: Any

    def client(self, caller: str, **options: Any) -> Client:
        """A fresh test client for the caller (signed in for staff callers)."""
        client = Client(**options)
        if caller in self.users:
            client.force_login(self.users[caller])
        return client

    def argument(self, spec: Any, name: str, admin_model: Any) -> Any:
        from django.contrib.contenttypes.models import ContentType

        from rpl.interop.cdshooks.services import SERVICES

        if admin_model is not None and name in ("object_id", "pk", "id"):
            instance = admin_model._default_manager.order_by("pk").first()
            if instance is None:
                raise LookupError(
                    f"{spec.key}: no {admin_model.__name__} to open; create one in the "
                    "world fixture (tests/web/security/conftest.py)"
                )
            return instance.pk
        from rpl.web.site.models import EducationPage

        page = EducationPage.objects.get(slug=self.education_slug)
        return {
            "local_id": self.record.local_id,
            "record_id": self.record.local_id,
            "reference": self.booking.reference,
            "pk": self.question.pk,
            "slug": self.education_slug,
            "name": self.calculator,
            "rule_id": self.rule_id,
            "kind": "rule",
            "item_id": self.rule_id,
            "profile_id": "our-clinic",
            "service_id": next(iter(SERVICES)),
            "app_label": "rpl_site",
            "content_type_id": ContentType.objects.get_for_model(EducationPage).pk,
            "object_id": page.pk,
            "url": "no-such-admin-page/",
            # the FHIR face
            "resource_type": "Patient",
            "resource_id": "an-id-only-a-token-holder-may-look-up",
            "job": "00000000-0000-4000-8000-000000000000",
            "file_name": "Patient.ndjson",
            "code_system_id": "rpl-outcome",
            "value_set_id": "rpl-outcome",
            "concept_map_id": "rpl-to-standard",
        }.get(name)


@pytest.fixture
def world(db: Any, settings: Any, make_staff: Any) -> World:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rpl.core.calculators import CALCULATORS
    from rpl.web.accounts.permissions import grant_admin_permissions
    from rpl.web.clinic.models import ClinicProfile, ContentReview
    from rpl.web.records.models import CoupleRecord
    from rpl.web.site.models import EducationPage
    from tests.web.clinic.helpers import make_booking, make_question

    # No sign-in lockouts or form rate limits left over from another test in this worker.
    cache.clear()
    settings.RPL_RATE_LIMITS = {"booking": (10_000, 3600), "question": (10_000, 3600)}
    call_command("load_education", verbosity=0)
    grant_admin_permissions()
    users = {caller: make_staff(caller, *roles) for caller, roles in STAFF_ROLES.items()}
    users["admin"].is_staff = True  # as `rpl demo` and the admin pages make admins
    users["admin"].save()
    # Content review needs a clinician who is also a reviewer (or an admin); the fuzz tests fill in its form (not a matrix column).
    users["reviewer"] = make_staff("reviewer", "clinician", "admin")
    other = make_staff("device-owner", "clinician")
    device = TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    question, key = make_question()
    ContentReview.objects.create(
        kind="rule",
        item_id="IV01",
        content_hash="0" * 64,
        decision="approved",
        reviewer=users["clinician"],
    )
    ClinicProfile.objects.create(
        profile_id="our-clinic", text="id: our-clinic\ntitle: Our clinic\nextends: eshre-2022\n"
    )
    seen = {
        "user_agent": "test",
        "ip_address": "203.0.113.9",
        "username": "someone-else",
        "http_accept": "text/html",
        "path_info": "/staff/login/",
    }
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    return World(
        record=CoupleRecord.objects.create(local_id=RECORD_ID, document=RECORD_DOCUMENT),
        booking=make_booking(BOOKING_REFERENCE),
        question=question,
        answer_key=key,
        users=users,
        education_slug=EducationPage.objects.order_by("order").values_list("slug", flat=True)[0],
        calculator=next(iter(CALCULATORS)),
        rule_id="IV01",
        device=device,
    )


def not_the_key() -> str:
    """A private-link key nobody was given."""
    return secrets.token_urlsafe(32)
