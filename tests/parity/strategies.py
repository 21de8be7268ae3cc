"""Hypothesis strategies for pregnancy histories that probe every setting of every profile."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from rpl.batch.schema import MAX_GESTATION_DAYS
from rpl.core.profiles import load_profiles
from rpl.core.vocabulary import Confirmation, Outcome


def _boundaries() -> list[int]:
    """Gestational ages in days on both sides of every week limit the profiles use."""
    weeks: set[int] = set()
    for profile in load_profiles().values():
        d = profile.definition
        weeks |= {d.loss_upper_limit_weeks, d.first_trimester_upper_weeks, d.secondary_after_weeks}
    return sorted({w * 7 + shift for w in weeks for shift in (-1, 0)})


gestational_age_days = st.one_of(
    st.none(),
    st.sampled_from(_boundaries()),
    st.integers(min_value=0, max_value=MAX_GESTATION_DAYS),
)

pregnancy = st.fixed_dictionaries(
    {
        "outcome": st.sampled_from(get_args(Outcome)),
        "gestational_age_days": gestational_age_days,
        "confirmed_by": st.one_of(st.none(), st.sampled_from(get_args(Confirmation))),
        "same_partner": st.one_of(st.none(), st.booleans()),
    }
)

history: st.SearchStrategy[list[dict[str, Any]]] = st.lists(pregnancy, max_size=9)
population = st.lists(history, min_size=1, max_size=25)
