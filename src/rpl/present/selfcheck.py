"""The patient site's self-check result, laid out in the reader's language.

Tests are named from the one catalogue of code names (plain names); reasons and notes are
the engine's sentences, translated whole or shown in English and marked so.
"""

from __future__ import annotations

from dataclasses import dataclass

from rpl.core.selfcheck import SelfCheckResult
from rpl.core.sources import load_sources
from rpl.core.text import gettext_noop as _
from rpl.present.assessment import model_name
from rpl.present.translate import Text, Translator

# How firmly a test is advised, in the patient's words.
RECOMMENDATION_LABELS = {
    "recommended": _("Advised"),
    "conditional": _("May be considered"),
}


@dataclass(frozen=True)
class SelfCheckTest:
    code: str
    name: Text
    label: str
    reason: Text


@dataclass(frozen=True)
class SelfCheckView:
    definition: Text
    tests: list[SelfCheckTest]
    helps: list[Text]  # what helps before and during the next pregnancy
    not_advised: list[Text]  # kept apart: never read as something that helps
    chance_caveat: Text | None
    chance_model: Text | None
    chance_note: Text | None
    sources: list[Text]  # titles of every source behind the result, each in its own language


def for_self_check(result: SelfCheckResult, tr: Translator) -> SelfCheckView:
    chance = result.chance
    model = model_name(chance.source, chance.model, tr) if chance is not None else None
    source_ids = {ref.source for test in result.tests for ref in test.sources}
    source_ids |= {ref.source for item in result.before_next_pregnancy for ref in item.sources}
    if chance is not None:
        source_ids |= {ref.source for ref in chance.sources}
    known = load_sources()
    titles = sorted(
        (Text(known[s].title, known[s].language) if s in known else Text(s, "en"))
        for s in source_ids
    )
    return SelfCheckView(
        definition=tr.text(result.definition),
        tests=[
            SelfCheckTest(
                code=item.code,
                name=tr.name("tests", item.code, "plain"),
                label=tr.label(RECOMMENDATION_LABELS.get(item.recommendation, item.recommendation)),
                reason=tr.text(item.reason),
            )
            for item in result.tests
        ],
        helps=[
            tr.text(item.reason)
            for item in result.before_next_pregnancy
            if item.recommendation in ("recommended", "conditional")
        ],
        not_advised=[
            tr.text(item.reason)
            for item in result.before_next_pregnancy
            if item.recommendation in ("not_recommended", "research_only")
        ],
        chance_caveat=tr.text(chance.caveat) if chance is not None else None,
        chance_model=model,
        chance_note=tr.text(result.chance_note) if result.chance_note else None,
        sources=titles,
    )
