"""How each part of the record travels in FHIR: shared by export and import so they agree."""

from __future__ import annotations

# Person fields (woman and partner) sent as Observations under RPL Care's own `person` code.
# kind: quantity (value with UCUM unit), code (a vocabulary code), list (codes, one component
# each). Standard codes for some of them are added from codes.yaml (`person`).
PERSON_QUANTITIES: dict[str, tuple[str, str]] = {
    # field: (UCUM code, human unit)
    "age_years": ("a", "years"),
    "bmi": ("kg/m2", "kg/m2"),
    "height_cm": ("cm", "cm"),
    "weight_kg": ("kg", "kg"),
    "alcohol_units_per_week": ("{UK_unit}/wk", "UK units per week"),
    "alcohol_grams_per_week": ("g/wk", "grams of alcohol per week"),
    "caffeine_mg_per_day": ("mg/d", "mg per day"),
}
PERSON_CODES = {"smoking": "smoking"}  # field: local code kind
WOMAN_LISTS = {"conditions": "condition", "symptoms": "symptom", "family_history": "family-history"}
# Carried by the Patient resource itself, not by an Observation.
ON_PATIENT = {"birth_date"}

# Pregnancy fields, as components of the pregnancy-outcome Observation.
PREGNANCY_CODES = {"confirmed_by": "confirmation", "conception": "conception"}
CURRENT_PREGNANCY_CODES = {"location": "pregnancy-location"}

# Measurement keys name their unit: `_mm`, `_deg`.
MEASUREMENT_UNITS = {"_mm": ("mm", "mm"), "_deg": ("deg", "degrees")}

RECORD_ID_SYSTEM = "urn:rpl-care:couple-record"
RECORD_PROFILE_SYSTEM = "urn:rpl-care:record-profile"
ROLE_SYSTEM = "urn:rpl-care:codes:role"
BUNDLE_FLAG_SYSTEM = "urn:rpl-care:codes:bundle-flag"
ASSESSED_ON_OPEN = "assessed-on-open"
# The record's pinned assessment date, on the woman's Patient (NDJSON has no Bundle timestamp).
ASSESSED_ON_SYSTEM = "urn:rpl-care:codes:assessed-on"
PROFILE_URN = "urn:rpl-care:profile:"


def measurement_unit(key: str) -> tuple[str, str]:
    for suffix, unit in MEASUREMENT_UNITS.items():
        if key.endswith(suffix):
            return unit
    raise ValueError(f"measurement key without a known unit suffix: {key}")
