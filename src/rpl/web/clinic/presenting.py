"""An assessment laid out for people: every section of `rpl-assessment/1`.

Triage (first: it is the urgent part), classification and prognosis have their own layout;
every other section, and sections or item fields the engine adds later, are laid out
generically without a code change: known keys (code, rule, sources) get their own place, a
list of sentences is a list, citations are citation lines, every other key is listed as label
and value. Shared by the assessment page and the PDF reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from rpl.core.assessment import Assessment
from rpl.core.evidence import load_recommendations
from rpl.core.sources import load_sources
from rpl.core.text import fill, template

SECTION_ORDER = (
    "triage",
    "classification",
    "investigations",
    "findings",
    "treatments",
    "next_pregnancy",
    "advice",
    "prognosis",
    "missing_data",
    "rules_fired",
)
SECTION_TITLES = {
    "classification": "Classification",
    "investigations": "Investigations",
    "findings": "Findings",
    "treatments": "Treatments",
    "next_pregnancy": "Next pregnancy",
    "advice": "Advice",
    "prognosis": "Prognosis",
    "triage": "Triage (current pregnancy)",
    "missing_data": "Missing data",
    "rules_fired": "Rules fired",
}
# Keys of the envelope, not sections.
ENVELOPE = {"format", "record_id", "assessed_on", "profile", "versions"}
# Item keys shown in their own place rather than in the generic list.
PLACED = {"code", "rule", "sources"}

# Every label this module shows, marked for the catalogues (the clinician PDF translates them;
# the staff pages show them in English). A key not listed here reads as its words.
LABELS = {
    # classification
    "meets_definition": gettext_noop("meets definition"),
    "type": gettext_noop("type"),
    "losses_counted": gettext_noop("losses counted"),
    "consecutive_losses": gettext_noop("consecutive losses"),
    "longest_consecutive_losses": gettext_noop("longest consecutive losses"),
    "first_trimester_losses": gettext_noop("first trimester losses"),
    "second_trimester_losses": gettext_noop("second trimester losses"),
    "unknown_trimester_losses": gettext_noop("unknown trimester losses"),
    "care_level": gettext_noop("care level"),
    "definition": gettext_noop("definition"),
    "not_counted": gettext_noop("not counted"),
    "undecided": gettext_noop("undecided"),
    "needs": gettext_noop("needs"),
    # the profile's definition settings (docs/profiles.md)
    "min_losses": gettext_noop("min losses"),
    "min_second_trimester_losses": gettext_noop("min second trimester losses"),
    "first_trimester_only": gettext_noop("first trimester only"),
    "first_trimester_upper_weeks": gettext_noop("first trimester upper weeks"),
    "loss_upper_limit_weeks": gettext_noop("loss upper limit weeks"),
    "secondary_after_weeks": gettext_noop("secondary after weeks"),
    "consecutive_required": gettext_noop("consecutive required"),
    "same_partner_required": gettext_noop("same partner required"),
    "clinical_confirmation_required": gettext_noop("clinical confirmation required"),
    "count_biochemical": gettext_noop("count biochemical"),
    "count_ectopic": gettext_noop("count ectopic"),
    "count_molar": gettext_noop("count molar"),
    "count_resolved_pul": gettext_noop("count resolved pul"),
    # triage
    "level": gettext_noop("level"),
    "action": gettext_noop("action"),
    "reasons": gettext_noop("reasons"),
    "tell_clinic": gettext_noop("tell clinic"),
    "rules": gettext_noop("rules"),
    # plan items, findings, missing data
    "recommendation": gettext_noop("recommendation"),
    "status": gettext_noop("status"),
    "result": gettext_noop("result"),
    "reason": gettext_noop("reason"),
    "detail": gettext_noop("detail"),
    "why": gettext_noop("why"),
    # prognosis
    "note": gettext_noop("note"),
    "chance": gettext_noop("chance of a live birth in the next pregnancy"),
    "model": gettext_noop("model"),
    "caveat": gettext_noop("caveat"),
    "evidence": gettext_noop("evidence"),
    "rule": gettext_noop("rule"),
}
# The closed values `show` and the engine's vocabularies give (rpl.core.vocabulary,
# rpl.core.sections), and this module's own empty texts and titles, marked likewise.
# The classification type (primary/secondary) has its own context: `secondary` alone is the
# evidence status (a secondary source).
VALUES = (
    gettext_noop("yes"),
    gettext_noop("no"),
    gettext_noop("unknown"),
    gettext_noop("none"),
    gettext_noop("not applicable"),
    gettext_noop("not available"),
    gettext_noop("recommended"),
    gettext_noop("conditional"),
    gettext_noop("not recommended"),
    gettext_noop("research only"),
    gettext_noop("undecided"),
    gettext_noop("to do"),
    gettext_noop("done"),
    gettext_noop("repeat"),
    gettext_noop("not needed"),
    gettext_noop("normal"),
    gettext_noop("abnormal"),
    gettext_noop("indeterminate"),
    gettext_noop("present"),
    gettext_noop("absent"),
    gettext_noop("possible"),
    gettext_noop("emergency"),
    gettext_noop("urgent"),
    gettext_noop("soon"),
    gettext_noop("routine"),
    gettext_noop("verified"),
    gettext_noop("secondary"),
    gettext_noop("unverified"),
)
NOTHING = gettext_noop("nothing in this section")
NO_CURRENT_PREGNANCY = gettext_noop("no current pregnancy recorded")
NO_ESTIMATE = gettext_noop("no estimate")
NO_RULE_FIRED = gettext_noop("no rule fired")
DEFINITION_DETAILS = gettext_noop("The profile's definition settings and their sources")
PREGNANCY = template(gettext_noop("pregnancy %(number)d"))
# The prognosis line, as templates with whole numbers (rpl.core.text): the published tables
# give whole per cents. A figure with decimals is shown by the English wording below instead.
CHANCE = template(
    gettext_noop("%(estimate)d %% (published figures around her: %(low)d %% to %(high)d %%)")
)
CHANCE_RANGE = template(
    gettext_noop(
        "%(low)d %% to %(high)d %% (no single figure for her: the two neighbouring published"
        " figures)"
    )
)


@dataclass(frozen=True)
class Citation:
    source: str
    title: str
    ref: str
    strength: str
    evidence: str
    recommendation: str | None
    statement: str | None


@dataclass(frozen=True)
class Item:
    code: str
    rule: str | None
    fields: list[tuple[str, str]]
    citations: list[Citation]
    key: str = ""  # the code as the engine writes it (for a plain name), or the setting's key


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[Item]
    empty_text: str = NOTHING
    fields: list[tuple[str, str]] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)  # label, sentences
    citations: list[Citation] = field(default_factory=list)  # the section's own sources
    details: list[Item] = field(default_factory=list)  # shown folded on screen, in full in print
    details_title: str = ""
    level: str | None = None  # the triage level, for its colour
    compact: bool = False  # items are short (rule ids): shown inline


def label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ")


def show(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value) if value else "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return (
        str(value).replace("_", " ") if isinstance(value, str) and " " not in value else str(value)
    )


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in mapping.items():
        name = f"{prefix}{label(key)}"
        if isinstance(value, Mapping):
            rows += flatten(value, f"{name} · ") if value else [(name, "none")]
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            for index, entry in enumerate(value, 1):
                rows += flatten(entry, f"{name} {index} · ")
        else:
            rows.append((name, show(value)))
    return rows


def _is_citations(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, Mapping) and "source" in v and "ref" in v for v in value
    )


def _is_sentences(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def mapping_section(key: str, title: str, data: Mapping[str, Any]) -> Section:
    """A section that is one object: values as label and value, lists of sentences as lists,
    citations (at any depth) as the section's citation lines, nested objects prefixed."""
    fields: list[tuple[str, str]] = []
    lists: list[tuple[str, list[str]]] = []
    citations: list[Citation] = []

    def walk(mapping: Mapping[str, Any], prefix: str) -> None:
        for name, value in mapping.items():
            shown = f"{prefix}{label(name)}"
            if name == "sources" and _is_citations(value):
                citations.extend(citation(s) for s in value)
            elif _is_sentences(value) and name != "rules":
                lists.append((shown, list(value)))
            elif isinstance(value, Mapping):
                walk(value, f"{shown} · ")
            elif isinstance(value, list) and value and isinstance(value[0], Mapping):
                fields.extend(flatten({name: value}, prefix))
            else:
                fields.append((shown, show(value)))

    walk(data, "")
    return Section(key, title, [], fields=fields, lists=lists, citations=citations)


