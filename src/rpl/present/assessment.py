"""An assessment laid out for a clinician and for the couple (`rpl.present.model`).

One function per reader, both from the typed `Assessment`: `for_clinician` (every section,
a summary first and the provenance after it) and `for_patient` (what to do now, in plain
words). Every text goes through the reader's `Translator`. Sentences and labels are marked
with `gettext_noop` so `scripts/messages.sh update` collects them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rpl.core.assessment import Assessment
from rpl.core.catalogue import Group
from rpl.core.classification import Classification, ExcludedPregnancy, UndecidedPregnancy
from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.governance import ApprovedPractice, SignOff
from rpl.core.names import NAMES
from rpl.core.profiles import Profile
from rpl.core.ranges import place
from rpl.core.record import CoupleRecord, Result, pregnant_now
from rpl.core.results import read_result
from rpl.core.sections import Finding, Investigation, MissingItem, PlanItem, SourceRef, Triage
from rpl.core.sources import load_sources
from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _
from rpl.core.text import pgettext_noop as pgettext_lazy  # makemessages reads the context
from rpl.core.triage import for_clinician as triage_for_clinician
from rpl.present.model import (
    Citation,
    ClassificationView,
    ClinicianView,
    Counted,
    Line,
    MissingLine,
    PatientView,
    PlainLine,
    PracticeNote,
    PrognosisView,
    ResultLine,
    RuleLine,
    Setting,
    TriageView,
)
from rpl.present.translate import Text, Translator

# --- labels ---------------------------------------------------------------------------------

TRIAGE_LEVELS = {
    "emergency": _("emergency"),
    "urgent": _("urgent"),
    "soon": _("soon"),
    "routine": _("routine"),
}
RECOMMENDATIONS = {
    "recommended": _("recommended"),
    "conditional": _("conditional"),
    "not_recommended": _("not recommended"),
    "research_only": _("research only"),
    "undecided": _("undecided"),
}
STATUSES = {
    "to_do": _("to do"),
    "done": _("done"),
    "repeat": _("repeat"),
    "not_needed": _("not needed"),
    "present": _("present"),
    "absent": _("absent"),
    "possible": _("possible"),
}
RESULTS = {
    "normal": _("normal"),
    "abnormal": _("abnormal"),
    "indeterminate": _("indeterminate"),
}
# A test done although the guideline advises against it: the clinician reads the guideline's
# direction beside the result; the couple reads only the result (never "advised against").
DONE_AGAINST = _("done; %(direction)s under %(source)s — result: %(result)s")
DONE_AGAINST_NO_RESULT = _("done; %(direction)s under %(source)s — result not in the record")
DONE_RESULT_PLAIN: dict[str | None, str] = {
    "normal": _("%(name)s: the result is normal"),
    "abnormal": _("%(name)s: the result needs discussing with your doctor"),
    "indeterminate": _("%(name)s: the result is not clear; your doctor will explain it"),
    None: _("%(name)s: done; your doctor will explain the result"),
}
EVIDENCE = {
    "verified": _("verified"),
    "secondary": _("secondary"),
    "unverified": _("unverified"),
}
# Our words for a source's strength where it gives no grade of its own; a source's own grade
# (Grade B, GPP, a GRADE label) is shown as written.
STRENGTHS = (
    _("strong"),
    _("moderate"),
    _("offer"),
    _("ungraded"),
    _("classification criteria (ungraded)"),
    _("definition"),
)
# `secondary` alone is an evidence status: the RPL type has its own context.
RPL_TYPE_CONTEXT = "type of recurrent pregnancy loss"
RPL_TYPES = {
    "primary": pgettext_lazy("type of recurrent pregnancy loss", "primary"),
    "secondary": pgettext_lazy("type of recurrent pregnancy loss", "secondary"),
}
COUNT_LABELS = {
    "losses_counted": _("losses counted"),
    "consecutive_losses": _("consecutive losses"),
    "longest_consecutive_losses": _("longest consecutive losses"),
    "first_trimester_losses": _("first trimester losses"),
    "second_trimester_losses": _("second trimester losses"),
    "unknown_trimester_losses": _("unknown trimester losses"),
    "care_level": _("care level"),
}
SETTING_LABELS = {
    "min_losses": _("min losses"),
    "min_second_trimester_losses": _("min second trimester losses"),
    "first_trimester_only": _("first trimester only"),
    "first_trimester_upper_weeks": _("first trimester upper weeks"),
    "loss_upper_limit_weeks": _("loss upper limit weeks"),
    "secondary_after_weeks": _("secondary after weeks"),
    "consecutive_required": _("consecutive required"),
    "same_partner_required": _("same partner required"),
    "clinical_confirmation_required": _("clinical confirmation required"),
    "count_biochemical": _("count biochemical"),
    "count_ectopic": _("count ectopic"),
    "count_molar": _("count molar"),
    "count_resolved_pul": _("count resolved pul"),
}
VALUES = {True: _("yes"), False: _("no"), None: _("unknown")}
NOT_APPLICABLE = _("not applicable")
# The clinic's own sign-off (rpl.core.governance), apart from the sources' evidence status.
REVIEWS = {
    "awaiting": _("awaiting the clinic's review"),
    "approved": _("approved by the clinic"),
    "overridden": _("overridden by the clinic, with a reason"),
    "changes_needed": _("the clinic's reviewer asked for changes"),
    "stale": _("changed since the clinic's review; awaiting a new review"),
    "expired": _("the clinic's review has expired; awaiting a new review"),
    "unknown": _("review state not available"),
}
SIGNED = _("%(state)s by %(name)s on %(date)s; next review %(next)s")
SIGNED_STATES = {"approved": _("approved"), "overridden": _("overridden")}
PRACTICE = _(
    "Clinic practice, approved by %(name)s on %(date)s; differs from %(guideline)s"
    " (%(recommendation)s) because: %(reason)s"
)
VERDICTS = {
    "meets": _("Meets this profile's definition of recurrent pregnancy loss."),
    "does_not_meet": _("Does not meet this profile's definition of recurrent pregnancy loss."),
    "undecided": _(
        "Cannot be decided yet: missing information could change whether the definition is met."
    ),
}
PREGNANCY = template(_("pregnancy %(number)d"))
CHANCE = template(_("%(estimate)d %% (published figures around her: %(low)d %% to %(high)d %%)"))
CHANCE_RANGE = template(
    _(
        "%(low)d %% to %(high)d %% (no single figure for her: the two neighbouring published"
        " figures)"
    )
)

# Treatments that belong to the current pregnancy when she is pregnant now (progesterone for
# bleeding now; aspirin and heparin for APS, which start with the pregnancy): shown with her
# pregnancy's triage rather than among the treatments to discuss for later.
FOR_THIS_PREGNANCY = frozenset({"progesterone_bleeding", "aspirin_heparin_aps"})

# The patient's side. Findings that are not results to discuss: the absence of a cause, and
# habits and weight, which the plan's "things you can do" already addresses.
NOT_RESULTS = frozenset({"unexplained_rpl", "smoking", "obesity", "overweight", "underweight"})
# One condition judged by more than one set of published criteria (the clinician sees each set
# side by side): the couple reads one line for the condition, named in the catalogue's
# `findings` group, at its most certain ("points to" when any set is met, else "may point to").
ONE_CONDITION = {
    "aps_sydney_2006": "antiphospholipid_syndrome",
    "aps_acr_eular_2023": "antiphospholipid_syndrome",
}
CERTAINTY = ("present", "possible")  # most certain first
ABNORMAL_RESULT = _("A result needs discussing with your doctor: %(name)s.")
FINDING_TO_DISCUSS = _("Your results point to something to discuss with your doctor: %(name)s.")
FINDING_POSSIBLE = _(
    "Your results may point to something your doctor will want to check further: %(name)s."
)
NOT_ADVISED_SUMMARY = _(
    "The guidelines advise against some tests and treatments that couples often ask about."
    " They are listed at the end, so you can talk about them with your doctor."
)
# What a missing value is, in the patient's words (by the record path's pattern).
MISSING_PLAIN = {
    "woman.age_years": _("your age"),
    "woman.bmi": _("your height and weight (for your body-mass index)"),
    "woman.smoking": _("whether you smoke"),
    "woman.family_history": _("illnesses that run in your family"),
    "woman.conditions": _("your own health conditions (for example thyroid disease or diabetes)"),
}
MISSING_PREGNANCY_PLAIN = {
    "end_date": template(_("when pregnancy %(number)d ended")),
    "gestational_age": template(_("how many weeks pregnancy %(number)d lasted")),
    "confirmed_by": template(
        _("whether pregnancy %(number)d was seen on a scan or confirmed by a tissue test")
    ),
    "same_partner": template(_("whether pregnancy %(number)d was with your current partner")),
}
MISSING_RESULT_PLAIN = {
    "unit": template(_("the unit of test result %(number)d")),
    "date": template(_("the date of test result %(number)d")),
}
_PATH = re.compile(r"(?P<list>pregnancies|results)\[(?P<index>\d+)\]\.(?P<field>\w+)")


# Published prognosis models by source, named in the reader's language (else the model's title).
MODEL_NAMES = {
    "BRIGHAM-1999": _(
        "The table of Brigham and colleagues (1999): the chance of success in the next pregnancy"
        " after unexplained recurrent miscarriage"
    ),
}


# --- parts ----------------------------------------------------------------------------------


def citation(ref: SourceRef, tr: Translator) -> Citation:
    source = load_sources().get(ref.source)
    recommendation = load_recommendations().get(ref.recommendation or "")
    title = source.title if source is not None else ref.source
    return Citation(
        source=ref.source,
        title=Text(title, source.language if source is not None else "en"),
        ref=ref.ref,
        strength=tr.label(ref.strength),
        evidence=ref.evidence,
        evidence_label=tr.label(EVIDENCE[ref.evidence]),
        recommendation=ref.recommendation,
        statement=tr.text(recommendation.statement) if recommendation is not None else None,
    )


def citations(refs: Iterable[SourceRef], tr: Translator) -> list[Citation]:
    return [citation(ref, tr) for ref in refs]


def triage_view(triage: Triage, tr: Translator, audience: str = "clinical") -> TriageView:
    """The triage in the reader's words: the woman's (`plain`), or the clinician's, with the
    same level, rules and sources (rpl.core.triage.for_clinician)."""
    if audience != "plain":
        triage = triage_for_clinician(triage)
    return TriageView(
        level=triage.level,
        level_label=tr.label(TRIAGE_LEVELS[triage.level]),
        action=tr.text(triage.action),
        reasons=[tr.text(r) for r in triage.reasons],
        tell_clinic=[tr.text(t) for t in triage.tell_clinic],
        rules=list(triage.rules),
        citations=citations(triage.sources, tr),
    )


def _group(section: str) -> Group:
    if section == "investigations":
        return "tests"
    if section == "findings":
        return "findings"
    return "plan"


def line(
    section: str,
    item: Investigation | Finding | PlanItem,
    tr: Translator,
    audience: str = "clinical",
) -> Line:
    name = tr.name(_group(section), item.code, "plain" if audience == "plain" else "clinical")
    cited = citations(item.sources, tr)
    if isinstance(item, Finding):
        return Line(
            code=item.code,
            name=name,
            section=section,
            reason=tr.text(item.detail),
            rule=item.rule,
            citations=cited,
            status=item.status,
            status_label=tr.label(STATUSES[item.status]),
        )
    recommendation_label = tr.label(RECOMMENDATIONS[item.recommendation])
    if isinstance(item, Investigation):
        return Line(
            code=item.code,
            name=name,
            section=section,
            reason=tr.text(item.reason),
            rule=item.rule,
            citations=cited,
            recommendation=item.recommendation,
            recommendation_label=recommendation_label,
            status=item.status,
            status_label=tr.label(STATUSES[item.status]),
            result=item.result,
            result_label=tr.label(RESULTS[item.result]) if item.result else "",
        )
    return Line(
        code=item.code,
        name=name,
        section=section,
        reason=tr.text(item.reason),
        rule=item.rule,
        citations=cited,
        recommendation=item.recommendation,
        recommendation_label=recommendation_label,
    )


def _value(value: object, tr: Translator) -> str:
    if value is None or isinstance(value, bool):
        return tr.label(VALUES[value])
    return str(value)


def classification_view(
    classification: Classification, profile_title: str, tr: Translator
) -> ClassificationView:
    meets = classification.meets_definition
    verdict = "meets" if meets is True else "does_not_meet" if meets is False else "undecided"
    rpl_type = classification.type
    if rpl_type is not None:
        type_label = tr.label(RPL_TYPES[rpl_type], RPL_TYPE_CONTEXT)
    elif meets is False:
        type_label = tr.label(NOT_APPLICABLE)  # the contract leaves it empty: not an unknown
    else:
        type_label = tr.label(VALUES[None])
    counts = [
        (tr.label(label), _value(getattr(classification, key), tr))
        for key, label in COUNT_LABELS.items()
    ]

    def counted(entries: Sequence[ExcludedPregnancy]) -> list[Counted]:
        return [
            Counted(
                pregnancy=entry.pregnancy,
                label=tr.text(fill(PREGNANCY, number=entry.pregnancy)).text,
                reason=tr.text(entry.reason),
                needs=entry.needs if isinstance(entry, UndecidedPregnancy) else None,
            )
            for entry in entries
        ]

    settings = [
        Setting(
            key=source.setting,
            label=tr.label(SETTING_LABELS.get(source.setting, source.setting)),
            value=_value(source.value, tr),
            note=source.note,
            citation=citation(
                SourceRef(
                    source=source.source,
                    ref=source.ref,
                    strength="definition",
                    evidence=source.evidence,
                ),
                tr,
            ),
        )
        for source in classification.sources
    ]
    return ClassificationView(
        verdict=verdict,
        verdict_text=tr.label(VERDICTS[verdict]),
        rpl_type=rpl_type,
        type_label=type_label,
        counts=counts,
        care_level=classification.care_level,
        definition=tr.text(classification.definition),
        profile_title=profile_title,
        not_counted=counted(classification.excluded),
        undecided=counted(classification.undecided),
        settings=settings,
    )


def model_name(source: str, title: str, tr: Translator) -> Text:
    if source in MODEL_NAMES:
        return Text(tr.label(MODEL_NAMES[source]), tr.lang)
    return tr.text(title)


def _whole(value: float) -> bool:
    return float(value).is_integer()


def prognosis_view(assessment: Assessment, tr: Translator) -> PrognosisView:
    prognosis = assessment.prognosis
    estimate = prognosis.live_birth_next_pregnancy
    note = tr.text(prognosis.note) if prognosis.note else None
    if estimate is None:
        return PrognosisView(None, None, None, "", None, [], note)
    low, high = estimate.range_percent
    figure = estimate.estimate_percent
    if figure is None and _whole(low) and _whole(high):
        chance = tr.text(fill(CHANCE_RANGE, low=int(low), high=int(high))).text
    elif figure is not None and _whole(figure) and _whole(low) and _whole(high):
        chance = tr.text(fill(CHANCE, estimate=int(figure), low=int(low), high=int(high))).text
    elif figure is None:
        chance = f"{low:g} % – {high:g} %"
    else:
        chance = f"{figure:g} % ({low:g} % – {high:g} %)"
    return PrognosisView(
        chance=chance,
        model=model_name(estimate.source, estimate.model, tr),
        caveat=tr.text(estimate.caveat),
        evidence_label=tr.label(EVIDENCE[estimate.evidence]),
        rule=estimate.rule,
        citations=citations(estimate.sources, tr),
        note=note,
    )


def missing_name(item: MissingItem, tr: Translator) -> Text:
    """What a missing value is, in the patient's words; its record path if we have none."""
    if item.field in MISSING_PLAIN:
        return Text(tr.label(MISSING_PLAIN[item.field]), tr.lang)
    match = _PATH.fullmatch(item.field)
    if match is not None:
        table = MISSING_PREGNANCY_PLAIN if match["list"] == "pregnancies" else MISSING_RESULT_PLAIN
        message = table.get(match["field"])
        if message is not None:
            return tr.text(fill(message, number=int(match["index"]) + 1))
    return Text(item.field, "en")


