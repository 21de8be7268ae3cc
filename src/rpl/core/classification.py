"""Does a history meet a profile's definition of recurrent pregnancy loss?

Each pregnancy is judged once (`judge_pregnancy`): a counted loss, not counted (with the
reason), or undecidable until a missing field is known. Counts are then taken twice — with
the undecided pregnancies left out and with them counted — so that `meets_definition` is
`true` or `false` only when the missing data cannot change it, and `null` otherwise.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Definition, Profile
from rpl.core.record import Pregnancy
from rpl.core.text import fill, sentences, template
from rpl.core.text import gettext_noop as _
from rpl.core.vocabulary import Evidence


class Verdict(Enum):
    LOSS = "loss"  # counts as a pregnancy loss under the profile
    NOT_COUNTED = "not_counted"
    UNDECIDED = "undecided"  # depends on a field that is missing


class Judgement(NamedTuple):
    verdict: Verdict
    reason: str
    trimester: Literal[1, 2] | None = None  # for losses: None when gestational age is missing
    needs: str | None = None  # for UNDECIDED: the missing field
    breaks_run: bool = False  # reached the loss limit (a birth): ends a run of losses
    beyond_viability: bool = False  # the losses after it may make RPL "secondary"


class ExcludedPregnancy(BaseModel):
    pregnancy: int = Field(description="Pregnancy number, 1 = oldest (as clinicians count).")
    field: str = Field(description="Path of the pregnancy in the record, e.g. pregnancies[0].")
    reason: str


class UndecidedPregnancy(ExcludedPregnancy):
    needs: str = Field(description="The missing field that would decide it.")


class DefinitionSource(BaseModel):
    # Made once per profile and shared by all its assessments: never changed.
    model_config = ConfigDict(frozen=True)

    setting: str
    value: int | bool | None
    source: str
    ref: str
    evidence: Evidence
    note: str | None = None


class Classification(BaseModel):
    meets_definition: bool | None = Field(
        description="RPL under this profile; null when missing data could change the answer."
    )
    type: Literal["primary", "secondary"] | None = Field(
        description=(
            "Secondary when the counted losses after her earliest pregnancy beyond viability"
            " (the profile's secondary_after_weeks) meet the definition on their own; primary"
            " otherwise (a birth only after the losses leaves her primary). Null if not RPL, or"
            " when missing data decides which."
        )
    )
    losses_counted: int = Field(description="Pregnancies that count as losses under the profile.")
    consecutive_losses: int = Field(description="The most recent uninterrupted run of losses.")
    longest_consecutive_losses: int = Field(description="The longest uninterrupted run.")
    first_trimester_losses: int
    second_trimester_losses: int
    unknown_trimester_losses: int = Field(description="Counted losses with no gestational age.")
    excluded: list[ExcludedPregnancy]
    undecided: list[UndecidedPregnancy]
    care_level: Literal[1, 2, 3] | None = Field(
        description="Graded model of care (Lancet 2021): 1, 2 or 3 by counted losses (3 = 3 or more)."
    )
    definition: str = Field(description="The profile's definition in words.")
    sources: list[DefinitionSource] = Field(
        description="The citation behind each definition setting used."
    )


# Judgements that depend on nothing but their kind, made once (they are immutable tuples).
_LOSS = {
    trimester: Judgement(Verdict.LOSS, "pregnancy loss", trimester=trimester)
    for trimester in (1, 2, None)
}
_LIVE_BIRTH = {
    beyond: Judgement(
        Verdict.NOT_COUNTED, _("live birth: not a loss"), breaks_run=True, beyond_viability=beyond
    )
    for beyond in (False, True)
}


# A fetal death at or beyond the profile's limit, as templates (rpl.core.text).
BEYOND_LIMIT_AT = template(
    _(
        "fetal death at %(weeks)d+%(days)d weeks: at or beyond this profile's %(limit)d-week"
        " limit for a loss"
    )
)
BEYOND_LIMIT = template(
    _("fetal death (stillbirth): at or beyond this profile's %(limit)d-week limit for a loss")
)


def _not_counted(reason: str) -> Judgement:
    return Judgement(Verdict.NOT_COUNTED, reason)


_ONGOING = _not_counted(_("pregnancy has not ended"))
_INDUCED = _not_counted(_("induced abortion: not a spontaneous loss"))
_ECTOPIC = _not_counted(_("ectopic pregnancy: not counted under this profile"))
_MOLAR = _not_counted(_("molar pregnancy: not counted under this profile"))
_BIOCHEMICAL = _not_counted(_("biochemical loss (hCG only): not counted under this profile"))
_PUL = _not_counted(_("pregnancy of unknown location: not counted under this profile"))
_HCG_ONLY = _not_counted(_("confirmed by hCG only: not a clinical pregnancy under this profile"))
_OTHER_PARTNER = _not_counted(_("with a different partner: not counted"))


def _trimester(pregnancy: Pregnancy, definition: Definition) -> Literal[1, 2] | None:
    ga = pregnancy.gestational_age
    if ga is None:
        # Losses shown only by hCG, or of unknown location, end early by their nature.
        return 1 if pregnancy.outcome in ("biochemical_loss", "pul_resolved") else None
    return 1 if ga.is_before_weeks(definition.first_trimester_upper_weeks) else 2


def _fetal_death(pregnancy: Pregnancy, definition: Definition) -> Judgement:
    """A miscarriage or stillbirth: a loss when before the profile's limit."""
    limit = definition.loss_upper_limit_weeks
    ga = pregnancy.gestational_age
    if ga is not None:
        before_limit = ga.is_before_weeks(limit)
    else:
        # The vocabulary defines each outcome by the profile's limit.
        before_limit = pregnancy.outcome == "miscarriage"
    if not before_limit:
        reason = (
            fill(BEYOND_LIMIT_AT, weeks=ga.weeks, days=ga.days, limit=limit)
            if ga is not None
            else fill(BEYOND_LIMIT, limit=limit)
        )
        return Judgement(
            Verdict.NOT_COUNTED,
            reason,
            breaks_run=True,
            beyond_viability=ga is None or not ga.is_before_weeks(definition.secondary_after_weeks),
        )
    if pregnancy.outcome == "miscarriage" and definition.clinical_confirmation_required:
        if pregnancy.confirmed_by == "hcg_only":
            return _HCG_ONLY
        if pregnancy.confirmed_by not in ("ultrasound", "histology"):
            return Judgement(
                Verdict.UNDECIDED,
                _("counts only if the pregnancy was seen on ultrasound or confirmed by histology"),
                trimester=_trimester(pregnancy, definition),
                needs="confirmed_by",
            )
    return _LOSS[_trimester(pregnancy, definition)]


