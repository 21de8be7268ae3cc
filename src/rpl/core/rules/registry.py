"""Rules: one per guideline recommendation (or per decision), each with a stable id and citations.

A rule cites recommendations by id (`rpl/knowledge/evidence/recommendations.yaml`) for each
profile it belongs to; the wording, the source's own strength label and the evidence status
come from there, never from the rule. A clinic profile that `extends` a shipped profile runs
that profile's rules. The registry refuses a malformed or duplicate id, a rule without a
citation, and a citation of an unknown recommendation, source or profile.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from rpl.core.classification import Classification
from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Profile
from rpl.core.record import Result
from rpl.core.sections import Finding, Investigation, PlanItem, Prognosis, SourceRef
from rpl.core.sources import load_sources
from rpl.core.vocabulary import Recommendation

STEPS = {
    "CL": "classification",
    "IV": "investigations",
    "IP": "interpretation",
    "TX": "treatment",
    "NP": "next pregnancy",
    "LS": "lifestyle",
    "PG": "prognosis",
    "TR": "triage",
}
RULE_ID = re.compile(r"(?P<step>CL|IV|IP|TX|NP|LS|PG|TR)\d{2}")

Item = Investigation | Finding | PlanItem | Prognosis
Section = Literal[
    "investigations", "findings", "treatments", "next_pregnancy", "advice", "prognosis"
]
STEP_ORDER = tuple(STEPS)


def run_order(rule_id: str) -> tuple[int, str]:
    """Rules run step by step (classification, investigations, interpretation, treatment...),
    so a treatment rule sees the findings; within a step, by id."""
    return STEP_ORDER.index(rule_id[:2]), rule_id


class RuleRegistryError(ValueError):
    """A rule cannot be registered as written."""


class Emitted(NamedTuple):
    """One item a rule adds, and the section it goes to (a tuple: built ~20 times a record)."""

    section: Section
    item: Item


_SOURCE_REFS: dict[str, SourceRef] = {}


def source_ref(recommendation: GuidelineRecommendation) -> SourceRef:
    """The citation of one recommendation as it appears in an assessment (built once)."""
    ref = _SOURCE_REFS.get(recommendation.id)
    if ref is None:
        ref = SourceRef(
            source=recommendation.source,
            ref=recommendation.ref,
            strength=recommendation.strength,
            evidence=recommendation.evidence,
            recommendation=recommendation.id,
        )
        _SOURCE_REFS[recommendation.id] = ref
    return ref


@dataclass(frozen=True)
class _Planned:
    """One rule in a profile's plan, with the recommendations it cites under that profile
    (worked out once per profile lineage, see `RuleRegistry._plan_for`)."""

    rule: Rule
    cited: tuple[GuidelineRecommendation, ...]

    @property
    def by_id(self) -> dict[str, GuidelineRecommendation]:
        return {r.id: r for r in self.cited}


class RuleContext:
    """What a rule sees: the checked record, its classification, and its own citations.

    One context serves a whole run: the registry sets the rule and its citations before each
    rule (`use`) and records what the rule adds (`add`). Rules read it during their call and
    keep nothing.
    """

    def __init__(
        self,
        rule_id: str,
        checked: CheckedRecord,
        profile: Profile,
        classification: Classification,
        cited: tuple[GuidelineRecommendation, ...],
        earlier: Sequence[Emitted] = (),  # what rules that ran before added (read only)
    ) -> None:
        self.rule_id = rule_id
        self.checked = checked
        self.profile = profile
        self.classification = classification
        self.cited = cited
        self.earlier = earlier
        self._findings: list[Finding] = []
        self._memo: dict[str, Any] = {}
        self.add(earlier)

    def use(self, rule_id: str, cited: tuple[GuidelineRecommendation, ...]) -> None:
        """Make the context that of the next rule of the run."""
        self.rule_id = rule_id
        self.cited = cited

    def add(self, emitted: Iterable[Emitted]) -> None:
        """Keep the findings a rule emitted, for the rules after it."""
        for section, item in emitted:
            if section == "findings" and isinstance(item, Finding):
                self._findings.append(item)

    def cites(self, recommendation_id: str) -> bool:
        """Whether this rule cites that recommendation under this profile."""
        return any(r.id == recommendation_id for r in self.cited)

    def cited_ids(self) -> list[str]:
        """The ids of this rule's citations under this profile, in order (a new list)."""
        return [r.id for r in self.cited]

    def cited_codes(self) -> frozenset[str]:
        """Every code this rule's citations name under this profile."""
        return frozenset(code for r in self.cited for code in r.codes)

    def findings(self, *codes: str) -> list[Finding]:
        """Findings that earlier rules reported present (or possible), of these codes."""
        return [f for f in self._findings if f.code in codes and f.status != "absent"]

    def has_finding(self, *codes: str) -> bool:
        """Whether an earlier rule reported one of these findings present."""
        return any(f.code in codes and f.status == "present" for f in self._findings)

    def earlier_items(self, section: Section) -> list[Item]:
        return [e.item for e in self.earlier if e.section == section]

    def results(self, *tests: str) -> list[Result]:
        """The record's results of any of these tests, oldest first (undated last, in record
        order), as `rpl.core.results.results_for` gives them."""
        chosen = [result for result in self.checked.record.results if result.test in tests]
        chosen.sort(key=_result_order)  # stable: equal dates keep the record's order
        return chosen

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several rules of one run share (e.g. the APS calculators' inputs)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def finding(
        self,
        code: str,
        status: Literal["present", "absent", "possible"],
        detail: str,
        citing: Sequence[str] | None = None,
        extra_sources: Sequence[SourceRef] = (),
    ) -> Emitted:
        sources = (*self.sources(code, citing), *extra_sources)
        item = Finding(code=code, status=status, detail=detail, rule=self.rule_id, sources=sources)
        return Emitted("findings", item)

    def plan(
        self,
        section: Literal["treatments", "next_pregnancy", "advice"],
        code: str,
        reason: str,
        recommendation: Recommendation | None = None,
        citing: Sequence[str] | None = None,
    ) -> Emitted:
        sources = self.sources(code, citing)
        item = PlanItem(
            code=code,
            recommendation=recommendation or self.recommendation_of(sources),
            reason=reason,
            rule=self.rule_id,
            sources=tuple(sources),
        )
        return Emitted(section, item)

    def sources(
        self, code: str | None = None, citing: Sequence[str] | None = None
    ) -> list[SourceRef]:
        """Citations behind one item: those naming `code`, or the ids in `citing`, else all."""
        if citing is not None:
            chosen = [r for r in self.cited if r.id in citing]
        elif code is not None:
            chosen = [r for r in self.cited if code in r.codes]
        else:
            chosen = []
        return [source_ref(r) for r in (chosen or self.cited)]

    def recommendation_of(self, sources: Sequence[SourceRef]) -> Recommendation:
        """The action the cited recommendations call for; the first actionable one decides."""
        by_id = {r.id: r for r in self.cited}
        for source in sources:
            cited = by_id[source.recommendation or ""]
            if cited.direction in (
                "recommended",
                "conditional",
                "not_recommended",
                "research_only",
            ):
                return cited.direction
        raise RuleRegistryError(f"{self.rule_id}: cites no actionable recommendation here")

    def investigation(
        self,
        code: str,
        reason: str,
        status: Literal["to_do", "done", "repeat"] = "to_do",
        result: Literal["normal", "abnormal", "indeterminate"] | None = None,
        recommendation: Recommendation | None = None,
        citing: Sequence[str] | None = None,
    ) -> Emitted:
        sources = self.sources(code, citing)
        recommendation = recommendation or self.recommendation_of(sources)
        advised_against = recommendation in ("not_recommended", "research_only")
        item = Investigation(
            code=code,
            recommendation=recommendation,
            status="not_needed" if advised_against and status == "to_do" else status,
            result=result,
            reason=reason,
            rule=self.rule_id,
            sources=tuple(sources),
        )
        return Emitted("investigations", item)


