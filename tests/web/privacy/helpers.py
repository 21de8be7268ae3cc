"""Made-up patient content for the privacy tests. Each piece carries MARKER, so one search of
the whole database finds any of it."""

from __future__ import annotations

MARKER = "Q7731"
CONTENT = {
    "name": f"Zelda {MARKER}",
    "phone": "+84912347731",
    "email": f"zq{MARKER.lower()}@example.org",
    "history": f"history {MARKER}",
}
NOTE_TEXT = f"notes {MARKER}"
QUESTION_TEXT = f"question {MARKER}"
ANSWER_TEXT = f"answer {MARKER}"
RECORD_DETAIL = f"karyotype note {MARKER}"


def record_document(local_id: str, detail: str = RECORD_DETAIL) -> dict:
    return {
        "format": "rpl-couple/1",
        "id": local_id,
        "assessed_on": "2025-03-01",
        "woman": {"age_years": 36},
        "pregnancies": [
            {
                "outcome": "miscarriage",
                "end_date": "2024-03-11",
                "gestational_age": "8+0",
                "confirmed_by": "ultrasound",
                "tissue_genetics": {"result": "other_abnormal", "detail": detail},
            }
        ],
    }