def triage_section(data: Mapping[str, Any]) -> Section:
    laid_out = mapping_section("triage", SECTION_TITLES["triage"], data)
    return Section(
        "triage",
        laid_out.title,
        [],
        fields=laid_out.fields,
        lists=laid_out.lists,
        citations=laid_out.citations,
        level=str(data.get("level")),
    )


def _percent(value: Any) -> str:
    return f"{show(value)} %"


def _whole(value: Any) -> bool:
    return isinstance(value, int | float) and float(value).is_integer()


def _chance(estimate: Mapping[str, Any]) -> str:
    low, high = estimate["range_percent"]
    figure = estimate.get("estimate_percent")
    if figure is None:
        if _whole(low) and _whole(high):
            return fill(CHANCE_RANGE, low=int(low), high=int(high))
        return (
            f"{_percent(low)} to {_percent(high)} (no single figure for her: the two"
            " neighbouring published figures)"
        )
    if _whole(figure) and _whole(low) and _whole(high):
        return fill(CHANCE, estimate=int(figure), low=int(low), high=int(high))
    return f"{_percent(figure)} (published figures around her: {_percent(low)} to {_percent(high)})"


def prognosis_section(data: Mapping[str, Any]) -> Section:
    """The estimate as one line (figure and published range, or the range alone when the
    model has no single figure for her), then its model, caveat and sources; or the note
    that says why there is none. Never a bare number, never 'unknown' for an absent note."""
    title = SECTION_TITLES["prognosis"]
    estimate = data.get("live_birth_next_pregnancy")
    note = data.get("note")
    if not estimate:
        return Section(
            "prognosis",
            title,
            [],
            empty_text=NO_ESTIMATE,
            fields=[("note", str(note))] if note else [],
        )
    fields = [
        (LABELS["chance"], _chance(estimate)),
        ("model", show(estimate.get("model"))),
        ("caveat", show(estimate.get("caveat"))),
        ("evidence", show(estimate.get("evidence"))),
        ("rule", show(estimate.get("rule"))),
    ]
    if note:
        fields.append(("note", str(note)))
    return Section(
        "prognosis",
        title,
        [],
        fields=fields,
        citations=[citation(s) for s in estimate.get("sources") or []],
    )


