"""Antiphospholipid test results and pregnancy histories shared by the two APS calculators.

Each test is a dated result. The calculators decide from the dates whether a result is
persistent (two positive results far enough apart) and whether it lies close enough in time
to a clinical event; the intervals themselves come from each calculator's data file.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import Field

from rpl.core.calculators.base import CalculatorInput
from rpl.core.gestation import GestationalAgeField
from rpl.core.parsing import Problem

# Plausibility limit, not a clinical threshold: ELISA titres beyond this cannot be right.
MAX_TITRE = 10_000

Titre = Annotated[float, Field(ge=0, le=MAX_TITRE)]


class LupusAnticoagulantTest(CalculatorInput):
    date: dt.date = Field(description="Date the blood was taken (YYYY-MM-DD).")
    positive: bool = Field(description="Lupus anticoagulant detected (ISTH-guided testing).")


class AnticardiolipinIgGTest(CalculatorInput):
    date: dt.date = Field(description="Date the blood was taken (YYYY-MM-DD).")
    titre_gpl: Titre | None = Field(
        default=None,
        description="IgG anticardiolipin by ELISA, in GPL units; null when the laboratory "
        "reports in other units (then give above_99th_percentile).",
    )
    above_99th_percentile: bool | None = Field(
        default=None, description="Above the laboratory's 99th percentile; null if not stated."
    )


class AnticardiolipinIgMTest(CalculatorInput):
    date: dt.date = Field(description="Date the blood was taken (YYYY-MM-DD).")
    titre_mpl: Titre | None = Field(
        default=None,
        description="IgM anticardiolipin by ELISA, in MPL units; null when the laboratory "
        "reports in other units (then give above_99th_percentile).",
    )
    above_99th_percentile: bool | None = Field(
        default=None, description="Above the laboratory's 99th percentile; null if not stated."
    )


class AntiB2gp1Test(CalculatorInput):
    date: dt.date = Field(description="Date the blood was taken (YYYY-MM-DD).")
    titre_units: Titre | None = Field(
        default=None, description="Anti-β2-glycoprotein I by ELISA, in the assay's units."
    )
    above_99th_percentile: bool | None = Field(
        default=None, description="Above the laboratory's 99th percentile; null if not stated."
    )


class AntiphospholipidTests(CalculatorInput):
    """Every antiphospholipid result, any order; an absent list means no result recorded."""

    lupus_anticoagulant: list[LupusAnticoagulantTest] = Field(default_factory=list)
    anticardiolipin_igg: list[AnticardiolipinIgGTest] = Field(default_factory=list)
    anticardiolipin_igm: list[AnticardiolipinIgMTest] = Field(default_factory=list)
    anti_b2gp1_igg: list[AntiB2gp1Test] = Field(default_factory=list)
    anti_b2gp1_igm: list[AntiB2gp1Test] = Field(default_factory=list)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        # Anticardiolipin: a titre in GPL/MPL units, or the laboratory's percentile reading.
        for index, igg in enumerate(self.anticardiolipin_igg):
            if igg.titre_gpl is None and igg.above_99th_percentile is None:
                problems.append(
                    Problem(
                        f"anticardiolipin_igg[{index}]",
                        "give titre_gpl or above_99th_percentile (or both)",
                    )
                )
        for index, igm in enumerate(self.anticardiolipin_igm):
            if igm.titre_mpl is None and igm.above_99th_percentile is None:
                problems.append(
                    Problem(
                        f"anticardiolipin_igm[{index}]",
                        "give titre_mpl or above_99th_percentile (or both)",
                    )
                )
        for name in ("anti_b2gp1_igg", "anti_b2gp1_igm"):
            tests: list[AntiB2gp1Test] = getattr(self, name)
            for index, test in enumerate(tests):
                if test.titre_units is None and test.above_99th_percentile is None:
                    problems.append(
                        Problem(
                            f"{name}[{index}]",
                            "give titre_units or above_99th_percentile (or both)",
                        )
                    )
        return problems


PregnancyFeature = Literal[
    "severe_preeclampsia_before_34w",
    "placental_insufficiency_before_34w",
    "morphologically_normal_fetus",
]


class ApsPregnancy(CalculatorInput):
    """One pregnancy that ended, in the order they happened (oldest first)."""

    outcome: Literal["loss", "birth"] = Field(
        description="loss: spontaneous embryonic or fetal death (miscarriage or stillbirth); "
        "birth: live birth."
    )
    gestational_age: GestationalAgeField = Field(description="At the loss or birth.")
    explained_by_other_cause: bool = Field(
        description="A cause other than antiphospholipid antibodies explains it at least as "
        "well (for example an aneuploid pregnancy, a uterine anomaly)."
    )
    features: list[PregnancyFeature] = Field(
        default_factory=list,
        description="Present features: severe_preeclampsia_before_34w (eclampsia or "
        "pre-eclampsia with severe features before 34+0), placental_insufficiency_before_34w "
        "(recognised, with severe features, before 34+0), morphologically_normal_fetus "
        "(documented by ultrasound or examination).",
    )


_WEEKS: dict[float, dt.timedelta] = {}


def weeks(count: float) -> dt.timedelta:
    """`timedelta(weeks=count)`, made once per count: the calculators' intervals are a few
    published numbers, and making a timedelta from a float costs about a microsecond."""
    found = _WEEKS.get(count)
    if found is None:
        found = _WEEKS[count] = dt.timedelta(weeks=count)
    return found


def weeks_text(days: int) -> str:
    weeks, rest = divmod(days, 7)
    return f"{weeks} weeks" if rest == 0 else f"{weeks} weeks {rest} days"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def within_years(a: dt.date, b: dt.date, years: int) -> bool:
    """True when `a` lies no more than `years` calendar years before or after `b`."""
    return add_years(b, -years) <= a <= add_years(b, years)


def consecutive_pairs[T](tests: Sequence[T], date_of: Callable[[T], dt.date]) -> list[tuple[T, T]]:
    """Neighbouring results in date order (each result with the next one)."""
    ordered = sorted(tests, key=date_of)
    return list(itertools.pairwise(ordered))
