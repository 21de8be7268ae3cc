import re
from pathlib import Path

from rpl.core.evidence import load_recommendations
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
    # GRADE (ESHRE), RCOG grades, NICE verbs, "ungraded" (ASRM, Lancet, NVOG) or "unknown".
    allowed = re.compile(
        r"^(strong|conditional|GPP|Grade [A-D]( / GPP)?|offer|consider|ungraded|unknown)$"
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
