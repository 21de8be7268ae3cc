"""Creating API clients and recognising their tokens. Plain functions; the views stay thin."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from rpl.web.api.models import ApiClient
from rpl.web.api.scopes import SCOPES

TOKEN_PREFIX = "rpl_"  # noqa: S105  # marks the token's kind in secret scanners, not a secret
PREFIX_SHOWN = 10
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiClientError(ValueError):
    """A client cannot be created or changed as asked; the message says why."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [scope for scope in chosen if scope not in SCOPES]
    if unknown:
        raise ApiClientError(
            f"unknown scope {', '.join(unknown)}; known scopes: {', '.join(SCOPES)}"
        )
    if not chosen:
        raise ApiClientError(f"give at least one scope; known scopes: {', '.join(SCOPES)}")
    return chosen


@transaction.atomic
def create_client(name: str, scopes: Iterable[str]) -> tuple[ApiClient, str]:
    """Create a client; returns it with its token, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ApiClientError("the client needs a name")
    chosen = check_scopes(scopes)
    if ApiClient.objects.filter(name=name).exists():
        raise ApiClientError(f"an API client named {name!r} already exists")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        token_prefix=token[:PREFIX_SHOWN],
        token_hash=hash_token(token),
        scopes=chosen,
    )
    return client, token


def revoke_client(name: str) -> ApiClient:
    client = ApiClient.objects.filter(name=name).first()
    if client is None:
        raise ApiClientError(f"no API client named {name!r}")
    client.is_active = False
    client.save(update_fields=["is_active"])
    return client


def client_for_token(token: str) -> ApiClient | None:
    """The active client holding this token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    client = ApiClient.objects.filter(token_hash=hash_token(token), is_active=True).first()
    if client is not None:
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
    return client
