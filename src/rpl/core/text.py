"""Marking the engine's sentences for translation, without importing any web framework.

`gettext_noop` returns its argument unchanged. Its name is one that Django's `makemessages`
extracts, so every sentence the engine shows is in the web's translation catalogues, and the
web layer renders it with `gettext(sentence)`. Engine sentences are therefore whole, fixed
sentences: a sentence built with `+` or `format` would not match its catalogue entry.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    return message
