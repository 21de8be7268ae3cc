"""Plain-text rendering of an assessment for clinicians reading a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rpl.core.assessment import Assessment
from rpl.core.sections import Finding, Investigation, PlanItem, SourceRef


def _yes_no_unknown(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown (missing data, see below)"}[value]


def _source_line(source: SourceRef) -> str:
    marker = "" if source.evidence == "verified" else f"  [{source.evidence.upper()}]"
    return f"      {source.source}, {source.ref} ({source.strength}){marker}"


def _item_lines(item: Investigation | Finding | PlanItem) -> list[str]:
    if isinstance(item, Investigation):
        state = item.status.replace("_", " ") + (f", {item.result}" if item.result else "")
        head = f"  {item.code}: {item.recommendation.replace('_', ' ')} — {state} [{item.rule}]"
        text = item.reason
    elif isinstance(item, Finding):
        head = f"  {item.code}: {item.status} [{item.rule}]"
        text = item.detail
    else:
        head = f"  {item.code}: {item.recommendation.replace('_', ' ')} [{item.rule}]"
        text = item.reason
    return [head, f"      {text}", *(_source_line(s) for s in item.sources)]


def assessment_as_text(assessment: Assessment) -> str:
    c = assessment.classification
    lines = [
        f"RPL Care assessment of record {assessment.record_id} on {assessment.assessed_on}",
        f"Profile: {assessment.profile.title} [{assessment.profile.id}]",
        f"Definition: {c.definition}",
        "",
        "CLASSIFICATION",
        f"  Meets the definition: {_yes_no_unknown(c.meets_definition)}",
    ]
    if c.type is not None:
        lines.append(f"  Type: {c.type}")
    lines += [
        f"  Losses counted: {c.losses_counted} "
        f"(first trimester {c.first_trimester_losses}, second trimester {c.second_trimester_losses}"
        + (
            f", trimester unknown {c.unknown_trimester_losses}"
            if c.unknown_trimester_losses
            else ""
        )
        + ")",
        f"  Most recent run of consecutive losses: {c.consecutive_losses} "
        f"(longest {c.longest_consecutive_losses})",
        f"  Graded model of care level: {c.care_level if c.care_level is not None else 'none (no loss counted)'}",
    ]
    for item in c.excluded:
        lines.append(f"  Not counted: pregnancy {item.pregnancy}: {item.reason}")
    for undecided in c.undecided:
        lines.append(
            f"  Undecided: pregnancy {undecided.pregnancy}: {undecided.reason} (needs {undecided.needs})"
        )
    lines += ["", "  Definition sources:"]
    for source in c.sources:
        marker = "" if source.evidence == "verified" else f"  [{source.evidence.upper()}]"
        lines.append(
            f"    {source.setting} = {source.value}: {source.source}, {source.ref}{marker}"
        )

    if assessment.triage is not None:
        triage = assessment.triage
        lines += [
            "",
            f"TRIAGE: {triage.level.upper()} [{', '.join(triage.rules)}]",
            f"  Action: {triage.action}",
            *(f"  Because: {reason}" for reason in triage.reasons),
            *(f"  Tell the clinic: {item}" for item in triage.tell_clinic),
            *(_source_line(s) for s in triage.sources),
        ]

    sections: list[tuple[str, Sequence[Investigation | Finding | PlanItem]]] = [
        ("INVESTIGATIONS", assessment.investigations),
        ("FINDINGS", assessment.findings),
        ("TREATMENTS", assessment.treatments),
        ("NEXT PREGNANCY", assessment.next_pregnancy),
        ("ADVICE", assessment.advice),
    ]
    for title, items in sections:
        if items:
            lines += ["", title]
            for entry in items:
                lines += _item_lines(entry)

    estimate = assessment.prognosis.live_birth_next_pregnancy
    if estimate is not None:
        figure = (
            f"{estimate.estimate_percent:g}%"
            if estimate.estimate_percent is not None
            else "no single figure"
        )
        low, high = estimate.range_percent
        marker = "" if estimate.evidence == "verified" else f"  [{estimate.evidence.upper()}]"
        lines += [
            "",
            f"PROGNOSIS [{estimate.rule}]",
            f"  Live birth in the next pregnancy: {figure} (range {low:g}-{high:g}%){marker}",
            f"  Model: {estimate.model}",
            f"  Caveat: {estimate.caveat}",
        ]
    elif assessment.prognosis.note:
        lines += ["", "PROGNOSIS", f"  {assessment.prognosis.note}"]

    if assessment.missing_data:
        lines += ["", "MISSING DATA (unknown until recorded)"]
        lines += [f"  {m.field}: {m.why}" for m in assessment.missing_data]
    if assessment.rules_fired:
        lines += ["", f"Rules fired: {', '.join(assessment.rules_fired)}"]
    lines += [
        "",
        f"Engine {assessment.versions.engine}, knowledge {assessment.versions.knowledge}. "
        "Decision support for clinicians; it does not replace clinical judgement.",
    ]
    return "\n".join(lines)
