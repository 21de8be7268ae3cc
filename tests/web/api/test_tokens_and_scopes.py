"""API clients: tokens stored as hashes, scopes enforced, 401/403 that reveal no record."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rpl.web.api.models import ApiClient
from rpl.web.api.tokens import ApiClientError, create_client, revoke_client
from rpl.web.records.models import CoupleRecord
from tests.web.api.conftest import ApiCaller, example

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_token_is_stored():
    client, token = create_client("ehr", ["records:read"])
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.token_hash, stored.token_prefix, str(stored.scopes)}
    assert token.startswith(stored.token_prefix)


def test_unknown_or_missing_scopes_and_duplicate_names_are_refused():
    with pytest.raises(ApiClientError, match="unknown scope"):
        create_client("ehr", ["records:everything"])
    with pytest.raises(ApiClientError, match="at least one scope"):
        create_client("ehr", [])
    create_client("ehr", ["assess"])
    with pytest.raises(ApiClientError, match="already exists"):
        create_client("ehr", ["assess"])
    assert ApiClient.objects.count() == 1


def test_the_management_command_prints_the_token_once_and_it_works(capsys):
    call_command("create_api_client", "registry", "--scope", "records:read", "--scope", "assess")
    out, err = capsys.readouterr()
    token = out.strip()
    assert "shown only now" in err
    assert ApiCaller(token).get("/records").status_code == 200
    call_command("list_api_clients")
    listing = capsys.readouterr().out
    assert "registry" in listing and "assess,records:read" in listing
    assert token not in listing


def test_the_management_command_refuses_a_bad_request_with_a_message():
    with pytest.raises(CommandError, match="give at least one scope"):
        call_command("create_api_client", "registry")


def test_a_revoked_token_stops_working_at_once():
    _client, token = create_client("ehr", ["records:read"])
    assert ApiCaller(token).get("/records").status_code == 200
    revoke_client("ehr")
    assert ApiCaller(token).get("/records").status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("get", "/records", "records:read"),
        ("get", "/records/{id}", "records:read"),
        ("get", "/records/{id}/assessment", "records:read"),
        ("put", "/records/{id}", "records:write"),
        ("delete", "/records/{id}", "records:write"),
        ("post", "/records", "records:write"),
        ("post", "/assess", "assess"),
        ("post", "/calc/prognosis-brigham-1999", "assess"),
    ],
)
def test_each_endpoint_needs_its_scope(method, path, scope, token_for):
    CoupleRecord.objects.create(local_id="kept", document=example("secondary-rpl-unexplained"))
    path = path.replace("{id}", "kept")
    others = [s for s in ("assess", "records:read", "records:write") if s != scope]
    without = ApiCaller(token_for(*others))
    with_scope = ApiCaller(token_for(scope))
    body = example("secondary-rpl-unexplained") | {"id": "kept"}

    def call(caller):
        if method in ("get", "delete"):
            return getattr(caller, method)(path)
        return caller.send(method, path, body)

    refused = call(without)
    assert refused.status_code == 403
    assert scope in refused.json()["detail"]
    # Past the scope check the request is judged on its content (the calculator wants its own
    # input, so 422 there); what matters is that it is no longer refused.
    assert call(with_scope).status_code not in (401, 403)


@pytest.mark.parametrize("token", [None, "", "rpl_not-a-real-token", "Basic abc"])
def test_no_token_or_a_wrong_one_is_401_for_existing_and_missing_records_alike(token):
    CoupleRecord.objects.create(local_id="exists", document=example("secondary-rpl-unexplained"))
    caller = ApiCaller(None)
    headers = (
        {} if token is None else {"Authorization": token if " " in token else f"Bearer {token}"}
    )
    answers = [
        caller.client.get(f"/api/v1/records/{record_id}", headers=headers)
        for record_id in ("exists", "does-not-exist")
    ]
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].content == answers[1].content
    assert answers[0]["WWW-Authenticate"].startswith("Bearer")


def test_a_token_without_the_scope_gets_the_same_403_for_existing_and_missing_records(token_for):
    CoupleRecord.objects.create(local_id="exists", document=example("secondary-rpl-unexplained"))
    caller = ApiCaller(token_for("assess"))
    answers = [caller.get(f"/records/{record_id}") for record_id in ("exists", "does-not-exist")]
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].content == answers[1].content
