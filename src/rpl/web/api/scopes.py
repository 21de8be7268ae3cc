"""What an API client may do. A token carries any number of these scopes."""

from __future__ import annotations

ASSESS = "assess"
RECORDS_READ = "records:read"
RECORDS_WRITE = "records:write"
RECORDS_EXPORT = "records:export"

SCOPES: dict[str, str] = {
    ASSESS: "assess a record sent in the request, run calculators, convert to and from FHIR",
    RECORDS_READ: "list and read stored couple records, their assessment and FHIR export, and read and search them through the FHIR face (/fhir/)",
    RECORDS_WRITE: "create, replace and delete stored couple records (and import them as FHIR NDJSON)",
    RECORDS_EXPORT: "export every stored record at once (FHIR Bulk Data $export, NDJSON)",
}
