"""The private link's token: derived from the form's one-time token, stored only as a hash.

Deriving it (HMAC with the site's secret key) rather than drawing it at random lets a second
submission of the same form show the same link again, without the link ever being stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

TOKEN_LENGTH = 32  # base64url characters: 192 bits


def private_token(form_token: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"rpl.questions.link|{form_token}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()[:TOKEN_LENGTH]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value: str) -> bool:
    return len(value) == TOKEN_LENGTH and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value
    )