# --- the two readers ------------------------------------------------------------------------


def for_clinician(
    assessment: Assessment,
    tr: Translator,
    practice: Sequence[ApprovedPractice] = (),
    record: CoupleRecord | None = None,
) -> ClinicianView:
    """`practice`: the clinic's approved practice overrides, applied here (never in the
    engine) and shown on each line they change. `record`: the assessed record, whose results
    are then listed with their values, units and ranges."""

    def lines(section: str) -> list[Line]:
        return [
            apply_practice(line(section, item, tr), practice, tr)
            for item in getattr(assessment, section)
        ]

    investigations = [_done_label(i, tr) for i in lines("investigations")]
    findings = lines("findings")
    plan = {key: lines(key) for key in ("treatments", "next_pregnancy", "advice")}
    # A done test stays with its result (and the direction beside it), not among these.
    advised_against = [i for i in investigations if i.advised_against and i.status != "done"]
    undecided: list[Line] = []
    for key, items in plan.items():
        advised_against += [i for i in items if i.advised_against]
        undecided += [i for i in items if i.recommendation == "undecided"]
        plan[key] = [i for i in items if i.recommendation in ("recommended", "conditional")]
    # What needs acting on first: present findings before possible ones.
    shown = sorted(
        (f for f in findings if f.status != "absent"), key=lambda f: f.status != "present"
    )
    return ClinicianView(
        language=tr.lang,
        record_id=assessment.record_id,
        assessed_on=tr.date(assessment.assessed_on),
        profile_id=assessment.profile.id,
        profile_title=assessment.profile.title,
        engine_version=assessment.versions.engine,
        knowledge_version=assessment.versions.knowledge,
        triage=triage_view(assessment.triage, tr) if assessment.triage else None,
        classification=classification_view(assessment.classification, assessment.profile.title, tr),
        findings=shown,
        findings_absent=[f for f in findings if f.status == "absent"],
        to_do=[
            i for i in investigations if i.status in ("to_do", "repeat") and not i.advised_against
        ],
        done=[i for i in investigations if i.status == "done"],
        treatments=plan["treatments"],
        next_pregnancy=plan["next_pregnancy"],
        advice=plan["advice"],
        undecided=undecided,
        advised_against=advised_against,
        prognosis=prognosis_view(assessment, tr),
        missing=[
            MissingLine(field=m.field, name=missing_name(m, tr), why=tr.text(m.why))
            for m in assessment.missing_data
        ],
        rules_fired=list(assessment.rules_fired),
        results=result_lines(record, tr) if record is not None else [],
    )


