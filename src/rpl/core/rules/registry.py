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
from rpl.core.trusted import build
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


class Emitted(NamedTuple):
    """One item a rule adds, and the section it goes to (a tuple: built ~20 times a record)."""

    section: Section
    item: Item


# Emitted(section, item) without the Python-level __new__ of a NamedTuple (same result).
_emit = tuple.__new__

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


class _Planned:
    """One rule in a profile's plan: its citations, and the citations behind each item it
    has emitted so far under this profile (worked out once per process, then reused)."""

    __slots__ = (
        "by_id",
        "cited",
        "codes",
        "ids",
        "items",
        "logic",
        "needs_findings",
        "needs_results",
        "rule",
        "rule_id",
        "sources",
    )

    def __init__(self, rule: Rule, cited: tuple[GuidelineRecommendation, ...]) -> None:
        self.rule = rule
        self.rule_id = rule.id
        self.logic = rule.logic
        # The preconditions that depend on the run (the others choose the plan, see `run`).
        self.needs_results = frozenset(rule.when.any_result) or None
        self.needs_findings = rule.when.any_finding or None
        self.cited = cited
        self.by_id = {r.id: r for r in cited}
        self.ids = [r.id for r in cited]
        self.codes = frozenset(code for r in cited for code in r.codes)
        # (code, citing) -> the item's citations and, once asked for, their recommendation.
        self.sources: dict[
            tuple[str | None, tuple[str, ...] | None],
            tuple[tuple[SourceRef, ...], list[Recommendation]],
        ] = {}
        # What the rule has emitted under this profile, by the values that make the item
        # (see `RuleContext._shared`): an item of the same values is handed out again.
        self.items: dict[tuple[Any, ...], Emitted] = {}


# How many items one rule keeps for reuse under one profile. Most rules emit a handful of
# distinct items; a rule whose text carries a measurement may emit many, so its store is
# emptied when full rather than growing with every record a server assesses.
SHARED_ITEMS_PER_RULE = 256


