"""The presenter and the web's record form and page name the record's small lists with the
same words (rpl.core.names): one definition, one translation."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from django.utils import translation

from rpl.core.names import NAMES
from rpl.core.record import CoupleRecord
from rpl.present.assessment import result_lines
from rpl.present.translate import translator
from rpl.web.records.names import code_name

SRC = Path(__file__).resolve().parents[2] / "src" / "rpl"


def test_no_shell_writes_a_name_of_its_own_for_a_code_of_the_small_lists():
    # The presenter kept IMAGING and MEASUREMENTS beside the web's copies (and the record
    # form its own measurement labels). Names that are words of their own, not a code.
    codes = {code for names in NAMES.values() for code in names}
    own_words = {
        name.message
        for names in NAMES.values()
        for name in names.values()
        if name.message not in codes
    }
    copies = {
        (str(path.relative_to(SRC)), message)
        for path in SRC.rglob("*.py")
        if path != SRC / "core" / "names.py"
        for message in own_words
        if re.search(rf"[\"']{re.escape(message)}[\"']", path.read_text(encoding="utf-8"))
    }
    assert copies == set()


def test_the_results_list_names_imaging_and_measurements_as_the_record_form_does():
    example = json.loads(
        resources.files("rpl.knowledge")
        .joinpath("examples/primary-rpl-first-visit.json")
        .read_text()
    )
    example["results"] = [
        {
            "test": "uterine_imaging",
            "method": "3d_ultrasound",
            "measurements": {"internal_indentation_mm": 12},
            "subject": "woman",
        }
    ]
    record = CoupleRecord.model_validate_json(json.dumps(example))
    for language in ("en", "vi", "zh-hans", "tr"):
        [line] = result_lines(record, translator(language))
        with translation.override(language):
            imaging = code_name("imaging", "3d_ultrasound")
            indentation = code_name("measurements", "internal_indentation_mm")
            woman = code_name("subject", "woman")
        assert imaging in line.value and indentation in line.value, language
        assert line.whose == woman, language
