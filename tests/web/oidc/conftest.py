"""A real OpenID Connect provider (django-oauth-toolkit, tests/web/oidc/provider) in a second
process on loopback, and the settings that point RPL Care's sign-in at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CHECKOUT = Path(__file__).resolve().parents[3]
CLIENT_SECRET = "rpl-care-test-client-secret"  # noqa: S105  # the test provider's only client
CALLBACK = "http://testserver/staff/oidc/callback/"
PASSWORD = "provider-pass"  # noqa: S105
ROLE_GROUPS = {"clinician": ["Doctors"], "receptionist": ["Front desk"], "admin": ["IT admins"]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _provider_run(folder: Path) -> dict[str, Any]:
    """subprocess.run arguments for a Django command of the provider kept in `folder`."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RPL_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "tests.web.oidc.provider.settings",
        "OIDC_TEST_PROVIDER_DIR": str(folder),
        "PYTHONPATH": str(CHECKOUT),
    }
    return {"env": env, "cwd": CHECKOUT, "capture_output": True, "text": True, "timeout": 300}


def register_redirect_uri(folder: Path, redirect_uri: str) -> None:
    """Let the provider also send people back to `redirect_uri` (a live server's callback)."""
    setup = [sys.executable, str(CHECKOUT / "tests/web/oidc/provider/setup_data.py")]
    made = subprocess.run(
        [*setup, redirect_uri, CLIENT_SECRET], check=False, **_provider_run(folder)
    )
    assert made.returncode == 0, made.stderr


@pytest.fixture(scope="session")
def oidc_provider_folder(tmp_path_factory) -> Path:
    """Where the provider keeps its key, database and log."""
    return Path(tmp_path_factory.mktemp("oidc-provider"))


@pytest.fixture(scope="session")
def oidc_provider(oidc_provider_folder: Path) -> Iterator[str]:
    """The provider's base address, e.g. http://127.0.0.1:54321."""
    folder = oidc_provider_folder
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    python = sys.executable
    run = _provider_run(folder)
    env = run["env"]
    migrated = subprocess.run([python, "-m", "django", "migrate", "-v", "0"], check=False, **run)
    assert migrated.returncode == 0, migrated.stderr
    register_redirect_uri(folder, CALLBACK)
    port = _free_port()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [python, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=CHECKOUT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (folder / "server.log").read_text()
            try:
                with urllib.request.urlopen(  # noqa: S310  # our own loopback server
                    f"{base}/o/.well-known/openid-configuration", timeout=5
                ):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def hospital_sign_in(settings, oidc_provider) -> str:
    """RPL Care's settings pointed at the provider, read from its discovery document."""
    discovery = requests.get(f"{oidc_provider}/o/.well-known/openid-configuration", timeout=10)
    document = discovery.json()
    settings.RPL_OIDC_ENABLED = True
    settings.RPL_OIDC_NAME = "Demo Hospital"
    settings.RPL_OIDC_ISSUER = document["issuer"]
    settings.RPL_OIDC_ROLE_GROUPS = ROLE_GROUPS
    settings.OIDC_RP_CLIENT_ID = "rpl-care"
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    settings.OIDC_RP_SCOPES = "openid profile email"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "rpl.web.accounts.oidc.HospitalOIDCBackend",
    ]
    return oidc_provider


def through_the_provider(client: Any, provider: str, username: str, password: str = PASSWORD):
    """Start at RPL Care, sign in on the provider's own page as `username`, come back to RPL
    Care's callback: the response of the callback."""
    start = client.get("/staff/oidc/start/")
    assert start.status_code == 302, start
    authorize = start["Location"]
    assert authorize.startswith(provider)
    browser = requests.Session()
    next_path = authorize[len(provider) :]
    browser.get(f"{provider}/login/", params={"next": next_path}, timeout=10)
    signed_in = browser.post(
        f"{provider}/login/",
        data={
            "username": username,
            "password": password,
            "next": next_path,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    answer = browser.get(
        provider + signed_in.headers["Location"], allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")
