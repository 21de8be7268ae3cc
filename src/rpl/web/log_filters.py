"""Logging filters that keep patient data out of the logs."""

from __future__ import annotations

import logging
import re

# "/path?query" inside a log line: keep the path, drop the query string.
_QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def drop_query_strings(text: str) -> str:
    return _QUERY_STRING.sub(r"\1", text)


class DropQueryStrings(logging.Filter):
    """Remove query strings from request lines (Django's development server logs them whole).

    Our URLs never carry patient data, but a form sent with GET by mistake would put its fields
    in the query string; this keeps such a mistake out of the logs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = drop_query_strings(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                drop_query_strings(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
