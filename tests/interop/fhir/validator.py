"""The FHIR validators the suite runs over every export: fhir.resources (R4B pydantic models,
strict parsing) in process, and FHIR.js (the `fhir` npm package, R4 core definitions: structure,
cardinality, data types, required value-set bindings, unexpected elements) in node."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "fhir-validator"


def strict_parse(resource: dict[str, Any]) -> None:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def fhirjs_available() -> bool:
    return shutil.which("node") is not None and (TOOL / "node_modules" / "fhir").is_dir()


def require_fhirjs() -> None:
    if fhirjs_available():
        return
    message = "FHIR.js is not installed: run scripts/bootstrap.sh (needs node and npm)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def validate_with_fhirjs(
    resources: Iterable[tuple[str, Any]], folder: Path
) -> dict[str, list[str]]:
    """Errors by name for each (name, resource-or-NDJSON-lines) given; one node run for all."""
    require_fhirjs()
    paths = []
    for name, content in resources:
        path = folder / name
        if name.endswith(".ndjson"):
            path.write_text("\n".join(json.dumps(r) for r in content) + "\n", encoding="utf-8")
        else:
            path.write_text(json.dumps(content), encoding="utf-8")
        paths.append(str(path))
    run = subprocess.run(
        ["node", str(TOOL / "validate.js"), *paths],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"FHIR.js failed to run: {run.stderr[-2000:]}")
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    return {Path(r["file"]).name: r["errors"] for r in results}
