"""Reading the access table (access.yaml) and requesting every URL as one kind of caller."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import yaml

from tests.web.security.conftest import CALLERS, World, not_the_key
from tests.web.security.urlmap import UrlSpec, all_urls, paths

TABLE_FILE = Path(__file__).with_name("access.yaml")
LOGIN_PATHS = ("/staff/login/", "/staff/admin/login/")
# outcome word -> HTTP status (a redirect is told apart by where it leads)
STATUSES = {
    "ok": 200,
    "login": 302,
    "redirect": 302,
    "bad-request": 400,
    "no-token": 401,
    "denied": 403,
    "not-found": 404,
    "method": 405,
}
# Outcomes that let the caller in, against those that keep them out.
REFUSALS = {"login", "no-token", "denied"}


@dataclass(frozen=True)
class Expectation:
    method: str
    outcomes: dict[str, str]  # caller -> outcome word


@cache
def table() -> dict[str, Expectation]:
    raw = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    expectations = {}
    for key, entry in raw.items():
        method, row = ("GET", entry) if isinstance(entry, list) else next(iter(entry.items()))
        if len(row) != len(CALLERS):
            raise ValueError(f"access.yaml: {key} needs {len(CALLERS)} outcomes, one per caller")
        unknown = set(row) - set(STATUSES)
        if unknown:
            raise ValueError(f"access.yaml: {key}: unknown outcome {sorted(unknown)}")
        expectations[key] = Expectation(method.upper(), dict(zip(CALLERS, row, strict=True)))
    return expectations


def outcome_of(response: Any) -> str:
    """The outcome word for a response (or "status NNN" when none fits)."""
    status = response.status_code
    if status in (301, 302):
        target = urlsplit(response["Location"]).path
        return "login" if target in LOGIN_PATHS else "redirect"
    for word, code in STATUSES.items():
        if code == status and word not in ("login", "redirect"):
            return word
    return f"status {status}"


def query_for(spec: UrlSpec, caller: str, world: World) -> dict[str, str]:
    """Query parameters some views need; the link holder's key is theirs alone."""
    if spec.key == "questions:answer":
        return {"key": world.answer_key if caller == "link_holder" else not_the_key()}
    if spec.key == "clinic:report":
        return {"audience": "patient"}
    return {}


def request(client: Any, method: str, spec: UrlSpec, path: str, query: dict[str, str]) -> Any:
    """GET with the query, or another method with an empty body (an empty JSON object for
    the API and CDS Hooks, an empty form elsewhere)."""
    if method == "GET":
        return client.get(path, query)
    if query:
        path += "?" + urlencode(query)
    if spec.is_api:
        return client.generic(method, path, b"{}", content_type="application/json")
    return client.generic(method, path, b"", content_type="application/x-www-form-urlencoded")


def crawl_pages(
    world: Any, every_language: bool = True, admin: bool = True
) -> list[tuple[str, str, Any]]:
    """Every URL that gives a page (GET, 200) to some caller, requested as the first such caller,
    in every language (or only the first), with or without Django's admin."""
    pages = []
    for spec in all_urls():
        if not admin and spec.route.startswith("staff/admin/"):
            continue
        expectation = table()[spec.key]
        callers = [c for c in CALLERS if expectation.outcomes[c] == "ok"]
        if expectation.method != "GET" or not callers:
            continue
        client = world.client(callers[0])
        for path in paths(spec, world)[: None if every_language else 1]:
            response = request(client, "GET", spec, path, query_for(spec, callers[0], world))
            assert response.status_code == 200, path
            pages.append((spec.key, path, response))
    return pages
