"""LS rules: advice on smoking, weight, alcohol and caffeine, for both partners where it applies.

Advice applies from the first loss: it is what a couple can do themselves before the next
pregnancy. The BMI classes come from the `bmi-class` calculator, by the profile's cut-offs
(`bmi_cut_offs`: WHO classes, or a set for Asian populations; RCOG's low band below 19 kg/m²),
see IP10. Alcohol and caffeine have no threshold the engine applies (RCOG's
risk factor of more than 10 units of alcohol a week is said in words), so any recorded intake
gets the advice to limit it. Alcohol is read in grams a week (`rpl.core.alcohol.grams_per_week`:
the record's grams, or its UK units converted). ASRM's lifestyle advice (ASRM-LIFE-01) is recalled, not read:
its items carry that evidence status.
"""

from __future__ import annotations

from collections.abc import Sequence

from rpl.core.alcohol import grams_per_week
from rpl.core.rules.interpretation import bmi_class, is_obesity, rcog_band
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
        "asrm-2012": ["ASRM-LIFE-01"],
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
    if context.cites("ASRM-LIFE-01"):
        citing = ["ASRM-LIFE-01"]
    return [context.plan("advice", "stop_smoking", reason, citing=citing)]


@rule(
    "LS02",
    "Aim for a healthy weight (overweight or obesity by the profile's BMI cut-offs; BMI below"
    " 19 kg/m²)",
    {
        "eshre-2022": ["ESHRE-LIFE-04", "RCOG-RISK-01"],
        "rcog-2023": ["LAN-GM-01", "RCOG-RISK-01", "RCOG-OBESITY-02"],
        "asrm-2012": ["ASRM-LIFE-01"],
    },
    when=When(a_loss_counted=True),
)
def healthy_weight(context: RuleContext) -> Sequence[Emitted] | None:
    result = bmi_class(context)
    if result is None:
        return None
    asrm = context.cites("ASRM-LIFE-01")
    # RCOG GTG 72's advice is about obesity only (RCOG-OBESITY-02).
    citing = [r for r in context.cited_ids() if r != "RCOG-OBESITY-02"]
    if rcog_band(result) == "below" and not asrm:
        reason = _(
            "BMI below 19 kg/m²: being underweight is linked to miscarriage; aim for a healthy"
            " weight."
        )
    elif is_obesity(result):
        if context.cites("RCOG-OBESITY-02"):
            reason = _(
                "BMI in the obesity range: obesity raises the risks of pregnancy and birth, and"
                " losing weight before the next pregnancy lowers them; offer support to lose"
                " weight."
            )
            citing = ["RCOG-OBESITY-02", "RCOG-RISK-01"]
        else:
            reason = _(
                "BMI in the obesity range: obesity is linked to miscarriage and pregnancy"
                " complications; aim for a healthy weight before the next pregnancy."
            )
    elif result.value == "overweight":
        reason = _(
            "BMI in the overweight range: extra weight is linked to miscarriage and pregnancy"
            " complications; aim for a healthy weight."
        )
    else:
        return None
    return [context.plan("advice", "healthy_weight", reason, citing=citing)]


@rule(
    "LS03",
    "Limit alcohol (both partners)",
    {
        "eshre-2022": ["ESHRE-LIFE-05"],
        "rcog-2023": ["RCOG-RISK-01"],
        "asrm-2012": ["ASRM-LIFE-01"],
    },
    when=When(a_loss_counted=True),
)
def limit_alcohol(context: RuleContext) -> Sequence[Emitted] | None:
    record = context.checked.record
    people = [record.woman, *([record.partner] if record.partner else [])]
    if not any((grams_per_week(p) or 0) > 0 for p in people):
        return None
    if context.cites("RCOG-RISK-01"):
        # RCOG lists it as a risk factor (information): the advice leans on it, said in words.
        reason = _(
            "RCOG lists drinking more than 10 units a week among the risk factors for"
            " miscarriage: keep alcohol low, for both partners."
        )
        return [context.plan("advice", "limit_alcohol", reason, recommendation="recommended")]
    return [
        context.plan(
            "advice",
            "limit_alcohol",
            _("Heavy drinking is a possible risk factor: keep alcohol low, for both partners."),
        )
    ]


@rule(
    "LS04",
    "Limit caffeine",
    {
        "eshre-2022": ["ESHRE-LIFE-06"],
        "rcog-2023": ["RCOG-RISK-01"],
        "asrm-2012": ["ASRM-LIFE-01"],
    },
    when=When(a_loss_counted=True),
)
def limit_caffeine(context: RuleContext) -> Sequence[Emitted] | None:
    caffeine = context.checked.record.woman.caffeine_mg_per_day
    if not caffeine:
        return None
    return [
        context.plan(
            "advice",
            "limit_caffeine",
            _("A lot of caffeine is a possible risk factor: keep coffee, tea and cola moderate."),
            recommendation="recommended",
        )
    ]


@rule(
    "LS05",
    "Lifestyle advice for the partner when sperm DNA fragmentation is high",
    {"eshre-2022": ["ESHRE-TX-MALE-01"]},
    when=When(any_finding=("high_sperm_dna_fragmentation",)),
)
def partner_lifestyle(context: RuleContext) -> Sequence[Emitted] | None:
    # ESHRE (as held) states no treatment for it, only the general lifestyle advice for men.
    return [
        context.plan(
            "advice",
            "partner_lifestyle",
            _(
                "High sperm DNA fragmentation: no treatment has been shown to raise the chance of"
                " a live birth; the partner's general lifestyle advice applies (no smoking, a"
                " healthy weight, little alcohol)."
            ),
            recommendation="recommended",
        )
    ]
