"""Template filters of the public site."""

from __future__ import annotations

import re

from django import template

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """A phone number as written ("+84 28 3930 0000") → the digits a tel: link wants."""
    return re.sub(r"[^\d+]", "", number)
