"""The clinician's view as a FHIR narrative (`text.div`, XHTML), for the exported CarePlan.

What an EHR shows when it cannot read our codes: the triage first, then the classification,
findings and plan, as the clinician report's summary page lays them out. Only the elements the
FHIR narrative allows (div, p, ul, li, b, span), every text escaped.
"""

from __future__ import annotations

from html import escape

from rpl.present.model import ClinicianView, Line, ResultLine
from rpl.present.text import HEADINGS, result_text
from rpl.present.translate import Text, Translator

XHTML = "http://www.w3.org/1999/xhtml"


def _text(text: Text | str, lang: str) -> str:
    if isinstance(text, Text) and text.lang != lang:
        return f'<span lang="{escape(text.lang)}" xml:lang="{escape(text.lang)}">{escape(text.text)}</span>'
    return escape(str(text))


def _list(title: str, lines: list[Line], lang: str, tr: Translator) -> list[str]:
    if not lines:
        return []
    sep = escape(tr.language.label_separator)
    items = "".join(
        f"<li><b>{_text(line.name, lang)}</b>{sep}"
        f"{escape(line.status_label or line.recommendation_label)}"
        f" — {_text(line.reason, lang)}</li>"
        for line in lines
    )
    return [f"<p><b>{escape(title)}</b></p>", f"<ul>{items}</ul>"]


def _results(title: str, results: list[ResultLine], lang: str, tr: Translator) -> list[str]:
    """The record's results as the clinician report lists them (one presenter line each);
    an abnormal one in bold."""
    if not results:
        return []
    items = []
    for result in results:
        text = result_text(result, tr)
        name = str(result.name)
        # The test's name in bold, as every item of the narrative starts.
        shown = f"<b>{escape(name)}</b>{escape(text[len(name) :])}"
        if result.name.lang != lang:
            shown = f'<span lang="{escape(result.name.lang)}" xml:lang="{escape(result.name.lang)}">{shown}</span>'
        items.append(f"<li>{'<b>!</b> ' if result.abnormal else ''}{shown}</li>")
    return [f"<p><b>{escape(title)}</b></p>", f"<ul>{''.join(items)}</ul>"]


def clinician_narrative(view: ClinicianView, tr: Translator) -> str:
    lang = view.language
    sep = escape(tr.language.label_separator)
    opening, closing = (escape(b) for b in tr.language.brackets)
    parts = [f'<div xmlns="{XHTML}" lang="{escape(lang)}" xml:lang="{escape(lang)}">']
    if view.triage is not None:
        t = view.triage
        parts.append(
            f"<p><b>{escape(tr.label(HEADINGS['triage']))}{sep}{escape(t.level_label)}</b>"
            f"{escape(tr.language.full_stop)}{_text(t.action, lang)}</p>"
        )
        if t.reasons:
            parts.append(
                "<ul>" + "".join(f"<li>{_text(r, lang)}</li>" for r in t.reasons) + "</ul>"
            )
    c = view.classification
    parts.append(
        f"<p><b>{escape(tr.label(HEADINGS['classification']))}</b>{sep}{escape(c.verdict_text)}"
        f"{opening}{escape(c.profile_title)}{escape(tr.language.list_separator)}"
        f"{escape(c.type_label)}{closing}</p>"
    )
    parts += _list(tr.label(HEADINGS["findings"]), view.findings, lang, tr)
    parts += _results(tr.label(HEADINGS["results"]), view.results, lang, tr)
    parts += _list(tr.label(HEADINGS["to_do"]), view.to_do, lang, tr)
    parts += _list(tr.label(HEADINGS["treatments"]), view.treatments, lang, tr)
    parts += _list(tr.label(HEADINGS["next_pregnancy"]), view.next_pregnancy, lang, tr)
    parts += _list(tr.label(HEADINGS["advice"]), view.advice, lang, tr)
    p = view.prognosis
    if p.chance is not None:
        parts.append(
            f"<p><b>{escape(tr.label(HEADINGS['prognosis']))}</b>{sep}{escape(p.chance)}</p>"
        )
    if view.missing:
        items = "".join(
            f"<li>{escape(m.field)}{sep}{_text(m.why, lang)}</li>" for m in view.missing
        )
        parts += [f"<p><b>{escape(tr.label(HEADINGS['missing']))}</b></p>", f"<ul>{items}</ul>"]
    parts.append("</div>")
    return "".join(parts)
