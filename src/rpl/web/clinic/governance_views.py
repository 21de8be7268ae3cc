"""The clinic's sign-off pages (issue 18): content review (rules, education pages, FAQ entries,
clinic profiles), the review period, the clinic's own profiles and the evidence report.

Thin: read the request, call `governance` / `services`, render. Every decision, period change
and profile edit is written to the audit trail (ids and decisions only).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from rpl.core.languages import get_language as language_facts
from rpl.core.languages import language_codes
from rpl.core.profiles import load_profiles
from rpl.core.rules.catalogue import default_registry
from rpl.core.sources import load_sources
from rpl.web.accounts.access import requires
from rpl.web.accounts.roles import can
from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.clinic import governance, services
from rpl.web.clinic.models import ClinicProfile

# --- content review ------------------------------------------------------------------------


@requires("content_review")
def review_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _review_period(request)
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in governance.KINDS:
        raise Http404("no such kind")
    states = sorted(
        governance.states(kind),
        key=lambda s: (not s.open, governance.KINDS.index(s.item.kind), s.item.item_id),
    )
    language = get_language()
    context = {
        "rows": [(s, *s.item.title_in(language)) for s in states],
        "kind": kind or "",
        "kinds": [(k, governance.KIND_LABELS[k]) for k in governance.KINDS],
        "period": governance.review_period_months(),
        "open": sum(1 for s in states if s.open),
    }
    return render(request, "clinic/review_list.html", context)


def _review_period(request: HttpRequest) -> HttpResponse:
    try:
        months = int(request.POST.get("months", ""))
        services.set_review_period(months, request.user)
    except (ValueError, services.ReviewError):
        messages.error(request, _("The review period is a whole number of months, 1 to 120."))
    else:
        record_event(
            request, Action.UPDATE, ObjectType.CONTENT_REVIEW, "period", detail=f"{months} months"
        )
        messages.success(
            request, _("Reviews now expire after %(months)d months.") % {"months": months}
        )
    return redirect("clinic:reviews")


def _changed(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """The parts of the content that differ from the version last decided on."""
    return sorted(key for key in {*before, *now} if before.get(key) != now.get(key))


@requires("content_review")
def review_detail(request: HttpRequest, kind: str, item_id: str) -> HttpResponse:
    state = governance.state(kind, item_id)
    if state is None:
        raise Http404("no such item")
    error: services.ReviewError | None = None
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            services.record_review(
                kind=kind,
                item_id=item_id,
                decision=decision,
                note=request.POST.get("note", ""),
                reviewer=request.user,
                content_hash=request.POST.get("content_hash", ""),
            )
        except services.ReviewError as problem:
            error = problem
        else:
            record_event(
                request,
                Action.CREATE,
                ObjectType.CONTENT_REVIEW,
                f"{kind}:{item_id}",
                detail=f"{decision} {state.item.hash[:12]}",
            )
            messages.success(request, _("Decision on %(item)s recorded.") % {"item": item_id})
            return redirect(reverse("clinic:review", args=[kind, item_id]))
        state = governance.state(kind, item_id) or state
    latest = state.latest
    context = {
        "state": state,
        "item": state.item,
        "kind_label": governance.KIND_LABELS[kind],
        "title": state.item.title_in(get_language()),
        "rule": default_registry().get(item_id) if kind == "rule" else None,
        "sources": load_sources(),
        "languages": [(code, language_facts(code).name) for code in language_codes()],
        "changed": _changed(latest.content, state.item.content)
        if latest is not None and state.state == "stale"
        else [],
        "history": governance.history(kind, item_id),
        "error": error,
        "period": governance.review_period_months(),
    }
    return render(request, "clinic/review_detail.html", context, status=400 if error else 200)


# --- the clinic's own profiles ------------------------------------------------------------


def _profile_form(
    request: HttpRequest,
    profile: ClinicProfile | None,
    text: str,
    error: services.ReviewError | None = None,
) -> HttpResponse:
    context = {
        "profile": profile,
        "text": text,
        "error": error,
        "parents": sorted(load_profiles()),
        "rules": [(r.id, r.title) for r in default_registry()],
    }
    return render(request, "clinic/clinic_profile_form.html", context, status=400 if error else 200)


PROFILE_TEMPLATE = """id: our-clinic
title: Our clinic (ESHRE 2022, with our own practice)
extends: eshre-2022
practice:
  - rule: NP02
    code: progesterone_no_bleeding
    recommendation: conditional
    reason: >-
      Write here why your clinicians decided to differ from the guideline.
