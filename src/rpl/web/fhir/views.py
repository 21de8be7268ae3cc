"""The FHIR face (`/fhir/`): thin views over `rpl.web.fhir.services` and `rpl.interop.fhir`.

`application/fhir+json` everywhere (NDJSON for bulk files), errors as OperationOutcome. Tokens
and scopes as in the JSON API: the token is checked before anything is looked up, so a caller
without it learns nothing about which records exist. Every record read, search, `$everything`
and export is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rpl.core.parsing import RecordError
from rpl.interop.fhir import server, terminology
from rpl.web.api.models import ApiClient
from rpl.web.api.scopes import RECORDS_EXPORT, RECORDS_READ, RECORDS_WRITE
from rpl.web.api.tokens import client_for_token
from rpl.web.audit.services import Action
from rpl.web.fhir import services
from rpl.web.fhir.models import BulkExport

NDJSON_FORMATS = {server.FHIR_NDJSON, "application/ndjson", "ndjson"}
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def fhir(body: Any, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=server.FHIR_JSON)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def problem(status: int, code: str, text: str) -> JsonResponse:
    response = fhir(server.outcome("error", code, text), status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="rpl-care"'
    return response


def base_url(request: HttpRequest) -> str:
    configured = getattr(settings, "RPL_FHIR_BASE_URL", "").rstrip("/")
    return configured or request.build_absolute_uri("/fhir").rstrip("/")


def authorised(request: HttpRequest, scope: str) -> ApiClient | JsonResponse:
    """The API client for the bearer token holding `scope`, or the 401/403 to answer."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    client = client_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if client is None:
        return problem(401, "login", "send Authorization: Bearer <token> of an API client")
    if not client.has_scope(scope):
        return problem(403, "forbidden", f"this token does not have the scope {scope}")
    return client


