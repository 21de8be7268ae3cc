"""Every JSON API operation, read from the API itself (so a new one is covered by default):
those that touch a record or compute a result need a bearer token holding their scope; the
rest is reference data (calculator list, schemas, profiles)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from rpl.web.api.scopes import SCOPES
from tests.web.api.conftest import example

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
REFERENCE_DATA = {
    ("GET", "/api/v1/calc"),
    ("GET", "/api/v1/calc/{name}"),
    ("GET", "/api/v1/schema"),
    ("GET", "/api/v1/profiles"),
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # with {placeholders}
    scope: str | None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def operations() -> list[Operation]:
    from rpl.web.api.api import api

    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                scopes = [getattr(auth, "scope", None) for auth in operation.auth_callbacks]
                for method in operation.methods:
                    found.append(
                        Operation(method, PREFIX + prefix + path, scopes[0] if scopes else None)
                    )
    return found


PROTECTED = [op for op in operations() if op.scope is not None]


def test_only_reference_data_is_served_without_a_token():
    public = {(op.method, op.path) for op in operations() if op.scope is None}
    assert public == REFERENCE_DATA


def _call(client: Client, operation: Operation, world: Any, headers: dict[str, str]) -> Any:
    from rpl.web.api.services import fhir_export

    record = example("primary-rpl-first-visit")
    path = operation.path.format(record_id=world.record.local_id, name=world.calculator)
    body: Any = {
        "/api/v1/assess": record,
        "/api/v1/fhir/export": record,
        "/api/v1/fhir/import": fhir_export(record, None),
        "/api/v1/records": {**record, "id": "couple-new"},
        f"/api/v1/calc/{world.calculator}": None,
        f"/api/v1/records/{world.record.local_id}": world.record.document,
    }.get(path)
    if body is None and path.startswith("/api/v1/calc/"):
        from rpl.core.calculators import CALCULATORS

        body = dict(CALCULATORS[world.calculator].example)
    if operation.method == "GET":
        return client.get(path, headers=headers)
    return client.generic(
        operation.method,
        path,
        json.dumps(body or {}),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize("operation", PROTECTED, ids=str)
def test_each_protected_operation_needs_a_live_token_with_its_scope(operation, world, token_for):
    from rpl.web.api.tokens import create_client, revoke_client

    client = Client()
    _revoked, revoked_token = create_client("revoked", [operation.scope])
    revoke_client("revoked")
    other_scopes = [s for s in SCOPES if s != operation.scope]
    refused = {
        "no header": {},
        "not a bearer token": {"Authorization": "Basic cmVjZXB0aW9uOnNlY3JldA=="},
        "empty bearer": {"Authorization": "Bearer "},
        "unknown token": {"Authorization": "Bearer rpl_" + "x" * 43},
        "revoked token": {"Authorization": f"Bearer {revoked_token}"},
    }
    for why, headers in refused.items():
        response = _call(client, operation, world, headers)
        assert response.status_code == 401, (why, response.status_code)
        assert response.json()["title"] == "authentication required"
        assert response["WWW-Authenticate"].startswith("Bearer")
    # A staff session is not a token.
    client.force_login(world.users["clinician"])
    assert _call(client, operation, world, {}).status_code == 401
    wrong = _call(client, operation, world, {"Authorization": f"Bearer {token_for(*other_scopes)}"})
    assert wrong.status_code == 403
    assert operation.scope in wrong.json()["detail"]
    right = _call(
        client, operation, world, {"Authorization": f"Bearer {token_for(operation.scope)}"}
    )
    assert 200 <= right.status_code < 300, right.content[:300]