class RuleContext:
    """What a rule sees: the checked record, its classification, and its own citations.

    One context serves a whole run: the registry sets `rule_id` and `cited` before each rule
    and records what the rule adds. Rules read it during their call and keep nothing.
    """

    __slots__ = (
        "_findings",
        "_findings_by_code",
        "_memo",
        "_planned",
        "_results_by_test",
        "checked",
        "cited",
        "classification",
        "earlier",
        "profile",
        "rule_id",
    )

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
        self._planned: _Planned | None = None
        self._findings: list[Finding] = []
        self._findings_by_code: dict[str, list[Finding]] = {}
        self._results_by_test: dict[str, list[tuple[int, Result]]] | None = None
        self._memo: dict[str, Any] = {}
        self._index(earlier)

    def _index(self, emitted: Iterable[Emitted]) -> None:
        """Keep the findings emitted so far by code, so rules look them up instead of scanning."""
        for section, item in emitted:
            if section == "findings" and isinstance(item, Finding):
                self._findings.append(item)
                found = self._findings_by_code.get(item.code)
                if found is None:
                    self._findings_by_code[item.code] = [item]
                else:
                    found.append(item)

    def _use(self, planned: _Planned) -> None:
        self._planned = planned
        self.rule_id = planned.rule.id
        self.cited = planned.cited

    def cites(self, recommendation_id: str) -> bool:
        """Whether this rule cites that recommendation under this profile."""
        if self._planned is not None:
            return recommendation_id in self._planned.by_id
        return any(r.id == recommendation_id for r in self.cited)

    def cited_ids(self) -> list[str]:
        """The ids of this rule's citations under this profile, in order (a new list)."""
        if self._planned is not None:
            return list(self._planned.ids)
        return [r.id for r in self.cited]

    def cited_codes(self) -> frozenset[str]:
        """Every code this rule's citations name under this profile."""
        if self._planned is not None:
            return self._planned.codes
        return frozenset(code for r in self.cited for code in r.codes)

    def findings(self, *codes: str) -> list[Finding]:
        """Findings that earlier rules reported present (or possible), of these codes."""
        if len(codes) == 1:
            return [f for f in self._findings_by_code.get(codes[0], ()) if f.status != "absent"]
        return [f for f in self._findings if f.code in codes and f.status != "absent"]

    def has_finding(self, *codes: str) -> bool:
        """Whether an earlier rule reported one of these findings present."""
        by_code = self._findings_by_code
        for code in codes:
            for finding in by_code.get(code, ()):
                if finding.status == "present":
                    return True
        return False

    def earlier_items(self, section: Section) -> list[Item]:
        return [e.item for e in self.earlier if e.section == section]

    def results(self, *tests: str) -> list[Result]:
        """The record's results of any of these tests, oldest first (undated last, in record
        order): `rpl.core.results.results_for`, from an index built once per run."""
        index = self._results_by_test
        if index is None:
            index = {}
            for position, result in enumerate(self.checked.record.results):
                index.setdefault(result.test, []).append((position, result))
            self._results_by_test = index
        if len(tests) == 1:
            found = index.get(tests[0], ())
        else:
            found = sorted(p for test in set(tests) for p in index.get(test, ()))
        if not found:
            return []
        chosen = [result for _, result in found]
        if len(chosen) > 1:
            chosen.sort(key=_result_order)
        return chosen

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several rules of one run share (e.g. the APS calculators' inputs)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _shared(self, key: tuple[Any, ...]) -> Emitted | None:
        """The item this rule emitted before under this profile from the same values, if any.

        Items are frozen and their citations are tuples, so one item can stand in several
        assessments: building it again would give an equal item, at several times the cost of
        this lookup. `key` holds every value the item is made from besides the rule and the
        profile, which the store belongs to.
        """
        planned = self._planned
        return None if planned is None else planned.items.get(key)

    def _keep(self, key: tuple[Any, ...], emitted: Emitted) -> Emitted:
        planned = self._planned
        if planned is not None:
            items = planned.items
            if len(items) >= SHARED_ITEMS_PER_RULE:
                items.clear()
            items[key] = emitted
        return emitted

    def finding(
        self,
        code: str,
        status: Literal["present", "absent", "possible"],
        detail: str,
        citing: Sequence[str] | None = None,
        extra_sources: Sequence[SourceRef] = (),
    ) -> Emitted:
        citing_key = None if citing is None else tuple(citing)
        key = ("findings", code, status, detail, citing_key, tuple(extra_sources))
        shared = self._shared(key)
        if shared is not None:
            return shared
        sources = self._sources(code, citing_key)[0]
        item = build(
            Finding,
            {
                "code": code,
                "status": status,
                "detail": detail,
                "rule": self.rule_id,
                "sources": (*sources, *extra_sources) if extra_sources else sources,
            },
        )
        return self._keep(key, _emit(Emitted, ("findings", item)))

    def plan(
        self,
        section: Literal["treatments", "next_pregnancy", "advice"],
        code: str,
        reason: str,
        recommendation: Recommendation | None = None,
        citing: Sequence[str] | None = None,
    ) -> Emitted:
        citing_key = None if citing is None else tuple(citing)
        key = (section, code, reason, recommendation, citing_key)
        shared = self._shared(key)
        if shared is not None:
            return shared
        sources, recommendation = self._cited(code, citing_key, recommendation)
        item = build(
            PlanItem,
            {
                "code": code,
                "recommendation": recommendation,
                "reason": reason,
                "rule": self.rule_id,
                "sources": sources,
            },
        )
        return self._keep(key, _emit(Emitted, (section, item)))

    def sources(
        self, code: str | None = None, citing: Sequence[str] | None = None
    ) -> list[SourceRef]:
        """Citations behind one item: those naming `code`, or the ids in `citing`, else all."""
        return list(self._sources(code, None if citing is None else tuple(citing))[0])

    def _sources(
        self, code: str | None, citing: tuple[str, ...] | None
    ) -> tuple[tuple[SourceRef, ...], list[Recommendation]]:
        """`sources` and a slot for their recommendation, cached in the profile's plan."""
        planned = self._planned
        key = (code, citing)
        if planned is not None:
            cached = planned.sources.get(key)
            if cached is not None:
                return cached
        chosen = [r for r in self.cited if citing is not None and r.id in citing]
        if citing is None and code is not None:
            chosen = [r for r in self.cited if code in r.codes]
        if not chosen:
            chosen = list(self.cited)
        entry: tuple[tuple[SourceRef, ...], list[Recommendation]] = (
            tuple(source_ref(r) for r in chosen),
            [],
        )
        if planned is not None:
            planned.sources[key] = entry
        return entry

    def _cited(
        self, code: str, citing: tuple[str, ...] | None, recommendation: Recommendation | None
    ) -> tuple[tuple[SourceRef, ...], Recommendation]:
        """An item's citations and its recommendation: the one given, else the cited one's."""
        sources, actionable = self._sources(code, citing)
        if recommendation is None:
            recommendation = self._recommendation(sources, actionable)
        return sources, recommendation

    def _recommendation(
        self, sources: Sequence[SourceRef], actionable: list[Recommendation]
    ) -> Recommendation:
        if not actionable:
            actionable.append(self.recommendation_of(sources))
        return actionable[0]

    def recommendation_of(self, sources: Sequence[SourceRef]) -> Recommendation:
        """The action the cited recommendations call for; the first actionable one decides."""
        by_id = self._planned.by_id if self._planned is not None else {r.id: r for r in self.cited}
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
        citing_key = None if citing is None else tuple(citing)
        key = ("investigations", code, reason, status, result, recommendation, citing_key)
        shared = self._shared(key)
        if shared is not None:
            return shared
        sources, recommendation = self._cited(code, citing_key, recommendation)
        advised_against = recommendation in ("not_recommended", "research_only")
        item = build(
            Investigation,
            {
                "code": code,
                "recommendation": recommendation,
                "status": "not_needed" if advised_against and status == "to_do" else status,
                "result": result,
                "reason": reason,
                "rule": self.rule_id,
                "sources": sources,
            },
        )
        return self._keep(key, _emit(Emitted, ("investigations", item)))


def _result_order(result: Result) -> tuple[bool, dt.date | None]:
    return (result.date is None, result.date)


Logic = Callable[[RuleContext], Sequence[Emitted] | None]


@dataclass(frozen=True)
class When:
    """A rule's precondition, which the registry checks before calling the rule: when any
    part fails, the rule is not called and does not fire (as if it had returned None).

    Declared rather than written at the top of each rule, so a run skips the rules that
    cannot apply without calling them: the two classification parts choose the rules of a
    run once, the other two are checked per rule.
    """

    definition_met: bool = False  # the history meets the profile's definition of RPL
    a_loss_counted: bool = False  # at least one pregnancy counts as a loss under the profile
    any_result: tuple[str, ...] = ()  # the record has a result of one of these tests
    any_finding: tuple[str, ...] = ()  # an earlier rule reported one of these findings present

    def holds(self, context: RuleContext) -> bool:
        """The precondition, checked on its own (`RuleRegistry.run` checks it faster)."""
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
        # The rules a run calls, by lineage, definition met, a loss counted (see `run`).
        self._runnable: dict[tuple[tuple[str, ...], bool, bool], list[_Planned]] = {}

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
        self._runnable.clear()
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

    def _runnable_for(self, lineage: tuple[str, ...], met: bool, counted: bool) -> list[_Planned]:
        """The profile's rules whose classification preconditions hold (worked out once)."""
        key = (lineage, met, counted)
        runnable = self._runnable.get(key)
        if runnable is None:
            runnable = [
                planned
                for planned in self._plan_for(lineage)
                if (met or not planned.rule.when.definition_met)
                and (counted or not planned.rule.when.a_loss_counted)
            ]
            self._runnable[key] = runnable
        return runnable

    def run(
        self, checked: CheckedRecord, profile: Profile, classification: Classification
    ) -> tuple[list[Emitted], list[str]]:
        """Every rule of the profile in run order whose precondition (`When`) holds: what
        they add, and the ids that fired."""
        emitted: list[Emitted] = []
        fired: list[str] = []
        context = RuleContext("", checked, profile, classification, (), earlier=emitted)
        plan = self._runnable_for(
            profile.lineage,
            classification.meets_definition is True,
            classification.losses_counted >= 1,
        )
        tests: set[str] | None = None  # the tests the record has results of, once asked
        findings, by_code = context._findings, context._findings_by_code
        has_finding = context.has_finding
        for planned in plan:
            needs = planned.needs_results
            if needs is not None:
                if tests is None:
                    tests = {result.test for result in checked.record.results}
                if tests.isdisjoint(needs):
                    continue
            needs_findings = planned.needs_findings
            if needs_findings is not None and not has_finding(*needs_findings):
                continue
            # context._use(planned), written out: this loop runs ~60 times per assessment.
            context._planned = planned
            context.rule_id = rule_id = planned.rule_id
            context.cited = planned.cited
            result = planned.logic(context)
            if result is not None:
                fired.append(rule_id)
                if result:
                    emitted.extend(result)
                    # context._index(result), written out for the findings only.
                    for section, item in result:
                        if section == "findings" and isinstance(item, Finding):
                            findings.append(item)
                            found = by_code.get(item.code)
                            if found is None:
                                by_code[item.code] = [item]
                            else:
                                found.append(item)
        return emitted, fired
