"""Writing a folder of outputs all at once: into a hidden folder beside OUT, then moved."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rpl.batch.schema import InputError


def check_out(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise InputError([f"{out}: exists and is not a folder"])
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise InputError([f"{out}: folder exists and is not empty (use --overwrite to replace it)"])


def make_work_dir(out: Path) -> Path:
    """A hidden folder beside OUT where outputs are written before being moved into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)
    return work


def move_into_place(work: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    work.rename(out)
