"""Bad input gets a clear 4xx, never a server error or a traceback, and never repeats what was
sent: invalid UTF-8, numbers too large for any clinical value (1e400, 10**1000), JSON nested
10 000 levels deep, bodies over the size limit, too many form fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.web.security.conftest import World
from tests.web.security.test_api_tokens import PROTECTED

pytestmark = pytest.mark.django_db
MARKER = "Nguyen-Thi-MARKER-7f3a"  # stands for a patient's name inside the bad body
TEN_POWER_1000 = "1" + "0" * 1000


def bad_json_bodies() -> dict[str, bytes]:
    """name -> a body whose only valid-looking part carries the marker."""
    return {
        "invalid UTF-8": b'{"format": "rpl-couple/1", "id": "' + MARKER.encode() + b'\xff\xfe"}',
        "UTF-8 cut mid-character": ('{"id": "' + MARKER + 'ệ"}').encode()[:-3],
        "1e400": f'{{"id": "{MARKER}", "woman": {{"age_years": 1e400}}}}'.encode(),
        "-1e400": f'{{"id": "{MARKER}", "pregnancies": [{{"n": -1e400}}]}}'.encode(),
        "10**1000": f'{{"id": "{MARKER}", "woman": {{"age_years": {TEN_POWER_1000}}}}}'.encode(),
        # past Python's own limit for turning digits into a number (4300)
        "5000 digits": f'{{"id": "{MARKER}", "woman": {{"age_years": {"9" * 5000}}}}}'.encode(),
        "NaN": f'{{"id": "{MARKER}", "woman": {{"bmi": NaN}}}}'.encode(),
        "arrays 10 000 deep": b"[" * 10_000 + MARKER.encode() + b"]" * 10_000,
        "objects 10 000 deep": b'{"a":' * 10_000 + b'"' + MARKER.encode() + b'"' + b"}" * 10_000,
        "not JSON": f"id={MARKER}&woman=1".encode(),
        "truncated": f'{{"id": "{MARKER}", "pregnancies": ['.encode(),
        "empty": b"",
        "a bare string": json.dumps(MARKER).encode(),
    }


def echoes(response: Any, sent: str) -> bool:
    return sent in response.content.decode("utf-8", "replace")


def api_path(operation: Any, world: World) -> str:
    return operation.path.format(record_id=world.record.local_id, name=world.calculator)


BODY_OPERATIONS = [op for op in PROTECTED if op.method in ("POST", "PUT")]


@pytest.mark.parametrize("operation", BODY_OPERATIONS, ids=str)
def test_every_api_body_refuses_bad_json_with_the_apis_error_shape(operation, world, token_for):
    client = Client()
    headers = {"Authorization": f"Bearer {token_for(operation.scope)}"}
    for name, body in bad_json_bodies().items():
        response = client.generic(
            operation.method,
            api_path(operation, world),
            body,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code in (400, 413, 422), (name, response.status_code)
        error = response.json()
        assert error["status"] == response.status_code, name
        assert error["title"] in ("bad request", "invalid input", "request too large"), name
        assert not echoes(response, MARKER), name
        assert not echoes(response, TEN_POWER_1000[:40]), name
        assert "Traceback" not in response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("operation", BODY_OPERATIONS, ids=str)
def test_an_api_body_over_the_size_limit_is_refused_with_413_before_it_is_read(
    operation, world, token_for, settings
):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = b'{"id": "' + MARKER.encode() + b'", "pad": "' + b"x" * limit + b'"}'
    response = Client().generic(
        operation.method,
        api_path(operation, world),
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(operation.scope)}"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "status": 413,
        "title": "request too large",
        "detail": f"the request body may be at most {limit} bytes",
    }
    # Nothing is stored from a refused body.
    from rpl.web.records.models import CoupleRecord

    assert CoupleRecord.objects.count() == 1


def test_cds_hooks_refuse_bad_json_with_their_error_shape(world, settings, monkeypatch):
    from rpl.web.api import cds_hooks

    settings.RPL_CDS_HOOKS_JWT = False  # reach the body: in production the JWT is checked first
    monkeypatch.setattr(cds_hooks, "fetch_fhir", _no_network)
    client = Client()
    for path in ("/cds-services/rpl-patient-view", "/cds-services/rpl-patient-view/feedback"):
        for name, body in bad_json_bodies().items():
            response = client.post(path, body, content_type="application/json")
            assert 400 <= response.status_code < 500, (path, name, response.status_code)
            assert set(response.json()) == {"error"}, (path, name)
            assert not echoes(response, MARKER), (path, name)
        big = client.post(path, b"[" + b" " * 3_000_000 + b"]", content_type="application/json")
        assert big.status_code == 413
        assert "at most" in big.json()["error"]


def _no_network(url: str, token: str, deadline: float | None = None) -> Any:
    raise OSError("tests never leave this computer")


# --- forms ------------------------------------------------------------------------------------

# (caller, URL) of every form that is sent with POST, with one of its fields.
FORMS = [
    ("anonymous", "/en/book/", "name"),
    ("anonymous", "/vi/ask/", "text"),
    ("anonymous", "/en/warning-signs/", "weeks"),
    ("anonymous", "/tr/self-check/", "age_years"),
    ("anonymous", "/staff/login/", "username"),
    ("clinician", "/staff/records/new/", "woman-age_years"),
    ("clinician", "/staff/records/import/", "json"),
    ("clinician", "/staff/calculators/prognosis-brigham-1999/", "age_years"),
    ("receptionist", "/staff/bookings/ABCD2345/", "note"),
    ("clinician", "/staff/two-factor/", "token"),
]


@pytest.mark.parametrize(("caller", "path", "field"), FORMS, ids=[f[1] for f in FORMS])
def test_forms_answer_bad_bytes_and_huge_numbers_with_a_page_not_an_error(
    caller, path, field, world
):
    client = world.client(caller)
    bodies = {
        "invalid UTF-8": f"{field}=".encode() + b"\xff\xfe%FF%FE\xc3\x28",
        "1e400": f"{field}=1e400".encode(),
        "10**1000": f"{field}={TEN_POWER_1000}".encode(),
        "5000 digits": f"{field}={'9' * 5000}".encode(),
        "NaN": f"{field}=NaN".encode(),
        "nested JSON": f"{field}=".encode() + b"%5B" * 10_000 + b"%5D" * 10_000,
        "NUL byte": f"{field}=a%00b".encode(),
    }
    for name, body in bodies.items():
        response = client.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (name, response.status_code)
        assert "Traceback" not in response.content.decode("utf-8", "replace"), name


def test_a_form_over_the_size_limit_gets_a_413_page_in_the_visitors_language(world, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = b"text=" + b"x" * (limit + 1)
    client = world.client("anonymous")
    response = client.generic(
        "POST", "/vi/ask/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Đã gửi quá nhiều dữ liệu" in page  # "Too much was sent"
    assert "2.6 MB" in page
    assert response["Content-Security-Policy"]  # the page gets the usual headers
    assert response["X-Frame-Options"] == "DENY"
    from rpl.web.questions.models import Question

    assert Question.objects.count() == 1  # the world's own question, nothing new


def test_a_record_file_over_the_size_limit_is_refused_before_it_is_read(world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("clinician")
    big = SimpleUploadedFile("record.json", b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post("/staff/records/import/", {"file": big, "language": "en"})
    assert response.status_code == 413


def test_too_many_form_fields_get_a_400_page(world):
    body = "&".join(f"f{i}=1" for i in range(1_500))
    response = world.client("anonymous").generic(
        "POST", "/en/book/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()


def test_a_clinician_chosen_by_a_made_up_id_is_nobody(world):
    """The question inbox's assign form once sent any text straight into the database query."""
    client = world.client("receptionist")
    for chosen in ("abc", "1e400", TEN_POWER_1000, "-1", "٣", ""):
        response = client.post(
            f"/staff/questions/{world.question.pk}/", {"action": "assign", "clinician": chosen}
        )
        assert response.status_code == 400, chosen
        assert "choose a clinician" in response.content.decode()
    world.question.refresh_from_db()
    assert world.question.assigned_to is None


