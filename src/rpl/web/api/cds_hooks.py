"""CDS Hooks 2.0 endpoints (`/cds-services`): discovery, the services, and feedback.

Thin shells over `rpl.interop.cdshooks`: check the client's JWT (when security is on), read the
request, gather the FHIR data (prefetch, else fetched from `fhirServer` with the given token,
else 412), call the service, answer JSON. CORS is allowed on these paths only (settings).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rpl.interop.cdshooks import services
from rpl.interop.cdshooks.security import (
    JwtRejected,
    TrustedClient,
    clients_from_config,
    verify_client_jwt,
)
from rpl.web.api.models import CdsFeedback, CdsJwtUse
from rpl.web.profiles import cds_hooks_profile
from rpl.web.smart import services as smart

logger = logging.getLogger("rpl.cds_hooks")
FETCH_TIMEOUT_SECONDS = 5  # per read, and for all of one request's fetches together (below)
FETCH_TOTAL_SECONDS = 10
FETCH_MAX_BYTES = 2_621_440  # as much as the API takes in a request body


class PrefetchUnavailable(Exception):
    pass


class HookRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    hook: str
    hookInstance: str = Field(min_length=1)  # the spec's name
    fhirServer: str | None = None
    fhirAuthorization: dict[str, Any] | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class OverrideReason(BaseModel):
    reason: dict[str, Any] | None = None
    userComment: str | None = None


class Feedback(BaseModel):
    card: str = Field(min_length=1, max_length=100)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[dict[str, Any]] = Field(default_factory=list)
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: dt.datetime

    @field_validator("outcomeTimestamp")
    @classmethod
    def _plausible(cls, value: dt.datetime) -> dt.datetime:
        # A date the database can store and that has happened (a day's leeway for clocks).
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        try:  # a time near year 1 or 9999 may not convert to UTC at all
            plausible = EARLIEST_OUTCOME <= value <= timezone.now() + dt.timedelta(days=1)
        except OverflowError:
            plausible = False
        if not plausible:
            raise ValueError("not a plausible time")
        return value


EARLIEST_OUTCOME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class FeedbackRequest(BaseModel):
    feedback: list[Feedback]


def _error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="cds-services"'
    return response


def _invalid(what: str, exc: ValidationError) -> JsonResponse:
    """400 naming the fields that failed (their paths only, never the values sent)."""
    fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
    return _error(400, f"invalid {what}: {', '.join(fields) or 'body'}")


@cache
def _clients_from_file(path: str) -> dict[str, TrustedClient]:
    return clients_from_config(json.loads(Path(path).read_text(encoding="utf-8")))


def trusted_clients() -> dict[str, TrustedClient]:
    inline = getattr(settings, "RPL_CDS_HOOKS_CLIENTS", None)
    if inline is not None:
        return clients_from_config(inline)
    path = getattr(settings, "RPL_CDS_HOOKS_CLIENTS_FILE", "")
    return _clients_from_file(path) if path else {}


def remember_jti(iss: str, jti: str, exp: int) -> bool:
    now = timezone.now()
    CdsJwtUse.objects.filter(expires_at__lt=now - dt.timedelta(minutes=5)).delete()
    try:
        with transaction.atomic():
            CdsJwtUse.objects.create(
                iss=iss, jti=jti, expires_at=dt.datetime.fromtimestamp(exp, tz=dt.UTC)
            )
    except IntegrityError:
        return False
    return True


def endpoint_urls(request: HttpRequest) -> list[str]:
    """What `aud` must be: this endpoint's URL (from RPL_CDS_HOOKS_BASE_URL behind a proxy)."""
    base = getattr(settings, "RPL_CDS_HOOKS_BASE_URL", "").rstrip("/")
    url = f"{base}{request.path}" if base else request.build_absolute_uri(request.path)
    urls = [url]
    if url.endswith("/feedback"):  # accept the service's own URL for its feedback too
        urls.append(url.removesuffix("/feedback"))
    return urls


