"""Crash storm: kill -9 the server while bookings, questions and staff answers pour in.

Client threads send bookings and ask-a-doctor questions through the real forms (GET for the
one-time token, POST), and a signed-in clinician answers questions, as fast as the server
takes them. The server (`rpl serve`: uvicorn's supervisor and workers, one process group) is killed
with SIGKILL after every seconds/kills of storm with the server up, and started again; the last
kill ends the storm. Then the server is started once more and must take a new booking, and every
submission the server acknowledged (a 302 to its confirmation page; the booking reference or
private link when the confirmation page was read too) is looked for in the database, and the
database's integrity check run (tests/reliability/dbcheck.py).

The test (tests/reliability/test_crash.py) runs a short storm with one kill; for a longer one:

    .venv/bin/python -m tests.reliability.storm --seconds 60 --kills 5
    .venv/bin/python -m tests.reliability.storm --seconds 60 --kills 5 --database-url postgres://...
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.reliability import harness

TIMEOUT = 10  # seconds per request
# The first kill waits for at least this many acknowledged submissions of each kind, and for
# at most MAX_WAIT seconds past its time.
FIRST_KILL_AFTER = {"booking": 5, "question": 3, "answer": 1}
MAX_WAIT = 90.0
PAUSE_WHEN_DOWN = 0.05  # between retries while the server is down


@dataclass
class Tally:
    """Counts of what happened to the clients' requests (for the report)."""

    attempts: int = 0
    acknowledged: int = 0
    connection_failures: int = 0  # refused or cut by a kill: never acknowledged
    unexpected: dict[str, int] = field(default_factory=dict)  # other statuses

    def odd(self, what: str) -> None:
        self.unexpected[what] = self.unexpected.get(what, 0) + 1


