"""The JSON API, version 1 (`/api/v1/`): assess, calculators, schemas and couple records.

Endpoints are thin: they read the request, call `rpl.core` (or `services`), and return the
result. Bodies that carry a couple record are parsed by the core, so a 422 lists each field
path and reason exactly as `rpl assess` would, without repeating any submitted value.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from rpl.core.assessment import Assessment
from rpl.core.calculators import CALCULATORS, run
from rpl.core.calculators.base import CalculationResult
from rpl.core.schemas import SCHEMAS, json_schema
from rpl.web.api import openapi, services
from rpl.web.api.auth import ScopedToken
from rpl.web.api.errors import AUTH_ERRORS, ErrorOut, install_handlers
from rpl.web.api.records import router as records_router
from rpl.web.api.scopes import ASSESS, SCOPES
from rpl.web.profiles import available_profiles

# The interactive docs use django-ninja's own copies of Swagger UI (no CDN). Swagger UI sets
# inline styles and data: icons, so its page, and only it, allows those.
DOCS_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

DESCRIPTION = """
Assess couples with recurrent pregnancy loss against a named guideline profile, run the
clinical calculators, and keep couple records. Request and response bodies follow the public
contract (`rpl-couple/1`, `rpl-assessment/1`; see `GET /schema`).

Authentication: `Authorization: Bearer <token>`. Tokens are created by an admin
(`django-admin create_api_client`) and carry scopes:
""" + "\n".join(f"- `{name}`: {what}" for name, what in SCOPES.items())


class RplNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        openapi.add_components(document)
        openapi.add_request_limits(document)
        root = self.get_root_path(path_params or {})
        openapi.set_path_enum(document, f"{root}calc/{{name}}", "name", sorted(CALCULATORS))
        return document


api = RplNinjaAPI(
    title="RPL Care API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_decorator=csp_override(DOCS_CSP),
)
install_handlers(api)
api.add_router("/records", records_router)

ERRORS_422 = {422: ErrorOut}


@api.post(
    "/assess",
    auth=ScopedToken(ASSESS),
    response={200: Assessment, **AUTH_ERRORS, **ERRORS_422},
    openapi_extra=openapi.record_body(),
    summary="Assess a couple record",
    tags=["assessment"],
)
def assess_record(request: HttpRequest, profile: str | None = None) -> Assessment:
    """Assess the rpl-couple/1 record in the body and return the rpl-assessment/1 document.

    `profile` chooses the guideline profile (default: the record's own `profile`, else
    eshre-2022). Nothing is stored.
    """
    return services.assess_document(request.body, profile)


class CalculatorOut(Schema):
    name: str
    title: str


class CalculatorDetailOut(CalculatorOut):
    input_schema: dict[str, Any]
    example: dict[str, Any]


@api.get("/calc", response=list[CalculatorOut], summary="List calculators", tags=["calculators"])
def list_calculators(request: HttpRequest) -> list[dict[str, str]]:
    return [{"name": c.name, "title": c.data.title} for c in CALCULATORS.values()]


@api.get(
    "/calc/{name}",
    response={200: CalculatorDetailOut, 404: ErrorOut},
    summary="A calculator's input schema and an example input",
    tags=["calculators"],
)
def describe_calculator(request: HttpRequest, name: str) -> dict[str, Any]:
    calculator = CALCULATORS.get(name)
    if calculator is None:
        raise HttpError(404, "unknown calculator; GET /calc lists them")
    return {
        "name": calculator.name,
        "title": calculator.data.title,
        "input_schema": calculator.json_schema(),
        "example": dict(calculator.example),
    }


@api.post(
    "/calc/{name}",
    auth=ScopedToken(ASSESS),
    response={200: CalculationResult, 404: ErrorOut, **AUTH_ERRORS, **ERRORS_422},
    openapi_extra=openapi.json_body(
        {"type": "object"}, "The calculator's input; GET /calc/{name} gives its schema."
    ),
    summary="Run a calculator",
    tags=["calculators"],
)
def calculate(request: HttpRequest, name: str) -> CalculationResult:
    """Run calculator `name` (rpl.core.calculators) on the JSON object in the body."""
    if name not in CALCULATORS:
        raise HttpError(404, "unknown calculator; GET /calc lists them")
    return run(name, request.body)


SchemaName = Literal["couple", "assessment", "profile"]


@api.get(
    "/schema",
    response={200: dict[str, Any], 422: ErrorOut},
    summary="JSON Schema of the contract",
    tags=["contract"],
)
def schema(request: HttpRequest, name: SchemaName = "couple") -> dict[str, Any]:
    """The JSON Schema of rpl-couple/1 (default), rpl-assessment/1 or rpl-profile/1."""
    assert name in SCHEMAS  # noqa: S101  # the Literal above lists exactly these
    return json_schema(name)


class ProfileOut(Schema):
    id: str
    title: str


@api.get("/profiles", response=list[ProfileOut], summary="List profiles", tags=["contract"])
def list_profiles(request: HttpRequest) -> list[dict[str, str]]:
    return [{"id": p.id, "title": p.title} for p in available_profiles().values()]


class FhirImportOut(Schema):
    record: dict[str, Any]
    unmapped: list[str]
    skipped: list[str]
    notes: list[str]


@api.post(
    "/fhir/export",
    auth=ScopedToken(ASSESS),
    response={200: dict[str, Any], **AUTH_ERRORS, **ERRORS_422},
    openapi_extra=openapi.record_body(),
    summary="Assess a record and return it as a FHIR R4 Bundle",
    tags=["fhir"],
)
def fhir_export(request: HttpRequest, profile: str | None = None) -> dict[str, Any]:
    """The record and its assessment as a FHIR R4 `collection` Bundle (docs/fhir.md)."""
    return services.fhir_export(request.body, profile)


@api.post(
    "/fhir/import",
    auth=ScopedToken(ASSESS),
    response={200: FhirImportOut, **AUTH_ERRORS, **ERRORS_422},
    openapi_extra=openapi.json_body({"type": "object"}, "A FHIR R4 Bundle."),
    summary="Read a FHIR R4 Bundle into an rpl-couple/1 record",
    tags=["fhir"],
)
def fhir_import(request: HttpRequest) -> dict[str, Any]:
    """The record, what could not be mapped (by resource and code), what was present but not
    used (a status such as entered-in-error, an unconfirmed diagnosis), and notes. Nothing is
    stored."""
    return services.fhir_import(request.body)
