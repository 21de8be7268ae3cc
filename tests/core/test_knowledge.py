"""Reading the knowledge base's data files."""

from __future__ import annotations

import pytest
import yaml

from rpl.core.knowledge import KNOWLEDGE_ROOT, read_yaml

DATA_FILES = sorted(KNOWLEDGE_ROOT.rglob("*.yaml"))


def test_there_are_data_files_to_read():
    assert len(DATA_FILES) > 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(KNOWLEDGE_ROOT).as_posix())
def test_every_data_file_reads_as_yaml_safe_load_reads_it(path):
    # read_yaml may use libyaml's loader: the objects, their types and order must be the same.
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = read_yaml(path)
    assert found == expected
    assert repr(found) == repr(expected)
