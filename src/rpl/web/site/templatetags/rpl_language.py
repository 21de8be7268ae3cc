"""Punctuation that depends on the page's language: "label: value" is 标签：值 in Chinese, an
aside is （…）, not (…). The marks come from `languages.yaml` (rpl.core.languages), as the
presenter's texts do, so templates never write an ASCII colon or bracket next to Chinese."""

from __future__ import annotations

from django import template
from django.utils import translation

from rpl.core.languages import Language, get_language

register = template.Library()


def _language() -> Language:
    try:
        return get_language(translation.get_language() or "en")
    except KeyError:
        return get_language("en")


@register.simple_tag
def colon() -> str:
    """What goes between a label and its value (": ", "：")."""
    return _language().label_separator


@register.simple_tag
def bracket_open() -> str:
    """An aside's opening bracket with its space (" (", "（")."""
    return _language().brackets[0]


@register.simple_tag
def bracket_close() -> str:
    return _language().brackets[1]