def judge_pregnancy(pregnancy: Pregnancy, definition: Definition) -> Judgement:
    """One pregnancy's verdict under the definition, from its outcome, gestational age,
    confirmation and partner."""
    outcome = pregnancy.outcome
    if outcome == "live_birth":
        ga = pregnancy.gestational_age
        return _LIVE_BIRTH[ga is None or not ga.is_before_weeks(definition.secondary_after_weeks)]
    if outcome == "ongoing":
        return _ONGOING
    if outcome == "induced_abortion":
        return _INDUCED
    if outcome == "ectopic" and not definition.count_ectopic:
        return _ECTOPIC
    if outcome == "molar" and not definition.count_molar:
        return _MOLAR
    if outcome == "biochemical_loss" and not definition.count_biochemical:
        return _BIOCHEMICAL
    if outcome == "pul_resolved" and not definition.count_resolved_pul:
        return _PUL
    if outcome in ("miscarriage", "stillbirth"):
        judgement = _fetal_death(pregnancy, definition)
    else:  # biochemical, resolved PUL, ectopic or molar that the profile counts
        judgement = _LOSS[_trimester(pregnancy, definition)]
    if judgement.verdict is not Verdict.NOT_COUNTED and definition.same_partner_required:
        if pregnancy.same_partner is False:
            return _OTHER_PARTNER
        if pregnancy.same_partner is None:
            return Judgement(
                Verdict.UNDECIDED,
                _("counts only if the loss was with the current partner"),
                trimester=judgement.trimester,
                needs="same_partner",
            )
    return judgement


class _Counts(NamedTuple):
    losses: int
    first: int
    second: int
    unknown_trimester: int
    latest_run: int
    longest_run: int