def _result_order(result: Result) -> tuple[bool, dt.date | None]:
    return (result.date is None, result.date)


Logic = Callable[[RuleContext], Sequence[Emitted] | None]


@dataclass(frozen=True)
class When:
    """A rule's precondition, which the registry checks before calling the rule: when any
    part fails, the rule is not called and does not fire (as if it had returned None).
    Declared rather than written at the top of each rule, so the catalogue can show it.
    """

    definition_met: bool = False  # the history meets the profile's definition of RPL
    a_loss_counted: bool = False  # at least one pregnancy counts as a loss under the profile
    any_result: tuple[str, ...] = ()  # the record has a result of one of these tests
    any_finding: tuple[str, ...] = ()  # an earlier rule reported one of these findings present

    def holds(self, context: RuleContext) -> bool:
        classification = context.classification
        if self.definition_met and classification.meets_definition is not True:
            return False
        if self.a_loss_counted and classification.losses_counted < 1:
            return False
        if self.any_result and not context.results(*self.any_result):
            return False
        return not self.any_finding or context.has_finding(*self.any_finding)


ALWAYS = When()


@dataclass(frozen=True)
class Rule:
    """`logic` returns None when the rule does not fire, else what it adds (possibly nothing).
    It is called only when `when` holds."""

    id: str
    title: str
    cites: Mapping[str, tuple[str, ...]]
    logic: Logic = field(repr=False)
    when: When = ALWAYS

    @property
    def step(self) -> str:
        return STEPS[self.id[:2]]

    @property
    def profiles(self) -> tuple[str, ...]:
        return tuple(sorted(self.cites))


