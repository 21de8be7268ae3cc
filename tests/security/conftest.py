"""A live RPL Care site to attack: `rpl serve` (uvicorn) on 127.0.0.1 with the demo data, on
SQLite and on the suite's throwaway PostgreSQL, plus the little servers the attacks need (a
key-set server that counts its fetches, an HTTPS FHIR server that redirects to plain HTTP).

Started once per database for the whole run (a start costs 10-40 s on the shared machine) and
shared by every test in this folder; nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import jwt
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import IN_CI
from tests.reliability import harness

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
BOOKINGS_PER_HOUR = 3  # low, so the proxy test can use the limit up from one address
JWKS_ISSUER = "https://ehr-with-a-key-set-url.example"
INLINE_ISSUER = "https://ehr.example"
KID = "test-key-1"
TIMEOUT = 60


# --- little servers ----------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the server's `reply` and records what it was sent."""

    def do_GET(self) -> None:  # the standard library's name
        server: Any = self.server
        server.requests.append({"path": self.path, "headers": dict(self.headers)})
        status, headers, body = server.reply(self.path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class LittleServer:
    url: str
    requests: list[dict[str, Any]]
    close: Any


def little_server(reply: Any, tls: ssl.SSLContext | None = None) -> LittleServer:
    server: Any = http.server.ThreadingHTTPServer((HOST, 0), _Recorder)
    server.requests = []
    server.reply = reply
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scheme = "https" if tls else "http"
    return LittleServer(
        f"{scheme}://{HOST}:{server.server_address[1]}", server.requests, server.shutdown
    )


def _certificate(work: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the site's process is told to trust it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rpl-test-fhir")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = work / "fhir-cert.pem", work / "fhir-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


# --- the site ----------------------------------------------------------------------------


@dataclass
class Site:
    kind: str
    server: harness.Server
    env: dict[str, str]
    logins: dict[str, str]
    api_token: str
    signing_key: Any  # the inline CDS client's private key
    jwks: LittleServer  # counts the key-set fetches
    fhir_https: LittleServer  # redirects every request to `fhir_plain`
    fhir_plain: LittleServer  # must never be reached (it would get the EHR's token)
    log_path: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def session(self) -> requests.Session:
        return requests.Session()

    def staff(
        self, username: str = "clinician", forwarded_for: str | None = None
    ) -> requests.Session:
        """A session signed in through the login page."""
        session = requests.Session()
        if forwarded_for:
            session.headers["X-Forwarded-For"] = forwarded_for
        page = session.get(self.url + "/staff/login/", timeout=TIMEOUT)
        response = session.post(
            self.url + "/staff/login/",
            data={
                "csrfmiddlewaretoken": harness.hidden_fields(page.text)["csrfmiddlewaretoken"],
                "username": username,
                "password": self.logins[username],
            },
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        assert response.status_code == 302, (username, response.status_code)
        return session

    def django(self, code: str) -> Any:
        """Run Python with the site's configuration (a separate process, like the server's);
        the code prints one JSON value, which is returned."""
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def rpl(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(harness.RPL), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def rpl_django(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`django-admin ARGS` with the site's configuration."""
        return subprocess.run(
            [str(harness.RPL.parent / "django-admin"), *args],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def jwt(self, audience: str, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": INLINE_ISSUER,
            "aud": audience,
            "iat": now,
            "exp": now + 60,
            "jti": uuid.uuid4().hex,
            **claims,
        }
        return jwt.encode(
            body, self.signing_key, algorithm="ES384", headers={"kid": KID, "typ": "JWT"}
        )


def _postgres_database() -> Iterator[str | None]:
    server = os.environ.get("RPL_TEST_POSTGRES_URL", "")
    if not server:
        reason = os.environ.get("RPL_TEST_POSTGRES_ERROR", "RPL_TEST_POSTGRES_URL is not set")
        if IN_CI:
            pytest.fail(f"no PostgreSQL test server: {reason} (required when CI=true)")
        pytest.skip(f"no PostgreSQL test server: {reason}")
    import psycopg
    from psycopg import sql

    name = f"rpl_security_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    work = tmp_path_factory.mktemp(f"site-{request.param}")
    database = _postgres_database() if request.param == "postgresql" else iter([None])
    database_url = next(database)
    data_dir = work / "data"
    data_dir.mkdir(mode=0o755)  # an existing, world-readable folder: the database stays 0600
    env = harness.server_environment(data_dir, database_url)
    env["RPL_BOOKINGS_PER_HOUR"] = str(BOOKINGS_PER_HOUR)
    env["RPL_BEHIND_PROXY"] = "1"  # as behind the documented proxy
    env["RPL_BACKUP_KEY"] = "test-backup-key-" + uuid.uuid4().hex

    signing_key = ec.generate_private_key(ec.SECP384R1())
    public = jwt.algorithms.ECAlgorithm.to_jwk(signing_key.public_key(), as_dict=True)
    jwks = little_server(lambda path: (200, {"Content-Type": "text/html"}, b"<html>not json"))
    fhir_plain = little_server(lambda path: (200, {"Content-Type": "application/json"}, b"{}"))
    cert, key = _certificate(work)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    fhir_https = little_server(
        lambda path: (302, {"Location": fhir_plain.url + path}, b""), tls=tls
    )
    clients = {
        "clients": [
            {"iss": JWKS_ISSUER, "jwks_url": jwks.url + "/jwks.json"},
            {"iss": INLINE_ISSUER, "jwks": {"keys": [{**public, "kid": KID, "alg": "ES384"}]}},
        ]
    }
    (work / "cds-clients.json").write_text(json.dumps(clients), encoding="utf-8")
    env["RPL_CDS_HOOKS_JWT"] = "1"
    env["RPL_CDS_HOOKS_CLIENTS"] = str(work / "cds-clients.json")
    env["SSL_CERT_FILE"] = str(cert)  # the site trusts the test FHIR server's certificate

    logins = harness.set_up_demo(env)
    token = subprocess.run(
        [
            str(harness.RPL.parent / "django-admin"),
            "create_api_client",
            "security-tests",
            "--scope",
            "records:read",
            "--scope",
            "records:write",
            "--scope",
            "assess",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.strip()
    server = harness.Server(env, work / "serve.log")
    server.start(timeout=180)
    site = Site(
        kind=request.param,
        server=server,
        env=env,
        logins=logins,
        api_token=token,
        signing_key=signing_key,
        jwks=jwks,
        fhir_https=fhir_https,
        fhir_plain=fhir_plain,
        log_path=work / "serve.log",
    )
    try:
        yield site
    finally:
        server.stop()
        for little in (jwks, fhir_https, fhir_plain):
            little.close()
        next(database, None)


SERVER_ERROR = re.compile(r"Traceback|Internal Server Error|\" 5\d\d ")


def server_errors(site: Site) -> list[str]:
    """Lines of the server's log that tell of a server error (none may appear)."""
    return [line for line in site.log().splitlines() if SERVER_ERROR.search(line)]