def _count(judgements: list[Judgement], definition: Definition) -> tuple[_Counts, _Counts]:
    """The counts with the undecided pregnancies left out, and with them counted (one pass:
    an undecided pregnancy neither counts nor breaks a run in the first)."""
    losses = first = second = unknown = run = longest = 0
    losses_u = first_u = second_u = unknown_u = run_u = longest_u = 0
    first_only = definition.first_trimester_only
    for judgement in judgements:
        verdict = judgement.verdict
        if verdict is Verdict.NOT_COUNTED:
            if judgement.breaks_run:
                run = run_u = 0
            continue
        trimester = judgement.trimester
        in_run = not first_only or trimester != 2
        losses_u += 1
        if trimester == 1:
            first_u += 1
        elif trimester == 2:
            second_u += 1
        else:
            unknown_u += 1
        if in_run:
            run_u += 1
            if run_u > longest_u:
                longest_u = run_u
        if verdict is Verdict.LOSS:
            losses += 1
            if trimester == 1:
                first += 1
            elif trimester == 2:
                second += 1
            else:
                unknown += 1
            if in_run:
                run += 1
                if run > longest:
                    longest = run
        elif judgement.breaks_run:  # an undecided pregnancy (none breaks a run today)
            run = 0
    return (
        _Counts(losses, first, second, unknown, run, longest),
        _Counts(losses_u, first_u, second_u, unknown_u, run_u, longest_u),
    )


def _meets(counts: _Counts, definition: Definition, unknown_as: Literal[1, 2]) -> bool:
    """Whether the counts meet the definition with every loss of unknown trimester taken as
    first (1) or as second (2) trimester: between the two, whether they might."""
    unknown = counts.unknown_trimester
    if unknown_as == 1:
        return _meets_split(counts, definition, unknown, 0)
    return _meets_split(counts, definition, 0, unknown)


def _meets_whatever_trimester(counts: _Counts, definition: Definition) -> bool:
    """Whether the counts meet the definition however the losses of unknown trimester fall
    between the two trimesters (RCOG: three such miscarriages are three first-trimester ones
    or include a second-trimester one, and either meets the definition)."""
    unknown = counts.unknown_trimester
    return all(
        _meets_split(counts, definition, as_first, unknown - as_first)
        for as_first in range(unknown + 1)
    )


def _meets_split(counts: _Counts, definition: Definition, as_first: int, as_second: int) -> bool:
    """`as_first` of the losses of unknown trimester taken as first, `as_second` as second."""
    first = counts.first + as_first
    second = counts.second + as_second
    if definition.consecutive_required:
        towards_minimum = counts.longest_run
    elif definition.first_trimester_only:
        towards_minimum = first
    else:
        towards_minimum = counts.losses
    if towards_minimum >= definition.min_losses:
        return True
    threshold = definition.min_second_trimester_losses
    return threshold is not None and second >= threshold


def _rpl_type(
    judgements: list[Judgement], definition: Definition
) -> Literal["primary", "secondary"] | None:
    """Secondary when the losses after her earliest pregnancy beyond viability meet the
    definition on their own (for a profile requiring consecutive losses: a run after it), so
    that a birth that only follows the losses leaves her primary; None when the undecided
    pregnancies or losses of unknown trimester after it decide which."""
    first_beyond = next((i for i, j in enumerate(judgements) if j.beyond_viability), None)
    if first_beyond is None:
        return "primary"
    certain, possible = _count(judgements[first_beyond + 1 :], definition)
    if _meets_whatever_trimester(certain, definition):
        return "secondary"
    if not (_meets(possible, definition, 1) or _meets(possible, definition, 2)):
        return "primary"
    return None


# The definition in whole sentences (see rpl.core.text), by (first trimester only, in a row).
COUNT_SENTENCES = {
    (False, False): template(
        _(
            "%(losses)d or more pregnancy losses before %(weeks)d weeks, not necessarily one"
            " after the other."
        )
    ),
    (False, True): template(
        _("%(losses)d or more pregnancy losses in a row before %(weeks)d weeks.")
    ),
    (True, False): template(
        _(
            "%(losses)d or more losses in the first trimester (before %(weeks)d weeks), not"
            " necessarily one after the other."
        )
    ),
    (True, True): template(
        _("%(losses)d or more losses in a row in the first trimester (before %(weeks)d weeks).")
    ),
}
SECOND_TRIMESTER = template(
    _(
        "Or %(losses)d or more losses in the second trimester (from %(start)d weeks to before"
        " %(weeks)d weeks)."
    )
)
SAME_PARTNER = _("The losses must be with the same partner.")
BIOCHEMICAL_COUNT = _("Losses found only by a pregnancy test (biochemical losses) count.")
CONFIRMED_ONLY = _(
    "Only losses seen on an ultrasound scan or confirmed by tissue examination (histology) count."
)


