"""Triage: how urgently to seek care, from the symptoms of a current (or possible) pregnancy.

One function serves both sides: the patient site's warning-sign check calls
`check_warning_signs` with plain answers, and the assessment calls it with answers taken from
the record's `current_pregnancy`. Each TR rule cites the recommendations it follows; the most
urgent rule that fires sets the level and the action. Triage does not depend on the guideline
profile: warning signs are the same whichever definition of recurrent loss a clinic uses.

The thresholds here (12 and 20 weeks for bleeding, 12 weeks for early-pregnancy symptoms and
the progesterone pathway) are those of the cited sources, kept beside the rule that uses them.
Every sentence is marked with `gettext_noop` so the web layer can show it translated. Every path
(symptom x weeks x location x history) and what it gives is tabled in docs/triage.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.evidence import load_recommendations
from rpl.core.gestation import GestationalAgeField
from rpl.core.record import CoupleRecord, CurrentPregnancy
from rpl.core.sections import SourceRef, Triage
from rpl.core.text import gettext_noop as _
from rpl.core.vocabulary import PregnancyLocation, PregnancySymptom, TriageLevel

LEVELS: tuple[TriageLevel, ...] = ("emergency", "urgent", "soon", "routine")
"""Most urgent first. emergency: call an ambulance or go to an emergency department now;
urgent: be seen today; soon: contact the early pregnancy unit or clinic today, to be seen
within 24 hours; routine: no warning sign, keep to planned care."""

Pregnant = Literal["yes", "no", "unsure"]


class WarningSignAnswers(BaseModel):
    """What the warning-sign check asks. `None` means not answered (unknown)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pregnant: Pregnant = Field(description="yes, no (e.g. after a recent loss) or unsure.")
    gestational_age: GestationalAgeField | None = Field(
        default=None, description="Weeks+days of the current pregnancy, if known."
    )
    location: PregnancyLocation | None = Field(
        default=None, description="Where a scan has placed the pregnancy, if it has."
    )
    symptoms: list[PregnancySymptom] = Field(default_factory=list)
    previous_miscarriages: int | None = Field(default=None, ge=0, le=50)
    previous_ectopic: bool | None = Field(
        default=None, description="An earlier ectopic pregnancy; None = not known."
    )
    previous_molar: bool | None = Field(
        default=None, description="An earlier molar pregnancy; None = not known."
    )

    @property
    def possibly_pregnant(self) -> bool:
        return self.pregnant != "no"

    @property
    def location_unconfirmed(self) -> bool:
        """Not yet seen in the womb on a scan: an ectopic pregnancy is still possible."""
        return self.possibly_pregnant and self.location != "intrauterine"

    @property
    def location_unknown(self) -> bool:
        """Possibly pregnant and no scan has placed the pregnancy (in the womb or outside)."""
        return self.possibly_pregnant and self.location in (None, "unknown")

    @property
    def known_ectopic(self) -> bool:
        """A scan has placed the current pregnancy outside the womb."""
        return self.possibly_pregnant and self.location == "ectopic"

    def before_weeks(self, weeks: int) -> bool:
        """Before `weeks`, or of unknown length (early-pregnancy advice applies until known)."""
        return self.weeks_at_least(weeks) is not True

    def has(self, *symptoms: PregnancySymptom) -> bool:
        return any(symptom in self.symptoms for symptom in symptoms)

    def weeks_at_least(self, weeks: int) -> bool | None:
        if self.gestational_age is None:
            return None
        return not self.gestational_age.is_before_weeks(weeks)


@dataclass(frozen=True)
class Signal:
    """What one triage rule found: a level, why, and what to do."""

    level: TriageLevel
    reason: str
    action: str
    tell_clinic: tuple[str, ...] = ()


TriageLogic = Callable[[WarningSignAnswers], Signal | None]


@dataclass(frozen=True)
class TriageRule:
    id: str
    title: str
    cites: tuple[str, ...]
    logic: TriageLogic = field(repr=False)


TRIAGE_RULES: list[TriageRule] = []


