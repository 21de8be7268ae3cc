"""The clinician's view as plain text, for a terminal (`rpl assess --format text`).

Laid out like the clinician report: what to do now first (the current pregnancy's triage),
then the classification, findings, plan, prognosis and missing data, then the sources.
Labels are the presenter's own, in the reader's language.
"""

from __future__ import annotations

from rpl.core.text import gettext_noop as _
from rpl.present.model import Citation, ClinicianView, Line, ResultLine
from rpl.present.translate import Translator

HEADINGS = {
    "triage": _("Triage (current pregnancy)"),
    "classification": _("Classification"),
    "findings": _("Findings"),
    "results": _("Test results"),
    "to_do": _("Tests to do"),
    "done": _("Tests done"),
    "treatments": _("Treatments"),
    "next_pregnancy": _("Next pregnancy"),
    "advice": _("Advice"),
    "undecided": _("Undecided: the record lacks what decides these"),
    "advised_against": _("Advised against"),
    "prognosis": _("Prognosis"),
    "missing": _("Missing data"),
    "sources": _("The profile's definition settings and their sources"),
    "rules": _("Rules fired"),
}
DISCLAIMER = _("Decision support for clinicians; it does not replace clinical judgement.")


def _citation(c: Citation, tr: Translator) -> str:
    marker = "" if c.evidence == "verified" else f"  [{c.evidence_label.upper()}]"
    return f"      {c.source}, {c.ref}{tr.bracketed(c.strength)}{marker}"


def _lines(title: str, lines: list[Line], tr: Translator) -> list[str]:
    if not lines:
        return []
    out = ["", title.upper()]
    for line in lines:
        state = line.status_label if line.section == "findings" else line.recommendation_label
        if line.done_label:
            state = line.done_label  # the guideline's direction beside the result
        elif line.result_label:
            state = f"{state}{tr.language.comma}{line.result_label}"
        named = f"{line.name}{tr.bracketed(line.code)}"
        out.append(f"  {tr.labelled(named, state)} [{line.rule}]")
        out.append(f"      {line.reason}")
        out += [_citation(c, tr) for c in line.citations]
    return out


RANGE = _("Reference range")


def result_text(result: ResultLine, tr: Translator) -> str:
    """One result as the clinician report's table gives it: test (whose), date, value with its
    unit, the laboratory's range and where the value lies in words; "!" marks an abnormal one."""
    named = f"{result.name}{tr.bracketed(result.whose)} {result.date}"
    parts = [tr.labelled(named, result.value)]
    if result.reference_range:
        parts.append(tr.labelled(tr.label(RANGE), result.reference_range))
    text = tr.language.list_separator.join(parts)
    if result.reading:
        text = f"{text} — {result.reading}"
    return text


def _results(title: str, results: list[ResultLine], tr: Translator) -> list[str]:
    if not results:
        return []
    return ["", title.upper()] + [
        f"{'!' if r.abnormal else ' '} {result_text(r, tr)}" for r in results
    ]


def clinician_text(view: ClinicianView, tr: Translator) -> str:
    def heading(key: str) -> str:
        return tr.label(HEADINGS[key])

    out = [
        f"RPL Care — {view.record_id} — {view.assessed_on}",
        f"{view.profile_title} [{view.profile_id}]",
    ]
    if view.triage is not None:
        t = view.triage
        out += [
            "",
            f"{tr.labelled(heading('triage').upper(), t.level_label.upper())}"
            f" [{', '.join(t.rules)}]",
            f"  {t.action}",
            *(f"  - {reason}" for reason in t.reasons),
            *(f"  > {line}" for line in t.tell_clinic),
        ]
    c = view.classification
    out += ["", heading("classification").upper(), f"  {c.verdict_text}"]
    out.append(f"  {tr.labelled(tr.label('type'), c.type_label)}")
    out += [f"  {tr.labelled(label, str(value))}" for label, value in c.counts]
    out += [f"  {tr.labelled(p.label, str(p.reason))}" for p in c.not_counted]
    out += [
        f"  {tr.labelled(p.label, str(p.reason))}{tr.bracketed(str(p.needs))}" for p in c.undecided
    ]
    out.append(f"  {c.definition}")
    out += _lines(heading("findings"), view.findings, tr)
    out += _results(heading("results"), view.results, tr)
    out += _lines(heading("to_do"), view.to_do, tr)
    out += _lines(heading("done"), view.done, tr)
    out += _lines(heading("treatments"), view.treatments, tr)
    out += _lines(heading("next_pregnancy"), view.next_pregnancy, tr)
    out += _lines(heading("advice"), view.advice, tr)
    out += _lines(heading("undecided"), view.undecided, tr)
    out += _lines(heading("advised_against"), view.advised_against, tr)
    p = view.prognosis
    out += ["", heading("prognosis").upper()]
    if p.chance is not None:
        out += [f"  {p.chance} [{p.rule}]", f"  {p.model}", f"  {p.caveat}"]
        out += [_citation(cite, tr) for cite in p.citations]
    if p.note is not None:
        out.append(f"  {p.note}")
    if view.missing:
        out += ["", heading("missing").upper()]
        out += [f"  {tr.labelled(m.field, str(m.why))}" for m in view.missing]
    out += ["", heading("sources").upper()]
    for s in c.settings:
        out.append(f"  {s.label} = {s.value}")
        out.append(_citation(s.citation, tr))
    out += ["", tr.labelled(heading("rules"), ", ".join(view.rules_fired))]
    out += [
        "",
        f"Engine {view.engine_version}, knowledge {view.knowledge_version}. "
        + tr.label(DISCLAIMER),
    ]
    return "\n".join(out)