def _done_label(line: Line, tr: Translator) -> Line:
    """A done test the guideline advises against: its direction and source beside the result."""
    if line.status != "done" or not line.advised_against:
        return line
    sources = ", ".join(dict.fromkeys(c.source for c in line.citations))
    message = DONE_AGAINST if line.result_label else DONE_AGAINST_NO_RESULT
    label = tr.label(message) % {
        "direction": line.recommendation_label,
        "source": sources,
        "result": line.result_label,
    }
    return replace(line, done_label=label)


RESULT_PLACE = {
    "above": _("above the laboratory's range"),
    "below": _("below the laboratory's range"),
    "within": _("within the laboratory's range"),
}
RESULT_UNREAD = _("not read: needs its unit and the laboratory's range")
# The record's small lists are named once, in the core (rpl.core.names), for this and the form.
RESULT_WORDS = NAMES["result_words"]
READINGS = ("normal", "abnormal")  # the readings of `read_result` shown in words


def _number(value: float) -> str:
    return f"{value:g}"


def range_text(reference_range: object) -> str:
    """A reference range as a laboratory prints it: "0.4–4", "≤ 20", "≥ 5", or the text as
    recorded ("<20"); "" when there is none."""
    if reference_range is None:
        return ""
    if isinstance(reference_range, str):
        return reference_range
    if isinstance(reference_range, list | tuple) and len(reference_range) == 2:
        low, high = reference_range
        if low is not None and high is not None:
            return f"{_number(low)}–{_number(high)}"
        if high is not None:
            return f"≤ {_number(high)}"
        if low is not None:
            return f"≥ {_number(low)}"
    return ""


