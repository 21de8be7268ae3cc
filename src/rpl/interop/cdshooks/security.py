"""Checking the signed JWT a CDS Client sends with every call (CDS Hooks 2.0, "Trusting CDS
Clients"): asymmetric signature (ES384 or RS384 only; never `none` or HMAC), an allow-listed
`iss` whose keys we hold or may fetch, `aud` equal to the endpoint called, `exp`, `iat`, and a
`jti` never seen before (replay), and a lifetime of at most five minutes.

A key set at `jwks_url` is fetched at most once per `JWKS_LIFETIME_SECONDS` per address (also
after a failure), without following redirects, within `JWKS_TIMEOUT_SECONDS` and at most
`JWKS_MAX_BYTES`: a token naming that issuer cannot make us fetch on every request."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import PyJWKSet

ALGORITHMS = ["ES384", "RS384"]
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "jti"]
LEEWAY_SECONDS = 30
MAX_LIFETIME_SECONDS = 5 * 60  # the spec asks clients for tokens of at most five minutes
JWKS_LIFETIME_SECONDS = 5 * 60
JWKS_TIMEOUT_SECONDS = 5
JWKS_MAX_BYTES = 256 * 1024


class JwtRejected(Exception):
    """The token is not acceptable; the message says why (it never contains the token)."""


@dataclass(frozen=True)
class TrustedClient:
    """A CDS Client we accept: its issuer, and its public keys inline or at a fixed URL."""

    iss: str
    jwks: Mapping[str, Any] | None = None
    jwks_url: str | None = None

    def key_for(self, kid: str, jku: str | None) -> Any:
        if jku is not None and jku != self.jwks_url:
            raise JwtRejected("jku is not the key-set address allowed for this issuer")
        if self.jwks is not None:
            for key in PyJWKSet.from_dict(dict(self.jwks)).keys:
                if key.key_id == kid:
                    return key.key
            raise JwtRejected("no key with this kid for this issuer")
        if self.jwks_url is not None:
            key_set = remote_key_set(self.jwks_url)
            if key_set is None:
                raise JwtRejected("the issuer's key set could not be read")
            for key in key_set.keys:
                if key.key_id == kid:
                    return key.key
            raise JwtRejected("no key with this kid for this issuer")
        raise JwtRejected("no keys configured for this issuer")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an error: the key set must be at the configured address


_OPENER = urllib.request.build_opener(_NoRedirect)
_KEY_SETS: dict[str, tuple[float, PyJWKSet | None]] = {}
_KEY_SETS_LOCK = threading.Lock()


def _fetch_key_set(url: str) -> PyJWKSet | None:
    try:
        with _OPENER.open(
            url, timeout=JWKS_TIMEOUT_SECONDS
        ) as response:  # configured by the clinic
            body = response.read(JWKS_MAX_BYTES + 1)
        if len(body) > JWKS_MAX_BYTES:
            return None
        return PyJWKSet.from_dict(json.loads(body))
    except (OSError, ValueError, TypeError, AttributeError, jwt.PyJWTError):
        return None  # unreachable, a redirect, not JSON, or not a key set


def remote_key_set(url: str) -> PyJWKSet | None:
    """The key set at `url`, from the cache while it is fresh (a failure is cached too)."""
    now = time.monotonic()
    with _KEY_SETS_LOCK:
        cached = _KEY_SETS.get(url)
        if cached is not None and cached[0] > now:
            return cached[1]
        key_set = _fetch_key_set(url)
        _KEY_SETS[url] = (now + JWKS_LIFETIME_SECONDS, key_set)
        return key_set


def clients_from_config(config: Any) -> dict[str, TrustedClient]:
    """`{"clients": [{"iss": ..., "jwks": {...} | "jwks_url": ...}]}` → clients by issuer."""
    clients = {}
    for item in (config or {}).get("clients", []):
        client = TrustedClient(item["iss"], item.get("jwks"), item.get("jwks_url"))
        clients[client.iss] = client
    return clients


def verify_client_jwt(
    token: str,
    audiences: list[str],
    clients: Mapping[str, TrustedClient],
    remember_jti: Callable[[str, str, int], bool],
) -> dict[str, Any]:
    """The token's claims, or JwtRejected. `remember_jti(iss, jti, exp)` stores the jti and
    returns False if it was seen before."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise JwtRejected("not a JWT") from exc
    if header.get("alg") not in ALGORITHMS:
        raise JwtRejected(f"signing algorithm must be one of {', '.join(ALGORITHMS)}")
    if header.get("typ") != "JWT" or not header.get("kid"):
        raise JwtRejected("header needs typ JWT and a kid")
    client = clients.get(str(unverified.get("iss")))
    if client is None:
        raise JwtRejected("issuer not allowed")
    key = client.key_for(str(header["kid"]), header.get("jku"))
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=audiences,
            issuer=client.iss,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise JwtRejected("token expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise JwtRejected("aud is not this endpoint") from exc
    except jwt.PyJWTError as exc:
        raise JwtRejected(f"invalid token ({exc.__class__.__name__})") from exc
    expires, issued = claims["exp"], claims["iat"]
    if not isinstance(expires, int | float) or not isinstance(issued, int | float):
        raise JwtRejected("exp and iat must be numbers")
    if expires - issued > MAX_LIFETIME_SECONDS or expires > time.time() + MAX_LIFETIME_SECONDS:
        raise JwtRejected(f"token lifetime over {MAX_LIFETIME_SECONDS} seconds")
    if not remember_jti(client.iss, str(claims["jti"]), int(expires)):
        raise JwtRejected("jti already used (replay)")
    return claims
