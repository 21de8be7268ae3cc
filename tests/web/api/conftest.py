"""Fixtures for the JSON API tests: API clients with chosen scopes, example records."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
from django.test import Client

from rpl.web.api.scopes import SCOPES
from rpl.web.api.tokens import create_client

EXAMPLES = resources.files("rpl.knowledge").joinpath("examples")
API = "/api/v1"


def example(name: str) -> dict[str, Any]:
    return json.loads(EXAMPLES.joinpath(f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def token_for(db) -> Callable[..., str]:
    """token_for("records:read", ...) → a fresh client's bearer token with those scopes."""
    made = 0

    def make(*scopes: str) -> str:
        nonlocal made
        made += 1
        _client, token = create_client(f"test-client-{made}", scopes)
        return token

    return make


@pytest.fixture
def full_token(token_for) -> str:
    return token_for(*SCOPES)


class ApiCaller:
    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, token: str | None) -> dict[str, str]:
        chosen = self.token if token is None else token
        return {"Authorization": f"Bearer {chosen}"} if chosen else {}

    def get(self, path: str, token: str | None = None, **params: Any):
        return self.client.get(API + path, params, headers=self._headers(token))

    def send(self, method: str, path: str, body: Any, token: str | None = None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            API + path, data, content_type="application/json", headers=self._headers(token)
        )

    def delete(self, path: str, token: str | None = None):
        return self.client.delete(API + path, headers=self._headers(token))


@pytest.fixture
def api(full_token) -> ApiCaller:
    return ApiCaller(full_token)
