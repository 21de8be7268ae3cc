"""Additions to the OpenAPI document that django-ninja cannot derive on its own.

Request bodies are read by the core's parser (`rpl.core.parsing.parse_record`), not by ninja,
so that a 422 names the field path in the core's words. Their schemas are therefore added here,
generated from the same pydantic models the core validates with.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from rpl.core.record import CoupleRecord

REF = "#/components/schemas/{model}"
RECORD_SCHEMA = "CoupleRecord"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
    }


def record_body(description: str = "A couple record, rpl-couple/1.") -> dict[str, Any]:
    return json_body(ref(RECORD_SCHEMA), description)


def json_response(status: int, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "responses": {
            status: {
                "description": description,
                "content": {"application/json": {"schema": schema}},
            }
        }
    }


def _components_of(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    components: dict[str, Any] = schema.pop("$defs", {})
    components[name] = schema
    return components


def add_components(document: dict[str, Any]) -> None:
    """Put the couple record's schema (and the models it uses) into `components.schemas`."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _components_of(CoupleRecord, RECORD_SCHEMA).items():
        if name in schemas and schemas[name] != schema:
            raise ValueError(f"two different OpenAPI schemas are both named {name}")
        schemas[name] = schema


def set_path_enum(document: dict[str, Any], path: str, parameter: str, values: list[str]) -> None:
    """Name the allowed values of a path parameter, so clients (and schemathesis) know them."""
    for operation in document.get("paths", {}).get(path, {}).values():
        for param in operation.get("parameters", []):
            if param.get("in") == "path" and param.get("name") == parameter:
                param["schema"] = {**param.get("schema", {}), "enum": values}


# Answers rpl.web.limits gives before any operation runs, so every operation can give them.
REFUSED_BEFORE_ANY_OPERATION = {
    400: "Bad Request: text in the request contains NUL characters",
    413: "Content Too Large: the body is over the size limit (2.5 MB)",
}


def add_request_limits(document: dict[str, Any], error_schema: str = "ErrorOut") -> None:
    """Document the 400 and 413 every operation may answer (see rpl.web.limits)."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSED_BEFORE_ANY_OPERATION.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ref(error_schema)}},
                    },
                )
