"""SMART on FHIR EHR launch of the clinician assessment view, with fhirclient (SMART Health IT's
Python client: discovery from the EHR's CapabilityStatement, the OAuth2 authorization-code flow
with PKCE S256, state checking, the token exchange and authenticated reads).

The EHR launches `/staff/smart/launch?iss=<its FHIR base>&launch=<opaque>`; we redirect the
browser to the EHR's authorize endpoint, it sends it back to `/staff/smart/callback` with a code, fhirclient
exchanges the code for a token and the patient in context, and we read that patient's data (the
CDS Hooks searches, paged) and show the assessment. Nothing is stored. Only EHRs configured in
RPL_SMART_CLIENTS may launch (an `iss` is a URL we would otherwise fetch on anyone's word).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from fhirclient.client import FHIRClient

from rpl.interop.cdshooks import services as cds

SCOPE = "openid fhirUser patient/Patient.read patient/Observation.read patient/Condition.read patient/Procedure.read"


@cache
def _clients_from_file(path: str) -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded


def clients() -> dict[str, dict[str, str]]:
    """EHRs allowed to launch us: FHIR base URL -> {"client_id": ..., "client_secret"?: ...}."""
    inline = getattr(settings, "RPL_SMART_CLIENTS", None)
    if inline is not None:
        return {iss.rstrip("/"): client for iss, client in inline.items()}
    path = getattr(settings, "RPL_SMART_CLIENTS_FILE", "")
    return {iss.rstrip("/"): c for iss, c in _clients_from_file(path).items()} if path else {}


def client_for(iss: str) -> dict[str, str] | None:
    return clients().get(iss.rstrip("/"))


def start(iss: str, launch: str, redirect_uri: str) -> tuple[str, dict[str, Any]]:
    """The EHR's authorize URL to send the browser to, and the state to keep in the session."""
    configured = client_for(iss)
    if configured is None:
        raise LookupError("this EHR is not configured to launch RPL Care")
    smart = FHIRClient(
        settings={
            "app_id": configured["client_id"],
            "app_secret": configured.get("client_secret"),
            "api_base": iss.rstrip("/"),
            "redirect_uri": redirect_uri,
            "launch_token": launch,
            "scope": SCOPE,
        }
    )
    url = smart.authorize_url
    if not url:
        raise LookupError("the EHR's capability statement names no authorize endpoint")
    return url, smart.state


def finish(state: dict[str, Any], callback_url: str) -> tuple[str, dict[str, Any]]:
    """Exchange the code (fhirclient checks `state`), then read the patient's data as the CDS
    services do: Patient, then the Observation, Condition and Procedure searches, page by page.
    Returns the patient id and the data for `rpl.interop.cdshooks.services.assess_patient`."""
    smart = FHIRClient(state=state)
    smart.handle_callback(callback_url)
    patient_id = smart.patient_id
    if not patient_id:
        raise LookupError("the EHR gave no patient in context")
    server = smart.server
    base = str(server.base_uri).rstrip("/")
    data: dict[str, Any] = {}
    problems: list[str] = []
    for key, template in cds.PREFETCH.items():
        path = cds.render_template(template, {"patientId": patient_id})
        try:
            data[key] = server.request_json(path)
        except Exception:  # requests' and fhirclient's own errors alike
            if key == "patient":
                raise
            problems.append(f"{key}: could not be read from the EHR")
    problems += cds.follow_pages(data, server.request_json, base)
    data[cds.READ_PROBLEMS] = problems
    return patient_id, data


def launch_url(fhir_server: str | None, absolute: str) -> str | None:
    """The card link to launch the assessment view, when `fhir_server` may launch us."""
    if not fhir_server or client_for(fhir_server) is None:
        return None
    configured = getattr(settings, "RPL_SMART_LAUNCH_URL", "")
    return configured or absolute