def name_of(vocabulary: str, code: str, tr: Translator) -> str:
    """A code of one of the record's small lists by its name (rpl.core.names), or as written."""
    name = NAMES[vocabulary].get(code)
    return tr.label(*name) if name is not None else code


def _result_value(result: Result, tr: Translator) -> str:
    parts: list[str] = []
    if isinstance(result.value, int | float):
        parts.append(
            f"{_number(result.value)} {result.unit}" if result.unit else _number(result.value)
        )
    elif result.value is not None:
        word = result.value.strip().lower()
        parts.append(tr.label(*RESULT_WORDS[word]) if word in RESULT_WORDS else result.value)
    if result.method is not None:
        parts.append(name_of("imaging", result.method, tr))
    for key, number in (result.measurements or {}).items():
        parts.append(tr.labelled(name_of("measurements", key, tr), _number(number)))
    if result.interpretation:
        parts.append(result.interpretation)
    return "; ".join(parts)


def _result_reading(result: Result, tr: Translator) -> tuple[str, bool]:
    """What the result says on its own terms, in words, and whether it is abnormal."""
    if isinstance(result.value, int | float):
        if result.unit and result.reference_range is not None:
            where = place(float(result.value), result.reference_range)
            return tr.label(RESULT_PLACE[where]), where != "within"
        return tr.label(RESULT_UNREAD), False
    reading = read_result(result)
    if reading in READINGS:
        return tr.label(*RESULT_WORDS[reading]), reading == "abnormal"
    return "", False


