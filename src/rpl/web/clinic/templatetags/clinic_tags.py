from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def make_list_of_one(value: Any) -> list[Any]:
    """One value as a list, for a template that lists several."""
    return [value]


@register.filter
def code_name(code: Any, vocabulary: str) -> str:
    """A record code's staff name in the page's language: `{{ p.outcome|code_name:"outcomes" }}`."""
    from rpl.web.records.names import code_name as name

    return name(vocabulary, code)


@register.filter
def reference_range(value: Any) -> str:
    """A result's reference range as the laboratory prints it ("0.4–4", "≤ 20", "<20"); a
    one-sided or printed range was shown as "None–20" or "<–2" by indexing it."""
    from rpl.present.assessment import range_text

    return range_text(value)


@register.filter
def result_word(value: Any) -> Any:
    """A result reported as a word (positive, negative, normal, abnormal) in the page's language,
    as the assessment shows it; a number, other text or None as it is."""
    from rpl.core.names import NAMES
    from rpl.web.records.names import code_name as name

    if isinstance(value, str) and value.strip().lower() in NAMES["result_words"]:
        return name("result_words", value.strip().lower())
    return value


@register.filter
def code_names(codes: Any, vocabulary: str) -> str:
    """A list of codes as their names, joined with commas."""
    from rpl.web.records.names import code_name as name

    return ", ".join(name(vocabulary, code) for code in codes or [])


@register.filter
def language_name(code: Any) -> str:
    """A language code (`vi`) as the language's own name (`Tiếng Việt`)."""
    from django.conf import settings

    return dict(settings.LANGUAGES).get(str(code), str(code))
