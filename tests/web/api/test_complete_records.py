"""POST /assess on the clinician's audit records (tests/vignettes/assessment/complete-records.yaml):
the API returns the core's whole assessment for each, with the treatment lines' sources and
strengths and the triage of a current pregnancy; nothing is dropped on the way out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from tests.core.helpers import record

FILE = Path(__file__).parents[2] / "vignettes" / "assessment" / "complete-records.yaml"
VIGNETTES = yaml.safe_load(FILE.read_text())
OVERRIDES = ("woman", "partner", "results", "current_pregnancy")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["name"][:60])
def test_the_api_returns_the_cores_whole_assessment_of_a_complete_record(api, vignette):
    document = record(*vignette["history"], **{k: vignette[k] for k in OVERRIDES if k in vignette})
    response = api.send("post", f"/assess?profile={vignette['profile']}", document)
    assert response.status_code == 200
    expected = assess(
        parse_record(document, today=dt.date(2025, 3, 1)),
        get_profile(vignette["profile"], load_profiles()),
    )
    body = response.json()
    assert body == json.loads(expected.model_dump_json())
    for section in ("treatments", "next_pregnancy", "advice"):
        for item in body[section]:
            assert item["sources"] and all(s["strength"] for s in item["sources"]), item["code"]
    assert (body["triage"] is not None) is ("current_pregnancy" in vignette)