def collect_into(rules: list[Rule]) -> Callable[..., Callable[[Logic], Logic]]:
    """A decorator factory for a rules module: `@rule("IV01", "title", cites={...})`, with
    `when=When(...)` for a precondition the registry checks before calling the rule."""

    def rule(
        rule_id: str, title: str, cites: Mapping[str, Sequence[str]], when: When = ALWAYS
    ) -> Callable[[Logic], Logic]:
        def decorate(logic: Logic) -> Logic:
            rules.append(
                Rule(rule_id, title, {p: tuple(ids) for p, ids in cites.items()}, logic, when)
            )
            return logic

        return decorate

    return rule


class RuleRegistry:
    def __init__(self, known_profiles: Iterable[str]) -> None:
        self._rules: dict[str, Rule] = {}
        self._ordered: list[Rule] = []  # by id, kept sorted as rules register
        self._known_profiles = frozenset(known_profiles)
        self._plans: dict[tuple[str, ...], list[_Planned]] = {}

    def register(self, rule: Rule) -> Rule:
        if not RULE_ID.fullmatch(rule.id):
            raise RuleRegistryError(
                f"{rule.id!r}: a rule id is a step code and two digits, e.g. IV03"
            )
        if rule.id in self._rules:
            raise RuleRegistryError(f"{rule.id}: duplicate rule id")
        if not rule.cites or not all(rule.cites.values()):
            raise RuleRegistryError(
                f"{rule.id}: every rule needs a citation for each of its profiles"
            )
        recommendations = load_recommendations()
        sources = load_sources()
        for profile_id, ids in rule.cites.items():
            if profile_id not in self._known_profiles:
                raise RuleRegistryError(f"{rule.id}: unknown profile {profile_id!r}")
            for recommendation_id in ids:
                cited = recommendations.get(recommendation_id)
                if cited is None:
                    raise RuleRegistryError(
                        f"{rule.id}: cites unknown recommendation {recommendation_id!r}"
                    )
                if cited.source not in sources:
                    raise RuleRegistryError(f"{rule.id}: cites unknown source {cited.source!r}")
        self._rules[rule.id] = rule
        self._ordered = sorted(self._rules.values(), key=lambda r: run_order(r.id))
        self._plans.clear()
        return rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def citations_for(self, rule: Rule, profile: Profile) -> tuple[str, ...] | None:
        """The rule's citations for this profile, or its nearest ancestor; None if it has none."""
        return self._citations_in(rule, profile.lineage)

    @staticmethod
    def _citations_in(rule: Rule, lineage: tuple[str, ...]) -> tuple[str, ...] | None:
        for profile_id in lineage:
            if profile_id in rule.cites:
                return rule.cites[profile_id]
        return None

    def _plan_for(self, lineage: tuple[str, ...]) -> list[_Planned]:
        """The rules a profile runs, each with its citations; worked out once per lineage."""
        plan = self._plans.get(lineage)
        if plan is None:
            recommendations = load_recommendations()
            plan = []
            for rule in self._ordered:
                ids = self._citations_in(rule, lineage)
                if ids is not None:
                    plan.append(_Planned(rule, tuple(recommendations[i] for i in ids)))
            self._plans[lineage] = plan
        return plan

    def run(
        self, checked: CheckedRecord, profile: Profile, classification: Classification
    ) -> tuple[list[Emitted], list[str]]:
        """Every rule of the profile in run order whose precondition (`When`) holds: what
        they add, and the ids that fired."""
        emitted: list[Emitted] = []
        fired: list[str] = []
        context = RuleContext("", checked, profile, classification, (), earlier=emitted)
        for planned in self._plan_for(profile.lineage):
            context.use(planned.rule.id, planned.cited)
            if not planned.rule.when.holds(context):
                continue
            result = planned.rule.logic(context)
            if result is not None:
                fired.append(planned.rule.id)
                emitted.extend(result)
                context.add(result)
        return emitted, fired