def _rule(rule_id: str, title: str, cites: Sequence[str]) -> Callable[[TriageLogic], TriageLogic]:
    def decorate(logic: TriageLogic) -> TriageLogic:
        TRIAGE_RULES.append(TriageRule(rule_id, title, tuple(cites), logic))
        return logic

    return decorate


BLEEDING: tuple[PregnancySymptom, ...] = ("bleeding_spotting", "bleeding_light", "bleeding_heavy")
PAIN: tuple[PregnancySymptom, ...] = ("pain_mild", "pain_severe", "pain_one_sided")

ACT_EMERGENCY = _("Call an ambulance or go to the nearest emergency department now.")
ACT_SAME_DAY = _("Get seen today: go to the early pregnancy unit or the emergency department now.")
ACT_MATERNITY = _("Contact your maternity unit now: bleeding from 20 weeks needs checking today.")
ACT_EPU = _(
    "Contact your early pregnancy unit or clinic today; you should be seen within 24 hours."
)
ACT_UNSOURCED = _(
    "Contact your clinic or maternity unit today and describe this symptom to a clinician."
)
ACT_INFECTION = _(
    "Get seen today at your early pregnancy unit, maternity unit or the emergency department."
    " Call an ambulance if you feel confused, breathless, faint or extremely unwell."
)
ACT_ECTOPIC = _(
    "Contact the early pregnancy unit that is looking after you today; if you cannot reach it,"
    " go to the emergency department."
)
ACT_EARLY_SCAN = _(
    "Contact your early pregnancy unit or clinic today to arrange an early scan that shows where"
    " the pregnancy is."
)
ACT_ROUTINE = _(
    "No warning sign was chosen: keep to your planned care and contact the clinic if anything"
    " changes."
)

TELL_WEEKS = _("How many weeks pregnant you are, or that you are not sure.")
TELL_SYMPTOMS = _("Which symptoms you have, when they started and whether they are getting worse.")
TELL_BLEEDING = _(
    "How much you are bleeding (how many pads, how quickly), its colour and any clots; use pads,"
    " not tampons."
)
TELL_ECTOPIC_RISK = _(
    "Whether you have had an ectopic pregnancy, surgery on your tubes, a pelvic infection,"
    " fertility treatment, or have a coil (IUD) in place."
)
TELL_ECTOPIC_CARE = _(
    "Which treatment you have had for the ectopic pregnancy (medicine or an operation), and when."
)
TELL_ECTOPIC_OR_MOLAR = _(
    "When your earlier ectopic or molar pregnancy was, and how it was treated."
)
TELL_TEMPERATURE = _("Your temperature, if you can measure it, and when the fever began.")
TELL_LOSSES = _("How many pregnancies you have lost before.")
TELL_PROGESTERONE = _(
    "That you have had a miscarriage before: with bleeding in a pregnancy that a scan has shown"
    " is in the womb, guidelines advise offering progesterone."
)

NO_SIGN = _("None of the warning signs was chosen.")
NO_SIGN_TEST_POSITIVE = _(
    "None of the warning signs was chosen. If a pregnancy test is positive, contact"
    " your early pregnancy unit for an early scan, because of your earlier ectopic"
    " or molar pregnancy."
)
NO_SIGN_HISTORY_UNKNOWN = _(
    "None of the warning signs was chosen. If you have had an ectopic or a molar"
    " pregnancy before, contact your early pregnancy unit for an early scan."
)
ECTOPIC_CARE = _(
    "A pregnancy outside the womb (ectopic) needs hospital care: the early pregnancy unit"
    " should see or contact you today, even without symptoms."
)


@_rule(
    "TR01",
    "Fainting, dizziness or collapse: emergency",
    cites=["TRI-EMER-01", "TRI-NHG-01", "NICE-QS69-01"],
)
def instability(answers: WarningSignAnswers) -> Signal | None:
    if not answers.has("dizziness_fainting"):
        return None
    return Signal(
        "emergency",
        _("Feeling faint or dizzy, or collapsing, can be a sign of serious internal bleeding."),
        ACT_EMERGENCY,
    )


