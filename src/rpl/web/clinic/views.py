"""Clinic workspace pages. Thin: parse the request, call a service or selector, render.

Every view asks for a capability (`@requires`), and every view or change of a couple record
is written to the audit trail (ids and actions only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from rpl.core.alcohol import uk_unit_grams
from rpl.core.calculators import CALCULATORS, CalculatorInputError, run
from rpl.core.parsing import RecordError
from rpl.core.profiles import ProfileError
from rpl.core.triage import triage_of_record
from rpl.core.units import result_units
from rpl.present.assessment import for_clinician, review_lines, triage_view
from rpl.present.translate import translator
from rpl.web.accounts.access import requires
from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.clinic import calculator_forms, selectors
from rpl.web.engine_text import EngineText
from rpl.web.profiles import available_profiles, default_profile_id, practice_for
from rpl.web.records import forms as record_forms
from rpl.web.records import services as records
from rpl.web.records.forms import ProblemLine, problem_lines
from rpl.web.records.models import CoupleRecord
from rpl.web.records.names import code_name

# --- couple records ------------------------------------------------------------------------


@requires("records")
def record_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    attention = request.GET.get("attention") == "1"
    context = {
        "records": [] if attention else selectors.search_records(query)[:200],
        "attention": selectors.records_needing_attention() if attention else None,
        "query": query,
        "default_profile": default_profile_id(),
    }
    return render(request, "clinic/record_list.html", context)


def _profile_ids() -> list[str]:
    return sorted(available_profiles())


def _render_record_form(
    request: HttpRequest,
    bundle: record_forms.RecordForms,
    record: CoupleRecord | None,
    status: int = 200,
    booking: object | None = None,
    added: str = "",
) -> HttpResponse:
    summary = record_forms.error_summary(bundle) if status == 400 else []
    if status == 400:
        record_forms.mark_invalid(bundle)
    context = {
        "forms": bundle,
        "record": record,
        "summary": summary,
        "has_errors": status == 400,
        "booking": booking,
        "bmi": {
            "woman": record_forms.person_bmi_note(bundle.woman),
            "partner": record_forms.person_bmi_note(bundle.partner),
        },
        "bmi_templates": record_forms.bmi_templates(),
        "units": json.dumps(result_units(), ensure_ascii=False),
        "added": added,
        "added_row": _added_row(bundle, added),
    }
    return render(request, "clinic/record_form.html", context, status=status)


def _added_row(bundle: record_forms.RecordForms, added: str) -> str:
    """The id of the first field of the row just added without JavaScript; that field gets
    the focus (`autofocus`), so typing goes on where the new row is."""
    if not added:
        return ""
    formset = bundle.pregnancies if added == "pregnancy" else bundle.results
    rows = list(formset)
    if not rows:
        return ""
    first = next(iter(rows[-1].fields))
    rows[-1].fields[first].widget.attrs["autofocus"] = True
    return str(rows[-1][first].id_for_label)


def _another_row(
    request: HttpRequest, record: CoupleRecord | None, booking: object | None = None
) -> HttpResponse | None:
    """The "add a row" button without JavaScript: the same form again, everything typed kept,
    with one more blank row; nothing is checked or saved yet."""
    kind = request.POST.get("add", "")
    if kind not in record_forms.ROW_KINDS:
        return None
    data = record_forms.with_another_row(request.POST, kind)
    bundle = record_forms.bind_forms(data, profiles=_profile_ids())
    return _render_record_form(request, bundle, record, booking=booking, added=kind)


def _save(
    request: HttpRequest,
    record: CoupleRecord | None,
    from_booking: str = "",
    audit: Callable[[CoupleRecord], object] | None = None,
) -> tuple[CoupleRecord | None, record_forms.RecordForms]:
    """Check the whole form (the entry checks and the record contract, every problem at
    once) and save the record and its audit event in one transaction, or nothing at all."""
    bundle = record_forms.bind_forms(request.POST, profiles=_profile_ids())
    if not bundle.is_valid():
        return None, bundle
    document = record_forms.document_from_forms(bundle)
    language = bundle.meta.cleaned_data["language"]
    try:
        if record_forms.check_entry(bundle):
            records.check_document(document)  # to show the contract's problems as well
            return None, bundle
        with transaction.atomic():
            if record is None:
                saved = records.create_record(
                    document, language=language, actor=request.user, from_booking=from_booking
                )
            else:
                saved = records.update_record(record, document, language=language)
            if audit is not None:
                audit(saved)
    except RecordError as error:
        record_forms.attach_problems(bundle, error.problems)
        return None, bundle
    return saved, bundle


def _after_save(request: HttpRequest, saved: CoupleRecord) -> HttpResponse:
    return redirect("clinic:record", local_id=saved.local_id)


@requires("records")
def record_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if (page := _another_row(request, None)) is not None:
            return page
        saved, bundle = _save(
            request,
            None,
            audit=lambda r: record_event(
                request, Action.CREATE, ObjectType.COUPLE_RECORD, r.local_id
            ),
        )
        if saved is None:
            return _render_record_form(request, bundle, None, status=400)
        messages.success(request, _("Record created."))
        return _after_save(request, saved)
    initial = {
        "meta": {"language": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "en"}
    }
    return _render_record_form(
        request, record_forms.bind_forms(initial=initial, profiles=_profile_ids()), None
    )


@requires("records")
def record_detail(request: HttpRequest, local_id: str) -> HttpResponse:
    record = get_object_or_404(CoupleRecord, local_id=local_id)
    record_event(request, Action.VIEW, ObjectType.COUPLE_RECORD, record.local_id)
    problems: list[ProblemLine] = []
    summary = None
    triage = None
    try:
        checked = records.checked_record(record)
        profile = selectors.profile_for(None, checked)
        summary = selectors.obstetric_summary(checked, profile)
        found = triage_of_record(checked.record)
        triage = triage_view(found, _translator()) if found is not None else None
    except RecordError as error:
        problems = problem_lines(error.problems)
    context = {
        "record": record,
        "document": record.document,
        "summary": summary,
        "triage": triage,
        "people": _people(record.document),
        "problems": problems,
        "languages": _languages(),
        "record_language": dict(_languages()).get(record.language, record.language),
    }
    return render(request, "clinic/record_detail.html", context)


@requires("records")
def record_edit(request: HttpRequest, local_id: str) -> HttpResponse:
    record = get_object_or_404(CoupleRecord, local_id=local_id)
    if request.method == "POST":
        if (page := _another_row(request, record)) is not None:
            return page
        saved, bundle = _save(
            request,
            record,
            audit=lambda r: record_event(
                request, Action.UPDATE, ObjectType.COUPLE_RECORD, r.local_id
            ),
        )
        if saved is None:
            record.refresh_from_db()
            return _render_record_form(request, bundle, record, status=400)
        messages.success(request, _("Record saved."))
        return _after_save(request, saved)
    record_event(
        request, Action.VIEW, ObjectType.COUPLE_RECORD, record.local_id, detail="edit form"
    )
    initial = record_forms.initial_from_document(record.document, record.language)
    return _render_record_form(
        request, record_forms.bind_forms(initial=initial, profiles=_profile_ids()), record
    )


@requires("records")
def record_export(request: HttpRequest, local_id: str) -> HttpResponse:
    record = get_object_or_404(CoupleRecord, local_id=local_id)
    record_event(request, Action.EXPORT, ObjectType.COUPLE_RECORD, record.local_id)
    response = HttpResponse(
        records.export_json(record), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{record.local_id}.json"'
    return response


@requires("records")
def record_import(request: HttpRequest) -> HttpResponse:
    problems: list[ProblemLine] = []
    language = request.POST.get("language", "en")
    if request.method == "POST":
        upload = request.FILES.get("file")
        source = upload.read() if upload is not None else request.POST.get("json", "").encode()
        if language not in dict(_languages()):
            problems = [ProblemLine("language", _here(_("choose one of the site's languages")))]
            language = "en"
        elif not source.strip():
            problems = [
                ProblemLine("record", _here(_("choose an rpl-couple/1 JSON file or paste one")))
            ]
        else:
            try:
                saved = records.import_record(source, language=language, actor=request.user)
            except RecordError as error:
                problems = problem_lines(error.problems)
            else:
                record_event(request, Action.IMPORT, ObjectType.COUPLE_RECORD, saved.local_id)
                messages.success(request, _("Record imported."))
                return redirect("clinic:record", local_id=saved.local_id)
    from django.conf import settings

    context = {"problems": problems, "languages": settings.LANGUAGES, "language": language}
    return render(request, "clinic/record_import.html", context, status=400 if problems else 200)


# --- assessment ----------------------------------------------------------------------------


@requires("records")
def record_assessment(request: HttpRequest, local_id: str) -> HttpResponse:
    record = get_object_or_404(CoupleRecord, local_id=local_id)
    try:
        checked = records.checked_record(record)
    except RecordError as error:
        return render(
            request,
            "clinic/record_detail.html",
            {"record": record, "problems": problem_lines(error.problems)},
            status=400,
        )
    profiles = available_profiles()
    wanted = [request.GET.get("profile") or None, request.GET.get("compare") or None]
    columns: list[dict[str, Any]] = []
    reviews = selectors.rule_sign_offs()
    tr = _translator()
    for index, profile_id in enumerate(wanted):
        if index == 1 and not profile_id:
            continue
        try:
            profile = selectors.profile_for(profile_id, checked)
        except ProfileError:
            raise Http404("unknown profile") from None
        assessment = selectors.assessment_of(checked, profile)
        rules = review_lines(assessment.rules_fired, reviews, tr, profile)
        columns.append(
            {
                "profile": profile,
                "view": for_clinician(assessment, tr, practice_for(profile)),
                "rules": rules,
                "reviews": {line.rule: line for line in rules},
            }
        )
    record_event(
        request,
        Action.ASSESS,
        ObjectType.COUPLE_RECORD,
        record.local_id,
        detail=" vs ".join(c["profile"].id for c in columns),
    )
    context = {
        "record": record,
        "columns": columns,
        "profiles": sorted(profiles.values(), key=lambda p: p.id),
        "selected": columns[0]["profile"].id,
        "compare": columns[1]["profile"].id if len(columns) > 1 else "",
        "reviews": reviews,
        "languages": _languages(),
    }
    return render(request, "clinic/assessment.html", context)


PERSON_COLUMNS = (
    "age_years",
    "bmi",
    "height_cm",
    "weight_kg",
    "smoking",
    "alcohol_grams_per_week",  # the canonical grams, from UK units when only those are recorded
    "caffeine_mg_per_day",
)


def _people(document: Any) -> list[tuple[str, list[str]]]:
    """The woman and, when recorded, the partner: one row of `PERSON_COLUMNS` each, as the
    record holds them; an absent value reads "not recorded" (0 is a value, not absent)."""
    if not isinstance(document, dict):
        return []
    people = [(_("Woman"), document.get("woman"))]
    if document.get("partner") is not None:
        people.append((_("Partner"), document.get("partner")))
    rows = []
    for who, person in people:
        values = dict(person) if isinstance(person, dict) else {}
        values["alcohol_grams_per_week"] = _alcohol_grams(values)
        rows.append(
            (
                who,
                [
                    _bmi_cell(values)
                    if key == "bmi"
                    else _("not recorded")
                    if values.get(key) is None
                    else code_name("smoking", values[key])
                    if key == "smoking"
                    else str(values[key])
                    for key in PERSON_COLUMNS
                ],
            )
        )
    return rows


def _alcohol_grams(values: dict[str, Any]) -> float | None:
    grams, units = values.get("alcohol_grams_per_week"), values.get("alcohol_units_per_week")
    if isinstance(grams, int | float):
        return grams
    if isinstance(units, int | float):
        grams = round(units * uk_unit_grams(), 1)
        return int(grams) if grams == int(grams) else grams  # 0 units reads "0", not "0.0"
    return None


def _bmi_cell(person: dict[str, Any]) -> str:
    """The BMI the assessment uses, saying where it came from when height and weight are
    recorded too (an entered BMI is used; otherwise it is computed from them)."""
    note = record_forms.bmi_note(
        person.get("height_cm"), person.get("weight_kg"), person.get("bmi")
    )
    if note.value is None:
        return _("not recorded")
    shown = record_forms.shown_number(note.value)
    if note.source == "computed":
        return _("%(bmi)s (from height and weight)") % {"bmi": shown}
    if note.computed is not None:
        return _("%(bmi)s (entered)") % {"bmi": shown}
    return shown


def _here(text: str) -> EngineText:
    """A message of the site's own, already in the page's language."""
    return EngineText(text, translation.get_language() or settings.LANGUAGE_CODE)


def _translator() -> Any:
    """The presenter's translator for the staff user's language (the page's language)."""
    return translator(translation.get_language() or settings.LANGUAGE_CODE)


def _languages() -> list[tuple[str, str]]:
    from django.conf import settings

    return list(settings.LANGUAGES)


@requires("records")
@csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.NONCE]})
def record_report(request: HttpRequest, local_id: str) -> HttpResponse:
    from rpl.web.reports import pdf

    record = get_object_or_404(CoupleRecord, local_id=local_id)
    audience = request.GET.get("audience", "clinician")
    language = request.GET.get("lang") or record.language
    if audience not in pdf.AUDIENCES or language not in dict(_languages()):
        raise Http404("no such report")
    try:
        checked = records.checked_record(record)
        profile = selectors.profile_for(request.GET.get("profile") or None, checked)
    except (RecordError, ProfileError):
        raise Http404("this record cannot be assessed; open it to see why") from None
    reviews = selectors.rule_sign_offs()
    practice = practice_for(profile)
    preview = request.GET.get("format") == "html"
    record_event(
        request,
        Action.REPORT,
        ObjectType.COUPLE_RECORD,
        record.local_id,
        detail=f"{audience} {language} {profile.id}{' preview' if preview else ''}",
    )
    if preview:
        # The report as the browser shows it, for reading on screen before printing; its one
        # inline style block carries this response's nonce.
        html = pdf.render_html(
            checked,
            profile,
            audience=audience,
            language=language,
            reviews=reviews,
            style_nonce=str(nonce) if (nonce := get_nonce(request)) is not None else None,
            practice=practice,
        )
        return HttpResponse(html)
    document = pdf.render_report(
        checked, profile, audience=audience, language=language, reviews=reviews, practice=practice
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{record.local_id}-{audience}-{language}.pdf"'
    )
    return response


