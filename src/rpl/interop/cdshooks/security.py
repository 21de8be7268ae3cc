"""Checking the signed JWT a CDS Client sends with every call (CDS Hooks 2.0, "Trusting CDS
Clients"): asymmetric signature (ES384 or RS384 only; never `none` or HMAC), an allow-listed
`iss` whose keys we hold or may fetch, `aud` equal to the endpoint called, `exp`, `iat`, and a
`jti` never seen before (replay)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import PyJWKClient, PyJWKSet

ALGORITHMS = ["ES384", "RS384"]
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "jti"]
LEEWAY_SECONDS = 30


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
            try:
                return PyJWKClient(self.jwks_url, timeout=5).get_signing_key(kid).key
            except jwt.PyJWTError as exc:
                raise JwtRejected("the issuer's key set could not be read") from exc
        raise JwtRejected("no keys configured for this issuer")


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
    if not remember_jti(client.iss, str(claims["jti"]), int(claims["exp"])):
        raise JwtRejected("jti already used (replay)")
    return claims
