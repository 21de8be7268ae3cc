"""Every FHIR export passes the strongest validators we can install: fhir.resources' strict
parsing and FHIR.js against the R4 core definitions (tests/interop/fhir/validator.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from rpl.core.parsing import parse_record
from rpl.interop.fhir.importer import import_bundle
from tests.core.helpers import example_paths
from tests.interop.fhir.foreign import ips_document, synthea_bundle
from tests.interop.fhir.helpers import bundle_of
from tests.interop.fhir.strategies import TODAY, records
from tests.interop.fhir.validator import strict_parse, validate_with_fhirjs

PROFILES = ["eshre-2022", "rcog-2023", "asrm-2012"]
GENERATED: list[dict] = []


def exports():
    """Every example under every profile, and records read from the foreign test Bundles."""
    for path in example_paths():
        checked = parse_record(path.read_text(), today=TODAY)
        for profile in PROFILES:
            yield f"{path.stem}-{profile}.json", bundle_of(checked, profile)[0]
    for name, foreign in (("synthea", synthea_bundle()[0]), ("ips", ips_document())):
        checked = import_bundle(foreign, today=TODAY).checked
        yield f"from-{name}.json", bundle_of(checked)[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def _collect_generated(document):
    GENERATED.append(bundle_of(parse_record(document, today=TODAY))[0])


def test_every_export_parses_strictly_with_fhir_resources():
    for _, bundle in exports():
        strict_parse(bundle)


def test_every_export_and_generated_records_pass_fhirjs_against_the_r4_definitions(tmp_path):
    GENERATED.clear()
    _collect_generated()
    named = list(exports()) + [(f"generated-{i}.json", b) for i, b in enumerate(GENERATED)]
    errors = validate_with_fhirjs(named, tmp_path)
    assert set(errors) == {name for name, _ in named}
    failing = {name: found[:5] for name, found in errors.items() if found}
    assert not failing, failing
