"""SMART on FHIR EHR launch of the clinician assessment view, against a small EHR (FHIR server and
SMART authorization server) run in a second process: discovery, authorize with PKCE, the code
exchange, paged reads of the patient in context, and the assessment shown."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from rpl.web.audit.models import AuditEvent
from tests.interop.ehr import running_ehr
from tests.interop.fhir.foreign import synthea_bundle

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser_visits_ehr(url: str) -> str:
    """The browser at the EHR's authorize page: where the EHR sends it back to."""
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(url, timeout=10)
    assert redirect.value.code == 302
    return redirect.value.headers["Location"]


@pytest.fixture
def clinician(make_staff) -> Client:
    client = Client()
    client.force_login(make_staff("dr-smart", "clinician"))
    return client


@pytest.fixture
def ehr(tmp_path, settings):
    bundle, woman = synthea_bundle()
    with running_ehr(bundle, tmp_path, "--patient", woman.patient_id, "--page-size", "3") as base:
        settings.RPL_SMART_CLIENTS = {f"{base}/fhir": {"client_id": "rpl-care-test"}}
        settings.RPL_CDS_HOOKS_PROFILE = "eshre-2022"
        yield base


def test_an_ehr_launch_shows_the_assessment_of_the_patient_in_context(clinician, ehr):
    start = clinician.get("/staff/smart/launch", {"iss": f"{ehr}/fhir", "launch": "xyz-123"})
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == ehr
    params = parse_qs(authorize.query)
    assert params["launch"] == ["xyz-123"]
    assert params["code_challenge_method"] == ["S256"]  # PKCE
    assert params["aud"] == [f"{ehr}/fhir"]
    back = urlsplit(browser_visits_ehr(start["Location"]))
    assert back.path == "/staff/smart/callback"
    page = clinician.get(f"{back.path}?{back.query}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "nothing is stored in RPL Care" in text
    assert "Not read" not in text  # every page of every search was read
    assessment = page.context["assessment"]
    assert assessment.classification.meets_definition is True
    assert assessment.classification.losses_counted == 3
    event = AuditEvent.objects.get(object_id="smart-assessment")
    assert event.action == "assess" and "SMART launch" in event.detail


def test_a_forged_callback_is_refused(clinician, ehr):
    start = clinician.get("/staff/smart/launch", {"iss": f"{ehr}/fhir", "launch": "xyz-123"})
    back = urlsplit(browser_visits_ehr(start["Location"]))
    query = parse_qs(back.query)
    forged = clinician.get(back.path, {"code": query["code"][0], "state": "not-the-state"})
    assert forged.status_code == 400
    assert not AuditEvent.objects.filter(object_id="smart-assessment").exists()


def test_an_ehr_that_is_not_configured_cannot_launch(clinician, ehr, settings):
    settings.RPL_SMART_CLIENTS = {}
    response = clinician.get("/staff/smart/launch", {"iss": f"{ehr}/fhir", "launch": "x"})
    assert response.status_code == 403


def test_a_launch_before_sign_in_resumes_after_it(make_staff, ehr):
    client = Client()
    first = client.get("/staff/smart/launch", {"iss": f"{ehr}/fhir", "launch": "abc"})
    assert first.status_code == 302 and "/staff/login/" in first["Location"]
    client.force_login(make_staff("dr-late", "clinician"))
    resumed = client.get("/staff/smart/launch")
    assert resumed.status_code == 302 and resumed["Location"].startswith(ehr)


def test_a_patient_view_card_links_to_the_smart_launch_for_a_configured_ehr(client, settings, ehr):
    from tests.interop.cdshooks.conftest import fixture
    from tests.interop.cdshooks.test_reading_ehr_data import prefetch_of, request_for

    settings.RPL_CDS_HOOKS_JWT = False
    bundle, woman = synthea_bundle()
    request = request_for(woman.patient_id, prefetch_of(bundle), fhirServer=f"{ehr}/fhir")
    response = client.post(
        "/cds-services/rpl-patient-view", json.dumps(request), content_type="application/json"
    )
    (card,) = response.json()["cards"]
    (link,) = card["links"]
    assert link["type"] == "smart"
    assert link["url"].endswith("/staff/smart/launch")
    assert fixture("card-response.json")  # the spec's card shape is the reference
