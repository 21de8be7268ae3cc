"""CL rules: the definition of recurrent pregnancy loss under each profile.

The counting itself is `rpl.core.classification` (driven by the profile's settings); this
rule records, with its citation, that the definition is met.
"""

from __future__ import annotations

from collections.abc import Sequence

from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into

RULES: list[Rule] = []
rule = collect_into(RULES)


@rule(
    "CL01",
    "The history meets the profile's definition of recurrent pregnancy loss",
    cites={
        "eshre-2022": ["ESHRE-DEF-01", "ESHRE-DEF-02", "ESHRE-DEF-03", "ESHRE-DEF-04"],
        "rcog-2023": ["RCOG-DEF-01", "RCOG-DEF-03", "RCOG-DEF-04"],
        "asrm-2012": ["ASRM-DEF-01", "ASRM-DEF-02"],
    },
    when=When(definition_met=True),
)
def definition_met(context: RuleContext) -> Sequence[Emitted] | None:
    return []  # fires whenever its precondition holds
