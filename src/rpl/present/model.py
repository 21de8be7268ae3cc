"""What every outlet shows of an assessment, already in the reader's language.

Built from the typed `Assessment` by `rpl.present.assessment` (never from a dumped dict); read
by the clinic's pages, both PDF reports, the CLI's text and the FHIR narrative. Every field is
ready to show: names, labels and engine sentences are translated (`Text` says when a part had
to stay in English), dates are written the language's way, codes stay beside their names for
styling and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rpl.present.translate import Text


@dataclass(frozen=True)
class Citation:
    """One source behind an item: guideline, place in it, its own strength label, and how far
    we checked it (evidence: verified, secondary or unverified)."""

    source: str  # source id (rpl/knowledge/sources.yaml)
    title: Text
    ref: str
    strength: str  # the source's own label, or our words for an ungraded one (translated)
    evidence: str  # verified | secondary | unverified
    evidence_label: str
    recommendation: str | None  # the recommendation's id in the knowledge base
    statement: Text | None  # what the recommendation says, in our words


@dataclass(frozen=True)
class TriageView:
    """How urgently the current pregnancy's symptoms need care: first on every output."""

    level: str  # emergency | urgent | soon | routine
    level_label: str
    action: Text
    reasons: list[Text]
    tell_clinic: list[Text]
    rules: list[str]
    citations: list[Citation]


@dataclass(frozen=True)
class PracticeNote:
    """Where the clinic's practice replaced the guideline's recommendation for this item:
    never silent, so every clinician output shows it with its approval and reason."""

    text: str  # "Clinic practice, approved by X on date; differs from ESHRE 2022 because: …"
    guideline_recommendation: str  # what the guideline's rule gave
    guideline_recommendation_label: str
    approved_by: str
    approved_on: str
    reason: str  # the clinic's own words, as its clinicians wrote them


@dataclass(frozen=True)
class Line:
    """One investigation, finding or plan item."""

    code: str
    name: Text  # plain for patients, clinical for staff
    section: str  # investigations | findings | treatments | next_pregnancy | advice
    reason: Text  # the engine's reason, or a finding's detail
    rule: str
    citations: list[Citation]
    recommendation: str | None = None  # plan items and investigations
    recommendation_label: str = ""
    status: str | None = None  # investigations: to_do | done | repeat | not_needed; findings
    status_label: str = ""
    result: str | None = None  # investigations: normal | abnormal | indeterminate
    result_label: str = ""
    practice: PracticeNote | None = None  # the clinic's practice replaced the guideline's
    # A test done although the guideline advises against it: the guideline's direction beside
    # the result, for a clinician ("done; not recommended under ESHRE-2022 — result: abnormal").
    done_label: str = ""

    @property
    def abnormal(self) -> bool:
        """A result or finding a clinician must act on, named in plain words on every output."""
        if self.section == "findings":
            return self.status in ("present", "possible")
        return self.result == "abnormal"

    @property
    def advised_against(self) -> bool:
        return self.recommendation in ("not_recommended", "research_only")


@dataclass(frozen=True)
class Counted:
    """A pregnancy the classification did not count, or could not decide yet."""

    pregnancy: int
    label: str  # "pregnancy 2"
    reason: Text
    needs: str | None = None  # the missing field that would decide it


@dataclass(frozen=True)
class Setting:
    """One setting of the profile's definition, with its source."""

    key: str
    label: str
    value: str
    note: str | None
    citation: Citation


@dataclass(frozen=True)
class ClassificationView:
    verdict: str  # meets | does_not_meet | undecided
    verdict_text: str  # one sentence, translated
    rpl_type: str | None  # primary | secondary
    type_label: str
    counts: list[tuple[str, str]]  # label, value
    care_level: int | None
    definition: Text
    profile_title: str
    not_counted: list[Counted]
    undecided: list[Counted]
    settings: list[Setting]


@dataclass(frozen=True)
class PrognosisView:
    chance: str | None  # the one line: figure and published range, or None with `note`
    model: Text | None
    caveat: Text | None
    evidence_label: str
    rule: str | None
    citations: list[Citation]
    note: Text | None


