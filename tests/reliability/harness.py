"""A real RPL Care server for the reliability checks: set up, started, killed, restarted.

Shared by the crash tests (tests/reliability/), the longer crash storm (`python -m
tests.reliability.storm`) and the load script (benchmarks/load.py). The server is `rpl serve`
(uvicorn) on 127.0.0.1 only, with a fresh data directory and demo data; nothing here sends a
request anywhere else.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

# The server starts from none of the caller's configuration variables.
from tests.web.helpers import CONFIG_VARIABLES, RPL

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only, always
# Every request comes from 127.0.0.1, so the per-address limits (5 an hour) are raised.
RAISED_LIMIT = "1000000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """Local mode, a fresh data directory, raised limits, e-mails thrown away.

    The dummy mail backend keeps thousands of notifications out of the server's log; the
    notification still runs after each commit, as it does in real use.
    """
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}
    env["RPL_DATA_DIR"] = str(data_dir)
    env["RPL_BOOKINGS_PER_HOUR"] = RAISED_LIMIT
    env["RPL_QUESTIONS_PER_HOUR"] = RAISED_LIMIT
    env["RPL_MAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def set_up_demo(env: Mapping[str, str]) -> dict[str, str]:
    """`rpl demo` into the configured database; returns the demo logins (username -> password)."""
    result = subprocess.run(
        [str(RPL), "demo"],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rpl demo failed: {result.stderr[-2000:]}")
    text = (Path(env["RPL_DATA_DIR"]) / "demo-credentials.txt").read_text(encoding="utf-8")
    return dict(
        line.split(": ", 1) for line in text.splitlines() if ": " in line and line[0] != "#"
    )


@dataclass
class Server:
    """`rpl serve` in its own process group (uvicorn's supervisor and workers), on 127.0.0.1."""

    env: dict[str, str]
    log_path: Path
    workers: int = 2  # as `rpl serve`
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> None:
        argv = [str(RPL), "serve", "--host", HOST, "--port", str(self.port)]
        argv += ["--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                argv,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: one signal reaches every worker
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rpl serve exited early; see {self.log_path}")
            try:
                urllib.request.urlopen(f"{self.url}/en/", timeout=5).close()  # noqa: S310
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """kill -9 the master and every worker at once, as a power cut would hit the processes."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._wait_for_group_gone()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self._wait_for_group_gone()

    def _wait_for_group_gone(self, timeout: float = 30) -> None:
        # Workers are reparented when the master dies; wait until none is left.
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- Pages and forms ------------------------------------------------------------------------

_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
_REFERENCE = re.compile(r"<strong>([A-Z2-9]{8})</strong>")
_ANSWER_LINK = re.compile(r"/ask/answer/\?key=([A-Za-z0-9_-]+)")


def hidden_fields(page: str) -> dict[str, str]:
    """The form's hidden inputs (CSRF token, one-time form token) from a page."""
    return {name: unescape(value) for name, value in _HIDDEN.findall(page)}


def booking_reference(page: str) -> str | None:
    match = _REFERENCE.search(page)
    return match.group(1) if match else None


def answer_key(page: str) -> str | None:
    match = _ANSWER_LINK.search(page)
    return match.group(1) if match else None


def booking_answers(number: int, *, today: str, later: str) -> dict[str, str]:
    """A valid booking whose name is unique to this submission (so it can be found again)."""
    return {
        "name": f"Load Test {number:07d}",
        "phone_country": "VN",
        "phone": f"091{number % 10_000_000:07d}",
        "email": "",
        "preferred_language": "vi",
        "earliest_date": today,
        "latest_date": later,
        "time_of_day": "any",
        "history": "Two losses before 10 weeks.",
        "consent": "on",
        "website": "",
    }


def question_text(number: int) -> str:
    return f"Load test question {number:07d}: is a third test needed after two losses?"


def answer_text(question_id: int, number: int) -> str:
    return f"Load test answer {number:07d} to question {question_id}."


# --- The database afterwards ----------------------------------------------------------------


@dataclass
class Acknowledged:
    """What the server confirmed: bookings (by unique name, and reference when it was seen),
    questions (by unique text, and private link key when it was seen) and staff answers
    (question id -> the answer text)."""

    booking_names: list[str] = field(default_factory=list)
    booking_references: list[str] = field(default_factory=list)
    question_texts: list[str] = field(default_factory=list)
    question_keys: list[str] = field(default_factory=list)
    answers: dict[int, str] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps(
            {
                "booking_names": self.booking_names,
                "booking_references": self.booking_references,
                "question_texts": self.question_texts,
                "question_keys": self.question_keys,
                "answers": {str(key): value for key, value in self.answers.items()},
            }
        )


def check_database(env: Mapping[str, str], acknowledged: Acknowledged) -> dict[str, Any]:
    """Look for every acknowledged item and run the integrity check, in a Django subprocess
    configured exactly as the server was (tests/reliability/dbcheck.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.dbcheck"],
        env={**env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
        cwd=ROOT,
        input=acknowledged.as_json(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the database check failed to run: {result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report
