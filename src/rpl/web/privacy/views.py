"""Privacy requests in the staff area (admins): find what is held about one person from
identifiers typed into a POST form (never in the URL), download it as JSON, or erase it after a
typed confirmation. The logic is in `rpl.web.privacy.services`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache

from rpl.web.accounts.access import requires
from rpl.web.privacy import services
from rpl.web.privacy.services import counts_shown

CONFIRMATION_WORD = "erase"
FIELDS = ("bookings", "questions", "records")
KIND_NAMES = {
    "bookings": _lazy("bookings"),
    "questions": _lazy("questions"),
    "couple_records": _lazy("couple records"),
}


def _fields(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "")[:2000] for name in FIELDS}


def _lookup(request: HttpRequest) -> services.Lookup:
    lookup = services.parse_lookup(**_fields(request))
    if lookup.is_empty:
        raise services.PrivacyError(
            _("give at least one booking reference, question or couple record id")
        )
    return lookup


def _refuse(request: HttpRequest, error: str) -> HttpResponse:
    context = {"error": error, "fields": _fields(request), "word": CONFIRMATION_WORD}
    return render(request, "privacy/find.html", context, status=400)


@never_cache
@requires("privacy")
def privacy_request(request: HttpRequest) -> HttpResponse:
    """One address for the whole request; what to do comes in the POST's `action`:
    find (default), export or erase. A GET shows the empty form: identifiers never come
    from the query string, so they never sit in a URL, a history or a log."""
    if request.method != "POST":
        context = {"fields": dict.fromkeys(FIELDS, ""), "word": CONFIRMATION_WORD}
        return render(request, "privacy/find.html", context)
    try:
        lookup = _lookup(request)
    except services.PrivacyError as problem:
        return _refuse(request, str(problem))
    action = request.POST.get("action", "find")
    if action == "export":
        return _export(request, lookup)
    if action == "erase":
        return _erase(request, lookup)
    found: dict[str, object] = {
        "holdings": services.find(lookup),
        "fields": lookup.as_fields(),
        "lookup_fields": lookup.as_fields(),
        "word": CONFIRMATION_WORD,
    }
    return render(request, "privacy/find.html", found)


def _export(request: HttpRequest, lookup: services.Lookup) -> HttpResponse:
    """Everything held about the person as one JSON download; audited (ids and counts)."""
    holdings = services.find(lookup)
    if holdings.is_empty:
        return _refuse(request, _("nothing found to export"))
    services.record_export(holdings, request=request)
    response = HttpResponse(
        services.export_json(holdings), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    # The file name carries no identifier: it may end up in a downloads list or a log.
    response["Content-Disposition"] = f'attachment; filename="rpl-privacy-export-{stamp}.json"'
    return response


def _erase(request: HttpRequest, lookup: services.Lookup) -> HttpResponse:
    """Without the confirmation word: what would be erased, and a field to type it.
    With it: erase it all in one transaction, then say what went."""
    answer = request.POST.get("confirm")
    if answer is None or answer.strip().lower() != CONFIRMATION_WORD:
        holdings = services.find(lookup)
        if holdings.is_empty:
            return _refuse(request, _("nothing found to erase"))
        context = {
            "holdings": holdings,
            "lookup_fields": lookup.as_fields(),
            "word": CONFIRMATION_WORD,
            "error": ""
            if answer is None
            else _("type %(word)s to confirm") % {"word": CONFIRMATION_WORD},
        }
        status = 200 if answer is None else 400
        return render(request, "privacy/confirm_erase.html", context, status=status)
    try:
        erasure = services.erase(lookup, request=request)
    except services.PrivacyError as problem:
        return _refuse(request, str(problem))
    erased = "; ".join(
        f"{KIND_NAMES.get(kind, kind)}: {', '.join(ids)}"
        for kind, ids in erasure.identifiers.items()
        if ids
    )
    messages.success(
        request,
        _("Erased %(what)s (%(ids)s).") % {"what": counts_shown(erasure.counts), "ids": erased},
    )
    return redirect("privacy:request")
