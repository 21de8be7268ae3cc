"""FHIR R4 mapping: an assessed couple record to a Bundle and a Bundle back to a record.

Resources are built as plain dicts and validated with fhir.resources' R4B models, whose JSON is
R4-compatible for every resource used here. The codes come from `codes.yaml` (data, with
sources); see docs/fhir.md.
"""