def result_lines(record: CoupleRecord, tr: Translator) -> list[ResultLine]:
    """The record's results, oldest first (undated last), each with its value, unit, the
    laboratory's range and where the value lies in it."""
    ordered = sorted(record.results, key=lambda r: (r.date is None, r.date))
    lines = []
    for result in ordered:
        reading, abnormal = _result_reading(result, tr)
        lines.append(
            ResultLine(
                name=tr.name("tests", result.test, "clinical"),
                whose=name_of("subject", result.subject or "woman", tr),
                date=tr.date(result.date) if result.date else tr.label(_("unknown")),
                value=_result_value(result, tr),
                reference_range=range_text(result.reference_range),
                reading=reading,
                abnormal=abnormal,
            )
        )
    return lines


def _worst(evidence: Iterable[str]) -> str:
    found = set(evidence)
    for status in ("unverified", "secondary", "verified"):
        if status in found:
            return status
    return ""


def rule_recommendations(rule: str, profile: Profile | None) -> list[GuidelineRecommendation]:
    """The recommendations a rule cites under the profile (every profile's when None)."""
    from rpl.core.rules.catalogue import default_registry
    from rpl.core.triage import triage_rules

    recommendations = load_recommendations()
    triage = {r.id: r for r in triage_rules()}
    if rule in triage:
        return [recommendations[i] for i in triage[rule].cites if i in recommendations]
    registry = default_registry()
    try:
        found = registry.get(rule)
    except KeyError:
        return []
    ids = registry.citations_for(found, profile) if profile is not None else None
    if ids is None:
        ids = tuple(sorted({i for cited in found.cites.values() for i in cited}))
    return [recommendations[i] for i in ids if i in recommendations]


