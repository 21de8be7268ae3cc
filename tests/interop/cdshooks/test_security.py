"""The client's JWT: good, expired, wrong audience, replayed, unknown issuer, HMAC, none."""

from __future__ import annotations

import time

import jwt
import pytest

from rpl.interop.cdshooks.security import JwtRejected, clients_from_config, verify_client_jwt
from tests.interop.cdshooks.conftest import fixture

DISCOVERY = "https://cds.example.org/cds-services"


def call(client, token, path="/cds-services"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def test_a_good_token_is_accepted(client, signer):
    response = call(client, signer.token(DISCOVERY))
    assert response.status_code == 200
    assert response.json()["services"]


def test_no_token_is_refused_when_security_is_on(client, signer):
    response = call(client, None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(client, signer):
    past = int(time.time()) - 3600
    response = call(client, signer.token(DISCOVERY, exp=past, iat=past - 300))
    assert response.status_code == 401
    assert response.json() == {"error": "token expired"}


def test_a_token_for_another_endpoint_is_refused(client, signer):
    response = call(client, signer.token("https://cds.example.org/cds-services/rpl-order-select"))
    assert response.status_code == 401
    assert response.json() == {"error": "aud is not this endpoint"}


def test_a_replayed_jti_is_refused(client, signer):
    token = signer.token(DISCOVERY)
    assert call(client, token).status_code == 200
    again = call(client, token)
    assert again.status_code == 401
    assert again.json() == {"error": "jti already used (replay)"}


def test_an_issuer_outside_the_allow_list_is_refused(client, signer):
    response = call(client, signer.token(DISCOVERY, iss="https://other.example/"))
    assert response.status_code == 401
    assert response.json() == {"error": "issuer not allowed"}


@pytest.mark.parametrize("missing", ["jti", "iat"])
def test_a_token_without_a_required_claim_is_refused(client, signer, missing):
    assert call(client, signer.token(DISCOVERY, **{missing: None})).status_code == 401


def test_hmac_and_unsigned_tokens_are_refused(client, signer):
    claims = {
        "iss": "https://ehr.example.org/",
        "aud": DISCOVERY,
        "exp": int(time.time()) + 60,
        "iat": int(time.time()),
        "jti": "x1",
    }
    hmac = jwt.encode(
        claims,
        "a-shared-secret-long-enough-for-hs384-0123456789abcdef",
        algorithm="HS384",
        headers={"kid": signer.kid},
    )
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": signer.kid})
    for token in (hmac, unsigned):
        response = call(client, token)
        assert response.status_code == 401
        assert "signing algorithm" in response.json()["error"]


def test_the_specs_own_example_token_verifies_with_its_key_but_has_expired():
    example = fixture("jwt-example.json")
    clients = clients_from_config(
        {
            "clients": [
                {
                    "iss": example["payload"]["iss"],
                    "jwks": example["jwks"],
                    "jwks_url": example["header"]["jku"],
                }
            ]
        }
    )
    with pytest.raises(JwtRejected, match="token expired"):
        verify_client_jwt(example["token"], [example["payload"]["aud"]], clients, lambda *_: True)
    # The signature itself is sound: with the clock check off, the spec's claims come out.
    key = jwt.PyJWKSet.from_dict(example["jwks"]).keys[0].key
    claims = jwt.decode(
        example["token"],
        key,
        algorithms=["ES384"],
        audience=example["payload"]["aud"],
        options={"verify_exp": False},
    )
    assert {k: claims[k] for k in example["payload"]} == example["payload"]
