"""Sending SMS through a pluggable gateway (RPL_SMS_BACKEND).

- `console` (default): prints the message text, never the number, to standard output;
- `file`: writes each message, number included, as a JSON file into RPL_SMS_FILE_DIR
  (owner-only), a development outbox like Django's file e-mail backend;
- `twilio`: Twilio's Programmable Messaging REST API (Messages resource), over HTTPS with the
  standard library's HTTP client;
- `none`: sends nothing (a clinic without an SMS provider).

A clinic with another provider writes a class with `send(to, body)` and names it by its dotted
path in RPL_SMS_BACKEND.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("rpl.web.sms")


class SmsError(RuntimeError):
    """The gateway did not accept the message. The text never holds the number or the body."""


class SmsBackend(Protocol):
    def send(self, to: str, body: str) -> None:
        """Send `body` to the E.164 number `to`, or raise SmsError."""


class ConsoleBackend:
    """Development: the text on standard output, the number replaced by a mark (the console
    is a log)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream

    def send(self, to: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to one number (not shown):\n{body}\n{'-' * 40}\n")
        stream.flush()


class FileBackend:
    """Development and tests: one JSON file per message in a private folder."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory or settings.RPL_SMS_FILE_DIR)

    def send(self, to: str, body: str) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{os.getpid()}-{secrets.token_hex(8)}.json"
        path = self.directory / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"to": to, "body": body}, handle, ensure_ascii=False)


class NoBackend:
    def send(self, to: str, body: str) -> None:
        raise SmsError("no SMS gateway is configured (RPL_SMS_BACKEND=none)")


class TwilioBackend:
    """Twilio's Messages resource: POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json
    with the form fields To, Body and From (a number or sender id) or MessagingServiceSid (an
    id starting MG), HTTP Basic authentication with the account id and auth token. 201 with the
    message resource (JSON, with its `sid`) when accepted; otherwise an error document with
    `code` and `message`."""

    def __init__(
        self,
        account_sid: str | None = None,
        auth_token: str | None = None,
        sender: str | None = None,
        api_url: str | None = None,
        timeout: float = 10,
    ) -> None:
        self.account_sid = account_sid or settings.RPL_TWILIO_ACCOUNT_SID
        self.auth_token = auth_token or settings.RPL_TWILIO_AUTH_TOKEN
        self.sender = sender or settings.RPL_TWILIO_FROM
        self.api_url = (api_url or settings.RPL_TWILIO_API_URL).rstrip("/")
        self.timeout = timeout
        if not (self.account_sid and self.auth_token and self.sender):
            raise SmsError(
                "the twilio SMS backend needs RPL_TWILIO_ACCOUNT_SID, RPL_TWILIO_AUTH_TOKEN "
                "and RPL_TWILIO_FROM"
            )

    def send(self, to: str, body: str) -> None:
        fields = {"To": to, "Body": body}
        if self.sender.startswith("MG"):
            fields["MessagingServiceSid"] = self.sender
        else:
            fields["From"] = self.sender
        account = urllib.parse.quote(self.account_sid, safe="")
        url = f"{self.api_url}/2010-04-01/Accounts/{account}/Messages.json"
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310  # https in production, set by the clinic
            url,
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"Twilio refused the message: {_twilio_error(error)}") from None
        except (OSError, ValueError) as error:
            raise SmsError(f"Twilio could not be reached: {type(error).__name__}") from None
        if not str(answer.get("sid", "")).startswith(("SM", "MM")):
            raise SmsError("Twilio's answer had no message id")


def _twilio_error(error: urllib.error.HTTPError) -> str:
    """Twilio's error code and status only: its message text may repeat the number."""
    try:
        document = json.loads(error.read() or b"{}")
    except ValueError:
        document = {}
    code = document.get("code")
    return f"HTTP {error.code}" + (f", error {code}" if isinstance(code, int) else "")


BACKENDS = {
    "console": ConsoleBackend,
    "file": FileBackend,
    "twilio": TwilioBackend,
    "none": NoBackend,
}


def backend() -> SmsBackend:
    name = settings.RPL_SMS_BACKEND
    factory = BACKENDS.get(name) or import_string(name)
    built: SmsBackend = factory()
    return built


def send_sms(to: str, body: str) -> None:
    backend().send(to, body)