def citation(ref: Mapping[str, Any]) -> Citation:
    sources = load_sources()
    recommendations = load_recommendations()
    source = sources.get(str(ref.get("source")))
    recommendation = recommendations.get(str(ref.get("recommendation") or ""))
    return Citation(
        source=str(ref.get("source")),
        title=source.title if source is not None else str(ref.get("source")),
        ref=str(ref.get("ref", "")),
        strength=str(ref.get("strength", "unknown")),
        evidence=str(ref.get("evidence", "unverified")),
        recommendation=ref.get("recommendation"),
        statement=recommendation.statement if recommendation is not None else None,
    )


def item(entry: Mapping[str, Any]) -> Item:
    fields: list[tuple[str, str]] = []
    # A missing-data item has no code: its field path names it, and is not repeated below.
    named_by = "code" if entry.get("code") else "field"
    for key, value in entry.items():
        if key in PLACED or key == named_by:
            continue
        if isinstance(value, Mapping) or (
            isinstance(value, list) and value and isinstance(value[0], Mapping)
        ):
            fields += flatten({key: value})
        else:
            fields.append((label(key), show(value)))
    return Item(
        code=show(entry.get("code") or entry.get("field") or ""),
        rule=entry.get("rule"),
        fields=fields,
        citations=[citation(s) for s in entry.get("sources") or []],
        key=str(entry.get("code") or ""),
    )


def classification_section(data: Mapping[str, Any]) -> Section:
    rows = [
        (label(k), show(v))
        for k, v in data.items()
        if k not in ("sources", "excluded", "undecided")
    ]
    if data.get("type") is None and data.get("meets_definition") is False:
        # The contract leaves `type` empty when the definition is not met: not an unknown.
        rows = [(name, "not applicable") if name == "type" else (name, v) for name, v in rows]
    items = [
        Item(
            code=fill(PREGNANCY, number=e["pregnancy"]),
            rule=None,
            fields=[(LABELS["not_counted"], e["reason"])],
            citations=[],
        )
        for e in data.get("excluded", [])
    ] + [
        Item(
            code=fill(PREGNANCY, number=e["pregnancy"]),
            rule=None,
            fields=[(LABELS["undecided"], e["reason"]), (LABELS["needs"], e["needs"])],
            citations=[],
        )
        for e in data.get("undecided", [])
    ]
    definition_sources = [
        Item(
            code=f"{label(s['setting'])} = {show(s['value'])}",
            rule=None,
            fields=[(LABELS["note"], s["note"])] if s.get("note") else [],
            citations=[citation({**s, "strength": "definition"})],
            key=str(s["setting"]),
        )
        for s in data.get("sources", [])
    ]
    return Section(
        "classification",
        SECTION_TITLES["classification"],
        items,
        empty_text="",
        fields=rows,
        details=definition_sources,
        details_title=DEFINITION_DETAILS,
    )


def sections(assessment: Assessment) -> list[Section]:
    data = assessment.model_dump(mode="json")
    keys = [k for k in SECTION_ORDER if k in data] + sorted(
        k for k in data if k not in SECTION_ORDER and k not in ENVELOPE
    )
    laid_out = []
    for key in keys:
        value = data[key]
        title = SECTION_TITLES.get(key, label(key).capitalize())
        if key == "classification":
            laid_out.append(classification_section(value))
        elif key == "triage" and isinstance(value, Mapping):
            laid_out.append(triage_section(value))
        elif key == "prognosis" and isinstance(value, Mapping):
            laid_out.append(prognosis_section(value))
        elif key == "rules_fired":
            laid_out.append(
                Section(
                    key,
                    title,
                    [Item(code=r, rule=r, fields=[], citations=[]) for r in value],
                    NO_RULE_FIRED,
                    compact=True,
                )
            )
        elif isinstance(value, list):
            laid_out.append(
                Section(
                    key,
                    title,
                    [
                        item(e) if isinstance(e, Mapping) else Item(show(e), None, [], [])
                        for e in value
                    ],
                )
            )
        elif isinstance(value, Mapping):
            laid_out.append(mapping_section(key, title, value))
        elif value is None:
            empty = NO_CURRENT_PREGNANCY if key == "triage" else "not available"
            laid_out.append(Section(key, title, [], empty_text=empty))
        else:
            laid_out.append(Section(key, title, [], fields=[(label(key), show(value))]))
    return laid_out
