"""Synthetic populations shared by the parity tests (generated once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rpl.batch.synth import synthesize

POPULATIONS = {"seed-1": (1, 1500), "seed-2": (2, 1500)}


@pytest.fixture(scope="session")
def synthetic_populations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, (seed, women) in POPULATIONS.items():
        folder = tmp_path_factory.mktemp("populations") / name
        synthesize(women, seed, folder)
        folders[name] = folder
    return folders