class Storm:
    def __init__(self, server: harness.Server, clinician_password: str) -> None:
        self.server = server
        self.password = clinician_password
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.numbers = itertools.count(1)
        self.acknowledged = harness.Acknowledged()
        self.tallies = {"booking": Tally(), "question": Tally(), "answer": Tally()}
        today = dt.datetime.now(dt.UTC).date()
        self.earliest = (today + dt.timedelta(days=7)).isoformat()
        self.latest = (today + dt.timedelta(days=40)).isoformat()

    # --- one submission each --------------------------------------------------------------

    def _submit(self, session: requests.Session, kind: str, path: str, answers: dict[str, str]):
        """GET the form, POST it; the POST's response, or None when the server was away."""
        tally = self.tallies[kind]
        try:
            page = session.get(self.server.url + path, timeout=TIMEOUT)
            fields = harness.hidden_fields(page.text)
            answers = {**answers, **{k: fields[k] for k in ("csrfmiddlewaretoken", "form_token")}}
            with self.lock:
                tally.attempts += 1
            return session.post(
                self.server.url + path, data=answers, timeout=TIMEOUT, allow_redirects=False
            )
        except (requests.RequestException, KeyError):
            with self.lock:
                tally.connection_failures += 1
            time.sleep(PAUSE_WHEN_DOWN)
            return None

    def _confirmation(self, session: requests.Session, path: str) -> str:
        with contextlib.suppress(requests.RequestException):
            return session.get(self.server.url + path, timeout=TIMEOUT).text
        return ""

    def book_once(self, session: requests.Session) -> None:
        number = next(self.numbers)
        answers = harness.booking_answers(number, today=self.earliest, later=self.latest)
        response = self._submit(session, "booking", "/en/book/", answers)
        if response is None:
            return
        if response.status_code != 302 or not response.headers["Location"].endswith(
            "/book/thanks/"
        ):
            with self.lock:
                self.tallies["booking"].odd(f"status {response.status_code}")
            return
        with self.lock:
            self.tallies["booking"].acknowledged += 1
            self.acknowledged.booking_names.append(answers["name"])
        if reference := harness.booking_reference(self._confirmation(session, "/en/book/thanks/")):
            with self.lock:
                self.acknowledged.booking_references.append(reference)

    def ask_once(self, session: requests.Session) -> None:
        text = harness.question_text(next(self.numbers))
        answers = {"text": text, "email": "", "consent": "on", "website": ""}
        response = self._submit(session, "question", "/en/ask/", answers)
        if response is None:
            return
        if response.status_code != 302 or not response.headers["Location"].endswith("/ask/thanks/"):
            with self.lock:
                self.tallies["question"].odd(f"status {response.status_code}")
            return
        with self.lock:
            self.tallies["question"].acknowledged += 1
            self.acknowledged.question_texts.append(text)
        if key := harness.answer_key(self._confirmation(session, "/en/ask/thanks/")):
            with self.lock:
                self.acknowledged.question_keys.append(key)

    def sign_in(self, session: requests.Session) -> bool:
        try:
            page = session.get(self.server.url + "/staff/login/", timeout=TIMEOUT)
            form = {
                "csrfmiddlewaretoken": harness.hidden_fields(page.text)["csrfmiddlewaretoken"],
                "username": "clinician",
                "password": self.password,
            }
            response = session.post(
                self.server.url + "/staff/login/", data=form, timeout=TIMEOUT, allow_redirects=False
            )
        except (requests.RequestException, KeyError):
            time.sleep(PAUSE_WHEN_DOWN)
            return False
        return response.status_code == 302

    def answer_once(self, session: requests.Session, done: set[int]) -> None:
        """Answer one question not yet answered in this storm (each once, so the last
        acknowledged answer is the one the database must hold)."""
        tally = self.tallies["answer"]
        try:
            inbox = session.get(self.server.url + "/staff/questions/", timeout=TIMEOUT).text
            waiting = [int(pk) for pk in re.findall(r'href="/staff/questions/(\d+)/"', inbox)]
            todo = [pk for pk in waiting if pk not in done]
            if not todo:
                time.sleep(0.1)
                return
            pk = todo[0]
            done.add(pk)
            text = harness.answer_text(pk, next(self.numbers))
            path = f"/staff/questions/{pk}/"
            with self.lock:
                tally.attempts += 1
            response = session.post(
                self.server.url + path,
                data={
                    "action": "answer",
                    "answer_text": text,
                    "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                },
                headers={"Referer": self.server.url + path},
                timeout=TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException:
            with self.lock:
                tally.connection_failures += 1
            time.sleep(PAUSE_WHEN_DOWN)
            return
        if response.status_code != 302 or response.headers["Location"] != path:
            with self.lock:
                tally.odd(f"status {response.status_code}")
            return
        with self.lock:
            tally.acknowledged += 1
            self.acknowledged.answers[pk] = text

    def wait_for_traffic(self, *, first: bool, deadline: float) -> None:
        """Before a kill: wait until every kind of submission has been acknowledged since the
        last (re)start (on the first kill, at least FIRST_KILL_AFTER of each), or the deadline.

        On a busy machine a fixed few seconds may see no answer at all (the clinician's sign-in
        alone hashes a password with Argon2); the kill must hit a storm that is really going.
        """
        with self.lock:
            since = {kind: tally.acknowledged for kind, tally in self.tallies.items()}
        wanted = FIRST_KILL_AFTER if first else dict.fromkeys(since, 1)
        if first:
            since = dict.fromkeys(since, 0)
        while time.monotonic() < deadline:
            with self.lock:
                now = {kind: tally.acknowledged for kind, tally in self.tallies.items()}
            if all(now[kind] - since[kind] >= wanted[kind] for kind in wanted):
                return
            time.sleep(0.05)

    # --- the clients --------------------------------------------------------------------

    def _loop(self, kind: str, step: Callable[[], None]) -> None:
        """Run one client until the storm ends; anything unforeseen is counted, not lost in a
        dead thread (the test asserts there was nothing unforeseen)."""
        while not self.stop.is_set():
            try:
                step()
            except Exception as error:  # reported through the tally
                with self.lock:
                    self.tallies[kind].odd(f"{type(error).__name__}: {error}")
                time.sleep(PAUSE_WHEN_DOWN)

    def booker(self) -> None:
        with requests.Session() as session:
            self._loop("booking", lambda: self.book_once(session))

    def asker(self) -> None:
        with requests.Session() as session:
            self._loop("question", lambda: self.ask_once(session))

    def clinician(self) -> None:
        done: set[int] = set()
        with requests.Session() as session:
            while not self.stop.is_set() and not self.sign_in(session):
                time.sleep(PAUSE_WHEN_DOWN)
            self._loop("answer", lambda: self.answer_once(session, done))


@dataclass
class StormResult:
    seconds: float
    kills: int
    database: dict[str, Any]
    tallies: dict[str, Tally]
    acknowledged: harness.Acknowledged
    restart_seconds: list[float]
    booking_after_restart: bool

    @property
    def lost(self) -> int:
        return sum(
            len(self.database[key])
            for key in (
                "missing_booking_names",
                "missing_booking_references",
                "missing_questions",
                "missing_question_keys",
                "missing_answers",
            )
        )

    @property
    def sound(self) -> bool:
        return (
            self.lost == 0
            and not self.database["integrity_problems"]
            and self.booking_after_restart
        )

    def summary(self) -> str:
        ack = self.acknowledged
        lines = [
            f"storm: {self.seconds:.1f} s in all (restarts included), {self.kills} kill(s) -9 "
            "of the whole server, "
            f"database {self.database['vendor']}",
        ]
        for kind, tally in self.tallies.items():
            lines.append(
                f"  {kind}s: {tally.attempts} sent, {tally.acknowledged} acknowledged, "
                f"{tally.connection_failures} requests refused or cut (server killed or down)"
                + (f", other answers {tally.unexpected}" if tally.unexpected else "")
            )
        lines += [
            f"  confirmation pages read: {len(ack.booking_references)} booking references, "
            f"{len(ack.question_keys)} private links",
            f"  in the database: {self.database['bookings_in_database']} bookings, "
            f"{self.database['questions_in_database']} questions",
            f"  acknowledged but missing: {self.lost}",
            "  integrity check: " + ("; ".join(self.database["integrity_problems"]) or "ok"),
            "  restarts took: " + ", ".join(f"{s:.1f} s" for s in self.restart_seconds),
            f"  a booking after the last restart: {'stored' if self.booking_after_restart else 'FAILED'}",
        ]
        return "\n".join(lines)


def crash_storm(
    work: Path,
    *,
    database_url: str | None = None,
    seconds: float = 5,
    kills: int = 1,
    bookers: int = 6,
    askers: int = 3,
    workers: int = 2,
) -> StormResult:
    env = harness.server_environment(work / "data", database_url)
    logins = harness.set_up_demo(env)
    server = harness.Server(env, work / "serve.log", workers=workers)
    server.start()
    storm = Storm(server, logins["clinician"])
    clients = [storm.booker] * bookers + [storm.asker] * askers + [storm.clinician]
    threads_ = [threading.Thread(target=client, daemon=True) for client in clients]
    restarts: list[float] = []
    started = time.monotonic()
    up_since = started
    try:
        for thread in threads_:
            thread.start()
        for kill in range(1, kills + 1):
            # Each kill comes after seconds / kills of storm with the server up (a restart's
            # own time does not count).
            time.sleep(max(0.0, up_since + seconds / kills - time.monotonic()))
            storm.wait_for_traffic(first=kill == 1, deadline=time.monotonic() + MAX_WAIT)
            server.kill()
            if kill < kills:
                began = time.monotonic()
                server.start()
                up_since = time.monotonic()
                restarts.append(up_since - began)
        elapsed = time.monotonic() - started
        storm.stop.set()
        for thread in threads_:
            thread.join(timeout=2 * TIMEOUT)
        began = time.monotonic()
        server.start()
        restarts.append(time.monotonic() - began)
        before = storm.tallies["booking"].acknowledged
        with requests.Session() as session:
            storm.book_once(session)
        booking_after_restart = storm.tallies["booking"].acknowledged == before + 1
        # Everything acknowledged, the booking just made included, and the integrity check.
        database = harness.check_database(env, storm.acknowledged)
    finally:
        storm.stop.set()
        server.stop()
    return StormResult(
        seconds=elapsed,
        kills=kills,
        database=database,
        tallies=storm.tallies,
        acknowledged=storm.acknowledged,
        restart_seconds=restarts,
        booking_after_restart=booking_after_restart,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=60, help="storm time with the server up, in all"
    )
    parser.add_argument(
        "--kills", type=int, default=5, help="kill -9s, one after each seconds/kills of storm"
    )
    parser.add_argument("--bookers", type=int, default=6, help="booking client threads")
    parser.add_argument("--askers", type=int, default=3, help="ask-a-doctor client threads")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rpl-storm-"))
    try:
        result = crash_storm(
            work,
            database_url=args.database_url,
            seconds=args.seconds,
            kills=args.kills,
            bookers=args.bookers,
            askers=args.askers,
            workers=args.workers,
        )
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(result.summary())
    if args.json:
        figures = {
            "seconds": result.seconds,
            "kills": result.kills,
            "database": result.database,
            "tallies": {kind: vars(tally) for kind, tally in result.tallies.items()},
            "restart_seconds": result.restart_seconds,
            "booking_after_restart": result.booking_after_restart,
        }
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if result.sound else 1


if __name__ == "__main__":
    sys.exit(main())