def with_client(scope: str) -> Callable[..., Any]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            client = authorised(request, scope)
            if isinstance(client, JsonResponse):
                return client
            return view(request, client, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return csrf_exempt(wrapped)

    return decorate


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    """The CapabilityStatement (public, like the API's schema)."""
    return fhir(server.capability_statement(base_url(request), terminology.DATE))


def _terminology_read(kind: str, resource_id: str) -> HttpResponse:
    resource = terminology.shipped().get((kind, resource_id))
    if resource is None:
        return problem(404, "not-found", f"no {kind} with this id")
    return fhir(resource)


def _terminology_search(request: HttpRequest, kind: str) -> HttpResponse:
    unknown = set(request.GET) - {"url", "_count"}
    if unknown:
        return problem(
            400, "not-supported", f"unknown search parameter: {', '.join(sorted(unknown))}"
        )
    wanted = request.GET.get("url")
    found = [
        r
        for (t, _), r in sorted(terminology.shipped().items())
        if t == kind and (wanted is None or r["url"] == wanted.partition("|")[0])
    ]
    base = base_url(request)
    return fhir(server.searchset(found, base, request.build_absolute_uri(), len(found), None))


@require_GET
def code_system(request: HttpRequest, code_system_id: str) -> HttpResponse:
    return _terminology_read("CodeSystem", code_system_id)


@require_GET
def value_set(request: HttpRequest, value_set_id: str) -> HttpResponse:
    return _terminology_read("ValueSet", value_set_id)


@require_GET
def concept_map(request: HttpRequest, concept_map_id: str) -> HttpResponse:
    return _terminology_read("ConceptMap", concept_map_id)


@require_GET
def code_systems(request: HttpRequest) -> HttpResponse:
    return _terminology_search(request, "CodeSystem")


@require_GET
def value_sets(request: HttpRequest) -> HttpResponse:
    return _terminology_search(request, "ValueSet")


@require_GET
def concept_maps(request: HttpRequest) -> HttpResponse:
    return _terminology_search(request, "ConceptMap")


@require_GET
@with_client(RECORDS_READ)
def read(
    request: HttpRequest, client: ApiClient, resource_type: str, resource_id: str
) -> HttpResponse:
    if resource_type not in server.READ_TYPES:
        return problem(404, "not-supported", f"this server serves {', '.join(server.READ_TYPES)}")
    found = services.find(resource_type, resource_id)
    if found is None:
        return problem(404, "not-found", f"no {resource_type} with this id")
    stored, resource = found
    services.audit(request, client, Action.VIEW, stored.local_id, f"read {resource_type}")
    return fhir(resource)


def _count(request: HttpRequest) -> int | JsonResponse:
    raw = request.GET.get("_count", str(server.DEFAULT_COUNT))
    if not raw.isdigit():
        return problem(400, "invalid", "_count must be a whole number")
    return min(max(int(raw), 1), server.MAX_COUNT)


@require_GET
@with_client(RECORDS_READ)
def search(request: HttpRequest, client: ApiClient, resource_type: str) -> HttpResponse:
    if resource_type not in server.SEARCH_TYPES:
        return problem(404, "not-supported", f"searchable here: {', '.join(server.SEARCH_TYPES)}")
    allowed = set(server.SEARCH_PARAMS[resource_type])
    params = {k: v for k, v in request.GET.items() if k not in server.PAGING_PARAMS}
    unknown = set(params) - allowed
    if unknown:
        return problem(
            400, "not-supported", f"unknown search parameter: {', '.join(sorted(unknown))}"
        )
    if not params:
        return problem(
            400,
            "required",
            f"give one of: {', '.join(sorted(allowed))} (a search of every record is a bulk export)",
        )
    count = _count(request)
    if isinstance(count, JsonResponse):
        return count
    page_raw = request.GET.get("_page", "1")
    page = int(page_raw) if page_raw.isdigit() and int(page_raw) > 0 else 1
    found: list[dict[str, Any]] = []
    for stored in services.records_for_search(resource_type, params):
        try:
            resources = services.resources_of(stored)
        except RecordError:
            continue
        matched = [
            r for r in resources if r["resourceType"] == resource_type and server.matches(r, params)
        ]
        if matched:
            services.audit(request, client, Action.VIEW, stored.local_id, f"search {resource_type}")
            found += matched
    chosen = found[(page - 1) * count : page * count]
    next_url = None
    if page * count < len(found):
        query = request.GET.copy()
        query["_page"] = str(page + 1)
        next_url = f"{base_url(request)}/{resource_type}?{query.urlencode()}"
    return fhir(
        server.searchset(
            chosen, base_url(request), request.build_absolute_uri(), len(found), next_url
        )
    )


@require_GET
@with_client(RECORDS_READ)
def everything(request: HttpRequest, client: ApiClient, resource_id: str) -> HttpResponse:
    """Patient/$everything: every resource of the couple's record (woman and partner)."""
    found = services.find("Patient", resource_id)
    if found is None:
        return problem(404, "not-found", "no Patient with this id")
    stored, _ = found
    resources = services.resources_of(stored)
    services.audit(request, client, Action.EXPORT, stored.local_id, "Patient/$everything")
    return fhir(
        server.searchset(
            resources, base_url(request), request.build_absolute_uri(), len(resources), None
        )
    )


@require_GET
@with_client(RECORDS_EXPORT)
def export_kickoff(request: HttpRequest, client: ApiClient) -> HttpResponse:
    """Bulk Data kick-off (system or Patient level): 202 and where to ask for the result."""
    if "respond-async" not in request.headers.get("Prefer", ""):
        return problem(400, "required", "a bulk export needs the header Prefer: respond-async")
    output_format = request.GET.get("_outputFormat")
    if output_format is not None and output_format not in NDJSON_FORMATS:
        return problem(400, "not-supported", "the only output format is application/fhir+ndjson")
    unknown = set(request.GET) - {"_outputFormat", "_type"}
    if unknown:
        return problem(400, "not-supported", f"unsupported parameter: {', '.join(sorted(unknown))}")
    types = [t for t in request.GET.get("_type", ",".join(server.BULK_TYPES)).split(",") if t]
    if not types or set(types) - set(server.BULK_TYPES):
        return problem(400, "not-supported", f"_type may list: {', '.join(server.BULK_TYPES)}")
    job = services.bulk_export(request, client, types)
    response = HttpResponse(status=202)
    response["Content-Location"] = f"{base_url(request)}/$export-status/{job.job}"
    return response


def _job(client: ApiClient, job: str) -> BulkExport | None:
    try:
        found = BulkExport.objects.filter(job=job, client=client).first()
    except (ValueError, TypeError):
        return None
    if found is None or found.expires_at < timezone.now():
        return None
    return found


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def export_status(request: HttpRequest, job: str) -> HttpResponse:
    client = authorised(request, RECORDS_EXPORT)
    if isinstance(client, JsonResponse):
        return client
    found = _job(client, job)
    if found is None:
        return problem(404, "not-found", "no export with this id (it may have expired)")
    if request.method == "DELETE":
        found.delete()
        return HttpResponse(status=202)
    body = services.manifest(found, base_url(request))
    response = JsonResponse(body)
    response["Expires"] = found.expires_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


@require_GET
@with_client(RECORDS_EXPORT)
def export_file(request: HttpRequest, client: ApiClient, job: str, file_name: str) -> HttpResponse:
    found = _job(client, job)
    kind = file_name.removesuffix(".ndjson")
    if found is None or not file_name.endswith(".ndjson"):
        return problem(404, "not-found", "no such export file")
    text = found.errors if kind == "OperationOutcome" else found.output.get(kind)
    if not text:
        return problem(404, "not-found", "no such export file")
    return HttpResponse(text, content_type=server.FHIR_NDJSON)


@require_POST
@with_client(RECORDS_WRITE)
def ndjson_import(request: HttpRequest, client: ApiClient) -> HttpResponse:
    """NDJSON in (application/fhir+ndjson): each couple's resources become a stored record,
    created or replaced; all or nothing."""
    if len(request.body) > MAX_IMPORT_BYTES:
        return problem(413, "too-costly", "the NDJSON is too large")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return problem(400, "structure", "the body is not UTF-8 text")
    try:
        issues = services.import_ndjson(request, client, text)
    except services.ImportRefused as refused:
        return fhir(server.outcome_of(refused.issues[:100]), 422)
    return fhir(server.outcome_of(issues))
