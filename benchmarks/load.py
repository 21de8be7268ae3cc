"""Load test of the patient site: simulated visitors against a real `rpl serve` on 127.0.0.1.

The script sets up a fresh data directory with the demo data (`rpl demo`), starts `rpl serve`
(uvicorn) on a free loopback port, runs locust's users against it for a fixed time, stops the
server and then checks that every booking the server acknowledged (a confirmation page with a
reference code) is in the database. Each visitor picks a language (en, vi, zh-hans, tr) and
reads the home page, education pages and the FAQ, uses the warning-sign check (GET, then POST)
and books a consultation (GET the form, POST it with its one-time token, read the reference on
the confirmation page), with a think time between actions.

Every request comes from 127.0.0.1, so the per-address booking and question limits are raised
for the server it starts (RPL_BOOKINGS_PER_HOUR, RPL_QUESTIONS_PER_HOUR).

Targets (issue 9): p95 < 150 ms for pages, p95 < 300 ms for booking POSTs, no errors, no lost
booking. The script prints figures and ratios; it exits 1 on an error or a lost booking (not on
a latency miss: speed targets are reported, not asserted).

    .venv/bin/python benchmarks/load.py                          # 50 users, 5 minutes
    .venv/bin/python benchmarks/load.py --users 10 --seconds 20  # a smoke run
    .venv/bin/python benchmarks/load.py --database-url postgres://...  # an empty PostgreSQL DB
"""

# locust patches the standard library for gevent as it is imported: it must come first.
from locust import FastHttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip
from locust.stats import StatsEntry  # isort: skip

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import gevent
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability import harness  # noqa: E402

LANGUAGES = ("en", "vi", "zh-hans", "tr")
SYMPTOMS = (
    "bleeding_heavy",
    "bleeding_light",
    "bleeding_spotting",
    "pain_mild",
    "pain_severe",
    "pain_one_sided",
    "fever",
    "passing_tissue",
)
FAQ_QUERIES = ("", "", "", "aspirin", "test", "progesterone", "stress")
PAGE_TARGET_MS = 150
BOOKING_POST_TARGET_MS = 300
# Request kinds (locust names), in the order they are reported; all but the booking POST are
# pages for the targets.
KINDS = (
    "home",
    "education",
    "faq",
    "warning-sign GET",
    "warning-sign POST",
    "booking GET",
    "booking POST",
    "booking confirmation",
)
BOOKING_POST = "booking POST"


class Run:
    """What the visitors share: the education pages, dates, numbering and what was acknowledged."""

    slugs: tuple[str, ...] = ()
    numbers = itertools.count(1)
    acknowledged = harness.Acknowledged()
    unconfirmed: int = 0  # a 302 whose confirmation page showed no reference


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def encoded(answers: dict[str, Any]) -> str:
    """A form body; a list is sent as repeated fields (several ticked boxes)."""
    return urllib.parse.urlencode(answers, doseq=True)


