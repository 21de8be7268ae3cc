"""Where the knowledge base (data files) lives, and its version stamp."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

import rpl.knowledge

KNOWLEDGE_ROOT = Path(rpl.knowledge.__file__).parent
# Data that changes what is shown, never what is assessed (names, translations, pages).
NOT_ENGINE_DATA = frozenset({"catalogue", "education", "examples", "locale"})


# PyYAML's safe loader on libyaml (bundled with its wheels) when present: the same objects
# as `yaml.safe_load`, about ten times faster; the pure-Python loader otherwise.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def knowledge_path(*parts: str) -> Path:
    return KNOWLEDGE_ROOT.joinpath(*parts)


def read_yaml(path: Path) -> Any:
    """A knowledge data file, read as `yaml.safe_load` reads it."""
    text = path.read_text(encoding="utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, C or Python


@cache
def knowledge_version() -> str:
    """`<release date>+<hash of the data the engine reads>`: changes whenever rule data changes.

    Patient education pages and example records are left out: editing them does not change
    any assessment, so it should not change the version stamped on assessments.
    """
    release = knowledge_path("VERSION").read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for path in sorted(KNOWLEDGE_ROOT.rglob("*")):
        if path.relative_to(KNOWLEDGE_ROOT).parts[0] in NOT_ENGINE_DATA:
            continue
        if path.is_file() and path.suffix in {".yaml", ".yml", ".json", ".md"}:
            digest.update(path.relative_to(KNOWLEDGE_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:10]}"


def load_by_id[M: BaseModel](relative_path: str, model: type[M]) -> dict[str, M]:
    """A YAML list of entries with an `id`, validated, keyed by id; refuses duplicate ids."""
    raw = read_yaml(knowledge_path(relative_path))
    entries: dict[str, M] = {}
    for item in raw:
        entry = model.model_validate(item)
        entry_id = str(getattr(entry, "id"))  # noqa: B009 - every model passed here has an id
        if entry_id in entries:
            raise ValueError(f"{relative_path}: duplicate id {entry_id!r}")
        entries[entry_id] = entry
    return entries