@dataclass(frozen=True)
class ResultLine:
    """One result as the record holds it, so the clinician reads the value, its unit and the
    laboratory's range beside what it decided (the findings say which criteria it met)."""

    name: Text
    whose: str
    date: str
    value: str  # as recorded, with its unit ("62 GPL U/mL", "positive", measurements)
    reference_range: str  # as the laboratory gave it; "" when none
    reading: str  # in words: above / below / within the range, or why it cannot be read
    abnormal: bool


@dataclass(frozen=True)
class MissingLine:
    field: str  # the record path, e.g. woman.bmi
    name: Text  # what is missing, in words
    why: Text


@dataclass(frozen=True)
class RuleLine:
    """A rule that fired: how far its sources were read, and the clinic's own sign-off of it.

    Two separate facts: `evidence` is the weakest evidence status among the recommendations
    the rule cites (verified, secondary, unverified; `in_place_of` names guidelines read through
    a stand-in); `review` is the clinic's decision (rpl.core.governance), `unknown` where the
    outlet has no clinic database.
    """

    rule: str
    review: str  # awaiting | approved | overridden | changes_needed | stale | expired | unknown
    review_label: str
    evidence: str = ""  # verified | secondary | unverified ("" when not known)
    evidence_label: str = ""
    in_place_of: tuple[str, ...] = ()  # sources read through a stand-in's text
    signed: str = ""  # "approved by X on date; next review date", translated
    reason: str = ""  # the reviewer's note for an override or a request for changes

    @property
    def reviewed(self) -> bool:
        return self.review in ("approved", "overridden")


@dataclass(frozen=True)
class ClinicianView:
    """The whole assessment for a clinician: a one-minute summary, then the provenance."""

    language: str  # BCP 47, for lang=""
    record_id: str
    assessed_on: str
    profile_id: str
    profile_title: str
    engine_version: str
    knowledge_version: str
    triage: TriageView | None
    classification: ClassificationView
    findings: list[Line]  # present or possible (what decided them in `reason`)
    findings_absent: list[Line]
    to_do: list[Line]  # investigations advised and not done (or to repeat)
    done: list[Line]  # investigations done, with their result
    treatments: list[Line]
    next_pregnancy: list[Line]
    advice: list[Line]
    undecided: list[Line]  # plan items the record cannot decide yet
    advised_against: list[Line]  # investigations and plan items the guidelines advise against
    prognosis: PrognosisView
    missing: list[MissingLine]
    rules_fired: list[str]
    results: list[ResultLine] = field(default_factory=list)  # the record's, when given

    def every_line(self) -> list[Line]:
        return [
            *self.findings,
            *self.findings_absent,
            *self.to_do,
            *self.done,
            *self.treatments,
            *self.next_pregnancy,
            *self.advice,
            *self.undecided,
            *self.advised_against,
        ]

    def cited(self) -> list[Citation]:
        """Every citation of the assessment once (by recommendation, else source and place),
        in the order first met: triage, items, prognosis."""
        seen: dict[tuple[str, str, str], Citation] = {}
        every = [c for line in self.every_line() for c in line.citations]
        if self.triage is not None:
            every = [*self.triage.citations, *every]
        for citation in [*every, *self.prognosis.citations]:
            key = (citation.recommendation or "", citation.source, citation.ref)
            seen.setdefault(key, citation)
        return list(seen.values())


@dataclass(frozen=True)
class PlainLine:
    """A plan item or test as a patient reads it."""

    code: str
    name: Text
    may_help: bool  # a conditional recommendation: "may help; talk it through with your doctor"
    clinic_practice: bool = False  # the clinic's approved practice, differing from the guideline


@dataclass(frozen=True)
class PatientView:
    """The plan for the couple in plain words: what to do now first."""

    language: str
    record_id: str
    printed_on: str
    pregnant_now: bool  # rpl.core.record.pregnant_now: not a known ectopic pregnancy
    triage: TriageView | None  # first, whenever there is a current pregnancy (ectopic too)
    to_discuss: list[Text]  # abnormal results and findings, in plain words
    pregnancies: int
    losses_counted: int
    meets_definition: bool | None
    tests_to_do: list[PlainLine]
    tests_done: list[Text]
    treatments: list[PlainLine]
    this_or_next_pregnancy: list[PlainLine]  # "for this pregnancy" when pregnant now
    things_to_do: list[PlainLine]
    undecided: list[Text]
    information_needed: list[Text]  # each missing piece, named
    not_advised: list[Text]  # tests and treatments the guidelines advise against
    not_advised_summary: str
    profile_title: str