def signed_text(sign_off: SignOff, tr: Translator) -> str:
    """The sign-off in words, e.g. approved by X on a date, next review on a date (empty
    unless signed off)."""
    if not sign_off.signed_off or sign_off.reviewed_on is None:
        return ""
    return tr.label(SIGNED) % {
        "state": tr.label(SIGNED_STATES[sign_off.state]),
        "name": sign_off.reviewer,
        "date": tr.date(sign_off.reviewed_on),
        "next": tr.date(sign_off.next_review) if sign_off.next_review else "—",
    }


def review_lines(
    rules: Iterable[str],
    reviews: Mapping[str, str | SignOff] | None,
    tr: Translator,
    profile: Profile | None = None,
) -> list[RuleLine]:
    """Each rule fired with the weakest evidence status of what it cites (under `profile`)
    and, apart from it, the clinic's sign-off (`unknown` where the outlet has none)."""
    lines = []
    for rule in rules:
        given = (reviews or {}).get(rule, "unknown")
        sign_off = given if isinstance(given, SignOff) else None
        state = sign_off.state if sign_off is not None else str(given)
        cited = rule_recommendations(rule, profile)
        evidence = _worst(r.evidence for r in cited)
        lines.append(
            RuleLine(
                rule=rule,
                review=state if state in REVIEWS else "unknown",
                review_label=tr.label(REVIEWS.get(state, REVIEWS["unknown"])),
                evidence=evidence,
                evidence_label=tr.label(EVIDENCE[evidence]) if evidence else "",
                in_place_of=tuple(sorted({r.in_place_of for r in cited if r.in_place_of})),
                signed=signed_text(sign_off, tr) if sign_off is not None else "",
                reason=sign_off.reason if sign_off is not None else "",
            )
        )
    return lines


