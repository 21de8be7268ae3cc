"""Shared by the fuzz tests: how many inputs to try, a count of those sent, the forms found on a
page, and Hypothesis strategies for hostile values.

A normal run tries a moderate number of inputs per target, the same ones each time.
`RPL_FUZZ_EXAMPLES=N` tries N per target instead, with fresh random data (docs/reliability.md has
the command for the large run). The end of every run reports how many inputs were sent
(tests/conftest.py adds up the counts of the xdist workers).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES_ENV = "RPL_FUZZ_EXAMPLES"
SENT: Counter[str] = Counter()  # target -> inputs sent in this process


def large_run() -> bool:
    return bool(os.environ.get(EXAMPLES_ENV, "").strip())


def examples(default: int, cost: int = 1) -> int:
    """Inputs per target: `default` in a normal run, else RPL_FUZZ_EXAMPLES divided by the
    target's cost (how many ordinary inputs one of its inputs takes to run)."""
    if not large_run():
        return default
    return max(int(os.environ[EXAMPLES_ENV]) // cost, default)


def fuzz_settings(default: int, cost: int = 1) -> settings:
    """Hypothesis settings for a fuzz test: repeatable in CI, random in a large run."""
    return settings(
        max_examples=examples(default, cost),
        deadline=None,
        derandomize=not large_run(),
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# --- hostile values ------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "Infinity",
    "9" * 40,
    "9" * 5000,
    "1" + "0" * 1000,
    "0x1F",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    "3,5",
    "3.5.5",
    "7+9",
    "40+7",
    "99+99",
    "+84 912 345 678",
    "2024-02-30",
    "0000-01-01",
    "9999-12-31",
    "31/12/2024",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR '1'='1",
    "%s%s%n",
    "{{ 7*7 }}",
    "{% debug %}",
    "a\x00b",
    "\r\n\r\n",
    "../../etc/passwd",
    "[" * 500 + "]" * 500,
    '{"a":' * 500 + "1" + "}" * 500,
    "é" * 3000,
    "🙂" * 100,
    "\u202eevil",
    "x" * 100_000,
]
# Any text a browser could send: every Unicode character but lone surrogates.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY),
        TEXT,
        st.integers(-(10**40), 10**40).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates().map(str),
    )


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Any JSON value, with hostile numbers and text among the leaves."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=5), st.dictionaries(TEXT, children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """The document with a few random changes: a value replaced, a key removed or added."""
    document = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(document))
        if not places:
            return draw(json_values())
        container, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            container[key] = draw(json_values(10))
        elif action == "delete" and isinstance(container, dict):
            del container[key]
        elif isinstance(container, dict):
            container[draw(TEXT)] = draw(json_values(10))
        else:
            container.append(draw(json_values(10)))
    return document


def _places(value: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((value, key))
            found += _places(child)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((value, index))
            found += _places(child)
    return found


# --- forms on a page -------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, checkbox, radio, select, textarea, file, number, date, ...
    default: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)


class FormScanner(HTMLParser):
    """The forms of a page, with their fields, defaults and choices."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._select.options.append(values.get("value", ""))
            if "selected" in values:
                self._select.default = values.get("value", "")
            return
        if tag == "form":
            self._form = Form(
                method=values.get("method", "get").upper(),
                action=values.get("action") or self.page_path,
                multipart=values.get("enctype") == "multipart/form-data",
            )
            self.forms.append(self._form)
        if self._form is None or not (name := values.get("name")):
            return
        if tag == "input":
            kind = values.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                kind = "button"
            known = self._form.fields.get(name)
            if known is not None and kind in ("radio", "checkbox"):
                known.options.append(values.get("value", "on"))
                if "checked" in values:
                    known.default = values.get("value", "on")
                return
            default = values.get("value", "")
            if kind in ("radio", "checkbox"):
                item = Field(name, kind, default if "checked" in values else "", [default or "on"])
            else:
                item = Field(name, kind, default)
            self._form.fields[name] = item
        elif tag == "select":
            self._select = self._form.fields.setdefault(name, Field(name, "select"))
        elif tag == "textarea":
            self._textarea = self._form.fields.setdefault(name, Field(name, "textarea"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.default += data


def forms_on(page_path: str, html: str) -> list[Form]:
    scanner = FormScanner(page_path)
    scanner.feed(html)
    return scanner.forms


@st.composite
def filled_in(draw: st.DrawFn, form: Form) -> dict[str, Any]:
    """Values for the form: mostly what the page offers, with hostile ones mixed in, some
    fields left out and some unknown ones added."""
    data: dict[str, Any] = {}
    for item in form.fields.values():
        if item.kind == "button" or item.kind == "file":
            continue
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # left out
        if choice <= 3:
            value: Any = item.default
        elif choice <= 5 and item.options:
            value = draw(st.sampled_from(item.options))
        else:
            value = draw(hostile_text())
        if item.kind == "checkbox" and item.options and draw(st.booleans()):
            value = draw(st.lists(st.sampled_from([*item.options, "zz"]), max_size=4))
        data[item.name] = value
    for _ in range(draw(st.integers(0, 2))):
        data[draw(TEXT.filter(bool))] = draw(hostile_text())
    return data
