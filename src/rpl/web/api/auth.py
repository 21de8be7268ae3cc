"""Bearer tokens with scopes for the JSON API.

Authentication runs before any record is looked up, so a caller without a valid token (401) or
without the scope (403) learns nothing about which records exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from rpl.web.api.models import ApiClient
from rpl.web.api.scopes import SCOPES
from rpl.web.api.tokens import client_for_token


class ScopedToken(HttpBearer):
    """`Authorization: Bearer <token>` of an active API client holding `scope`."""

    def __init__(self, scope: str) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope}")
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        # Unlike HttpBearer.__call__, never log the header: it holds the secret.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = client_for_token(token)
        if client is None:
            return None
        if not client.has_scope(self.scope):
            raise AuthorizationError(message=f"this token does not have the scope {self.scope}")
        return client
