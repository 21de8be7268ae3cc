from __future__ import annotations

from rpl.core.assessment import assess
from rpl.core.profiles import get_profile, load_profiles
from rpl.interop.fhir.export import export_bundle

PROFILES = load_profiles()


def bundle_of(checked, profile_id: str = "eshre-2022"):
    assessment = assess(checked, get_profile(profile_id, PROFILES))
    return export_bundle(checked, assessment), assessment


def resources(bundle, resource_type: str):
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]


def with_code(bundle, system: str, code: str):
    return [
        e["resource"]
        for e in bundle["entry"]
        if any(
            c.get("system") == system and c.get("code") == code
            for c in e["resource"].get("code", {}).get("coding", [])
        )
    ]