def check_client(request: HttpRequest) -> JsonResponse | None:
    if not getattr(settings, "RPL_CDS_HOOKS_JWT", True):
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "a signed JWT is required (Authorization: Bearer <JWT>)")
    try:
        verify_client_jwt(token.strip(), endpoint_urls(request), trusted_clients(), remember_jti)
    except JwtRejected as exc:
        return _error(401, str(exc))
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The EHR's bearer token goes to fhirServer and nowhere else: a redirect (to http, or to
    another host) is never followed, so the token never follows it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch_fhir(url: str, access_token: str, deadline: float | None = None) -> Any:
    """GET one FHIR resource: no redirects, at most FETCH_MAX_BYTES, done by `deadline`."""
    deadline = deadline or time.monotonic() + FETCH_TOTAL_SECONDS
    request = urllib.request.Request(  # noqa: S310  # scheme checked by the caller
        url, headers={"Authorization": f"Bearer {access_token}", "Accept": "application/fhir+json"}
    )
    chunks: list[bytes] = []
    size = 0
    with _OPENER.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        while chunk := response.read(65536):
            size += len(chunk)
            if size > FETCH_MAX_BYTES:
                raise ValueError("the FHIR server's answer is too large")
            if time.monotonic() > deadline:
                raise TimeoutError("the FHIR server is too slow")
            chunks.append(chunk)
    return json.loads(b"".join(chunks).decode("utf-8"))


def gather(hook: HookRequest) -> dict[str, Any]:
    """Each prefetch key from the request, else fetched; PrefetchUnavailable means 412."""
    data: dict[str, Any] = {}
    prefetch = hook.prefetch or {}
    problems: list[str] = []
    token = (hook.fhirAuthorization or {}).get("access_token")
    deadline = time.monotonic() + FETCH_TOTAL_SECONDS
    for key, template in services.PREFETCH.items():
        if key in prefetch:
            data[key] = prefetch[key]  # may be null: the client has no such data
            continue
        if (not hook.fhirServer or not token) and key in services.OPTIONAL_PREFETCH:
            problems.append(f"{key}: not sent, and no fhirServer access to fetch them")
            continue
        if not hook.fhirServer or not token:
            raise PrefetchUnavailable(f"prefetch {key} missing and no fhirServer access")
        if getattr(settings, "RPL_CDS_HOOKS_JWT", True) and not hook.fhirServer.startswith(
            "https://"
        ):
            raise PrefetchUnavailable("fhirServer must use https")
        url = f"{hook.fhirServer.rstrip('/')}/{services.render_template(template, hook.context)}"
        try:
            data[key] = fetch_fhir(url, token, deadline)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise PrefetchUnavailable(f"fetching {key} from fhirServer failed") from exc
    secure = hook.fhirServer and (
        hook.fhirServer.startswith("https://") or not getattr(settings, "RPL_CDS_HOOKS_JWT", True)
    )
    fetch = (lambda url: fetch_fhir(url, token, deadline)) if secure and token else None
    problems += services.follow_pages(data, fetch, hook.fhirServer)
    data[services.READ_PROBLEMS] = problems
    return data


@csrf_exempt
@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    if refused := check_client(request):
        return refused
    return JsonResponse(services.discovery())


@csrf_exempt
@require_POST
def service(request: HttpRequest, service_id: str) -> JsonResponse:
    definition = services.SERVICES.get(service_id)
    if definition is None:
        return _error(404, "no such CDS service")
    if refused := check_client(request):
        return refused
    try:
        hook = HookRequest.model_validate_json(request.body)
    except ValidationError as exc:
        return _invalid("CDS Hooks request", exc)
    if hook.hook != definition["hook"]:
        return _error(400, f"this service answers the {definition['hook']} hook")
    try:
        data = gather(hook)
    except PrefetchUnavailable as exc:
        return _error(412, str(exc))
    profile = cds_hooks_profile()
    patient = services.assess_patient(data, profile, timezone.localdate())
    if definition["hook"] == "patient-view":
        launch = smart.launch_url(
            hook.fhirServer, request.build_absolute_uri(reverse("smart:launch"))
        )
        answer = services.patient_view(hook.context, patient, profile, launch)
    else:
        answer = services.order_select(hook.context, patient, profile)
    return JsonResponse(answer)


@csrf_exempt
@require_POST
def feedback(request: HttpRequest, service_id: str) -> JsonResponse:
    if service_id not in services.SERVICES:
        return _error(404, "no such CDS service")
    if refused := check_client(request):
        return refused
    try:
        body = FeedbackRequest.model_validate_json(request.body)
    except ValidationError as exc:
        return _invalid("feedback", exc)
    CdsFeedback.objects.bulk_create(
        CdsFeedback(
            service=service_id,
            card=item.card,
            outcome=item.outcome,
            accepted_suggestions=[str(s.get("id", "")) for s in item.acceptedSuggestions],
            override_reason=str((item.overrideReason.reason or {}).get("code", ""))[:200]
            if item.overrideReason
            else "",
            had_comment=bool(item.overrideReason and item.overrideReason.userComment),
            outcome_at=item.outcomeTimestamp,
        )
        for item in body.feedback
    )
    return JsonResponse({})
