"""Calculator pages: a form built from each calculator's JSON Schema, and back to its input.

Scalars get their own field (a number, a date, a yes/no, a choice of codes); lists and nested
objects are typed as JSON in a text box prefilled from the calculator's example. The input is
then checked by `rpl.core.calculators.run`, the same entry point as `rpl calc`, and each
problem is shown next to the field it names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rpl.core.calculators.registry import Calculator
from rpl.core.parsing import Problem, RecordError, load_json
from rpl.web.records.forms import number_or_text


@dataclass(frozen=True)
class CalcField:
    name: str
    kind: str  # number | integer | boolean | choice | date | text | json
    required: bool
    description: str
    choices: tuple[str, ...] = ()


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema.get("$defs", {}).get(ref.split("/")[-1], node)
    return node


def _kind(schema: Mapping[str, Any], node: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    node = _resolve(schema, node)
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        real = [_resolve(schema, o) for o in options if o.get("type") != "null"]
        if len(real) == 1:
            return _kind(schema, real[0])
        return "json", ()
    if "enum" in node:
        return "choice", tuple(str(value) for value in node["enum"])
    if "const" in node:
        return "choice", (str(node["const"]),)
    kind = node.get("type")
    if kind in ("number", "integer", "boolean"):
        return str(kind), ()
    if kind == "string":
        return ("date", ()) if node.get("format") == "date" else ("text", ())
    return "json", ()


def fields_of(calculator: Calculator) -> list[CalcField]:
    schema = calculator.json_schema()
    required = set(schema.get("required", []))
    fields = []
    for name, node in schema.get("properties", {}).items():
        kind, choices = _kind(schema, node)
        description = str(
            node.get("description") or _resolve(schema, node).get("description") or ""
        )
        fields.append(CalcField(name, kind, name in required, description, choices))
    return fields


def initial_values(calculator: Calculator) -> dict[str, str]:
    """The form filled with the calculator's example (what `rpl calc NAME --example` prints)."""
    values = {}
    for field in fields_of(calculator):
        value = calculator.example.get(field.name)
        if value is None:
            values[field.name] = ""
        elif field.kind == "json":
            values[field.name] = json.dumps(value, ensure_ascii=False)
        elif field.kind == "boolean":
            values[field.name] = "yes" if value else "no"
        else:
            values[field.name] = str(value)
    return values


def input_from_form(
    calculator: Calculator, data: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """The calculator input the form describes; JSON that does not parse is a problem."""
    values: dict[str, Any] = {}
    problems = []
    for field in fields_of(calculator):
        raw = str(data.get(field.name, "")).strip()
        if raw == "":
            continue
        if field.kind in ("number", "integer"):
            values[field.name] = number_or_text(raw)
        elif field.kind == "boolean":
            values[field.name] = {"yes": True, "no": False}.get(raw, raw)
        elif field.kind == "json":
            try:
                values[field.name] = load_json(raw)
            except RecordError as error:
                # load_json's own reason (syntax, nesting, a number too large), for this field
                problems += [Problem(field.name, p.message) for p in error.problems]
        else:
            values[field.name] = raw
    return values, problems


def errors_by_field(
    calculator: Calculator, problems: list[Problem]
) -> tuple[dict[str, list[str]], list[str]]:
    names = {f.name for f in fields_of(calculator)}
    by_field: dict[str, list[str]] = {}
    general = []
    for problem in problems:
        head = problem.path.split(".")[0].split("[")[0]
        if head in names:
            detail = (
                problem.message if problem.path == head else f"{problem.path}: {problem.message}"
            )
            by_field.setdefault(head, []).append(detail)
        else:
            general.append(str(problem))
    return by_field, general