def apply_practice(line: Line, practice: Sequence[ApprovedPractice], tr: Translator) -> Line:
    """The line with the clinic's approved practice in place of the guideline's
    recommendation, and a note saying so (the line unchanged where none applies)."""
    for approved in practice:
        override = approved.override
        if override.rule != line.rule or override.code != line.code:
            continue
        if line.recommendation is None or line.recommendation == override.recommendation:
            continue
        note = PracticeNote(
            text=tr.label(PRACTICE)
            % {
                "name": approved.approved_by,
                "date": tr.date(approved.approved_on),
                "guideline": approved.differs_from,
                "recommendation": line.recommendation_label,
                "reason": override.reason,
            },
            guideline_recommendation=line.recommendation,
            guideline_recommendation_label=line.recommendation_label,
            approved_by=approved.approved_by,
            approved_on=tr.date(approved.approved_on),
            reason=override.reason,
        )
        return replace(
            line,
            recommendation=override.recommendation,
            recommendation_label=tr.label(RECOMMENDATIONS[override.recommendation]),
            practice=note,
        )
    return line


def _plain(items: Iterable[Line]) -> list[PlainLine]:
    return [
        PlainLine(
            code=i.code,
            name=i.name,
            may_help=i.recommendation == "conditional",
            clinic_practice=i.practice is not None,
        )
        for i in items
    ]


