"""LS rules: advice on smoking, weight, alcohol and caffeine, for both partners where it applies.

Advice applies from the first loss: it is what a couple can do themselves before the next
pregnancy. The BMI bands are RCOG's risk-factor bands (see IP10); alcohol and caffeine have no
threshold in the knowledge base, so any recorded intake gets the advice to limit it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rpl.core.rules.interpretation import BMI_HIGH_ABOVE, BMI_LOW_BELOW
from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.text import gettext_noop as _

RULES: list[Rule] = []
rule = collect_into(RULES)


@rule(
    "LS01",
    "Stop smoking (both partners)",
    {
        "eshre-2022": ["ESHRE-LIFE-03", "ESHRE-TX-MALE-01"],
        "rcog-2023": ["LAN-GM-01", "RCOG-RISK-01"],
    },
    when=When(a_loss_counted=True),
)
def stop_smoking(context: RuleContext) -> Sequence[Emitted] | None:
    record = context.checked.record
    woman = record.woman.smoking == "current"
    partner = record.partner is not None and record.partner.smoking == "current"
    if not (woman or partner):
        return None
    if woman and partner:
        reason = _("Both partners smoke: smoking may lower the chance of a live birth; stop.")
    elif woman:
        reason = _("Smoking may lower the chance of a live birth: stopping is advised.")
    else:
        reason = _("The partner smokes: stopping is part of the general lifestyle advice for men.")
    citing = ["ESHRE-LIFE-03"] if woman else None
    if not woman and context.cites("ESHRE-TX-MALE-01"):
        citing = ["ESHRE-LIFE-03", "ESHRE-TX-MALE-01"]
    if context.cites("LAN-GM-01"):
        citing = ["LAN-GM-01", "RCOG-RISK-01"]
    return [context.plan("advice", "stop_smoking", reason, citing=citing)]


@rule(
    "LS02",
    "Aim for a healthy weight (BMI outside 19-25 kg/m²)",
    {"eshre-2022": ["ESHRE-LIFE-04", "RCOG-RISK-01"], "rcog-2023": ["LAN-GM-01", "RCOG-RISK-01"]},
    when=When(a_loss_counted=True),
)
def healthy_weight(context: RuleContext) -> Sequence[Emitted] | None:
    bmi = context.checked.woman_bmi
    if bmi is None:
        return None
    if bmi < BMI_LOW_BELOW:
        reason = _(
            "BMI below 19 kg/m²: being underweight is linked to miscarriage; aim for a healthy"
            " weight."
        )
    elif bmi > BMI_HIGH_ABOVE:
        reason = _(
            "BMI above 25 kg/m²: extra weight is linked to miscarriage and pregnancy"
            " complications; aim for a healthy weight."
        )
    else:
        return None
    return [context.plan("advice", "healthy_weight", reason)]


@rule(
    "LS03",
    "Limit alcohol (both partners)",
    {"eshre-2022": ["ESHRE-LIFE-05"]},
    when=When(a_loss_counted=True),
)
def limit_alcohol(context: RuleContext) -> Sequence[Emitted] | None:
    record = context.checked.record
    people = [record.woman, *([record.partner] if record.partner else [])]
    if not any((p.alcohol_units_per_week or 0) > 0 for p in people):
        return None
    return [
        context.plan(
            "advice",
            "limit_alcohol",
            _("Heavy drinking is a possible risk factor: keep alcohol low, for both partners."),
        )
    ]


@rule("LS04", "Limit caffeine", {"eshre-2022": ["ESHRE-LIFE-06"]}, when=When(a_loss_counted=True))
def limit_caffeine(context: RuleContext) -> Sequence[Emitted] | None:
    caffeine = context.checked.record.woman.caffeine_mg_per_day
    if not caffeine:
        return None
    return [
        context.plan(
            "advice",
            "limit_caffeine",
            _("A lot of caffeine is a possible risk factor: keep coffee, tea and cola moderate."),
        )
    ]
