"""Property-based fuzzing of every form (public and staff), every calculator, every API body and
the CDS Hooks endpoints: generated input must never cause a server error (5xx) or a traceback.

The forms are read from the pages themselves (fields, defaults, choices), so a new field is
fuzzed as soon as it is on the page; a new page with a form must be added to FORM_PAGES (a test
says so). Inputs per target: see tests/web/security/fuzzing.py (RPL_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from rpl.core.calculators import CALCULATORS
from tests.web.api.conftest import example
from tests.web.security.access import crawl_pages, query_for
from tests.web.security.fuzzing import (
    SENT,
    Form,
    filled_in,
    forms_on,
    fuzz_settings,
    json_values,
    mutated,
)
from tests.web.security.test_api_tokens import PROTECTED
from tests.web.security.urlmap import all_urls, paths

pytestmark = pytest.mark.django_db
CDS_FIXTURES = Path(__file__).resolve().parents[2] / "interop" / "cdshooks" / "fixtures"

# Every page with a form (other than sign-out), and who fills it in.
FORM_PAGES = {
    "site:faq": "anonymous",
    "site:warning-signs": "anonymous",
    "site:self-check": "anonymous",
    "bookings:book": "anonymous",
    "questions:ask": "anonymous",
    "accounts:login": "anonymous",
    # Every staff page carries the language switcher (a form): these three have no other.
    "accounts:staff-home": "receptionist",
    "clinic:calculators": "clinician",
    "clinic:profiles": "admin",
    "accounts:two-factor": "clinician",
    "clinic:records": "clinician",
    "clinic:record-new": "clinician",
    "clinic:record-import": "clinician",
    "clinic:record": "clinician",
    "clinic:record-edit": "clinician",
    "clinic:assessment": "clinician",
    "clinic:calculator": "clinician",
    "clinic:booking-record": "clinician",
    "clinic:bookings": "receptionist",
    "clinic:booking": "receptionist",
    "clinic:booking-day": "receptionist",
    "clinic:questions": "receptionist",
    "clinic:question": "clinician",
    "clinic:review": "reviewer",  # content review: a clinician who is also an admin
    "clinic:reviews": "reviewer",  # the clinic's review period
    "clinic:clinic-profile-new": "admin",
    "clinic:clinic-profile-edit": "admin",
    "audit:events": "admin",
    "privacy:request": "admin",
}
# Targets whose every input takes much longer: the record page's report form makes a PDF.
COST = {"clinic:record": 10}
NOT_FUZZED = {"/staff/logout/"}  # signing out is not input
# Fuzzing Django's own admin forms would, among others, change the fuzzing admin's password.
ADMIN = "/staff/admin/"


def is_fuzzed(form: Form) -> bool:
    return form.action not in NOT_FUZZED and not form.action.startswith(ADMIN)


def assert_handled(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if "html" in response.get("Content-Type", ""):
        assert "Traceback" not in response.content.decode("utf-8", "replace"), what


def test_every_page_with_a_form_is_fuzzed(world):
    with_forms = set()
    for key, path, response in crawl_pages(world, every_language=False, admin=False):
        if "text/html" not in response.get("Content-Type", "") or path.startswith(ADMIN):
            continue
        if any(is_fuzzed(f) for f in forms_on(path, response.content.decode())):
            with_forms.add(key)
    # Content review is open to clinician-admins only, so no single-role crawl reaches it.
    assert with_forms == set(FORM_PAGES) - {"clinic:review", "clinic:reviews"}


def send_form(client: Any, form: Form, values: dict[str, Any], data: st.DataObject) -> Any:
    if form.method == "GET":
        return client.get(form.action, values)
    encoding = data.draw(st.sampled_from(["multipart", "urlencoded", "raw bytes"]))
    if encoding == "raw bytes":
        body = data.draw(st.binary(max_size=600))
        return client.generic("POST", form.action, body, "application/x-www-form-urlencoded")
    if encoding == "urlencoded":
        body = urlencode(values, doseq=True).encode()
        return client.generic("POST", form.action, body, "application/x-www-form-urlencoded")
    for item in form.fields.values():
        if item.kind == "file" and data.draw(st.booleans()):
            content = data.draw(
                st.one_of(
                    st.binary(max_size=2000),
                    mutated(example("primary-rpl-first-visit")).map(
                        lambda d: json.dumps(d).encode()
                    ),
                )
            )
            values[item.name] = SimpleUploadedFile("record.json", content)
    return client.post(form.action, values)


def fuzz_forms_of(
    client: Any, key: str, path: str, query: dict[str, str], examples: int, cost: int = 1
) -> None:
    page = client.get(path, query)
    assert page.status_code == 200, path
    forms = [f for f in forms_on(path, page.content.decode()) if is_fuzzed(f)]
    assert forms, f"{path} has no form to fuzz"

    @fuzz_settings(examples, cost)
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms))
        values = data.draw(filled_in(form))
        response = send_form(client, form, values, data)
        SENT[f"form {key}"] += 1
        assert_handled(response, f"{form.method} {form.action}")

    attempt()


@pytest.mark.parametrize("key", sorted(FORM_PAGES))
def test_fuzzed_forms_never_cause_a_server_error(key, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    spec = next(s for s in all_urls() if s.key == key)
    caller = FORM_PAGES[key]
    path = paths(spec, world)[0]  # English: the forms are the same in every language
    cost = COST.get(key, 1)
    examples = 20 // cost
    fuzz_forms_of(world.client(caller), key, path, query_for(spec, caller, world), examples, cost)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_fuzzed_calculator_forms_never_cause_a_server_error(name, world):
    path = f"/staff/calculators/{name}/"
    fuzz_forms_of(world.client("clinician"), f"calculator {name}", path, {}, 10)


# --- the JSON API ---------------------------------------------------------------------------

BODY_OPERATIONS = [op for op in PROTECTED if op.method in ("POST", "PUT")]


def base_body(path: str, world: Any) -> tuple[str, Any]:
    from rpl.web.api.services import fhir_export

    record = example("primary-rpl-first-visit")
    if path.startswith("/api/v1/records/"):
        return path.format(record_id=world.record.local_id), world.record.document
    return path, {
        "/api/v1/assess": record,
        "/api/v1/fhir/export": record,
        "/api/v1/fhir/import": fhir_export(record, None),
        "/api/v1/records": {**record, "id": "fuzzed"},
    }[path]


def json_body(document: Any, data: st.DataObject) -> bytes:
    body = json.dumps(document, allow_nan=True).encode()
    damage = data.draw(st.sampled_from(["none", "none", "truncate", "flip a byte"]))
    if damage == "truncate" and body:
        return body[: data.draw(st.integers(0, len(body) - 1))]
    if damage == "flip a byte" and body:
        at = data.draw(st.integers(0, len(body) - 1))
        return body[:at] + bytes([data.draw(st.integers(0, 255))]) + body[at + 1 :]
    return body


def assert_api_error_shape(response: Any, what: str) -> None:
    assert_handled(response, what)
    if response.status_code >= 400:
        error = response.json()
        assert error["status"] == response.status_code, what
        assert isinstance(error["title"], str), what


@pytest.mark.parametrize("operation", BODY_OPERATIONS, ids=str)
def test_fuzzed_api_bodies_never_cause_a_server_error(operation, world, token_for):
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {token_for(operation.scope)}"}
    calculator = operation.path.startswith("/api/v1/calc/")

    @fuzz_settings(25)
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        if calculator:
            name = data.draw(st.sampled_from(sorted(CALCULATORS)))
            path, base = f"/api/v1/calc/{name}", dict(CALCULATORS[name].example)
        else:
            path, base = base_body(operation.path, world)
        document = data.draw(st.one_of(mutated(base), mutated(base), json_values()))
        body = json_body(document, data)
        response = client.generic(
            operation.method, path, body, content_type="application/json", headers=headers
        )
        SENT[f"api {operation}"] += 1
        assert_api_error_shape(response, f"{operation.method} {path}")

    attempt()


@pytest.mark.parametrize(
    ("path", "fixture"),
    [
        ("/cds-services/rpl-patient-view", "patient-view-request.json"),
        ("/cds-services/rpl-order-select", "patient-view-request.json"),
        ("/cds-services/rpl-patient-view/feedback", "feedback-accepted.json"),
    ],
)
def test_fuzzed_cds_hooks_requests_never_cause_a_server_error(
    path, fixture, world, settings, monkeypatch
):
    from django.test import Client

    from rpl.web.api import cds_hooks

    settings.RPL_CDS_HOOKS_JWT = False  # reach the body; the JWT has its own tests
    monkeypatch.setattr(cds_hooks, "fetch_fhir", _no_network)
    base = json.loads((CDS_FIXTURES / fixture).read_text(encoding="utf-8"))
    client = Client()

    @fuzz_settings(20)
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        document = data.draw(st.one_of(mutated(base), mutated(base), json_values()))
        response = client.post(path, json_body(document, data), content_type="application/json")
        SENT[f"cds {path}"] += 1
        assert_handled(response, path)
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}, path

    attempt()


def _no_network(url: str, token: str, deadline: float | None = None) -> Any:
    raise OSError("tests never leave this computer")
