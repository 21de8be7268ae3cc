"""Real servers on loopback for the message tests: an SMTP server (aiosmtpd) and a small HTTP
server that keeps the contract of Twilio's Messages API (the request it must get, the answers it
gives), so the real client code runs against a real socket, never a mock."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd connects to its own port to check it is up
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-not-a-secret"  # noqa: S105


@dataclass
class TwilioState:
    received: list[dict[str, str]] = field(default_factory=list)
    refuse_numbers: set[str] = field(default_factory=set)


class TwilioHandler(BaseHTTPRequestHandler):
    """POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, Body and From or
    MessagingServiceSid, HTTP Basic authentication: 201 with the message resource; 401 with a
    bad login; 400 with an error document (code 21211) for a number it is told to refuse."""

    state: TwilioState

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test output stays quiet (and would print numbers)

    def _answer(self, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        expected_path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        login = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {login}":
            self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
            return
        if self.path != expected_path:
            self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            return
        length = int(self.headers.get("Content-Length", "0"))
        fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        if not fields.get("To") or not fields.get("Body"):
            self._answer(400, {"code": 21604, "message": "'To' and 'Body' required", "status": 400})
            return
        if not (fields.get("From") or fields.get("MessagingServiceSid")):
            self._answer(400, {"code": 21603, "message": "'From' required", "status": 400})
            return
        if fields["To"] in self.state.refuse_numbers:
            self._answer(
                400,
                {
                    "code": 21211,
                    "message": f"The 'To' number {fields['To']} is not a valid phone number.",
                    "status": 400,
                },
            )
            return
        self.state.received.append(fields)
        sid = "SM" + f"{len(self.state.received):032x}"
        self._answer(
            201,
            {
                "sid": sid,
                "account_sid": ACCOUNT_SID,
                "to": fields["To"],
                "from": fields.get("From"),
                "messaging_service_sid": fields.get("MessagingServiceSid"),
                "body": fields["Body"],
                "status": "queued",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            },
        )


@contextmanager
def twilio_server() -> Iterator[tuple[TwilioState, str]]:
    state = TwilioState()
    handler = type("Handler", (TwilioHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