def for_patient(
    assessment: Assessment,
    record: CoupleRecord,
    tr: Translator,
    printed_on: str,
    practice: Sequence[ApprovedPractice] = (),
) -> PatientView:
    """The couple's plan in plain words: her pregnancy's triage first when she is pregnant now,
    then results to discuss, the plan that applies, what is still needed, and last what the
    guidelines advise against (collapsed to one short paragraph with the list below it)."""

    def lines(section: str) -> list[Line]:
        return [
            apply_practice(line(section, item, tr, "plain"), practice, tr)
            for item in getattr(assessment, section)
        ]

    investigations = lines("investigations")
    plan = {key: lines(key) for key in ("treatments", "next_pregnancy", "advice")}
    pregnant = pregnant_now(record)
    to_discuss: list[Text] = []
    for code, status in _results_to_discuss(assessment.findings):
        message = FINDING_TO_DISCUSS if status == "present" else FINDING_POSSIBLE
        name = tr.name("findings", code, "plain")
        to_discuss.append(Text(tr.label(message) % {"name": name.text}, tr.lang))
    for test in investigations:
        if test.result == "abnormal":
            to_discuss.append(Text(tr.label(ABNORMAL_RESULT) % {"name": test.name.text}, tr.lang))

    def advised(items: list[Line]) -> list[Line]:
        return [i for i in items if i.recommendation in ("recommended", "conditional")]

    # A test she has had is shown with its result only: never as "advised against".
    against = [
        i
        for i in investigations + [x for v in plan.values() for x in v]
        if i.advised_against and i.status != "done"
    ]
    undecided = [i for v in plan.values() for i in v if i.recommendation == "undecided"]
    tests_to_do = [
        i for i in investigations if i.status in ("to_do", "repeat") and not i.advised_against
    ]
    return PatientView(
        language=tr.lang,
        record_id=assessment.record_id,
        printed_on=printed_on,
        pregnant_now=pregnant,
        triage=triage_view(assessment.triage, tr, "plain") if assessment.triage else None,
        to_discuss=to_discuss,
        pregnancies=len(record.pregnancies),
        losses_counted=assessment.classification.losses_counted,
        meets_definition=assessment.classification.meets_definition,
        tests_to_do=_plain(tests_to_do),
        tests_done=[
            Text(tr.label(DONE_RESULT_PLAIN[i.result]) % {"name": i.name.text}, tr.lang)
            for i in investigations
            if i.status == "done"
        ],
        treatments=_plain(
            i
            for i in advised(plan["treatments"])
            if not (pregnant and i.code in FOR_THIS_PREGNANCY)
        ),
        this_or_next_pregnancy=_plain(
            [
                *(
                    i
                    for i in advised(plan["treatments"])
                    if pregnant and i.code in FOR_THIS_PREGNANCY
                ),
                *advised(plan["next_pregnancy"]),
            ]
        ),
        things_to_do=_plain(advised(plan["advice"])),
        undecided=_dedupe(i.name for i in undecided),
        information_needed=_dedupe(missing_name(m, tr) for m in assessment.missing_data),
        not_advised=_dedupe(i.name for i in against),
        not_advised_summary=tr.label(NOT_ADVISED_SUMMARY) if against else "",
        profile_title=assessment.profile.title,
    )


def _results_to_discuss(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    """(code, status) of each finding the couple reads as a result, in order: one per
    condition (`ONE_CONDITION`) at its most certain status; absent findings and those that are
    not results left out."""
    found: dict[str, str] = {}
    for finding in findings:
        if finding.code in NOT_RESULTS or finding.status not in CERTAINTY:
            continue
        code = ONE_CONDITION.get(finding.code, finding.code)
        status = found.get(code, finding.status)
        found[code] = min(status, finding.status, key=CERTAINTY.index)
    return list(found.items())


def _dedupe(texts: Iterable[Text]) -> list[Text]:
    """Each name once, in order (two codes may share a plain name)."""
    seen: set[str] = set()
    out = []
    for text in texts:
        if text.text not in seen:
            seen.add(text.text)
            out.append(text)
    return out
