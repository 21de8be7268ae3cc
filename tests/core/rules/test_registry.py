from pathlib import Path

import pytest

from rpl.core.profiles import load_profiles
from rpl.core.rules.catalogue import default_registry, render_catalogue
from rpl.core.rules.registry import Rule, RuleRegistry, RuleRegistryError

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
