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
