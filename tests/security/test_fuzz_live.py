"""A fuzz run over every input surface of a live site (SQLite and PostgreSQL): the public and
staff forms, the JSON API, CDS Hooks, FHIR import, headers and cookies, file uploads, and
`rpl restore`. The pass mark: no server error, ever (no 5xx, no traceback in the server's log;
for restore, only its own clear refusals).

Repeatable in CI (Hypothesis derandomised, a fixed number of cases per surface: about a
minute per database); `RPL_FUZZ_EXAMPLES=N` sends N per surface with fresh random data
(docs/reliability.md). The in-process fuzz tests (tests/web/security) cover every form field by
field; these go through the real server, its HTTP parser and its worker processes.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from typing import Any

import requests
from hypothesis import given
from hypothesis import strategies as st

from tests.reliability import harness
from tests.security.conftest import ROOT, TIMEOUT, Site, server_errors
from tests.security.test_attacks import HOOK, _record
from tests.web.security.fuzzing import (
    NASTY,
    SENT,
    examples,
    forms_on,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated,
)

PUBLIC_FORMS = ["/en/book/", "/en/ask/", "/en/warning-signs/", "/en/self-check/", "/en/faq/"]
STAFF_FORMS = ["/staff/records/import/", "/staff/records/new/", "/staff/records/", "/staff/audit/"]
API_PATHS = ["/api/v1/assess", "/api/v1/records", "/api/v1/fhir/export", "/api/v1/fhir/import"]


def _ok(site: Site, response: requests.Response, what: str) -> None:
    SENT[f"live {site.kind} {what}"] += 1
    if response.status_code >= 500:  # the server's own account of it, for the failure report
        print("\n".join(site.log().splitlines()[-60:]))
        for step in [*response.history, response]:
            print(step.request.method, step.request.url, str(step.request.body)[:3000])
    assert response.status_code < 500, (what, response.status_code)


def _hostile(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(NASTY)
    alphabet = "".join(chr(c) for c in (*range(0x20, 0x7F), 0xE9, 0x202E, 0x1F642, 0x4E2D, 0x2028))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


def _send_form(site: Site, session: requests.Session, path: str, rng: random.Random) -> None:
    """One submission of a form read from its page: values from the page mixed with hostile
    ones, fields left out. Drawn with a seeded generator, not Hypothesis: the pages change as
    the run adds records and bookings, and Hypothesis wants the same draws for the same data."""
    page = session.get(site.url + path, timeout=TIMEOUT)
    forms = [f for f in forms_on(path, page.text) if f.method == "POST"] or forms_on(
        path, page.text
    )
    form = rng.choice(forms)
    values: dict[str, Any] = {}
    for field in form.fields.values():
        if field.kind in ("button", "file") or rng.random() < 0.1:
            continue
        if field.name == "csrfmiddlewaretoken" or rng.random() < 0.3:
            values[field.name] = field.default
        elif field.options and rng.random() < 0.3:
            values[field.name] = rng.choice(field.options)
        else:
            values[field.name] = _hostile(rng)
    action = form.action if form.action.startswith("/") else path
    if form.method == "GET":
        response = session.get(site.url + action, params=values, timeout=TIMEOUT)
    else:
        response = session.post(site.url + action, data=values, timeout=TIMEOUT)
    _ok(site, response, f"form {path}")


def test_fuzzed_public_forms_of_the_live_site_never_cause_a_server_error(site):
    rng = random.Random(f"public-{site.kind}")  # noqa: S311  # repeatable, not secret
    for number in range(examples(60)):
        session = requests.Session()
        _send_form(site, session, PUBLIC_FORMS[number % len(PUBLIC_FORMS)], rng)


def test_fuzzed_staff_forms_and_uploads_of_the_live_site_never_cause_a_server_error(site):
    clinician = site.staff()
    rng = random.Random(f"staff-{site.kind}")  # noqa: S311  # repeatable, not secret
    for number in range(examples(40)):
        _send_form(site, clinician, STAFF_FORMS[number % len(STAFF_FORMS)], rng)

    @fuzz_settings(15)
    @given(
        content=st.one_of(
            st.binary(max_size=5000),
            json_values().map(lambda v: json.dumps(v).encode()),
            mutated(_record("uploaded")).map(lambda v: json.dumps(v).encode()),
        ),
        name=hostile_text(),
        language=st.sampled_from(["en", "vi", "", "xx", "\u202e"]),
    )
    def uploads(content: bytes, name: str, language: str) -> None:
        page = clinician.get(site.url + "/staff/records/import/", timeout=TIMEOUT)
        token = harness.hidden_fields(page.text)["csrfmiddlewaretoken"]
        response = clinician.post(
            site.url + "/staff/records/import/",
            data={"csrfmiddlewaretoken": token, "language": language},
            files={"file": ((name or "x")[:200], content, "application/json")},
            timeout=TIMEOUT,
        )
        _ok(site, response, "upload")

    uploads()
    assert server_errors(site) == []


@fuzz_settings(20)
@given(data=st.data())
def test_fuzzed_api_and_fhir_import_bodies_never_cause_a_server_error(site, data):
    path = data.draw(st.sampled_from(API_PATHS))
    if path == "/api/v1/fhir/import":
        base: Any = site.extra.get("bundle")
        if base is None:
            base = site.extra["bundle"] = requests.post(
                site.url + "/api/v1/fhir/export",
                json=_record("bundle"),
                headers={"Authorization": f"Bearer {site.api_token}"},
                timeout=TIMEOUT,
            ).json()
    else:
        base = _record(f"fuzzed-{uuid.uuid4().hex[:8]}")
    document = data.draw(st.one_of(mutated(base), json_values()))
    body = json.dumps(document, allow_nan=True).encode()
    if data.draw(st.integers(0, 4)) == 0 and body:
        body = body[: data.draw(st.integers(0, len(body)))]
    content_type = data.draw(
        st.sampled_from(["application/json", "text/plain", "", "application/fhir+json"])
    )
    response = requests.post(
        site.url + path,
        data=body,
        headers={"Authorization": f"Bearer {site.api_token}", "Content-Type": content_type},
        timeout=TIMEOUT,
    )
    _ok(site, response, f"api {path}")


@fuzz_settings(15)
@given(data=st.data())
def test_fuzzed_cds_hooks_requests_never_cause_a_server_error(site, data):
    service = data.draw(st.sampled_from(["rpl-patient-view", "rpl-order-select"]))
    feedback = data.draw(st.booleans())
    path = f"/cds-services/{service}" + ("/feedback" if feedback else "")
    base = (
        {
            "feedback": [
                {"card": "c", "outcome": "accepted", "outcomeTimestamp": "2025-01-01T00:00:00Z"}
            ]
        }
        if feedback
        else {
            **HOOK,
            "hook": "order-select" if service == "rpl-order-select" else "patient-view",
            "prefetch": {
                "patient": {"resourceType": "Patient", "id": "p1"},
                "observations": None,
                "conditions": None,
            },
        }
    )
    body = data.draw(st.one_of(mutated(base), json_values()))
    token = site.jwt(site.url + path) if data.draw(st.integers(0, 3)) else data.draw(hostile_text())
    try:
        response = requests.post(
            site.url + path,
            data=json.dumps(body, allow_nan=True).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=TIMEOUT,
        )
    except (ValueError, requests.exceptions.InvalidHeader):
        return  # a header value no HTTP client sends (the raw-socket fuzz covers those)
    _ok(site, response, "cds hooks")


HEADER_TEXT = st.one_of(
    st.sampled_from([v for v in NASTY if len(v) < 10_000]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=200),
)


@fuzz_settings(25)
@given(
    path=st.sampled_from(
        [
            "/en/",
            "/staff/",
            "/staff/records/",
            "/api/v1/records",
            "/en/ask/",
            "/cds-services",
            "/en/book/thanks/",
            "/staff/login/",
        ]
    ),
    method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "OPTIONS", "DELETE", "PATCH"]),
    headers=st.dictionaries(
        st.sampled_from(
            [
                "Cookie",
                "X-Forwarded-For",
                "X-Forwarded-Proto",
                "Authorization",
                "Content-Type",
                "Accept-Language",
                "Referer",
                "Host",
                "Origin",
                "Content-Length",
                "Transfer-Encoding",
                "X-Anything",
            ]
        ),
        HEADER_TEXT,
        max_size=4,
    ),
    cookies=st.dictionaries(
        st.sampled_from(["sessionid", "csrftoken", "rpl_ask", "django_language"]),
        HEADER_TEXT,
        max_size=3,
    ),
    body=st.binary(max_size=300),
)
def test_fuzzed_headers_and_cookies_sent_raw_never_cause_a_server_error(
    site, path, method, headers, cookies, body
):
    """Raw bytes on the socket: values an HTTP library would refuse to send reach the server."""
    import socket

    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    for name, value in headers.items():
        lines.append(f"{name}: {value}")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body
    with socket.create_connection((harness.HOST, site.server.port), timeout=TIMEOUT) as connection:
        connection.sendall(raw)
        try:
            head = connection.recv(4096)
        except (ConnectionResetError, TimeoutError):
            head = b""
    SENT[f"live {site.kind} headers and cookies"] += 1
    status = head.split(b" ", 2)[1] if head.startswith(b"HTTP/1.1 ") else b"000"
    assert not status.startswith(b"5"), (raw[:300], head[:200])


def test_fuzzed_backup_files_are_refused_cleanly_by_restore(site, tmp_path):
    good = tmp_path / "good.backup"
    assert site.rpl("backup", "--out", str(good)).returncode == 0
    original = good.read_bytes()
    rng = random.Random(20)  # noqa: S311  # a fixed seed: the same damaged files every run
    count = examples(12)
    for number in range(count):
        data = bytearray(original)
        how = number % 4
        if how == 0:  # flip bytes anywhere (the header included)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= rng.randint(1, 255)
        elif how == 1:  # cut
            data = data[: rng.randrange(len(data))]
        elif how == 2:  # a damaged or hostile header line
            header_end = data.index(b"\n", 18) + 1
            header = rng.choice(
                [
                    b"{}",
                    b"[",
                    b'{"kind": 5, "payload_bytes": -1, "mac": []}',
                    b'{"kind":"sqlite","payload_bytes":99999999999,"mac":"00"}',
                    b'{"kind":"../../x","payload_bytes":1,"mac":"' + b"0" * 64 + b'"}',
                ]
            )
            data = data[:18] + header + b"\n" + data[header_end:]
        else:  # random bytes after a valid magic line
            data = data[:18] + bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
        (tmp_path / f"fuzzed-{number}.backup").write_bytes(bytes(data))
    # One process checks them all (a Django start per file would take minutes); only the
    # command's own refusal (BackupError) is acceptable.
    script = (
        "import django, json, sys; django.setup()\n"
        "from pathlib import Path\nfrom rpl.web import backup\n"
        "outcomes = []\n"
        "for path in sorted(Path(sys.argv[1]).glob('fuzzed-*.backup')):\n"
        "    try:\n"
        "        backup.check_backup_file(path, backup.database_kind())\n"
        "        outcomes.append('accepted')\n"
        "    except backup.BackupError:\n"
        "        outcomes.append('refused')\n"
        "print(json.dumps(outcomes))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        env={**site.env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    SENT[f"live {site.kind} restore"] += len(outcomes)
    assert outcomes == ["refused"] * count
    # And the command itself, on one of them: a clear refusal, status 2, nothing restored.
    refused = site.rpl("restore", str(tmp_path / "fuzzed-0.backup"), "--force")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_the_live_server_logged_no_server_error_during_the_fuzz_run(site):
    assert server_errors(site) == []