@_rule(
    "TR02",
    "Heavy bleeding (a pad soaked in an hour or less, or large clots): emergency",
    cites=["TRI-EMER-03", "TRI-NHG-01"],
)
def heavy_bleeding(answers: WarningSignAnswers) -> Signal | None:
    if not answers.has("bleeding_heavy"):
        return None
    return Signal(
        "emergency",
        _(
            "Heavy bleeding, meaning soaking through a pad in an hour or less or passing large"
            " clots, needs help now."
        ),
        ACT_EMERGENCY,
        (TELL_BLEEDING,),
    )


@_rule(
    "TR03",
    "Severe abdominal pain: emergency",
    cites=["TRI-NHG-01", "TRI-EMER-04", "TRI-EMER-02"],
)
def severe_pain(answers: WarningSignAnswers) -> Signal | None:
    if not answers.has("pain_severe"):
        return None
    if answers.location_unknown:
        reason = _(
            "Severe pain in the belly needs checking now; before a scan has shown the pregnancy in"
            " the womb, it can be a sign of an ectopic pregnancy."
        )
    else:
        reason = _("Severe pain in the belly needs checking now.")
    return Signal("emergency", reason, ACT_EMERGENCY)


@_rule(
    "TR04",
    "Fever or foul-smelling discharge (possible infection): seen the same day; an ambulance"
    " with signs of sepsis",
    cites=["TRI-URG-03", "TRI-SEPSIS-01", "TRI-FEVER-01"],
)
def infection(answers: WarningSignAnswers) -> Signal | None:
    # Same-day hospital assessment, not an ambulance: the sources send a woman with fever to be
    # seen today and keep the emergency call for signs of sepsis (HSE) - feeling faint is TR01,
    # heavy bleeding TR02 and severe pain TR03, each an emergency on its own.
    if not answers.has("fever", "offensive_discharge"):
        return None
    if answers.pregnant == "yes":
        reason = _(
            "A fever or a foul-smelling discharge in pregnancy can be a sign of an infection,"
            " which needs checking and treating the same day."
        )
    elif answers.pregnant == "no":
        reason = _(
            "A fever or a foul-smelling discharge after a pregnancy loss can be a sign of an"
            " infection of the womb, which needs checking and treating the same day."
        )
    else:
        reason = _(
            "A fever or a foul-smelling discharge, in a pregnancy or after a pregnancy loss, can"
            " be a sign of an infection, which needs checking and treating the same day."
        )
    return Signal("urgent", reason, ACT_INFECTION, (TELL_TEMPERATURE,))


@_rule(
    "TR05",
    "Ectopic warning signs before a scan confirms the pregnancy in the womb: same day",
    cites=["TRI-URG-01", "TRI-URG-02", "TRI-NHG-01", "TRI-INFO-02", "TRI-ROU-01"],
)
def ectopic_signs(answers: WarningSignAnswers) -> Signal | None:
    # A pregnancy already known to be ectopic is TR11's.
    if not answers.location_unknown:
        return None
    one_sided_or_shoulder = answers.has("pain_one_sided", "shoulder_tip_pain")
    bleeding_with_pain = answers.has(*BLEEDING) and answers.has(*PAIN)
    # After an earlier ectopic pregnancy (a risk factor, NHG), bleeding or pain alone before
    # the location is known is no longer a case for waiting (NICE's expectant care assumes no
    # risk factor): she is seen the same day.
    after_ectopic = answers.previous_ectopic is True and answers.has(*BLEEDING, *PAIN)
    if not (one_sided_or_shoulder or bleeding_with_pain or after_ectopic):
        return None
    if after_ectopic and not (one_sided_or_shoulder or bleeding_with_pain):
        reason = _(
            "After an earlier ectopic pregnancy, bleeding or pain before a scan has shown the"
            " pregnancy in the womb needs a scan the same day."
        )
    else:
        reason = _(
            "Pain on one side, pain in the tip of the shoulder, or bleeding with pain, before a"
            " scan has shown the pregnancy in the womb, can be signs of an ectopic pregnancy."
        )
    return Signal("urgent", reason, ACT_SAME_DAY, (TELL_ECTOPIC_RISK,))


# TRI-URG-06 (Tommy's): any bleeding after 12 weeks needs urgent attention; from 20 weeks the
# maternity unit is contacted directly. At exactly 12+0 the later rule applies (conservative).
BLEEDING_URGENT_FROM_WEEKS = 12
MATERNITY_UNIT_FROM_WEEKS = 20
# PRISM-04: the trial enrolled women bleeding in the first 12 weeks.
PROGESTERONE_BEFORE_WEEKS = 12


