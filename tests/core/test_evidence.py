import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from rpl.core.calculators.base import EVIDENCE_ORDER, Number, load_data
from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.knowledge import knowledge_path
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


# --- docs/evidence: every entry and every calculator source has its block -------------------

EVIDENCE_DOCS = Path(__file__).resolve().parents[2] / "docs" / "evidence"
BLOCK = re.compile(r"^### (\S+) · (verified|secondary|unverified)\b.*$", re.MULTILINE)


def _blocks(text: str) -> dict[str, tuple[str, str]]:
    """Each block's id -> (status, the block's text up to the next heading)."""
    found = {}
    for match in BLOCK.finditer(text):
        end = text.find("\n#", match.end())
        found[match.group(1)] = (match.group(2), text[match.end() : end if end > 0 else None])
    return found


def _guideline_files() -> dict[str, dict[str, tuple[str, str]]]:
    return {
        path.name: _blocks(path.read_text(encoding="utf-8"))
        for path in sorted(EVIDENCE_DOCS.glob("*.md"))
        if path.name not in {"README.md", "calculators.md"}
    }


def test_every_recommendation_has_a_block_with_its_status_in_one_evidence_file():
    # WHO-BMI-ASIA-01, WPRO-BMI-01 and CN-BMI-01 (issue 22) were in no file: nothing checked.
    where: dict[str, list[str]] = {}
    status: dict[str, str] = {}
    for name, blocks in _guideline_files().items():
        for entry, (said, _) in blocks.items():
            where.setdefault(entry, []).append(name)
            status[entry] = said
    recommendations = load_recommendations()
    assert [r for r in recommendations if r not in where] == []
    assert {e: f for e, f in where.items() if len(f) > 1} == {}
    assert sorted(set(where) - set(recommendations)) == []
    assert {
        r.id: (status[r.id], r.evidence)
        for r in recommendations.values()
        if status[r.id] != r.evidence
    } == {}


def test_each_evidence_file_counts_its_blocks_and_the_readme_table_adds_them_up():
    readme = (EVIDENCE_DOCS / "README.md").read_text(encoding="utf-8")
    total = {"verified": 0, "secondary": 0, "unverified": 0}
    for name, blocks in _guideline_files().items():
        count = {s: sum(1 for said, _ in blocks.values() if said == s) for s in total}
        if not blocks:
            continue
        text = (EVIDENCE_DOCS / name).read_text(encoding="utf-8")
        line = (
            f"Entries: {len(blocks)} — verified {count['verified']}, secondary "
            f"{count['secondary']}, unverified {count['unverified']}."
        )
        assert line in text, name
        row = f"| `{name}` | {count['verified']} | {count['secondary']} | {count['unverified']} |"
        assert row in readme, name
        total = {s: total[s] + count[s] for s in total}
    assert (
        f"| **total ({sum(total.values())})** | **{total['verified']}** | "
        f"**{total['secondary']}** | **{total['unverified']}** |"
    ) in readme


def test_every_source_a_calculator_cites_has_a_block_with_its_weakest_status_and_reading_places():
    text = (EVIDENCE_DOCS / "calculators.md").read_text(encoding="utf-8")
    blocks = _blocks(text)
    numbers: dict[str, list[Number]] = {}
    for path in sorted(knowledge_path("calculators").glob("*.yaml")):
        for number in load_data(path.stem).numbers.values():
            numbers.setdefault(number.source, []).append(number)
    assert sorted(set(numbers) - set(blocks)) == []
    assert sorted(set(blocks) - set(numbers)) == []
    for source, cited in numbers.items():
        status, block = blocks[source]
        weakest = min((n.evidence for n in cited), key=EVIDENCE_ORDER.__getitem__)
        assert status == weakest, source
        unread = [n.checked_in for n in cited if n.checked_in and n.checked_in not in block]
        assert unread == [], source
        assert "- Strength: " in block, source