def describe_definition(definition: Definition) -> str:
    """The profile's definition in whole, translatable sentences."""
    first_only = definition.first_trimester_only
    weeks = (
        definition.first_trimester_upper_weeks if first_only else definition.loss_upper_limit_weeks
    )
    parts = [
        fill(
            COUNT_SENTENCES[(first_only, definition.consecutive_required)],
            losses=definition.min_losses,
            weeks=weeks,
        )
    ]
    if definition.min_second_trimester_losses is not None:
        parts.append(
            fill(
                SECOND_TRIMESTER,
                losses=definition.min_second_trimester_losses,
                start=definition.first_trimester_upper_weeks,
                weeks=definition.loss_upper_limit_weeks,
            )
        )
    if definition.same_partner_required:
        parts.append(SAME_PARTNER)
    if definition.count_biochemical:
        parts.append(BIOCHEMICAL_COUNT)
    if definition.clinical_confirmation_required:
        parts.append(CONFIRMED_ONLY)
    return sentences(*parts)


def classify(checked: CheckedRecord, profile: Profile) -> Classification:
    definition = profile.definition
    described, sources = _described(profile)
    judgements = [judge_pregnancy(p, definition) for p in checked.record.pregnancies]
    certain, possible = _count(judgements, definition)

    meets: bool | None
    if _meets_whatever_trimester(certain, definition):
        meets = True
    elif not (_meets(possible, definition, 1) or _meets(possible, definition, 2)):
        meets = False
    else:
        meets = None

    rpl_type: Literal["primary", "secondary"] | None = None
    if meets is not False:
        rpl_type = _rpl_type(judgements, definition)

    excluded: list[ExcludedPregnancy] = []
    undecided: list[UndecidedPregnancy] = []
    for index, judgement in enumerate(judgements):
        if judgement.verdict is Verdict.NOT_COUNTED:
            excluded.append(
                ExcludedPregnancy(
                    pregnancy=index + 1, field=f"pregnancies[{index}]", reason=judgement.reason
                )
            )
        elif judgement.verdict is Verdict.UNDECIDED:
            undecided.append(
                UndecidedPregnancy(
                    pregnancy=index + 1,
                    field=f"pregnancies[{index}]",
                    reason=judgement.reason,
                    needs=f"pregnancies[{index}].{judgement.needs}",
                )
            )

    care_level: Literal[1, 2, 3] | None = None
    if certain.losses >= 3:
        care_level = 3
    elif certain.losses == 2:
        care_level = 2
    elif certain.losses == 1:
        care_level = 1

    return Classification(
        meets_definition=meets,
        type=rpl_type,
        losses_counted=certain.losses,
        consecutive_losses=certain.latest_run,
        longest_consecutive_losses=certain.longest_run,
        first_trimester_losses=certain.first,
        second_trimester_losses=certain.second,
        unknown_trimester_losses=certain.unknown_trimester,
        excluded=excluded,
        undecided=undecided,
        care_level=care_level,
        definition=described,
        sources=list(sources),
    )


def _described(profile: Profile) -> tuple[str, list[DefinitionSource]]:
    """The definition in words and the citation of every setting (once per profile)."""
    described: tuple[str, list[DefinitionSource]] = profile.derived(
        "definition", lambda: _describe(profile)
    )
    return described


def _describe(profile: Profile) -> tuple[str, list[DefinitionSource]]:
    definition = profile.definition
    sources = [
        DefinitionSource(
            setting=setting,
            value=getattr(definition, setting),
            **profile.citation_for(setting).model_dump(),
        )
        for setting in type(definition).model_fields
    ]
    return describe_definition(definition), sources


def definition_sources(profile: Profile) -> list[DefinitionSource]:
    """The citation of every definition setting."""
    return _described(profile)[1]
