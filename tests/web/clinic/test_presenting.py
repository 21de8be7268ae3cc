"""How an assessment is laid out for people (`rpl.web.clinic.presenting`)."""

from __future__ import annotations

import json
from importlib import resources

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from rpl.web.clinic import presenting
from tests.core.helpers import TODAY, checked


def laid_out(case, profile_id="eshre-2022"):
    assessment = assess(case, load_profiles()[profile_id])
    return {s.key: s for s in presenting.sections(assessment)}, [
        s.key for s in presenting.sections(assessment)
    ]


def example(name):
    text = resources.files("rpl.knowledge").joinpath(f"examples/{name}.json").read_text()
    return parse_record(json.loads(text), TODAY)


def test_triage_comes_first_with_its_level_its_sentences_as_lists_and_its_citations():
    sections, order = laid_out(example("pregnant-with-bleeding"))
    assert order[0] == "triage"
    triage = sections["triage"]
    assert triage.level == "soon"
    lists = dict(triage.lists)
    assert len(lists["reasons"]) == 2 and all(r.endswith(".") for r in lists["reasons"])
    assert len(lists["tell clinic"]) >= 3
    assert triage.citations and all(c.ref and c.strength for c in triage.citations)
    # Citations are citation lines, not flattened "sources 1 · ref" rows.
    assert not any(name.startswith("sources") for name, _ in triage.fields)
    assert ("rules", "TR07, TR08") in triage.fields


def test_without_a_current_pregnancy_the_triage_section_says_so():
    sections, _ = laid_out(checked("miscarriage 7 ultrasound", "miscarriage 8 ultrasound"))
    assert sections["triage"].empty_text == "no current pregnancy recorded"
    assert sections["triage"].level is None


def test_the_prognosis_shows_the_published_range_its_model_caveat_and_sources():
    case = checked(
        "miscarriage 7 ultrasound", "miscarriage 8 ultrasound", "miscarriage 9 ultrasound"
    )
    prognosis = laid_out(case)[0]["prognosis"]
    fields = dict(prognosis.fields)
    chance = fields["chance of a live birth in the next pregnancy"]
    assert "%" in chance and " to " in chance
    assert fields["caveat"] and fields["model"]
    assert "note" not in fields  # no note is given: never shown as "unknown"
    assert prognosis.citations


def test_without_an_estimate_the_prognosis_gives_the_note_instead():
    prognosis = laid_out(checked("miscarriage 7 ultrasound"))[0]["prognosis"]
    fields = dict(prognosis.fields)
    assert list(fields) == ["note"] and fields["note"] != "unknown"


def test_the_definition_settings_are_kept_apart_as_details_with_their_sources():
    classification = laid_out(checked("miscarriage 7 ultrasound"))[0]["classification"]
    assert classification.details and not classification.items
    assert all(item.citations for item in classification.details)
    assert any(item.code.startswith("min losses = ") for item in classification.details)


def test_a_missing_value_is_named_by_its_field_once():
    sections, _ = laid_out(checked("miscarriage 7 unknown"))
    items = sections["missing_data"].items
    assert items and all(name != "field" for item in items for name, _ in item.fields)
    assert any(name == "why" for item in items for name, _ in item.fields)


def test_the_rules_fired_are_laid_out_compactly():
    rules = laid_out(checked("miscarriage 7 ultrasound"))[0]["rules_fired"]
    assert rules.compact and rules.items and all(item.rule == item.code for item in rules.items)


def test_the_assessment_page_shows_triage_first_and_folds_the_definition_settings(staff_client, db):
    from rpl.web.records.models import CoupleRecord

    document = json.loads(
        resources.files("rpl.knowledge")
        .joinpath("examples/pregnant-with-bleeding.json")
        .read_text()
    )
    CoupleRecord.objects.create(local_id=document["id"], document=document)
    page = (
        staff_client("clinician")
        .get(f"/staff/records/{document['id']}/assessment/")
        .content.decode()
    )
    assert page.index('data-section="triage"') < page.index('data-section="classification"')
    assert "triage-soon" in page
    assert "<details" in page and "definition settings" in page
    assert "sources 1 ·" not in page