class Visitor(FastHttpUser):
    wait_time = between(1, 3)  # set from --think
    language = "en"

    def on_start(self) -> None:
        self.language = random.choice(LANGUAGES)

    def _url(self, path: str) -> str:
        return f"/{self.language}/{path}"

    @task(2)
    def home(self) -> None:
        self.client.get(self._url(""), name="home")

    @task(6)
    def education(self) -> None:
        slug = random.choice(Run.slugs)
        self.client.get(self._url(f"learn/{slug}/" if slug else "learn/"), name="education")

    @task(3)
    def faq(self) -> None:
        query = random.choice(FAQ_QUERIES)
        self.client.get(self._url("faq/"), params={"q": query} if query else None, name="faq")

    @task(3)
    def warning_signs(self) -> None:
        page = self.client.get(self._url("warning-signs/"), name="warning-sign GET")
        fields = harness.hidden_fields(page.text or "")
        pregnant = random.choice(("yes", "no", "unsure"))
        answers: dict[str, Any] = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "pregnant": pregnant,
            "weeks": random.choice(("", "6", "9+2", "12")),
            "location": random.choice(("", "intrauterine", "unknown")),
            "symptoms": random.sample(SYMPTOMS, random.randint(0, 2)),
            "previous_miscarriages": str(random.randint(0, 4)),
        }
        with self.client.post(
            self._url("warning-signs/"),
            data=encoded(answers),
            headers=FORM,
            name="warning-sign POST",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task(2)
    def book(self) -> None:
        page = self.client.get(self._url("book/"), name="booking GET")
        fields = harness.hidden_fields(page.text or "")
        number = next(Run.numbers)
        today = dt.datetime.now(dt.UTC).date()
        answers = harness.booking_answers(
            number,
            today=(today + dt.timedelta(days=7)).isoformat(),
            later=(today + dt.timedelta(days=40)).isoformat(),
        )
        answers["csrfmiddlewaretoken"] = fields.get("csrfmiddlewaretoken", "")
        answers["form_token"] = fields.get("form_token", "")
        with self.client.post(
            self._url("book/"),
            data=encoded(answers),
            headers=FORM,
            name=BOOKING_POST,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code != 302 or not location.endswith("/book/thanks/"):
                response.failure(f"status {response.status_code}")
                return
        Run.acknowledged.booking_names.append(answers["name"])
        with self.client.get(
            self._url("book/thanks/"), name="booking confirmation", catch_response=True
        ) as confirmation:
            reference = harness.booking_reference(confirmation.text or "")
            if confirmation.status_code != 200 or reference is None:
                confirmation.failure("no reference on the confirmation page")
                Run.unconfirmed += 1
                return
        Run.acknowledged.booking_references.append(reference)


def education_slugs(base: str) -> tuple[str, ...]:
    with urllib.request.urlopen(f"{base}/en/learn/", timeout=30) as response:  # noqa: S310
        page = response.read().decode()
    slugs = sorted(set(re.findall(r'href="/en/learn/([a-z0-9-]+)/"', page)))
    if not slugs:
        raise RuntimeError("no education pages found: did `rpl demo` load them?")
    return ("", *slugs)  # "" is the index


def merged(stats: Any, name: str, entries: list[StatsEntry]) -> StatsEntry:
    total = StatsEntry(stats, name, "", use_response_times_cache=False)
    for entry in entries:
        total.extend(entry)
    return total


def row(entry: StatsEntry, target_ms: int | None) -> dict[str, Any]:
    p95 = entry.get_response_time_percentile(0.95) if entry.num_requests else 0
    return {
        "kind": entry.name,
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "rps": round(entry.total_rps, 1),
        "p50_ms": entry.get_response_time_percentile(0.50) if entry.num_requests else 0,
        "p95_ms": p95,
        "p99_ms": entry.get_response_time_percentile(0.99) if entry.num_requests else 0,
        "max_ms": round(entry.max_response_time or 0),
        "target_p95_ms": target_ms,
        "ratio": round(p95 / target_ms, 2) if target_ms else None,
    }


def server_cpu_seconds(server: harness.Server) -> float:
    assert server.process is not None
    try:
        master = psutil.Process(server.process.pid)
        processes = [master, *master.children(recursive=True)]
        return sum(p.cpu_times().user + p.cpu_times().system for p in processes)
    except psutil.Error:
        return float("nan")


def run(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="rpl-load-"))
    env = harness.server_environment(work / "data", args.database_url)
    print(f"data directory: {work}", flush=True)
    harness.set_up_demo(env)
    server = harness.Server(env, work / "serve.log", workers=args.workers)
    with harness.running(server):
        Run.slugs = education_slugs(server.url)
        Visitor.wait_time = between(args.think[0], args.think[1])
        environment = Environment(user_classes=[Visitor], host=server.url, events=events)
        runner = environment.create_local_runner()
        print(
            f"{args.users} users for {args.seconds} s against {server.url} "
            f"({args.workers} workers), after {args.warmup} s of "
            "warm-up",
            flush=True,
        )
        runner.start(args.users, spawn_rate=args.spawn_rate)
        # The warm-up starts the users and lets each worker load its templates and language
        # catalogues; its requests are not counted (its bookings are still checked).
        gevent.sleep(args.warmup)
        environment.stats.reset_all()
        cpu_before = server_cpu_seconds(server)
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        gevent.sleep(args.seconds)
        runner.quit()
        elapsed = time.monotonic() - started
        server_cpu = server_cpu_seconds(server) - cpu_before
        own = resource.getrusage(resource.RUSAGE_SELF)
        load_cpu = own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime
    report = harness.check_database(env, Run.acknowledged)

    stats = environment.stats
    entries = {entry.name: entry for entry in stats.entries.values()}
    rows = [
        row(entries[kind], BOOKING_POST_TARGET_MS if kind == BOOKING_POST else PAGE_TARGET_MS)
        for kind in KINDS
        if kind in entries
    ]
    pages = merged(stats, "all pages", [e for k, e in entries.items() if k != BOOKING_POST])
    rows.append(row(pages, PAGE_TARGET_MS))
    rows.append(row(stats.total, None) | {"kind": "all requests"})
    errors = {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()}
    lost = report["missing_booking_names"] + report["missing_booking_references"]
    summary = {
        "users": args.users,
        "seconds": round(elapsed, 1),
        "think_seconds": list(args.think),
        "warmup_seconds": args.warmup,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "workers": args.workers,
        "database": report["vendor"],
        "throughput_rps": round(stats.total.num_requests / elapsed, 1),
        "rows": rows,
        "errors": errors,
        "bookings_acknowledged": len(Run.acknowledged.booking_names),
        "references_seen": len(Run.acknowledged.booking_references),
        "bookings_in_database": report["bookings_in_database"],
        "bookings_lost": len(lost),
        "integrity_problems": report["integrity_problems"],
        "server_cpu_seconds": round(server_cpu, 1),
        "load_generator_cpu_seconds": round(load_cpu, 1),
    }
    print_summary(summary)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.keep:
        print(f"kept: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    failed = bool(errors) or bool(lost) or bool(report["integrity_problems"])
    return 1 if failed else 0


def print_summary(summary: dict[str, Any]) -> None:
    print()
    print(
        f"{summary['users']} users, {summary['seconds']} s, think time "
        f"{summary['think_seconds'][0]}-{summary['think_seconds'][1]} s, "
        f"{summary['workers']} workers, {summary['database']}"
    )
    print(f"throughput: {summary['throughput_rps']} requests/s")
    print(f"machine load average at the end (1, 5, 15 min): {summary['load_average']}")
    print()
    print(
        "| kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | p95 target | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in summary["rows"]:
        target = f"< {r['target_p95_ms']}" if r["target_p95_ms"] else ""
        ratio = ""
        if r["ratio"] is not None:
            ratio = f"{r['ratio']:.2f} ({'met' if r['ratio'] < 1 else 'MISSED'})"
        print(
            f"| {r['kind']} | {r['requests']} | {r['errors']} | {r['rps']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} | {target} | {ratio} |"
        )
    print()
    for error, count in summary["errors"].items():
        print(f"error x{count}: {error}")
    print(
        f"bookings acknowledged: {summary['bookings_acknowledged']} "
        f"(reference seen for {summary['references_seen']}); in the database: "
        f"{summary['bookings_in_database']}; lost: {summary['bookings_lost']}"
    )
    problems = summary["integrity_problems"]
    print(f"integrity check: {problems or 'ok'}")
    print(
        f"CPU: server {summary['server_cpu_seconds']} s, load generator "
        f"{summary['load_generator_cpu_seconds']} s (same 2 cores)"
    )
    verdict = "no errors" if not summary["errors"] else "ERRORS"
    verdict += ", no lost booking" if not summary["bookings_lost"] else ", LOST BOOKINGS"
    print(f"verdict: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument(
        "--warmup", type=float, default=15, help="seconds of load before the measurement"
    )
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds each visitor waits between actions",
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
