"""Printable reports (PDF, WeasyPrint) in the couple's language.

Two audiences, both laid out by the presenter (`rpl.present`): `clinician` (a one-page summary
a doctor reads in a minute — triage, classification, findings with the values that decided
them, the plan, missing data — then the provenance in an appendix: every citation with its
strength and evidence status, the definition's settings, the rules fired and their review
state) and `patient` (what to do now first, then the plan in plain words). Fonts come from the
language list (Debian fonts-noto-core, fonts-noto-cjk, installed by scripts/system-deps.sh).
Nothing is fetched while rendering: the HTML links to nothing and the URL fetcher refuses all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from rpl.core.assessment import assess
from rpl.core.governance import ApprovedPractice, SignOff
from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Profile
from rpl.present.assessment import for_clinician, for_patient, review_lines
from rpl.present.translate import translator

AUDIENCES = ("clinician", "patient")


def render_html(
    checked: CheckedRecord,
    profile: Profile,
    *,
    audience: str,
    language: str,
    reviews: Mapping[str, str | SignOff] | None = None,
    generated_on: dt.date | None = None,
    style_nonce: str | None = None,
    practice: Sequence[ApprovedPractice] = (),
) -> str:
    """The report as HTML. `reviews` maps a rule id to the clinic's sign-off of it
    (clinic.selectors.rule_sign_offs); `practice` is the clinic's approved practice
    (rpl.web.profiles.practice_for); `style_nonce` lets a browser apply the report's style
    under the site's CSP."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    tr = translator(language)
    assessment = assess(checked, profile)
    printed_on = tr.date(generated_on or timezone.localdate())
    context: dict[str, Any] = {
        "lang": tr.lang,
        "fonts": tr.language.fonts,
        "printed_on": printed_on,
        "style_nonce": style_nonce,
    }
    if audience == "clinician":
        context["view"] = for_clinician(assessment, tr, practice, checked.record)
        context["rules"] = review_lines(assessment.rules_fired, reviews, tr, profile)
    else:
        context["view"] = for_patient(assessment, checked.record, tr, printed_on, practice)
    with translation.override(tr.language.code):
        return render_to_string(f"reports/{audience}.html", context)


def render_report(
    checked: CheckedRecord,
    profile: Profile,
    *,
    audience: str,
    language: str,
    reviews: Mapping[str, str | SignOff] | None = None,
    generated_on: dt.date | None = None,
    practice: Sequence[ApprovedPractice] = (),
) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(
        checked,
        profile,
        audience=audience,
        language=language,
        reviews=reviews,
        generated_on=generated_on,
        practice=practice,
    )
    # The HTML links to nothing (styles are inline, values are escaped); should a value ever
    # slip a URL in, nothing is fetched: no file of this machine, no address on the network.
    fetch_nothing = URLFetcher(allowed_protocols=(), allow_redirects=False)
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return pdf