@_rule("TR06", "Any bleeding from 12 weeks: same day", cites=["TRI-URG-06"])
def later_bleeding(answers: WarningSignAnswers) -> Signal | None:
    if not (answers.possibly_pregnant and answers.has(*BLEEDING)):
        return None
    if answers.weeks_at_least(BLEEDING_URGENT_FROM_WEEKS) is not True:
        return None
    maternity = answers.weeks_at_least(MATERNITY_UNIT_FROM_WEEKS)
    action = ACT_MATERNITY if maternity else ACT_SAME_DAY
    return Signal(
        "urgent",
        _("Any bleeding from 12 weeks of pregnancy needs to be checked the same day."),
        action,
        (TELL_BLEEDING,),
    )


EARLY_SYMPTOMS: tuple[PregnancySymptom, ...] = (
    "bleeding_spotting",
    "bleeding_light",
    "pain_mild",
    "passing_tissue",
    "loss_of_pregnancy_symptoms",
)


@_rule(
    "TR07",
    "Light bleeding, spotting, mild cramps or passing tissue before 12 weeks: early pregnancy"
    " unit within 24 hours",
    cites=["TRI-ROU-02", "TRI-URG-05", "NICE-QS69-01"],
)
def early_symptoms(answers: WarningSignAnswers) -> Signal | None:
    # From 12 weeks these are not early-pregnancy symptoms: bleeding is TR06's, and cramps,
    # passing tissue or losing the signs of pregnancy go to a clinician today (TR09) rather
    # than to an early pregnancy unit within 24 hours.
    if not (answers.possibly_pregnant and answers.has(*EARLY_SYMPTOMS)):
        return None
    if answers.known_ectopic or not answers.before_weeks(BLEEDING_URGENT_FROM_WEEKS):
        return None  # TR11's, or no longer early pregnancy
    if answers.gestational_age is None:
        reason = _(
            "Bleeding, cramps or passing tissue in early pregnancy should be checked by an early"
            " pregnancy unit, all the more when the length of the pregnancy is not known."
        )
    else:
        reason = _(
            "Bleeding, cramps or passing tissue in early pregnancy should be checked by an early"
            " pregnancy unit."
        )
    tell = (TELL_BLEEDING,) if answers.has(*BLEEDING) else ()
    return Signal("soon", reason, ACT_EPU, tell)


@_rule(
    "TR08",
    "Bleeding before 12 weeks after an earlier miscarriage in a pregnancy seen in the womb:"
    " progesterone pathway",
    cites=["NICE-PROG-01", "TRI-ROU-03", "PRISM-04"],
)
def progesterone_pathway(answers: WarningSignAnswers) -> Signal | None:
    # PRISM enrolled women bleeding in the first 12 weeks: from 12 weeks bleeding is TR06's.
    if not (
        answers.pregnant == "yes"
        and answers.location == "intrauterine"
        and answers.has(*BLEEDING)
        and (answers.previous_miscarriages or 0) >= 1
        and answers.before_weeks(PROGESTERONE_BEFORE_WEEKS)
    ):
        return None
    return Signal(
        "soon",
        _(
            "Bleeding in a pregnancy seen in the womb, after an earlier miscarriage, is a reason"
            " to be offered progesterone."
        ),
        ACT_EPU,
        (TELL_PROGESTERONE,),
    )


ALWAYS_COVERED: frozenset[PregnancySymptom] = frozenset(
    {"dizziness_fainting", "bleeding_heavy", "pain_severe", "fever", "offensive_discharge"}
)
ECTOPIC_SIGNS: frozenset[PregnancySymptom] = frozenset({"pain_one_sided", "shoulder_tip_pain"})


