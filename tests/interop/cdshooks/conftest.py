"""CDS Hooks tests: the spec's own examples (fixtures/, each with its source URL), signed JWTs."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

FIXTURES = Path(__file__).with_name("fixtures")
ISSUER = "https://ehr.example.org/"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def cds(client, settings, db):
    """The Django test client with JWT checks off (they have their own tests)."""
    settings.RPL_CDS_HOOKS_JWT = False
    return client


class Signer:
    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        if algorithm == "ES384":
            self.key = ec.generate_private_key(ec.SECP384R1())
            public = json.loads(ECAlgorithm.to_jwk(self.key.public_key()))
        else:
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        self.kid = f"kid-{algorithm}"
        self.jwks = {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": algorithm}]}

    def token(self, aud: str, **changes) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": aud, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
        claims.update(changes)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(
            claims, self.key, algorithm=self.algorithm, headers={"kid": self.kid, "typ": "JWT"}
        )


@pytest.fixture(params=["ES384", "RS384"])
def signer(request, settings, db) -> Signer:
    made = Signer(request.param)
    settings.RPL_CDS_HOOKS_JWT = True
    settings.RPL_CDS_HOOKS_CLIENTS = {"clients": [{"iss": ISSUER, "jwks": made.jwks}]}
    settings.RPL_CDS_HOOKS_BASE_URL = "https://cds.example.org"
    return made
