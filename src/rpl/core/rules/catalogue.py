"""The registry of every shipped rule, built once and validated as it is built."""

from __future__ import annotations

from functools import cache

from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.profiles import load_profiles
from rpl.core.rules import (
    classification,
    interpretation,
    investigations,
    lifestyle,
    prognosis,
    treatment,
)
from rpl.core.rules.registry import RuleRegistry
from rpl.core.triage import triage_rules

RULE_MODULES = (classification, investigations, interpretation, treatment, lifestyle, prognosis)


@cache
def default_registry() -> RuleRegistry:
    registry = RuleRegistry(known_profiles=load_profiles())
    for module in RULE_MODULES:
        for rule in module.RULES:
            registry.register(rule)
    return registry


def _place(cited: GuidelineRecommendation) -> str:
    """Source and place; a stand-in citation says which guideline it stands in for."""
    source = cited.source
    if cited.in_place_of is not None:
        source = f"{source} (in place of {cited.in_place_of})"
    return f"{source}, {cited.ref}"


def render_catalogue() -> str:
    """docs/rules.md: every rule with its profiles and, per profile, its cited recommendations."""
    recommendations = load_recommendations()
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rule registry by `rpl rules --markdown > docs/rules.md`; a test fails",
        "when this file is stale. Strength is the source's own label; evidence says how its wording",
        "was checked (verified / secondary / unverified). Unverified rules await clinical review.",
        "A source marked 'in place of' another stands in for a guideline whose own text could not",
        "be read (see docs/evidence/).",
        "",
        "| id | step | title | profile | cites | source, place | strength | evidence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rule in default_registry():
        for profile_id in rule.profiles:
            for recommendation_id in rule.cites[profile_id]:
                cited = recommendations[recommendation_id]
                lines.append(
                    f"| {rule.id} | {rule.step} | {rule.title} | `{profile_id}` "
                    f"| {recommendation_id} | {_place(cited)} "
                    f"| {cited.strength} | {cited.evidence} |"
                )
    for triage_rule in triage_rules():
        for recommendation_id in triage_rule.cites:
            cited = recommendations[recommendation_id]
            lines.append(
                f"| {triage_rule.id} | triage | {triage_rule.title} | every profile "
                f"| {recommendation_id} | {_place(cited)} "
                f"| {cited.strength} | {cited.evidence} |"
            )
    lines += [
        "",
        "A clinic profile that `extends` a shipped profile runs that profile's rules with its citations.",
        "",
    ]
    return "\n".join(lines)