def _covered(answers: WarningSignAnswers, symptom: PregnancySymptom) -> bool:
    """Whether one of TR01-TR08 or TR11 speaks to this symptom for these answers."""
    if symptom in ALWAYS_COVERED:
        return True
    if symptom in ECTOPIC_SIGNS:
        return answers.location_unconfirmed  # TR05, or TR11 for a known ectopic
    if not (symptom in EARLY_SYMPTOMS and answers.possibly_pregnant):
        return False
    if symptom in BLEEDING or answers.known_ectopic:
        return True  # TR07 before 12 weeks, TR06 from 12; TR11 for a known ectopic
    return answers.before_weeks(BLEEDING_URGENT_FROM_WEEKS)


@_rule(
    "TR09",
    "A symptom no sourced rule covers: contact a clinician the same day",
    cites=["TRI-INFO-01"],
)
def unsourced_symptom(answers: WarningSignAnswers) -> Signal | None:
    # Leaking fluid, fewer baby movements, one-sided pain in a pregnancy already seen in the
    # womb, or symptoms after a pregnancy has ended: the knowledge base holds no cited triage
    # rule for them, so they go to a clinician today rather than being called harmless.
    if all(_covered(answers, symptom) for symptom in answers.symptoms):
        return None
    return Signal(
        "urgent",
        _(
            "RPL Care has no sourced rule for this symptom, so it should be judged by a clinician"
            " today."
        ),
        ACT_UNSOURCED,
    )


def _needs_early_scan(answers: WarningSignAnswers) -> bool:
    return (
        answers.pregnant == "yes"
        and answers.location_unknown
        and (answers.previous_ectopic is True or answers.previous_molar is True)
    )


@_rule("TR10", "No warning sign: routine care, and how to seek help", cites=["TRI-INFO-01"])
def no_warning_sign(answers: WarningSignAnswers) -> Signal | None:
    # A known ectopic pregnancy (TR11) or one that still has to be found after an earlier
    # ectopic or molar pregnancy (TR12) is never routine, even without symptoms.
    if answers.symptoms or answers.known_ectopic or _needs_early_scan(answers):
        return None
    reason = NO_SIGN
    if answers.location_unknown:
        if answers.previous_ectopic is True or answers.previous_molar is True:
            # Not sure she is pregnant (TR12 takes those who are).
            reason = NO_SIGN_TEST_POSITIVE
        elif answers.previous_ectopic is None or answers.previous_molar is None:
            # The history that would call for an early scan is not known: say what would.
            reason = NO_SIGN_HISTORY_UNKNOWN
    return Signal("routine", reason, ACT_ROUTINE)


# Signs that an ectopic pregnancy is bleeding inside (TRI-EMER-02, TRI-URG-02, TRI-BPAS-01).
RUPTURE_SIGNS: tuple[PregnancySymptom, ...] = (
    *PAIN,
    "shoulder_tip_pain",
    "dizziness_fainting",
    "bleeding_heavy",
)


@_rule(
    "TR11",
    "A pregnancy known to be ectopic: same day; emergency with pain, shoulder-tip pain,"
    " dizziness or heavy bleeding",
    cites=["TRI-BPAS-01", "TRI-EMER-02", "TRI-URG-02", "TRI-URG-01"],
)
def known_ectopic(answers: WarningSignAnswers) -> Signal | None:
    if not answers.known_ectopic:
        return None
    if answers.has(*RUPTURE_SIGNS):
        return Signal(
            "emergency",
            _(
                "With a pregnancy known to be outside the womb (ectopic), pain, pain in the tip"
                " of the shoulder, feeling faint or heavy bleeding can mean it is bleeding inside"
                " the belly."
            ),
            ACT_EMERGENCY,
        )
    return Signal(
        "urgent",
        ECTOPIC_CARE,
        ACT_ECTOPIC,
        (TELL_ECTOPIC_CARE,),
    )


@_rule(
    "TR12",
    "Location not yet known after an earlier ectopic or molar pregnancy: an early scan",
    cites=["TRI-EPT-01", "TRI-INFO-02", "TRI-GTD-01"],
)
def early_scan(answers: WarningSignAnswers) -> Signal | None:
    if not _needs_early_scan(answers):
        return None
    if answers.previous_ectopic is True:
        reason = _(
            "After an earlier ectopic pregnancy, an early scan (from about 6 weeks) checks that"
            " this pregnancy is in the womb."
        )
    else:
        reason = _(
            "After an earlier molar pregnancy, an early scan checks that this pregnancy is"
            " growing normally in the womb."
        )
    return Signal("soon", reason, ACT_EARLY_SCAN, (TELL_ECTOPIC_OR_MOLAR,))


