"""The low findings of the second security round (issue 20) that are checked in-process, and
the rules that keep the fixes in place: every id pattern matched whole, every RPL_* setting
documented, the proxy header ignored unless a proxy is declared."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory

from tests.security.conftest import little_server

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "src" / "rpl").rglob("*.py"))


def test_no_regular_expression_in_the_code_ends_in_a_dollar_sign():
    """`$` also matches before a final newline ("nl-test\\n" passed an id check): patterns are
    matched whole with `fullmatch`, or end in `\\Z`. Pydantic's patterns (Rust regex, where `$`
    is the end) and JSON Schema patterns are not Python's `re` and are left out."""
    offenders = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and node.args[0].value.endswith("$")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _settings_read() -> set[str]:
    names: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"[\"'](RPL_[A-Z0-9_]+)[\"']", text):
            before = text[max(0, match.start() - 40) : match.start()]
            if "getattr(settings," in before:  # a Django setting's name, not the environment's
                continue
            names.add(match.group(1))
    return names


def test_every_rpl_setting_the_code_reads_is_documented_in_deployment_md():
    documented = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    read = _settings_read()
    assert {"RPL_BEHIND_PROXY", "RPL_BACKUP_KEY", "RPL_DATA_DIR"} <= read
    assert sorted(name for name in read if name not in documented) == []


def test_the_forwarded_address_is_ignored_unless_a_proxy_is_declared(settings):
    from rpl.web.client import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.9"
    )
    settings.RPL_BEHIND_PROXY = False
    assert client_address(request) == "10.0.0.2"
    settings.RPL_BEHIND_PROXY = True
    assert client_address(request) == "198.51.100.9"  # the hop the proxy added
    request.META["HTTP_X_FORWARDED_FOR"] = "not an address"
    assert client_address(request) == "10.0.0.2"


def test_the_local_console_mail_never_shows_the_patients_address(settings):
    from rpl.web.mail import PrivateConsoleBackend

    stream = io.StringIO()
    backend = PrivateConsoleBackend(stream=stream)
    message = mail.EmailMessage(
        "RPL Care: your answer is ready",
        "The clinic has answered.",
        "clinic@example.org",
        ["patient.name@example.com"],
        cc=["other@example.com"],
        headers={"Reply-To": "third@example.com"},
    )
    assert backend.send_messages([message]) == 1
    printed = stream.getvalue()
    assert "your answer is ready" in printed
    for address in ("patient.name@example.com", "other@example.com", "third@example.com"):
        assert address not in printed
    assert "3 recipient(s)" in printed or "2 recipient(s)" in printed


def test_a_pdf_report_fetches_nothing_even_when_its_html_names_an_address(monkeypatch):
    from rpl.core.parsing import parse_record
    from rpl.core.profiles import load_profiles
    from rpl.web.reports import pdf

    watched = little_server(lambda path: (200, {"Content-Type": "image/png"}, b"x"))
    html = (
        f'<html><head><link rel="stylesheet" href="{watched.url}/style.css"></head><body>'
        f'<img src="{watched.url}/pixel.png"><img src="file:///etc/passwd">Report</body></html>'
    )
    monkeypatch.setattr(pdf, "render_html", lambda *args, **kwargs: html)
    example = ROOT / "src/rpl/knowledge/examples/secondary-rpl-unexplained.json"
    checked = parse_record(example.read_text(encoding="utf-8"), dt.date(2025, 6, 1))
    try:
        document = pdf.render_report(
            checked, load_profiles()["eshre-2022"], audience="clinician", language="en"
        )
    finally:
        watched.close()
    assert document.startswith(b"%PDF")
    assert watched.requests == []


def test_registry_csv_text_that_a_spreadsheet_would_run_is_escaped(tmp_path):
    import csv

    from rpl.batch.engines import DuckDBEngine

    engine = DuckDBEngine()
    out = tmp_path / "out.csv"
    engine.write(
        "SELECT * FROM (VALUES ('=HYPERLINK(\"http://x\")', 1), ('+1', 2), ('-2', 3), "
        "('@SUM(A1)', 4), ('plain', 5), (NULL, 6)) AS t(woman_id, n)",
        out,
        "csv",
    )
    engine.close()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["woman_id"] for row in rows] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "plain",
        "",
    ]
    assert [row["n"] for row in rows] == ["1", "2", "3", "4", "5", "6"]


@pytest.mark.django_db
def test_an_admin_edit_of_an_education_pages_sources_must_be_a_list_of_known_ids(
    client, make_staff
):
    from django.core.management import call_command

    from rpl.web.accounts.permissions import grant_admin_permissions
    from rpl.web.clinic.admin import PageForm
    from rpl.web.site.models import EducationPage

    call_command("load_education", verbosity=0)
    grant_admin_permissions()
    page = EducationPage.objects.order_by("order").first()
    assert page is not None
    base = {f"{f}__en": "Text" for f in ("title", "summary", "body")}
    base |= {
        "slug": page.slug,
        "order": page.order,
        "last_reviewed": "2025-01-01",
        "review_note": "checked",
        "recommendations": "[]",
    }
    for bad in ('"eshre-2022"', "5", '{"a": 1}', '[{"id": 1}]', '["no-such-source"]'):
        form = PageForm(data={**base, "sources": bad}, instance=page)
        assert not form.is_valid(), bad
        assert "sources" in form.errors, bad
    good = PageForm(
        data={**base, "sources": f'["{page.sources[0]}"]' if page.sources else "[]"}, instance=page
    )
    assert good.is_valid(), good.errors
    good.save()
    assert client.get(f"/en/learn/{page.slug}/").status_code == 200  # the public page renders