# --- calculators ---------------------------------------------------------------------------


@requires("calculators")
def calculator_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/calculator_list.html", {"calculators": CALCULATORS.values()})


@requires("calculators")
def calculator_detail(request: HttpRequest, name: str) -> HttpResponse:
    calculator = CALCULATORS.get(name)
    if calculator is None:
        raise Http404("no such calculator")
    fields = calculator_forms.fields_of(calculator)
    values = calculator_forms.initial_values(calculator)
    result = None
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    status = 200
    if request.method == "POST":
        values = {f.name: request.POST.get(f.name, "") for f in fields}
        data, problems = calculator_forms.input_from_form(calculator, request.POST)
        if not problems:
            try:
                result = run(name, data)
            except CalculatorInputError as error:
                problems = error.problems
        if problems:
            errors, general = calculator_forms.errors_by_field(calculator, problems)
            status = 400
    rows = [
        {"field": f, "value": values.get(f.name, ""), "errors": errors.get(f.name, [])}
        for f in fields
    ]
    context = {"calculator": calculator, "rows": rows, "result": result, "general": general}
    return render(request, "clinic/calculator_detail.html", context, status=status)


# --- profiles (read-only) ------------------------------------------------------------------


@requires("content")
def profile_list(request: HttpRequest) -> HttpResponse:
    """The guideline profiles in use (data files, docs/profiles.md, read-only here) and the
    clinic's own profiles edited in the staff area with their sign-off."""
    from rpl.web.clinic import governance
    from rpl.web.profiles import clinic_profile_problems

    profiles = sorted(available_profiles().values(), key=lambda p: p.id)
    clinic = governance.states("profile")
    context = {
        "profiles": profiles,
        "clinic_profiles": clinic,
        "not_loading": sorted(clinic_profile_problems().items()),
    }
    return render(request, "clinic/profile_list.html", context)
