"""Every staff page checks the role; refusals are logged (without patient data) and audited."""

from __future__ import annotations

import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from rpl.web.accounts.roles import CAPABILITIES, allows
from rpl.web.audit.models import AuditEvent
from rpl.web.records.models import CoupleRecord

pytestmark = pytest.mark.django_db

# One address per staff page (ids filled in by the `record` fixture), and who may open it.
PAGES = {
    "/staff/": "staff_area",
    "/staff/two-factor/": "staff_area",
    "/staff/records/": "records",
    "/staff/records/new/": "records",
    "/staff/records/import/": "records",
    "/staff/records/couple-9/": "records",
    "/staff/records/couple-9/edit/": "records",
    "/staff/records/couple-9/export/": "records",
    "/staff/records/couple-9/assessment/": "records",
    "/staff/records/couple-9/report/?audience=patient": "records",
    "/staff/bookings/day/": "bookings",
    "/staff/calculators/": "calculators",
    "/staff/calculators/prognosis-brigham-1999/": "calculators",
    "/staff/reviews/": "content_review",
    "/staff/reviews/rule/IV01/": "content_review",
    "/staff/reviews/evidence-report/": "content_review",
    "/staff/audit/": "audit",
    "/staff/privacy/": "privacy",
    "/staff/profiles/": "content",
    "/staff/profiles/new/": "content",
    "/staff/profiles/our-clinic/edit/": "content",
    "/staff/bookings/": "bookings",
    "/staff/bookings/ABCD2345/": "bookings",
    "/staff/bookings/ABCD2345/record/": "records",
    "/staff/questions/": "questions",
    "/staff/questions/{question}/": "questions",
}
ROLE_SETS = [
    ("receptionist",),
    ("clinician",),
    ("admin",),
    ("admin", "clinician"),
    ("reviewer",),
    ("clinician", "reviewer"),
]


@pytest.fixture
def record():
    document = {
        "format": "rpl-couple/1",
        "id": "couple-9",
        "assessed_on": "2025-01-01",
        "woman": {"age_years": 35},
        "pregnancies": [{"outcome": "miscarriage", "gestational_age": "7"}],
    }
    from rpl.web.clinic.models import ClinicProfile
    from tests.web.clinic.helpers import make_booking, make_question

    make_booking()
    question, _ = make_question()
    ClinicProfile.objects.create(
        profile_id="our-clinic", text="id: our-clinic\ntitle: Our clinic\nextends: eshre-2022\n"
    )
    PAGES["/staff/questions/{question}/"] = "questions"
    return {
        "record": CoupleRecord.objects.create(local_id="couple-9", document=document),
        "question": question,
    }


# The hospital's identity provider: the way there, back, and its refusals (sign-in pages), and
# the language switcher (POST only), which the sign-in page offers before anyone signs in.
SIGN_IN_THROUGH_PROVIDER = {
    "staff/oidc/start/",
    "staff/oidc/callback/",
    "staff/login/provider-refused/",
    "staff/language/",
}


def _staff_views():
    """Every view under /staff/ except the sign-in pages and Django's admin."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns, "")
    return [(route, view) for route, view in found if route.startswith("staff/")]


def test_every_staff_view_asks_for_a_capability_except_sign_in_and_sign_out():
    open_views = {"staff/login/", "staff/login/code/", "staff/logout/", *SIGN_IN_THROUGH_PROVIDER}
    for route, view in _staff_views():
        if route in open_views:
            continue
        assert getattr(view, "rpl_capability", None) in CAPABILITIES, route


# The SMART launch pages need an EHR to answer with 200; tests/web/smart and the test below.
SMART_ROUTES = {"staff/smart/launch", "staff/smart/callback"}


def test_the_page_list_covers_every_staff_view():
    routes = (
        {route for route, _ in _staff_views()}
        - {"staff/login/", "staff/login/code/", "staff/logout/", *SIGN_IN_THROUGH_PROVIDER}
        - SMART_ROUTES
    )
    assert len(routes) <= len(PAGES)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=["+".join(r) for r in ROLE_SETS])
def test_each_role_opens_exactly_the_pages_its_capabilities_allow(staff_client, record, roles):
    client = staff_client(*roles)
    for url, capability in PAGES.items():
        status = client.get(url.format(question=record["question"].pk)).status_code
        if allows(list(roles), capability):
            assert status == 200, (url, roles)
        else:
            assert status == 403, (url, roles)


@pytest.mark.parametrize("url", ["/staff/smart/launch?iss=x&launch=y", "/staff/smart/callback"])
def test_a_receptionist_cannot_open_a_smart_launch_and_a_visitor_is_sent_to_sign_in(
    staff_client, url
):
    from django.test import Client

    assert staff_client("receptionist").get(url).status_code == 403
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=/staff/smart/")
    assert "launch=" not in response["Location"]


def test_visitors_are_sent_to_sign_in_without_the_query_string(client, record):
    for url in PAGES:
        response = client.get(url.format(question=record["question"].pk))
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/?next=/staff/")
        assert "audience" not in response["Location"]


def test_a_receptionist_is_refused_a_clinical_record_and_the_refusal_is_logged_and_audited(
    staff_client, record, caplog
):
    client = staff_client("receptionist")
    with caplog.at_level(logging.WARNING, logger="rpl"):
        response = client.get("/staff/records/couple-9/", {"q": "PATIENT-MARKER"})
    assert response.status_code == 403
    assert "Your role does not give access to this page." in response.content.decode()
    assert "access denied: user" in caplog.text
    assert "clinic:record (needs records)" in caplog.text
    assert "PATIENT-MARKER" not in caplog.text
    event = AuditEvent.objects.get(action="denied")
    assert (event.actor_username, event.object_id, event.detail) == (
        "receptionist",
        "clinic:record",
        "needs records",
    )


def test_the_django_admin_is_for_the_admin_role_only(staff_client):
    assert staff_client("clinician").get("/staff/admin/").status_code == 302


def test_an_admin_sees_users_in_the_django_admin(client, make_staff):
    from rpl.web.accounts.permissions import grant_admin_permissions

    grant_admin_permissions()
    admin = make_staff("boss", "admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/staff/admin/").status_code == 200
    assert client.get("/staff/admin/auth/user/").status_code == 200
