"""Rules: one per guideline recommendation (or per decision), each with a stable id and citations.

A rule cites recommendations by id (`rpl/knowledge/evidence/recommendations.yaml`) for each
profile it belongs to; the wording, the source's own strength label and the evidence status
come from there, never from the rule. A clinic profile that `extends` a shipped profile runs
that profile's rules. The registry refuses a malformed or duplicate id, a rule without a
citation, and a citation of an unknown recommendation, source or profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rpl.core.classification import Classification
from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Profile
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
RULE_ID = re.compile(r"^(?P<step>CL|IV|IP|TX|NP|LS|PG|TR)\d{2}$")

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


@dataclass(frozen=True)
class Emitted:
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
class RuleContext:
    """What a rule sees: the checked record, its classification, and its own citations."""

    rule_id: str
    checked: CheckedRecord
    profile: Profile
    classification: Classification
    cited: tuple[GuidelineRecommendation, ...]
    earlier: Sequence[Emitted] = ()  # what rules that ran before added (read only)

    def findings(self, *codes: str) -> list[Finding]:
        """Findings that earlier rules reported present (or possible), of these codes."""
        return [
            e.item
            for e in self.earlier
            if isinstance(e.item, Finding) and e.item.code in codes and e.item.status != "absent"
        ]

    def has_finding(self, *codes: str) -> bool:
        return any(f.status == "present" for f in self.findings(*codes))

    def earlier_items(self, section: Section) -> list[Item]:
        return [e.item for e in self.earlier if e.section == section]

    def finding(
        self,
        code: str,
        status: Literal["present", "absent", "possible"],
        detail: str,
        citing: Sequence[str] | None = None,
        extra_sources: Sequence[SourceRef] = (),
    ) -> Emitted:
        return Emitted(
            "findings",
            Finding(
                code=code,
                status=status,
                detail=detail,
                rule=self.rule_id,
                sources=[*self.sources(code, citing), *extra_sources],
            ),
        )

    def plan(
        self,
        section: Literal["treatments", "next_pregnancy", "advice"],
        code: str,
        reason: str,
        recommendation: Recommendation | None = None,
        citing: Sequence[str] | None = None,
    ) -> Emitted:
        sources = self.sources(code, citing)
        return Emitted(
            section,
            PlanItem(
                code=code,
                recommendation=recommendation or self.recommendation_of(sources),
                reason=reason,
                rule=self.rule_id,
                sources=sources,
            ),
        )

    def sources(
        self, code: str | None = None, citing: Sequence[str] | None = None
    ) -> list[SourceRef]:
        """Citations behind one item: those naming `code`, or the ids in `citing`, else all."""
        chosen = [r for r in self.cited if citing is not None and r.id in citing]
        if citing is None and code is not None:
            chosen = [r for r in self.cited if code in r.codes]
        if not chosen:
            chosen = list(self.cited)
        return [source_ref(r) for r in chosen]

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
        return Emitted(
            "investigations",
            Investigation(
                code=code,
                recommendation=recommendation,
                status="not_needed" if advised_against and status == "to_do" else status,
                result=result,
                reason=reason,
                rule=self.rule_id,
                sources=sources,
            ),
        )


Logic = Callable[[RuleContext], Sequence[Emitted] | None]


@dataclass(frozen=True)
class Rule:
    """`logic` returns None when the rule does not fire, else what it adds (possibly nothing)."""

    id: str
    title: str
    cites: Mapping[str, tuple[str, ...]]
    logic: Logic = field(repr=False)

    @property
    def step(self) -> str:
        return STEPS[self.id[:2]]

    @property
    def profiles(self) -> tuple[str, ...]:
        return tuple(sorted(self.cites))


def collect_into(rules: list[Rule]) -> Callable[..., Callable[[Logic], Logic]]:
    """A decorator factory for a rules module: `@rule("IV01", "title", cites={...})`."""

    def rule(
        rule_id: str, title: str, cites: Mapping[str, Sequence[str]]
    ) -> Callable[[Logic], Logic]:
        def decorate(logic: Logic) -> Logic:
            rules.append(Rule(rule_id, title, {p: tuple(ids) for p, ids in cites.items()}, logic))
            return logic

        return decorate

    return rule


class RuleRegistry:
    def __init__(self, known_profiles: Iterable[str]) -> None:
        self._rules: dict[str, Rule] = {}
        self._ordered: list[Rule] = []  # by id, kept sorted as rules register
        self._known_profiles = frozenset(known_profiles)
        self._plans: dict[
            tuple[str, ...], list[tuple[Rule, tuple[GuidelineRecommendation, ...]]]
        ] = {}

    def register(self, rule: Rule) -> Rule:
        if not RULE_ID.match(rule.id):
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

    def _plan_for(
        self, lineage: tuple[str, ...]
    ) -> list[tuple[Rule, tuple[GuidelineRecommendation, ...]]]:
        """The rules a profile runs, each with its citations; worked out once per lineage."""
        plan = self._plans.get(lineage)
        if plan is None:
            recommendations = load_recommendations()
            plan = []
            for rule in self._ordered:
                ids = self._citations_in(rule, lineage)
                if ids is not None:
                    plan.append((rule, tuple(recommendations[i] for i in ids)))
            self._plans[lineage] = plan
        return plan

    def run(
        self, checked: CheckedRecord, profile: Profile, classification: Classification
    ) -> tuple[list[Emitted], list[str]]:
        """Every rule of the profile in run order: what they add, and the ids that fired."""
        emitted: list[Emitted] = []
        fired: list[str] = []
        for rule, cited in self._plan_for(profile.lineage):
            context = RuleContext(
                rule_id=rule.id,
                checked=checked,
                profile=profile,
                classification=classification,
                cited=cited,
                earlier=emitted,
            )
            result = rule.logic(context)
            if result is not None:
                fired.append(rule.id)
                emitted.extend(result)
        return emitted, fired
