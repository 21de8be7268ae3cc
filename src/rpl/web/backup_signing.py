"""Signed backup files: the database copy behind a header and an HMAC-SHA256 over both.

    RPL-CARE-BACKUP 1\\n
    {"created": "...", "kind": "sqlite", "mac": "<hex>", "payload_bytes": 12345}\\n
    <the SQLite database, or the pg_dump archive>

The MAC covers the first line, the header without its "mac" and the payload, so a backup whose
rows, schema or triggers were changed after `rpl backup` made it (or that was made with another
key) is refused before anything is restored. The key is the site's own: RPL_BACKUP_KEY, else
the file `backup-key` in the data directory, created (random, owner-only) by the first backup.
Keep a copy of the key apart from the backups: without it no backup can be restored, and
whoever holds it can sign a backup (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from rpl.web.config import random_key_file

MAGIC = b"RPL-CARE-BACKUP 1\n"
KEY_FILE = "backup-key"
KEY_ENV = "RPL_BACKUP_KEY"
MIN_KEY_LENGTH = 32
MAX_HEADER_BYTES = 4096
CHUNK = 1 << 20


class SignatureError(Exception):
    """The file is not a signed backup, or its signature does not match."""


def key_from(environ: Mapping[str, str], data_dir: Path, *, create: bool) -> bytes:
    """The site's backup key; created in the data directory only when `create` (a backup)."""
    configured = environ.get(KEY_ENV, "").strip()
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            raise SignatureError(
                f"{KEY_ENV} is too short; use at least {MIN_KEY_LENGTH} characters"
            )
        return configured.encode()
    path = data_dir / KEY_FILE
    with contextlib.suppress(FileNotFoundError):
        if key := path.read_text(encoding="ascii").strip():
            return key.encode()
    if not create:
        raise SignatureError(
            f"no backup key: set {KEY_ENV}, or put the site's {KEY_FILE} file in {data_dir} "
            "(a backup can only be checked with the key that signed it)"
        )
    return random_key_file(data_dir, KEY_FILE, nbytes=48).encode()


def _canonical(header: Mapping[str, Any]) -> bytes:
    return json.dumps(dict(header), sort_keys=True, separators=(",", ":")).encode()


def _chunks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    left = size
    while left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            raise SignatureError("the file is shorter than its header says (cut off?)")
        left -= len(chunk)
        yield chunk


def sign(payload: Path, out: Path, kind: str, key: bytes) -> None:
    """Write the signed backup `out` from the database copy `payload`."""
    header: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "kind": kind,
        "payload_bytes": payload.stat().st_size,
    }
    mac = hmac.new(key, MAGIC + _canonical(header) + b"\n", hashlib.sha256)
    with open(payload, "rb") as source:
        for chunk in _chunks(source, header["payload_bytes"]):
            mac.update(chunk)
    header["mac"] = mac.hexdigest()
    with open(out, "wb") as target, open(payload, "rb") as source:
        target.write(MAGIC + _canonical(header) + b"\n")
        for chunk in _chunks(source, header["payload_bytes"]):
            target.write(chunk)
        target.flush()
        os.fsync(target.fileno())


def is_signed_backup(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def verify(path: Path, key: bytes, payload_out: Path) -> str:
    """Check the signature and write the database copy to `payload_out`; returns its kind.
    Nothing of the file is trusted, or kept, unless the whole signature matches."""
    with open(path, "rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise SignatureError("not a signed RPL Care backup")
        line = handle.readline(MAX_HEADER_BYTES)
        try:
            header = json.loads(line)
            mac_given = str(header.pop("mac"))
            kind = str(header["kind"])
            size = int(header["payload_bytes"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise SignatureError("its header is damaged") from None
        mac = hmac.new(key, MAGIC + _canonical(header) + b"\n", hashlib.sha256)
        with open(payload_out, "wb") as target:
            for chunk in _chunks(handle, size):
                mac.update(chunk)
                target.write(chunk)
        if handle.read(1):
            mac.update(b"trailing")  # bytes after the payload: never a match
    if not hmac.compare_digest(mac.hexdigest(), mac_given):
        payload_out.write_bytes(b"")
        raise SignatureError(
            "its signature does not match: it was changed after it was made, or signed with "
            "another key"
        )
    return kind
