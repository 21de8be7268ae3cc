"""Foreign Bundles as EHRs hold them, written from the specifications (no EHR output copied):

- `synthea_bundle`: the shape Synthea writes (a `transaction` Bundle, `urn:uuid` references,
  Conditions and Procedures with onset/performed dates), with the codes its pregnancy module
  (synthetichealth/synthea src/main/resources/modules/pregnancy.json) uses for a first-trimester
  miscarriage (19169002 with 156073000 "Complete miscarriage" or 35999006 "Blighted ovum", then
  161744009 "Past pregnancy history of miscarriage" weeks later), an ectopic pregnancy (19169002,
  then 79586000 "Tubal pregnancy" and a procedure), an induced termination (procedure
  714812005), the pregnancy-status Observation (82810-3 = 77386006) it records at the start of
  each pregnancy, smoking status and vital signs.
- `ips_document`: an IPS `document` Bundle (HL7 IPS 1.1: Composition first; Patient;
  pregnancy-history counts from the "Pregnancy Outcome - IPS" value set; pregnancy status
  with a LOINC answer as in the IPS example; tobacco use with a LOINC answer; a problem-list
  Condition), as in HL7/fhir-ips input/fsh/instances.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_ids = itertools.count(1)


def _uuid() -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"rpl-care-test-{next(_ids)}"))


def concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


class SyntheaPatient:
    """Builds a Synthea-shaped transaction Bundle for one woman."""

    def __init__(self, birth_date: str = "1987-06-14") -> None:
        self.patient_id = _uuid()
        self.entries: list[dict[str, Any]] = [
            self._entry(
                self.patient_id,
                {
                    "resourceType": "Patient",
                    "id": self.patient_id,
                    "name": [{"use": "official", "family": "Example", "given": ["Ann"]}],
                    "gender": "female",
                    "birthDate": birth_date,
                },
            )
        ]

    @property
    def subject(self) -> dict[str, str]:
        return {"reference": f"urn:uuid:{self.patient_id}"}

    def _entry(self, resource_id: str, resource: dict[str, Any]) -> dict[str, Any]:
        return {
            "fullUrl": f"urn:uuid:{resource_id}",
            "resource": resource,
            "request": {"method": "POST", "url": resource["resourceType"]},
        }

    def condition(
        self,
        code: str,
        display: str,
        onset: str | None,
        *,
        verification: str = "confirmed",
        clinical: str = "resolved",
        system: str = SNOMED,
        recorded: str | None = None,
    ) -> str:
        resource_id = _uuid()
        resource: dict[str, Any] = {
            "resourceType": "Condition",
            "id": resource_id,
            "clinicalStatus": {"coding": [{"system": CLINICAL, "code": clinical}]},
            "verificationStatus": {"coding": [{"system": VERIFICATION, "code": verification}]},
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                            "code": "encounter-diagnosis",
                        }
                    ]
                }
            ],
            "code": concept(system, code, display),
            "subject": self.subject,
            "recordedDate": recorded or (f"{onset}T09:12:00+00:00" if onset else "2024-01-01"),
        }
        if onset:
            resource["onsetDateTime"] = f"{onset}T09:12:00+00:00"
        self.entries.append(self._entry(resource_id, resource))
        return f"urn:uuid:{resource_id}"

    def procedure(self, code: str, display: str, date: str, status: str = "completed") -> str:
        resource_id = _uuid()
        self.entries.append(
            self._entry(
                resource_id,
                {
                    "resourceType": "Procedure",
                    "id": resource_id,
                    "status": status,
                    "code": concept(SNOMED, code, display),
                    "subject": self.subject,
                    "performedPeriod": {
                        "start": f"{date}T10:00:00+00:00",
                        "end": f"{date}T10:45:00+00:00",
                    },
                },
            )
        )
        return f"urn:uuid:{resource_id}"

    def observation(
        self, code: str, display: str, date: str, category: str, status: str = "final", **value
    ) -> str:
        resource_id = _uuid()
        self.entries.append(
            self._entry(
                resource_id,
                {
                    "resourceType": "Observation",
                    "id": resource_id,
                    "status": status,
                    "category": [{"coding": [{"system": CATEGORY, "code": category}]}],
                    "code": concept(LOINC, code, display),
                    "subject": self.subject,
                    "effectiveDateTime": f"{date}T09:00:00+00:00",
                    "issued": f"{date}T09:00:00.000+00:00",
                    **value,
                },
            )
        )
        return f"urn:uuid:{resource_id}"

    def first_trimester_miscarriage(self, date: str, follow_up: str, blighted: bool = False):
        self.observation(
            "82810-3",
            "Pregnancy status",
            date,
            "social-history",
            valueCodeableConcept=concept(SNOMED, "77386006", "Pregnant"),
        )
        self.condition("19169002", "Miscarriage in first trimester", date)
        if blighted:
            self.condition("35999006", "Blighted ovum", date)
        else:
            self.condition("156073000", "Complete miscarriage", date)
        self.condition("161744009", "Past pregnancy history of miscarriage", follow_up)

    def ectopic(self, date: str, surgery: str):
        self.condition("19169002", "Miscarriage in first trimester", date)
        self.condition("79586000", "Tubal pregnancy", date)
        self.procedure(
            "445912000",
            "Excision of fallopian tube and surgical removal of ectopic pregnancy",
            surgery,
        )

    def vitals(self, date: str, weight_kg: float, height_cm: float, bmi: float):
        for code, display, value, unit in (
            ("29463-7", "Body weight", weight_kg, "kg"),
            ("8302-2", "Body height", height_cm, "cm"),
            ("39156-5", "Body mass index (BMI) [Ratio]", bmi, "kg/m2"),
        ):
            self.observation(
                code,
                display,
                date,
                "vital-signs",
                valueQuantity={"value": value, "unit": unit, "system": UCUM, "code": unit},
            )

    def bundle(self) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "transaction", "entry": self.entries}


def synthea_bundle() -> tuple[dict[str, Any], SyntheaPatient]:
    """Three first-trimester miscarriages and nothing else about pregnancies: the woman of the
    issue, who got no card."""
    woman = SyntheaPatient()
    woman.first_trimester_miscarriage("2021-02-03", "2021-02-20")
    woman.first_trimester_miscarriage("2022-05-11", "2022-05-30", blighted=True)
    woman.first_trimester_miscarriage("2023-09-04", "2023-09-18")
    woman.observation(
        "72166-2",
        "Tobacco smoking status",
        "2023-09-18",
        "social-history",
        valueCodeableConcept=concept(SNOMED, "266919005", "Never smoked tobacco"),
    )
    woman.vitals("2023-09-18", 71.2, 165.0, 26.2)
    return woman.bundle(), woman


IPS_PATIENT = "https://ips.example.org/fhir/Patient/ips-woman-1"


def _ips_observation(obs_id: str, code: str, display: str, **value) -> dict[str, Any]:
    return {
        "fullUrl": f"https://ips.example.org/fhir/Observation/{obs_id}",
        "resource": {
            "resourceType": "Observation",
            "id": obs_id,
            "status": "final",
            "code": concept(LOINC, code, display),
            # An absolute, versioned reference, as a server may write it.
            "subject": {"reference": f"{IPS_PATIENT}/_history/3"},
            "effectiveDateTime": "2025-03-01",
            **value,
        },
    }


def ips_document(pregnancy_status: tuple[str, str] = ("LA26683-5", "Not pregnant")):
    entries = [
        {
            "fullUrl": "https://ips.example.org/fhir/Composition/ips-1",
            "resource": {
                "resourceType": "Composition",
                "id": "ips-1",
                "status": "final",
                "type": concept(LOINC, "60591-5", "Patient summary Document"),
                "subject": {"reference": IPS_PATIENT},
                "date": "2025-03-01T10:00:00+01:00",
                "author": [{"display": "Example clinic"}],
                "title": "Patient Summary",
                "section": [
                    {
                        "title": "History of Pregnancy",
                        "code": concept(LOINC, "10162-6", "History of pregnancies Narrative"),
                        "entry": [{"reference": "Observation/preg-status"}],
                    }
                ],
            },
        },
        {
            "fullUrl": IPS_PATIENT,
            "resource": {
                "resourceType": "Patient",
                "id": "ips-woman-1",
                "gender": "female",
                "birthDate": "1986-11-02",
            },
        },
        _ips_observation(
            "preg-status",
            "82810-3",
            "Pregnancy status",
            valueCodeableConcept=concept(LOINC, *pregnancy_status),
        ),
        _ips_observation(
            "abortions", "11612-9", "[#] Abortions", valueQuantity={"value": 3, "unit": "1"}
        ),
        _ips_observation(
            "spontaneous",
            "11614-5",
            "[#] Abortions.spontaneous",
            valueQuantity={"value": 3, "unit": "1"},
        ),
        _ips_observation(
            "live", "11636-8", "[#] Births.live", valueQuantity={"value": 1, "unit": "1"}
        ),
        _ips_observation(
            "tobacco",
            "72166-2",
            "Tobacco smoking status",
            valueCodeableConcept=concept(LOINC, "LA15920-4", "Former smoker"),
        ),
        {
            "fullUrl": "https://ips.example.org/fhir/Condition/rpl",
            "resource": {
                "resourceType": "Condition",
                "id": "rpl",
                "clinicalStatus": {"coding": [{"system": CLINICAL, "code": "active"}]},
                "verificationStatus": {"coding": [{"system": VERIFICATION, "code": "confirmed"}]},
                "code": concept(SNOMED, "102878001", "Recurrent miscarriage"),
                "subject": {"reference": IPS_PATIENT},
                "recordedDate": "2024-11-20",
            },
        },
    ]
    return {
        "resourceType": "Bundle",
        "id": "ips-doc-1",
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0",
        },
        "type": "document",
        "timestamp": "2025-03-01T10:00:00+01:00",
        "entry": entries,
    }
