from pathlib import Path

import pytest
from pydantic import ValidationError

from rpl.core.classification import classify
from rpl.core.profiles import load_profiles
from rpl.core.rules.catalogue import default_registry, render_catalogue
from rpl.core.rules.registry import (
    Rule,
    RuleContext,
    RuleRegistry,
    RuleRegistryError,
    When,
)
from tests.core.helpers import checked

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def never(context):
    return None


def registry() -> RuleRegistry:
    return RuleRegistry(known_profiles=load_profiles())


def test_the_registry_refuses_a_duplicate_id():
    reg = registry()
    reg.register(Rule("IV90", "a", {"eshre-2022": ("ESHRE-INV-APL-01",)}, never))
    with pytest.raises(RuleRegistryError, match="duplicate rule id"):
        reg.register(Rule("IV90", "b", {"eshre-2022": ("ESHRE-INV-APL-01",)}, never))


def test_the_registry_refuses_a_rule_without_a_citation():
    with pytest.raises(RuleRegistryError, match="needs a citation"):
        registry().register(Rule("IV91", "a", {}, never))
    with pytest.raises(RuleRegistryError, match="needs a citation"):
        registry().register(Rule("IV91", "a", {"eshre-2022": ()}, never))


def test_the_registry_refuses_an_unknown_recommendation():
    with pytest.raises(RuleRegistryError, match="unknown recommendation"):
        registry().register(Rule("IV92", "a", {"eshre-2022": ("ESHRE-MADE-UP-99",)}, never))


def test_the_registry_refuses_an_unknown_profile():
    with pytest.raises(RuleRegistryError, match="unknown profile"):
        registry().register(Rule("IV93", "a", {"who-2030": ("ESHRE-INV-APL-01",)}, never))


@pytest.mark.parametrize("bad_id", ["IV1", "XX01", "iv01", "IV001"])
def test_the_registry_refuses_a_malformed_id(bad_id):
    with pytest.raises(RuleRegistryError, match="step code and two digits"):
        registry().register(Rule(bad_id, "a", {"eshre-2022": ("ESHRE-INV-APL-01",)}, never))


def test_every_shipped_rule_belongs_to_at_least_one_profile_with_a_citation():
    for rule in default_registry():
        assert rule.profiles
        assert all(rule.cites[p] for p in rule.profiles)


def test_the_rule_catalogue_in_docs_is_up_to_date():
    assert DOCS.read_text() == render_catalogue(), (
        "run: .venv/bin/rpl rules --markdown > docs/rules.md"
    )


def run_with_a_rule_that_records_its_calls(when: When, *history: str, **record):
    """Register one rule that fires (adding nothing) and note whether the run called it."""
    calls = []

    def fires(context):
        calls.append(context.rule_id)
        return []

    reg = registry()
    reg.register(Rule("TX90", "a", {"eshre-2022": ("ESHRE-TX-UNEXP-01",)}, fires, when))
    case = checked(*history, **record)
    profile = load_profiles()["eshre-2022"]
    _, fired = reg.run(case, profile, classify(case, profile))
    return bool(calls), "TX90" in fired


TWO_LOSSES = ("miscarriage 7 ultrasound", "miscarriage 8 ultrasound")
TSH = {"test": "tsh", "date": "2024-09-10", "value": 2.0, "unit": "mIU/L"}


@pytest.mark.parametrize(
    ("when", "history", "record", "called"),
    [
        (When(definition_met=True), TWO_LOSSES, {}, True),
        (When(definition_met=True), ("miscarriage 7 ultrasound",), {}, False),
        (When(a_loss_counted=True), ("miscarriage 7 ultrasound",), {}, True),
        (When(a_loss_counted=True), ("live_birth 39",), {}, False),
        (When(any_result=("tsh", "prolactin")), TWO_LOSSES, {"results": [TSH]}, True),
        (When(any_result=("prolactin",)), TWO_LOSSES, {"results": [TSH]}, False),
        (When(), (), {}, True),
    ],
)
def test_a_rule_is_called_only_when_its_precondition_holds(when, history, record, called):
    assert run_with_a_rule_that_records_its_calls(when, *history, **record) == (called, called)


def test_a_finding_precondition_looks_at_what_earlier_rules_reported_present():
    calls = []
    reg = registry()

    def finds(context):
        return [context.finding("hyperprolactinaemia", "present", "High prolactin.")]

    def treats(context):
        calls.append(context.rule_id)
        return []

    reg.register(Rule("IP90", "a", {"eshre-2022": ("ESHRE-TX-END-08",)}, finds))
    reg.register(
        Rule(
            "TX90",
            "b",
            {"eshre-2022": ("ESHRE-TX-END-08",)},
            treats,
            When(any_finding=("hyperprolactinaemia",)),
        )
    )
    reg.register(
        Rule(
            "TX91",
            "c",
            {"eshre-2022": ("ESHRE-TX-END-08",)},
            treats,
            When(any_finding=("overt_hypothyroidism",)),
        )
    )
    case = checked(*TWO_LOSSES)
    profile = load_profiles()["eshre-2022"]
    _, fired = reg.run(case, profile, classify(case, profile))
    assert calls == ["TX90"]
    assert fired == ["IP90", "TX90"]


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
def test_when_the_shipped_rules_preconditions_fail_their_rules_do_not_fire(profile_id):
    profile = load_profiles()[profile_id]
    histories = [(), ("live_birth 39",), ("miscarriage 7 ultrasound",), TWO_LOSSES]
    for history in histories:
        for results in ([], [TSH]):
            case = checked(*history, results=results)
            classification = classify(case, profile)
            emitted, fired = default_registry().run(case, profile, classification)
            context = RuleContext("", case, profile, classification, (), earlier=emitted)
            for rule in default_registry():
                if default_registry().citations_for(rule, profile) is None:
                    continue
                if not rule.when.holds(context):
                    assert rule.id not in fired, (rule.id, history)


def run_with_a_rule_that_explains(reason_of, *cases):
    """Register one rule that emits an investigation whose reason `reason_of(context)` gives;
    run it on each case and return every run's emitted items."""

    def explains(context):
        return [context.investigation("tsh", reason_of(context))]

    reg = registry()
    reg.register(Rule("IV90", "a", {"eshre-2022": ("RCOG-INV-07",)}, explains))
    profile = load_profiles()["eshre-2022"]
    return reg, [reg.run(case, profile, classify(case, profile))[0] for case in cases]


def test_an_emitted_item_cannot_be_changed_once_made():
    _, runs = run_with_a_rule_that_explains(lambda context: "a reason", checked(*TWO_LOSSES))
    ((emitted,),) = runs
    assert isinstance(emitted.item.sources, tuple)
    with pytest.raises(ValidationError):
        emitted.item.reason = "changed"


def test_an_item_made_from_other_values_is_made_anew():
    _, runs = run_with_a_rule_that_explains(
        lambda context: f"{context.classification.losses_counted} losses",
        checked(*TWO_LOSSES),
        checked("miscarriage 6 ultrasound"),
    )
    (first,), (second,) = runs
    assert (first.item.reason, second.item.reason) == ("2 losses", "1 losses")
    assert first.item.sources == second.item.sources
