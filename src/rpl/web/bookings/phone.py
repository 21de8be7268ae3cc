"""Phone numbers for Viet Nam, China, Turkey and anywhere else, checked with libphonenumber."""

from __future__ import annotations

import phonenumbers

# Countries the clinics' patients mostly call from; anything else is written with +country code.
REGIONS = ("VN", "CN", "TR")
INTERNATIONAL = "other"


def normalise(number: str, region: str) -> str | None:
    """The number in E.164 form (+84912345678), or None when it is not a valid number.

    `region` is VN, CN or TR for a number written the national way (0912 345 678), or
    "other" for a number written with its + country code. A number that starts with + is read
    as international whatever the region.
    """
    text = number.strip()
    if not text or len(text) > 32:
        return None
    default_region = region if region in REGIONS else None
    if default_region is None and not text.startswith(("+", "00")):
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
