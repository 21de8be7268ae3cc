"""The record's small closed lists are named once, in the core (rpl.core.names): the presenter
and the web's record form and page read the same names, so one translation serves both."""

from __future__ import annotations

from typing import get_args

from rpl.core import vocabulary as v
from rpl.core.names import NAMES

LISTS = {
    "smoking": v.Smoking,
    "confirmation": v.Confirmation,
    "conception": v.Conception,
    "tissue_genetics": v.TissueGeneticsResult,
    "imaging": v.ImagingMethod,
    "location": v.PregnancyLocation,
    "subject": v.Subject,
    "measurements": v.MeasurementKey,
}


def test_every_code_of_the_records_small_lists_has_its_name_in_the_core():
    for vocabulary, literal in LISTS.items():
        assert set(NAMES[vocabulary]) == set(get_args(literal)), vocabulary
