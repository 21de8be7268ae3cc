"""A figure a rule's sentence shows is one its cited entry states, in the entry's unit: never a
figure we worked out (the HbA1c targets showed "about 6.5 %" and "about 10 %", conversions of
SIGN's mmol/mol figures that SIGN does not give)."""

from __future__ import annotations

import re

import pytest

from rpl.core.evidence import load_recommendations
from rpl.core.rules.treatment import DIABETES_TARGETS

# A number with the unit after it (mmol/mol, %, kg/m², weeks ...).
FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|mmol/mol|mg/dL|kg/m²|mIU/L)")


@pytest.mark.parametrize(
    ("sentence", "entry"),
    [(DIABETES_TARGETS, "SIGN-DIAB-01")],
    ids=["TX14 HbA1c targets"],
)
def test_every_figure_in_the_sentence_is_stated_by_its_entry_in_the_same_unit(sentence, entry):
    statement = load_recommendations()[entry].statement
    figures = FIGURE.findall(sentence)
    assert figures
    assert [f for f in figures if f"{f[0]} {f[1]}" not in statement] == []
