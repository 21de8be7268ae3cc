"""TX and NP rules: treatments, and the plan for the next pregnancy.

Treatment rules run after the findings, so they act on what the results showed (APS,
thyroid, uterus, genetics). Treatments a guideline advises against are listed with
`not_recommended` and the reason once the definition is met: couples ask about them.
Where a source states something as information rather than a graded recommendation, the
rule says which way it leans in `recommendation` and the reason says how firm it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.text import gettext_noop as _

RULES: list[Rule] = []
rule = collect_into(RULES)


def _meets(context: RuleContext) -> bool:
    return context.classification.meets_definition is True


MET = When(definition_met=True)
UTERINE_FINDINGS = (
    "uterine_septate",
    "uterine_bicorporeal",
    "intrauterine_adhesions",
    "submucosal_fibroid",
    "endometrial_polyp",
)


def _cites(context: RuleContext, recommendation_id: str) -> bool:
    return context.cites(recommendation_id)


@rule(
    "TX01",
    "Low-dose aspirin plus heparin for antiphospholipid syndrome, by number of losses",
    {
        "eshre-2022": ["ESHRE-TX-APS-01", "ESHRE-TX-APS-02"],
        "rcog-2023": ["RCOG-TX-03"],
        "asrm-2012": ["ASRM-TX-01"],
    },
)
def aspirin_heparin_aps(context: RuleContext) -> Sequence[Emitted] | None:
    known = "antiphospholipid_syndrome" in (context.checked.record.woman.conditions or [])
    if not (known or context.has_finding("aps_sydney_2006", "aps_acr_eular_2023")):
        return None
    code = "aspirin_heparin_aps"
    if _cites(context, "ESHRE-TX-APS-01"):
        losses = context.classification.losses_counted
        if losses >= 3:
            reason = _(
                "Antiphospholipid syndrome with three or more losses: low-dose aspirin from before"
                " conception and prophylactic heparin from the positive pregnancy test may be"
                " offered."
            )
            return [context.plan("treatments", code, reason, citing=["ESHRE-TX-APS-01"])]
        reason = _(
            "Antiphospholipid syndrome with two losses: treatment with aspirin and heparin is"
            " advised only within research."
        )
        return [context.plan("treatments", code, reason, citing=["ESHRE-TX-APS-02"])]
    if _cites(context, "RCOG-TX-03"):
        reason = _(
            "Antiphospholipid syndrome: low-dose aspirin plus heparin should be considered in"
            " pregnancy to prevent another miscarriage."
        )
        return [context.plan("treatments", code, reason)]
    reason = _("Antiphospholipid syndrome: prophylactic heparin plus low-dose aspirin.")
    return [context.plan("treatments", code, reason, recommendation="recommended")]


@rule(
    "TX02",
    "No aspirin or heparin for unexplained recurrent loss",
    {"eshre-2022": ["ESHRE-TX-UNEXP-01"], "rcog-2023": ["RCOG-TX-04"]},
    when=MET,
)
def aspirin_heparin_unexplained(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "aspirin_heparin_unexplained",
            _(
                "Aspirin or heparin has not been shown to help when the losses are unexplained, so"
                " it is not advised for that."
            ),
        )
    ]


@rule(
    "TX03",
    "No antithrombotic treatment for hereditary thrombophilia to prevent loss",
    {"eshre-2022": ["ESHRE-TX-THR-01"]},
    when=MET,
)
def antithrombotic_thrombophilia(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "antithrombotic_hereditary_thrombophilia",
            _(
                "Inherited thrombophilia is not a reason for blood thinners to prevent pregnancy"
                " loss, except in research or when they are needed to prevent thrombosis."
            ),
        )
    ]


@rule(
    "TX04",
    "Levothyroxine by thyroid finding",
    {
        "eshre-2022": ["ESHRE-TX-END-01", "ESHRE-TX-END-02", "ESHRE-TX-END-03", "NL-02"],
        "rcog-2023": ["RCOG-TX-07"],
        "asrm-2012": ["ASRM-TX-01"],
    },
    when=When(
        any_finding=("overt_hypothyroidism", "subclinical_hypothyroidism", "thyroid_autoimmunity")
    ),
)
def levothyroxine(context: RuleContext) -> Sequence[Emitted] | None:
    code = "levothyroxine"
    if context.has_finding("overt_hypothyroidism"):
        reason = _("Overt hypothyroidism is treated with levothyroxine.")
        if _cites(context, "ESHRE-TX-END-01"):
            return [context.plan("treatments", code, reason, citing=["ESHRE-TX-END-01", "NL-02"])]
        return [context.plan("treatments", code, reason, recommendation="recommended")]
    if context.has_finding("subclinical_hypothyroidism"):
        if _cites(context, "ASRM-TX-01"):
            return None  # ASRM as held here speaks of hypothyroidism, not subclinical
        reason = _(
            "Subclinical hypothyroidism: levothyroxine may lower the risk of miscarriage; weigh"
            " the possible benefit against over-treatment."
        )
        citing = ["ESHRE-TX-END-02", "NL-02"] if _cites(context, "ESHRE-TX-END-02") else None
        return [
            context.plan("treatments", code, reason, recommendation="conditional", citing=citing)
        ]
    if context.has_finding("thyroid_autoimmunity"):
        if _cites(context, "ASRM-TX-01"):
            return None
        reason = _(
            "Thyroid antibodies with normal thyroid function: levothyroxine is not advised for"
            " this."
        )
        citing = ["ESHRE-TX-END-03", "NL-02"] if _cites(context, "ESHRE-TX-END-03") else None
        return [
            context.plan(
                "treatments", code, reason, recommendation="not_recommended", citing=citing
            )
        ]
    return None


IMMUNOTHERAPY = {
    "prednisolone": _("Steroids (prednisolone) are not advised for recurrent loss."),
    "ivig": _("Intravenous immunoglobulin is not advised."),
    "intralipid": _("Intralipid infusions are not advised."),
    "g_csf": _("G-CSF is not advised."),
    "lymphocyte_immunisation": _(
        "Immunisation with the partner's white cells is not advised: no benefit, and safety"
        " concerns."
    ),
}


@rule(
    "TX05",
    "Immune treatments are not advised (steroids, IVIG, intralipid, G-CSF, lymphocytes)",
    {
        "eshre-2022": [
            "ESHRE-TX-IMM-01",
            "ESHRE-TX-IMM-02",
            "ESHRE-TX-IMM-03",
            "ESHRE-TX-IMM-04",
            "ESHRE-TX-IMM-05",
        ],
        "rcog-2023": ["RCOG-TX-06"],
        "asrm-2012": ["ASRM-TX-01"],
    },
    when=MET,
)
def immunotherapy(context: RuleContext) -> Sequence[Emitted] | None:
    named = context.cited_codes()
    asrm = _cites(context, "ASRM-TX-01")
    items = []
    for code, reason in IMMUNOTHERAPY.items():
        if code not in named:
            continue
        recommendation = "not_recommended" if asrm else None
        items.append(
            context.plan("treatments", code, reason, recommendation=recommendation)  # type: ignore[arg-type]
        )
    return items


@rule(
    "TX06",
    "No hCG and no metformin to prevent loss",
    {"eshre-2022": ["ESHRE-TX-END-06", "ESHRE-TX-END-07"]},
    when=MET,
)
def hcg_metformin(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "hcg",
            _("hCG injections have not been shown to raise the live-birth rate."),
        ),
        context.plan(
            "treatments",
            "metformin",
            _(
                "There is not enough evidence for metformin in pregnancy to prevent loss, even"
                " with a glucose problem."
            ),
        ),
    ]


@rule(
    "TX07",
    "A dopamine agonist for high prolactin",
    {"eshre-2022": ["ESHRE-TX-END-08"], "asrm-2012": ["ASRM-TX-01"]},
    when=When(any_finding=("hyperprolactinaemia",)),
)
def dopamine_agonist(context: RuleContext) -> Sequence[Emitted] | None:
    reason = _("High prolactin: a dopamine agonist such as bromocriptine could be considered.")
    recommendation = "recommended" if _cites(context, "ASRM-TX-01") else None
    return [context.plan("treatments", "dopamine_agonist", reason, recommendation=recommendation)]  # type: ignore[arg-type]


@rule(
    "TX08",
    "Surgery for uterine findings (septum, bicorporeal uterus, adhesions, fibroids, polyps)",
    {
        "eshre-2022": [
            "ESHRE-TX-ANAT-01",
            "ESHRE-TX-ANAT-02",
            "ESHRE-TX-ANAT-03",
            "ESHRE-TX-ANAT-04",
        ],
        "rcog-2023": ["RCOG-TX-08"],
        "asrm-2012": ["ASRM-TX-01"],
    },
    when=When(any_finding=UTERINE_FINDINGS),
)
def uterine_surgery(context: RuleContext) -> Sequence[Emitted] | None:
    items = []
    if context.has_finding("uterine_septate"):
        if _cites(context, "ESHRE-TX-ANAT-01"):
            reason = _(
                "Septate uterus: removing the septum is not advised routinely outside research;"
                " trials have not shown more live births."
            )
            items.append(
                context.plan("treatments", "septum_resection", reason, citing=["ESHRE-TX-ANAT-01"])
            )
        elif _cites(context, "RCOG-TX-08"):
            reason = _("Septate uterus: removing the septum only after discussion or in research.")
            items.append(context.plan("treatments", "septum_resection", reason))
        else:
            reason = _("Septate uterus: removing the septum may be considered.")
            items.append(
                context.plan("treatments", "septum_resection", reason, recommendation="conditional")
            )
    if context.has_finding("uterine_bicorporeal") and _cites(context, "ESHRE-TX-ANAT-02"):
        items.append(
            context.plan(
                "treatments",
                "metroplasty",
                _("Reconstructive surgery is not advised for a bicorporeal uterus."),
                citing=["ESHRE-TX-ANAT-02"],
            )
        )
    if context.has_finding("intrauterine_adhesions") and _cites(context, "ESHRE-TX-ANAT-04"):
        items.append(
            context.plan(
                "treatments",
                "adhesiolysis",
                _(
                    "Adhesions inside the womb can be removed by hysteroscopy, taking care they do"
                    " not come back; a benefit on live birth is not established."
                ),
                citing=["ESHRE-TX-ANAT-04"],
            )
        )
    if context.has_finding("submucosal_fibroid", "endometrial_polyp") and _cites(
        context, "ESHRE-TX-ANAT-03"
    ):
        items.append(
            context.plan(
                "treatments",
                "fibroid_polyp_removal",
                _(
                    "There is not enough evidence that removing a fibroid inside the cavity or a"
                    " polyp improves the chance of a live birth; decide case by case."
                ),
                recommendation="conditional",
                citing=["ESHRE-TX-ANAT-03"],
            )
        )
    return items or None


@rule(
    "TX09",
    "Genetic counselling and the options for a chromosome rearrangement",
    {"eshre-2022": ["ESHRE-TX-GEN-02"], "asrm-2012": ["ASRM-TX-01"]},
    when=When(any_finding=("parental_balanced_translocation", "parental_other_rearrangement")),
)
def genetic_options(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "genetic_counselling",
            _(
                "A chromosome rearrangement in a partner: genetic counselling about every option"
                " (natural conception, PGT-SR, donor gametes, adoption)."
            ),
            recommendation="recommended",
        ),
        context.plan(
            "treatments",
            "pgt_sr",
            _(
                "PGT-SR is one option; it has not been shown to raise the overall chance of a live"
                " birth compared with natural conception."
            ),
            recommendation="conditional",
        ),
    ]


@rule(
    "TX10",
    "No PGT-A for unexplained recurrent loss",
    {"eshre-2022": ["ESHRE-TX-GEN-01"], "rcog-2023": ["RCOG-TX-05"]},
    when=MET,
)
def pgt_a(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "pgt_a",
            _(
                "Screening embryos for chromosome number (PGT-A) is not advised for unexplained loss."
            ),
        )
    ]


@rule(
    "TX11",
    "Emotional and psychological support for both partners",
    {
        "eshre-2022": ["ESHRE-ORG-02", "ESHRE-LIFE-07"],
        "rcog-2023": ["RCOG-CARE-01", "LAN-MIN-03"],
    },
    when=When(a_loss_counted=True),
)
def psychological_support(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "psychological_support",
            _(
                "Pregnancy loss weighs on both partners: ask how they are coping and offer"
                " support. Stress has not been shown to cause the losses; no one is to blame."
            ),
            citing=[
                r.id
                for r in context.cited
                if r.id in ("ESHRE-ORG-02", "RCOG-CARE-01", "LAN-MIN-03")
            ],
        )
    ]


@rule(
    "TX12",
    "Vitamin D before conception could be considered",
    {"eshre-2022": ["ESHRE-TX-END-09"]},
    when=MET,
)
def vitamin_d(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "vitamin_d_supplement",
            _("Vitamin D before conception could be considered."),
        )
    ]


@rule(
    "TX13",
    "Referral to a dedicated recurrent pregnancy loss clinic",
    {
        "eshre-2022": ["ESHRE-ORG-01", "NL-ORG-01"],
        "rcog-2023": ["LAN-GM-03", "LAN-GM-02"],
    },
    when=MET,
)
def refer_clinic(context: RuleContext) -> Sequence[Emitted] | None:
    if _cites(context, "LAN-GM-03"):
        if context.classification.losses_counted >= 3:
            reason = _(
                "Three or more losses: care in a consultant-led recurrent miscarriage clinic with"
                " the full set of tests and treatments."
            )
            return [context.plan("treatments", "refer_rpl_clinic", reason, citing=["LAN-GM-03"])]
        reason = _(
            "A miscarriage clinic appointment with blood count, thyroid tests and a lifestyle"
            " review."
        )
        return [context.plan("treatments", "refer_rpl_clinic", reason, citing=["LAN-GM-02"])]
    return [
        context.plan(
            "treatments",
            "refer_rpl_clinic",
            _(
                "Care in a dedicated recurrent pregnancy loss clinic, ideally before a new"
                " pregnancy; tests do not always lead to a treatment."
            ),
        )
    ]


# --- the next pregnancy ---------------------------------------------------------------------


@rule(
    "NP01",
    "Progesterone for bleeding in early pregnancy after earlier miscarriage",
    {
        "eshre-2022": ["ESHRE-TX-END-05"],
        "rcog-2023": ["NICE-PROG-01", "NICE-PROG-02", "NICE-PROG-03", "RCOG-TX-02"],
    },
)
def progesterone_with_bleeding(context: RuleContext) -> Sequence[Emitted] | None:
    nice = _cites(context, "NICE-PROG-01")
    miscarriages = sum(p.outcome == "miscarriage" for p in context.checked.record.pregnancies)
    # NICE NG126 asks for at least one earlier miscarriage; ESHRE speaks of women with RPL.
    if not (miscarriages >= 1 if nice else _meets(context)):
        return None
    current = context.checked.record.current_pregnancy
    bleeding = current is not None and bool(
        {"bleeding_spotting", "bleeding_light", "bleeding_heavy"} & set(current.symptoms)
    )
    if current is not None and bleeding and current.location == "intrauterine":
        if nice:
            reason = _(
                "Bleeding now, in a pregnancy a scan shows in the womb, after an earlier"
                " miscarriage: vaginal micronised progesterone 400 mg twice daily, continued to"
                " 16 weeks if a heartbeat is seen."
            )
        else:
            reason = _(
                "Bleeding now, in a pregnancy a scan shows in the womb: vaginal progesterone may be"
                " offered."
            )
    elif current is not None and bleeding:
        reason = _(
            "Bleeding now, but the pregnancy is not yet seen in the womb: progesterone is started"
            " only once a scan confirms an intrauterine pregnancy."
        )
    elif nice:
        reason = _(
            "If bleeding starts in early pregnancy and a scan shows the pregnancy in the womb,"
            " vaginal micronised progesterone 400 mg twice daily is advised."
        )
    else:
        reason = _(
            "If bleeding starts in early pregnancy, vaginal progesterone may be offered once a"
            " scan shows the pregnancy in the womb."
        )
    citing = ["NICE-PROG-01", "NICE-PROG-02", "NICE-PROG-03", "RCOG-TX-02"] if nice else None
    return [context.plan("next_pregnancy", "progesterone_bleeding", reason, citing=citing)]


@rule(
    "NP02",
    "No progesterone without bleeding",
    {
        "eshre-2022": ["ESHRE-TX-END-04", "NL-PROG-01"],
        "rcog-2023": ["NICE-PROG-04", "RCOG-TX-01"],
    },
    when=MET,
)
def progesterone_without_bleeding(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "next_pregnancy",
            "progesterone_no_bleeding",
            _(
                "Progesterone without bleeding has not been shown to prevent another miscarriage"
                " and is not advised for that."
            ),
        )
    ]


@rule(
    "NP03",
    "Supportive care with early reassurance scans in the next pregnancy",
    {"eshre-2022": ["ESHRE-ORG-04"], "rcog-2023": ["RCOG-CARE-01"]},
    when=MET,
)
def early_pregnancy_care(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "next_pregnancy",
            "early_pregnancy_unit_care",
            _(
                "In the next pregnancy: supportive care with early reassurance scans and quick"
                " access to the early pregnancy unit."
            ),
        )
    ]


@rule(
    "NP04",
    "Cerclage or cervical-length scans after a loss from painless cervical opening",
    {
        "eshre-2022": ["ESHRE-TX-ANAT-05"],
        "rcog-2023": ["CERC-RCOG-02"],
        "asrm-2012": ["CERC-ACOG-01"],
    },
    when=When(any_finding=("cervical_insufficiency_history",)),
)
def cervical_plan(context: RuleContext) -> Sequence[Emitted] | None:
    if _cites(context, "ESHRE-TX-ANAT-05"):
        return [
            context.plan(
                "next_pregnancy",
                "cerclage_history_indicated",
                _(
                    "After a second-trimester loss from cervical weakness, a stitch (cerclage) in"
                    " the next singleton pregnancy could be considered."
                ),
            ),
            context.plan(
                "next_pregnancy",
                "cervical_length_surveillance",
                _("Or regular scans of the cervix length, with a stitch if it shortens."),
            ),
        ]
    if _cites(context, "CERC-RCOG-02"):
        return [
            context.plan(
                "next_pregnancy",
                "cervical_length_surveillance",
                _(
                    "After a spontaneous second-trimester loss: regular transvaginal scans of the"
                    " cervix length; a stitch if it shortens."
                ),
            )
        ]
    return [
        context.plan(
            "next_pregnancy",
            "cerclage_history_indicated",
            _(
                "After a second-trimester loss from painless cervical opening, a stitch at about"
                " 13 to 14 weeks may be considered."
            ),
        )
    ]


@rule(
    "NP05",
    "Folic acid before conception",
    {"eshre-2022": ["LAN-GM-01", "ESHRE-TX-END-10"], "rcog-2023": ["LAN-GM-01"]},
    when=When(a_loss_counted=True),
)
def folic_acid(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "next_pregnancy",
            "folic_acid",
            _("Take the usual folic acid supplement from before conception."),
            citing=context.cited_ids(),
        )
    ]
