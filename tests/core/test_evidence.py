import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.sources import load_sources

VOCABULARY = (Path(__file__).resolve().parents[2] / "docs" / "vocabulary.md").read_text()


def test_every_recommendation_cites_a_known_source():
    sources = load_sources()
    unknown = {r.id: r.source for r in load_recommendations().values() if r.source not in sources}
    assert unknown == {}


def test_every_code_a_recommendation_names_is_in_the_vocabulary():
    codes = {code for r in load_recommendations().values() for code in r.codes}
    missing = {code for code in codes if not re.search(rf"`{re.escape(code)}`", VOCABULARY)}
    assert missing == set()


def test_verified_recommendations_say_where_they_were_read():
    unread = [
        r.id
        for r in load_recommendations().values()
        if r.evidence != "unverified" and not r.checked_in
    ]
    assert unread == []


def test_strength_labels_are_the_grading_systems_own_words():
    # GRADE (ESHRE), RCOG grades, NICE verbs, ASRM's strength of recommendation in its newer
    # guidelines ("moderate"), "ungraded" (older ASRM documents, Lancet, NVOG) or "unknown".
    allowed = re.compile(
        r"^(strong|conditional|GPP|Grade [A-D]( / GPP)?|offer|consider|moderate|ungraded|unknown)$"
    )
    odd = {
        r.id: r.strength for r in load_recommendations().values() if not allowed.match(r.strength)
    }
    assert odd == {}


def test_an_unverified_recommendation_has_no_strength_label_it_was_not_seen_with():
    claimed = [
        r.id
        for r in load_recommendations().values()
        if r.evidence == "unverified" and r.strength not in ("unknown", "ungraded")
    ]
    assert claimed == []


def test_a_source_whose_title_is_not_in_english_says_its_language():
    # Chinese characters or Vietnamese tone marks in a title: it is not an English title.
    not_english = re.compile(r"[\u4e00-\u9fff]|[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]")
    unmarked = [
        s.id for s in load_sources().values() if not_english.search(s.title) and s.language == "en"
    ]
    assert unmarked == []
    assert load_sources()["CN-CONSENSUS-2022"].language == "zh-Hans"


def test_a_stand_in_citation_names_another_known_source_and_was_read():
    sources = load_sources()
    stand_ins = [r for r in load_recommendations().values() if r.in_place_of is not None]
    assert stand_ins, "no stand-in citations: the test below checks nothing"
    wrong = {
        r.id: (r.source, r.in_place_of, r.evidence)
        for r in stand_ins
        if r.in_place_of not in sources or r.in_place_of == r.source or r.evidence == "unverified"
    }
    assert wrong == {}


def test_a_stand_in_citation_that_was_not_read_is_refused():
    entry = {
        "id": "ESHRE-TEST-01",
        "source": "RCOG-GTG17-2023",
        "ref": "somewhere",
        "topic": "investigation",
        "codes": [],
        "statement": "A statement.",
        "direction": "recommended",
        "strength": "unknown",
        "evidence": "unverified",
        "in_place_of": "ESHRE-2022",
    }
    with pytest.raises(ValidationError, match="must have been read"):
        GuidelineRecommendation.model_validate(entry)
    with pytest.raises(ValidationError, match="names its own source"):
        GuidelineRecommendation.model_validate(
            {**entry, "evidence": "verified", "in_place_of": "RCOG-GTG17-2023"}
        )
    read = GuidelineRecommendation.model_validate({**entry, "evidence": "verified"})
    assert read.in_place_of == "ESHRE-2022"


def test_no_working_notes_are_left_in_the_product_data():
    # Authors' notes (what was searched, what to check) live in docs/evidence/<guideline>.md;
    # staff see `note`, so it may only hold a caveat a clinician needs.
    markers = re.compile(
        r"this session|research round|earlier round|before shipping|shared/research|re-read"
        r"|\brecalled\b|\bTODO\b",
        re.IGNORECASE,
    )
    working = {
        r.id: r.note for r in load_recommendations().values() if r.note and markers.search(r.note)
    }
    assert working == {}
