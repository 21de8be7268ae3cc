"""Record → Bundle → record gives back the same record, field for field."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from rpl.core.parsing import parse_record
from rpl.interop.fhir.importer import import_bundle
from tests.core.helpers import example_paths
from tests.interop.fhir.helpers import bundle_of
from tests.interop.fhir.strategies import TODAY, records


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
@pytest.mark.parametrize("profile_id", ["eshre-2022", "rcog-2023", "asrm-2012"])
def test_every_example_record_comes_back_unchanged_from_its_bundle(path, profile_id):
    checked = parse_record(path.read_text(), today=TODAY)
    bundle, _ = bundle_of(checked, profile_id)
    back = import_bundle(bundle, today=TODAY)
    assert back.checked.record == checked.record
    assert back.unmapped == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_generated_records_come_back_unchanged_from_their_bundle(document):
    checked = parse_record(document, today=TODAY)
    bundle, _ = bundle_of(checked)
    back = import_bundle(bundle, today=TODAY)
    assert back.checked.record == checked.record
    assert back.unmapped == []


def test_alcohol_in_grams_travels_as_its_own_quantity_and_comes_back():
    document = {
        "format": "rpl-couple/1",
        "id": "grams",
        "woman": {"age_years": 33, "alcohol_grams_per_week": 30},
        "partner": {"alcohol_units_per_week": 5},
        "pregnancies": [{"outcome": "miscarriage", "gestational_age": "8"}],
    }
    checked = parse_record(document, today=TODAY)
    bundle, _ = bundle_of(checked)
    units = {
        quantity["code"]
        for entry in bundle["entry"]
        for quantity in [entry["resource"].get("valueQuantity") or {}]
        if quantity
    }
    assert {"g/wk", "{UK_unit}/wk"} <= units
    back = import_bundle(bundle, today=TODAY)
    assert back.checked.record == checked.record
    assert back.unmapped == []