class TriageRuleError(ValueError):
    """A triage rule cannot be registered as written."""


@cache
def triage_rules() -> tuple[TriageRule, ...]:
    """Every triage rule in id order, checked: id form, unique ids, known citations."""
    recommendations = load_recommendations()
    seen: set[str] = set()
    for rule in TRIAGE_RULES:
        if not (rule.id.startswith("TR") and rule.id[2:].isdigit() and len(rule.id) == 4):
            raise TriageRuleError(f"{rule.id!r}: a triage rule id is TR and two digits")
        if rule.id in seen:
            raise TriageRuleError(f"{rule.id}: duplicate rule id")
        if not rule.cites:
            raise TriageRuleError(f"{rule.id}: every rule needs a citation")
        unknown = [i for i in rule.cites if i not in recommendations]
        if unknown:
            raise TriageRuleError(f"{rule.id}: cites unknown recommendation {unknown[0]!r}")
        seen.add(rule.id)
    return tuple(sorted(TRIAGE_RULES, key=lambda r: r.id))


def _sources(rule: TriageRule) -> Iterator[SourceRef]:
    recommendations = load_recommendations()
    for recommendation_id in rule.cites:
        cited = recommendations[recommendation_id]
        yield SourceRef(
            source=cited.source,
            ref=cited.ref,
            strength=cited.strength,
            evidence=cited.evidence,
            recommendation=cited.id,
        )


def check_warning_signs(answers: WarningSignAnswers) -> Triage:
    """The triage level, the one action to take, the reasons and what to tell the clinic."""
    fired: list[tuple[TriageRule, Signal]] = []
    for rule in triage_rules():
        signal = rule.logic(answers)
        if signal is not None:
            fired.append((rule, signal))
    # Most urgent first; rule order breaks ties, so the action comes from the first rule at
    # the highest level.
    by_urgency = sorted(fired, key=lambda pair: LEVELS.index(pair[1].level))
    level = by_urgency[0][1].level
    tell: list[str] = []
    if answers.possibly_pregnant:
        tell.append(TELL_WEEKS)
    if answers.symptoms:
        tell.append(TELL_SYMPTOMS)
    signals = [signal for _rule_id, signal in by_urgency]
    for signal in signals:
        tell.extend(t for t in signal.tell_clinic if t not in tell)
    losses_unknown_or_some = answers.previous_miscarriages != 0
    if losses_unknown_or_some and TELL_PROGESTERONE not in tell:
        tell.append(TELL_LOSSES)
    sources: list[SourceRef] = []
    for rule, _signal in by_urgency:
        sources.extend(s for s in _sources(rule) if s not in sources)
    reasons: list[str] = []
    for signal in signals:
        if signal.reason not in reasons:
            reasons.append(signal.reason)
    return Triage(
        level=level,
        action=signals[0].action,
        reasons=reasons,
        tell_clinic=tell,
        sources=sources,
        rules=[rule.id for rule, _signal in fired],
    )


