"""Running the test EHR (tests/interop/ehr_server.py) in a second process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running_ehr(bundle: dict[str, Any], folder: Path, *options: str) -> Iterator[str]:
    """Start the EHR over `bundle`; yields its base URL (`http://127.0.0.1:PORT`)."""
    path = folder / "ehr-bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.interop.ehr_server", str(path), *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("listening on "):
            raise RuntimeError(f"the test EHR did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[-1])}"
    finally:
        process.terminate()
        process.wait(timeout=10)
