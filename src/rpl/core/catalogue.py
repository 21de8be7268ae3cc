"""The name of every code the assessment shows: plain for patients, clinical for staff.

Read from `rpl/knowledge/catalogue/codes.yaml`, the one place a code is named. Names are
English here; their translations are in the `catalogue` gettext domain
(`rpl/knowledge/locale/<language>/LC_MESSAGES/catalogue.po`), which `rpl.present` reads.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from rpl.core.knowledge import knowledge_path, read_yaml

Group = Literal[
    "tests",
    "findings",
    "plan",
    "outcomes",
    # The record's other vocabularies, named for staff on the record form and page.
    "conditions",
    "symptoms",
    "family_history",
    "features",
    "pregnancy_symptoms",
]
GROUPS: tuple[Group, ...] = get_args(Group)
Audience = Literal["plain", "clinical"]

# The gettext domain of the names, beside the site's own `django` domain.
DOMAIN = "catalogue"


class CodeNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    plain: str
    clinical: str
    context: str | None = None  # a msgctxt, where one English name needs two translations

    def name(self, audience: Audience) -> str:
        return self.plain if audience == "plain" else self.clinical


@cache
def load_catalogue() -> dict[Group, dict[str, CodeNames]]:
    raw = read_yaml(knowledge_path("catalogue", "codes.yaml"))
    unknown = set(raw) - set(GROUPS)
    if unknown:
        raise ValueError(f"codes.yaml: unknown groups {sorted(unknown)}; known: {GROUPS}")
    return {
        group: {code: CodeNames.model_validate(names) for code, names in raw[group].items()}
        for group in GROUPS
    }


def code_names(group: Group, code: str) -> CodeNames | None:
    return load_catalogue()[group].get(code)


def english_name(group: Group, code: str, audience: Audience) -> str:
    """The code's English name; a code without one reads as its words (and fails a test)."""
    names = code_names(group, code)
    return names.name(audience) if names is not None else code.replace("_", " ")


def messages() -> list[tuple[str | None, str]]:
    """Every (context, English name) the catalogue domain must translate, once each, sorted."""
    found = {
        (names.context, text)
        for group in load_catalogue().values()
        for names in group.values()
        for text in (names.plain, names.clinical)
    }
    return sorted(found, key=lambda pair: (pair[1], pair[0] or ""))


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def pot_text() -> str:
    """The catalogue domain's template (.pot): every name to translate, for msgmerge."""
    header = (
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: RPL Care\\n"\n'
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
    )
    entries = [header]
    for context, text in messages():
        lines = ["#: rpl/knowledge/catalogue/codes.yaml"]
        if context is not None:
            lines.append(f"msgctxt {_po_string(context)}")
        lines += [f"msgid {_po_string(text)}", 'msgstr ""']
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)