"""


@requires("content")
def clinic_profile_edit(request: HttpRequest, profile_id: str | None = None) -> HttpResponse:
    profile = None
    if profile_id is not None:
        profile = get_object_or_404(ClinicProfile, profile_id=profile_id)
    if request.method == "POST":
        text = request.POST.get("text", "")[:20000]
        try:
            saved = services.save_profile(text, request.user, profile_id)
        except services.ReviewError as problem:
            return _profile_form(request, profile, text, problem)
        record_event(
            request,
            Action.CREATE if profile is None else Action.UPDATE,
            ObjectType.CLINIC_PROFILE,
            saved.profile_id,
        )
        messages.success(
            request,
            _(
                "Profile %(profile)s saved. It is offered to the clinic once a reviewer"
                " approves this version."
            )
            % {"profile": saved.profile_id},
        )
        return redirect(reverse("clinic:profiles") + f"#clinic-{saved.profile_id}")
    return _profile_form(request, profile, profile.text if profile else PROFILE_TEMPLATE)


# --- the evidence report ------------------------------------------------------------------


def report_rows() -> list[dict[str, Any]]:
    """One row per rule: its sources, evidence status, sign-off and next review date."""
    sources = load_sources()
    rows = []
    for state in governance.states("rule"):
        item, sign_off = state.item, state.sign_off
        rows.append(
            {
                "rule": item.item_id,
                "title": item.title,
                "sources": [
                    {
                        "id": r.id,
                        "source": r.source,
                        "title": sources[r.source].title if r.source in sources else r.source,
                        "ref": r.ref,
                        "strength": r.strength,
                        "evidence": r.evidence,
                        "in_place_of": r.in_place_of or "",
                    }
                    for r in item.recommendations
                ],
                "evidence": item.evidence,
                "in_place_of": item.in_place_of,
                "state": state.state,
                "state_label": state.label,
                "reviewer": sign_off.reviewer if state.latest is not None else "",
                "reviewed_on": sign_off.reviewed_on,
                "next_review": sign_off.next_review if sign_off.signed_off else None,
            }
        )
    return sorted(rows, key=lambda r: r["rule"])


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# The evidence statuses in the reader's language (the CSV's cells; the pages show the same).
EVIDENCE_LABELS = {
    "verified": gettext_lazy("verified"),
    "secondary": gettext_lazy("secondary"),
    "unverified": gettext_lazy("unverified"),
}


def report_csv(rows: list[dict[str, Any]]) -> str:
    """The evidence report as CSV, its column names and labels in the reader's language; rule
    ids, titles, sources, places and strength labels as written."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            pgettext("evidence report column", "rule"),
            pgettext("evidence report column", "title"),
            pgettext("evidence report column", "recommendations"),
            pgettext("evidence report column", "sources"),
            pgettext("evidence report column", "evidence"),
            pgettext("evidence report column", "in place of"),
            pgettext("evidence report column", "clinic sign-off"),
            pgettext("evidence report column", "reviewer"),
            pgettext("evidence report column", "reviewed on"),
            pgettext("evidence report column", "next review"),
        ]
    )
    evidence = {code: str(label) for code, label in EVIDENCE_LABELS.items()}
    for row in rows:
        writer.writerow(
            csv_cell(v)
            for v in (
                row["rule"],
                row["title"],
                "; ".join(s["id"] for s in row["sources"]),
                "; ".join(
                    f"{s['source']} {s['ref']} ({s['strength']}, "
                    f"{evidence.get(s['evidence'], s['evidence'])})"
                    for s in row["sources"]
                ),
                evidence.get(row["evidence"], row["evidence"]),
                "; ".join(row["in_place_of"]),
                row["state_label"],
                row["reviewer"],
                row["reviewed_on"].isoformat() if row["reviewed_on"] else "",
                row["next_review"].isoformat() if row["next_review"] else "",
            )
        )
    return out.getvalue()


@requires("content_review")
@csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.NONCE]})
def evidence_report(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("format", "html")
    if wanted not in ("html", "pdf", "csv"):
        raise Http404("no such format")
    rows = report_rows()
    record_event(request, Action.REPORT, ObjectType.CONTENT_REVIEW, "evidence", detail=wanted)
    today = timezone.localdate()
    if wanted == "csv":
        response = HttpResponse(report_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="evidence-{today}.csv"'
        return response
    counts = {
        "rules": len(rows),
        "signed_off": sum(1 for r in rows if r["state"] in ("approved", "overridden")),
        **{
            status: sum(1 for r in rows if r["evidence"] == status)
            for status in ("verified", "secondary", "unverified")
        },
    }
    context = {
        "rows": rows,
        "fonts": language_facts(get_language()).fonts,
        "counts": counts,
        "today": today,
        "period": governance.review_period_months(),
        "can_review": can(request.user, "content_review"),
    }
    if wanted == "html":
        nonce = get_nonce(request)
        context["style_nonce"] = str(nonce) if nonce is not None else None
        return render(request, "clinic/evidence_report.html", context)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context["pdf"] = True
    html = render_to_string("clinic/evidence_report.html", context)
    # As the patient reports: nothing is fetched while rendering.
    fetch_nothing = URLFetcher(allowed_protocols=(), allow_redirects=False)
    document: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evidence-{today}.pdf"'
    return response
