"""Shared fixtures: the real packaged models, loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from claims.models import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def embedder():
    from claims.models import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