# The clinician's outputs (report, clinic pages, CLI text, FHIR narrative) address the
# clinician: each sentence above that speaks to the woman has its clinician's wording here, with
# the same facts, the same urgency and the same sources (the patient's outputs keep hers).
CLINICIAN_WORDS: dict[str, str] = {
    ACT_EMERGENCY: _(
        "Emergency care now: she needs an ambulance or the nearest emergency department."
    ),
    ACT_SAME_DAY: _(
        "Same-day assessment: she should be seen today at the early pregnancy unit or the"
        " emergency department."
    ),
    ACT_MATERNITY: _(
        "Refer her to the maternity unit now: bleeding from 20 weeks needs assessment today."
    ),
    ACT_EPU: _(
        "Refer her to the early pregnancy unit or clinic today; she should be seen within 24 hours."
    ),
    ACT_UNSOURCED: _(
        "A clinician should assess this symptom today, at the clinic or the maternity unit."
    ),
    ACT_INFECTION: _(
        "Same-day assessment at the early pregnancy unit, the maternity unit or the emergency"
        " department; an ambulance if she is confused, breathless, faint or extremely unwell."
    ),
    ACT_ECTOPIC: _(
        "The early pregnancy unit caring for her should see or contact her today; if it cannot"
        " be reached, she should go to the emergency department."
    ),
    ACT_EARLY_SCAN: _(
        "Arrange an early scan through the early pregnancy unit or clinic today, to show where"
        " the pregnancy is."
    ),
    ACT_ROUTINE: _(
        "No warning sign is recorded: planned care continues; she should contact the clinic if"
        " anything changes."
    ),
    NO_SIGN: _("No warning sign is recorded."),
    NO_SIGN_TEST_POSITIVE: _(
        "No warning sign is recorded. After her earlier ectopic or molar pregnancy, a positive"
        " pregnancy test calls for an early scan at the early pregnancy unit."
    ),
    NO_SIGN_HISTORY_UNKNOWN: _(
        "No warning sign is recorded. If she has had an ectopic or a molar pregnancy before, she"
        " needs an early scan at the early pregnancy unit."
    ),
    ECTOPIC_CARE: _(
        "A pregnancy outside the womb (ectopic) needs hospital care: the early pregnancy unit"
        " should see or contact her today, even without symptoms."
    ),
    TELL_WEEKS: _("Gestational age in weeks, or that she is not sure of it."),
    TELL_SYMPTOMS: _("Her symptoms, when they started and whether they are getting worse."),
    TELL_BLEEDING: _(
        "How much she is bleeding (how many pads, how quickly), its colour and any clots; pads,"
        " not tampons."
    ),
    TELL_ECTOPIC_RISK: _(
        "Whether she has had an ectopic pregnancy, tubal surgery, a pelvic infection or"
        " fertility treatment, or has an IUD in place."
    ),
    TELL_ECTOPIC_CARE: _(
        "Which treatment she has had for the ectopic pregnancy (medical or surgical), and when."
    ),
    TELL_ECTOPIC_OR_MOLAR: _(
        "When her earlier ectopic or molar pregnancy was, and how it was treated."
    ),
    TELL_TEMPERATURE: _("Her temperature, if measured, and when the fever began."),
    TELL_LOSSES: _("How many pregnancies she has lost before."),
    TELL_PROGESTERONE: _(
        "That she has had a miscarriage before: with bleeding in a pregnancy a scan has shown in"
        " the womb, guidelines advise offering progesterone."
    ),
}


def for_clinician(triage: Triage) -> Triage:
    """The same triage in the clinician's words (`CLINICIAN_WORDS`): level, rules and sources
    unchanged; a sentence that does not address the woman is kept as it is."""

    def words(text: str) -> str:
        return CLINICIAN_WORDS.get(text, text)

    return triage.model_copy(
        update={
            "action": words(triage.action),
            "reasons": [words(r) for r in triage.reasons],
            "tell_clinic": [words(t) for t in triage.tell_clinic],
        }
    )


def answers_from_record(
    current: CurrentPregnancy,
    previous_miscarriages: int,
    previous_ectopic: bool | None = None,
    previous_molar: bool | None = None,
) -> WarningSignAnswers:
    """The warning-sign answers a record's `current_pregnancy` gives (the woman is pregnant)."""
    return WarningSignAnswers(
        pregnant="yes",
        gestational_age=current.gestational_age,
        location=current.location,
        symptoms=list(current.symptoms),
        previous_miscarriages=previous_miscarriages,
        previous_ectopic=previous_ectopic,
        previous_molar=previous_molar,
    )


def triage_of_record(record: CoupleRecord) -> Triage | None:
    """The triage of the record's current pregnancy (None without one): what the assessment's
    `triage` section holds, for pages that show it without the whole assessment."""
    current = record.current_pregnancy
    if current is None:
        return None
    # The record's pregnancies are her history: an outcome not among them did not happen.
    outcomes = [p.outcome for p in record.pregnancies]
    return check_warning_signs(
        answers_from_record(
            current,
            outcomes.count("miscarriage"),
            previous_ectopic="ectopic" in outcomes,
            previous_molar="molar" in outcomes,
        )
    )
