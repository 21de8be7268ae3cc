"""Helpers shared by the registry tests (tests/batch, tests/parity)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from rpl.cli.main import main

GOLDEN = Path(__file__).parent / "golden"  # the hand-written population


def registry(source: Path, out: Path, *extra: str) -> Result:
    """`rpl registry` on `source` into `out`, as of 2025-01-01 (the day the golden answers
    were worked out for), quietly."""
    return CliRunner().invoke(
        main,
        ["registry", str(source), "--out", str(out), "--as-of", "2025-01-01", "--quiet", *extra],
    )