def test_a_record_form_claiming_a_thousand_rows_is_refused_with_a_message_not_rendered(world):
    """Django lets a formset claim up to 1000 rows; rendering them back took seconds each time."""
    from tests.web.clinic.helpers import record_post

    data = record_post("couple-many")
    data["pregnancies-TOTAL_FORMS"] = "1000"
    response = world.client("clinician").post("/staff/records/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pregnancies (oldest first): Please submit at most 50 forms." in page
    # Capped rows, one result row, and the two blank rows the script copies (<template>).
    assert page.count('class="formset-row"') <= 50 + 1 + 2
    tampered = record_post("couple-many") | {"results-TOTAL_FORMS": "1e400"}
    refused = world.client("clinician").post("/staff/records/new/", tampered)
    assert refused.status_code == 400
    assert "Test results: ManagementForm data is missing or has been tampered with" in (
        refused.content.decode()
    )


def test_searches_longer_than_any_id_find_nothing_instead_of_failing(world):
    """SQLite refuses a LIKE pattern over 50 000 bytes: a long search was a server error."""
    long = "x" * 100_000
    records = world.client("clinician").get("/staff/records/", {"q": long})
    assert records.status_code == 200
    assert world.record.local_id not in records.content.decode()
    assert world.client("clinician").get("/staff/records/", {"q": "couple"}).status_code == 200
    audit = world.client("admin").get("/staff/audit/", {"actor": long, "object_id": long})
    assert audit.status_code == 200


def test_a_nul_character_is_refused_or_dropped_everywhere_text_is_stored(world, token_for):
    """PostgreSQL cannot store U+0000 in text or JSON: it must never reach the database."""
    from rpl.web.clinic.models import ContentReview

    receptionist = world.client("receptionist")
    notes = receptionist.post(
        f"/staff/bookings/{world.booking.reference}/",
        {"status": world.booking.status, "note": "call\x00back"},
    )
    assert notes.status_code < 500
    assert not any("\x00" in note.text for note in world.booking.notes.all())
    clinician = world.client("clinician")
    answer = clinician.post(
        f"/staff/questions/{world.question.pk}/",
        {"action": "answer", "answer_text": "Yes\x00, a TSH test."},
    )
    assert answer.status_code < 500
    world.question.refresh_from_db()
    assert "\x00" not in (world.question.answer_text or "")
    review = world.client("reviewer").post(
        f"/staff/reviews/rule/{world.rule_id}/", {"decision": "approved", "note": "ok\x00"}
    )
    assert review.status_code < 500
    assert all("\x00" not in review.note for review in ContentReview.objects.all())
    record = example_with_text("a\x00b")
    response = Client().post(
        "/api/v1/records",
        json.dumps(record),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for('records:write')}"},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "text may not contain NUL characters"
    # Nor in an address or a search: PostgreSQL cannot even compare such text.
    assert clinician.get("/staff/bookings/AB%00CD/").status_code == 400
    assert clinician.get("/staff/records/", {"q": "couple\x00"}).status_code == 400
    api = Client().get(
        "/api/v1/records/couple%00x",
        headers={"Authorization": f"Bearer {token_for('records:read')}"},
    )
    assert (api.status_code, api.json()["title"]) == (400, "bad request")


def example_with_text(text: str) -> dict[str, Any]:
    from tests.web.api.conftest import example

    record = example("primary-rpl-first-visit")
    record["id"] = "couple-nul"
    record["results"] = [
        {"test": "anticardiolipin_igg", "date": "2024-09-10", "value": 8, "unit": text}
    ]
    return record
