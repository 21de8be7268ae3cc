"""A small EHR for tests, run in its own process: a FHIR R4 server over the resources of one
Bundle (read, search by patient with paging, `metadata`) and a SMART on FHIR authorization
server (`.well-known/smart-configuration`, `authorize`, `token`) that launches one patient.

    python -m tests.interop.ehr_server BUNDLE.json [--page-size N] [--patient ID]

prints `listening on PORT` and serves 127.0.0.1:PORT until killed. Every FHIR read needs the
bearer token the token endpoint issued (or `--token`), so a test sees a real exchange.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

FHIR_JSON = "application/fhir+json"


class Ehr:
    def __init__(self, bundle: dict[str, Any], page_size: int, patient: str, token: str) -> None:
        self.resources: dict[str, dict[str, dict[str, Any]]] = {}
        for entry in bundle.get("entry", []):
            resource = entry["resource"]
            # As a server stores them: references to the patient are `Patient/<id>`.
            for key in ("subject", "patient"):
                reference = resource.get(key, {}).get("reference", "")
                if reference.startswith("urn:uuid:"):
                    resource[key]["reference"] = f"Patient/{reference.removeprefix('urn:uuid:')}"
            self.resources.setdefault(resource["resourceType"], {})[resource["id"]] = resource
        self.page_size = page_size
        self.patient = patient
        self.tokens = {token}
        self.codes: dict[str, dict[str, str]] = {}  # code -> redirect_uri, challenge, state
        self.requests: list[str] = []

    def subject_id(self, resource: dict[str, Any]) -> str | None:
        reference = (resource.get("subject") or resource.get("patient") or {}).get("reference", "")
        return reference.rstrip("/").split("/")[-1].removeprefix("urn:uuid:") or None


class Handler(BaseHTTPRequestHandler):
    ehr: Ehr
    base: str

    def log_message(self, *args: Any) -> None:
        pass

    def send(self, status: int, body: Any, content_type: str = FHIR_JSON, **headers: str) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def outcome(self, status: int, text: str) -> None:
        self.send(
            status,
            {
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "error", "code": "processing", "diagnostics": text}],
            },
        )

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.ehr.requests.append(self.path)
        path = url.path
        if path == "/fhir/.well-known/smart-configuration":
            return self.send(200, self.smart_configuration(), "application/json")
        if path == "/fhir/metadata":
            return self.send(200, self.metadata())
        if path == "/auth/authorize":
            return self.authorize(query)
        if not path.startswith("/fhir/"):
            return self.outcome(404, "not found")
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or token not in self.ehr.tokens:
            return self.outcome(401, "a bearer token is required")
        parts = path.removeprefix("/fhir/").split("/")
        if len(parts) == 2:
            resource = self.ehr.resources.get(parts[0], {}).get(parts[1])
            return self.send(200, resource) if resource else self.outcome(404, "no such resource")
        return self.search(parts[0], query)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/auth/token":
            return self.outcome(404, "not found")
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        grant = self.ehr.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return self.send(400, {"error": "invalid_grant"}, "application/json")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self.send(400, {"error": "invalid_grant"}, "application/json")
        if grant["challenge"]:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return self.send(400, {"error": "invalid_grant"}, "application/json")
        token = secrets.token_urlsafe(16)
        self.ehr.tokens.add(token)
        self.send(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": grant["scope"],
                "patient": self.ehr.patient,
            },
            "application/json",
            Cache_Control="no-store",
        )

    def authorize(self, query: dict[str, str]) -> None:
        """Approves at once (the clinician is signed in to the EHR) and sends the browser back."""
        if query.get("response_type") != "code" or query.get("aud") != f"{self.base}/fhir":
            return self.send(400, {"error": "invalid_request"}, "application/json")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return self.send(400, {"error": "invalid_request"}, "application/json")  # PKCE
        code = secrets.token_urlsafe(12)
        self.ehr.codes[code] = {
            "redirect_uri": query.get("redirect_uri", ""),
            "challenge": query.get("code_challenge", ""),
            "scope": query.get("scope", ""),
        }
        target = f"{query.get('redirect_uri')}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        self.send(302, None, "text/plain", Location=target)

    def search(self, kind: str, query: dict[str, str]) -> None:
        patient = query.get("patient") or query.get("subject", "").split("/")[-1]
        codes = set(query["code"].split(",")) if "code" in query else None
        found = []
        for resource in self.ehr.resources.get(kind, {}).values():
            if patient and self.ehr.subject_id(resource) != patient:
                continue
            if codes is not None:
                own = {c.get("code") for c in resource.get("code", {}).get("coding", [])}
                own |= {
                    f"{c.get('system')}|{c.get('code')}"
                    for c in resource.get("code", {}).get("coding", [])
                }
                if not own & codes:
                    continue
            found.append(resource)
        page = int(query.get("_page", "1"))
        size = self.ehr.page_size
        chosen = found[(page - 1) * size : page * size]
        bundle: dict[str, Any] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(found),
            "link": [{"relation": "self", "url": f"{self.base}{self.path}"}],
            "entry": [
                {
                    "fullUrl": f"{self.base}/fhir/{kind}/{r['id']}",
                    "resource": r,
                    "search": {"mode": "match"},
                }
                for r in chosen
            ],
        }
        if page * size < len(found):
            following = {k: v for k, v in query.items() if k != "_page"} | {"_page": str(page + 1)}
            bundle["link"].append(
                {"relation": "next", "url": f"{self.base}/fhir/{kind}?{urlencode(following)}"}
            )
        self.send(200, bundle)

    def smart_configuration(self) -> dict[str, Any]:
        return {
            "issuer": f"{self.base}/fhir",
            "authorization_endpoint": f"{self.base}/auth/authorize",
            "token_endpoint": f"{self.base}/auth/token",
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "capabilities": ["launch-ehr", "client-public", "context-ehr-patient"],
            "scopes_supported": ["launch", "patient/*.read", "openid", "fhirUser"],
        }

    def metadata(self) -> dict[str, Any]:
        oauth = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
        return {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-01-01",
            "kind": "instance",
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "extension": [
                            {
                                "url": oauth,
                                "extension": [
                                    {"url": "authorize", "valueUri": f"{self.base}/auth/authorize"},
                                    {"url": "token", "valueUri": f"{self.base}/auth/token"},
                                ],
                            }
                        ]
                    },
                }
            ],
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle")
    parser.add_argument("--page-size", type=int, default=2)
    parser.add_argument("--patient", default="")
    parser.add_argument("--token", default="test-ehr-token")
    args = parser.parse_args()
    with open(args.bundle, encoding="utf-8") as source:
        bundle = json.load(source)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.ehr = Ehr(bundle, args.page_size, args.patient, args.token)
    Handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
