"""The private link's token: derived from the form's one-time token, the asking browser's own
secret and the question's text, and stored only as a hash.

Deriving it (HMAC with the site's secret key) rather than drawing it at random lets a second
submission of the same form show the same link again, without the link ever being stored. The
browser secret and the text are in it so that only that: the same browser sending the same
question. Whoever else holds the form's hidden one-time token (a copy of the page, a shared
computer's history) gets a different token, which matches nothing, and no link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

TOKEN_LENGTH = 32  # base64url characters: 192 bits
BROWSER_SECRET_BYTES = 24  # 32 base64url characters


def private_token(form_token: str, browser_secret: str, text: str) -> str:
    text_hash = hashlib.sha256(text.encode()).hexdigest()
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"rpl.questions.link|{form_token}|{browser_secret}|{text_hash}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()[:TOKEN_LENGTH]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value: str) -> bool:
    return len(value) == TOKEN_LENGTH and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value
    )


def new_browser_secret() -> str:
    return secrets.token_urlsafe(BROWSER_SECRET_BYTES)


def new_link_token() -> str:
    """A random private-link token, for a link sent afresh (the asker lost theirs): random,
    since it replaces the derived one, whose hash then matches nothing."""
    import secrets

    return secrets.token_urlsafe(24)[:TOKEN_LENGTH]
