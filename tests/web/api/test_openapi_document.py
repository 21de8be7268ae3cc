"""The OpenAPI document and the interactive docs, served from this site's own files."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from tests.web.api.conftest import API


def test_the_openapi_document_describes_every_operation_and_the_record_schema(client):
    document = client.get(f"{API}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        f"{API}/assess",
        f"{API}/calc/{{name}}",
        f"{API}/schema",
        f"{API}/records",
        f"{API}/records/{{record_id}}",
    }
    body = document["paths"][f"{API}/assess"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CoupleRecord"
    }
    record = document["components"]["schemas"]["CoupleRecord"]
    assert "pregnancies" in record["required"]
    assert document["components"]["securitySchemes"]["ScopedToken"]["scheme"] == "bearer"


def test_the_interactive_docs_load_every_script_and_style_from_this_site(client):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page names no assets"
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")) is not None, asset
    assert "cdn" not in html.lower()
    policy = page["Content-Security-Policy"]
    assert "script-src" not in policy and "default-src 'self'" in policy
