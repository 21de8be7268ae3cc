"""SMART on FHIR EHR launch (`/staff/smart/launch`, `/staff/smart/callback`): thin views over
`rpl.web.smart.services`. Only for signed-in clinicians (the records capability); a launch that
arrives before sign-in is kept in the session and resumed after it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rpl.interop.cdshooks import services as cds
from rpl.present.assessment import for_clinician, review_lines
from rpl.present.translate import translator
from rpl.web.accounts.access import requires
from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.clinic.selectors import rule_sign_offs
from rpl.web.profiles import cds_hooks_profile, practice_for
from rpl.web.smart import services

PENDING = "smart_pending_launch"
STATE = "smart_state"


def _trouble(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "smart/trouble.html", {"message": message}, status=status)


def launch(request: HttpRequest) -> HttpResponse:
    iss = request.GET.get("iss", "")
    token = request.GET.get("launch", "")
    if not request.user.is_authenticated:
        if iss and token:
            request.session[PENDING] = {"iss": iss, "launch": token}
        return redirect_to_login(request.path)
    return _launch(request, iss, token)


@requires("records")
def _launch(request: HttpRequest, iss: str, token: str) -> HttpResponse:
    if not (iss and token):
        pending = request.session.pop(PENDING, None) or {}
        iss, token = pending.get("iss", ""), pending.get("launch", "")
    if not (iss and token):
        return _trouble(request, _("A SMART launch needs the EHR's iss and launch parameters."))
    if services.client_for(iss) is None:
        return _trouble(request, _("This EHR is not configured to launch RPL Care."), 403)
    callback = request.build_absolute_uri(reverse("smart:callback"))
    try:
        url, state = services.start(iss, token, callback)
    except Exception:  # network, a bad capability statement: one message
        return _trouble(request, _("The EHR's FHIR server could not be reached or read."), 502)
    request.session[STATE] = state
    return HttpResponseRedirect(url)


@requires("records")
def callback(request: HttpRequest) -> HttpResponse:
    state = request.session.pop(STATE, None)
    if state is None:
        return _trouble(
            request, _("No SMART launch is under way in this browser; launch again from the EHR.")
        )
    try:
        patient_id, data = services.finish(state, request.build_absolute_uri())
    except Exception:  # a refused or forged callback, the EHR unreachable
        return _trouble(
            request, _("The EHR did not authorise this launch, or its data could not be read.")
        )
    profile = cds_hooks_profile()
    patient = cds.assess_patient(data, profile, timezone.localdate())
    host = urlsplit(str(state.get("api_base") or "")).netloc or "the EHR"
    record_event(
        request,
        Action.ASSESS,
        ObjectType.PAGE,
        "smart-assessment",
        detail=f"SMART launch: EHR patient {patient_id} at {host}, profile {profile.id}",
    )
    context: dict[str, Any] = {
        "host": host,
        "profile": profile,
        "patient": patient,
        "assessment": patient.assessment,
    }
    if patient.assessment is not None:
        # Laid out as on the clinic's own assessment page (the presenter, rpl.present).
        tr = translator(translation.get_language() or "en")
        reviews = rule_sign_offs()
        rules = review_lines(patient.assessment.rules_fired, reviews, tr, profile)
        context["view"] = for_clinician(patient.assessment, tr, practice_for(profile))
        context["rules"] = rules
        context["reviews"] = {line.rule: line for line in rules}
    return render(request, "smart/assessment.html", context)


# launch keeps the EHR's parameters before sign-in, then hands over to _launch, which checks the role.
launch.rpl_capability = _launch.rpl_capability  # type: ignore[attr-defined]
