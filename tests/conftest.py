"""Shared fixtures. The tests never touch the network: the hub is switched off here."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BUNDLED = ROOT / "models" / "marian-de-en-compact"
SHARED = Path(os.environ.get("MT_SHARED", ROOT.parent / "shared"))
TEST_DATA = SHARED / "data" / "test"


@pytest.fixture(scope="session")
def translator():
    """The bundled compact model, loaded once for the whole session."""
    from mt import Translator

    return Translator(str(BUNDLED))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / "lavrov-talks.de.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_segments() -> list[dict]:
    return [json.loads(line) for line in (SEEDS / "lavrov-talks.segments.jsonl").read_text().splitlines()]


@pytest.fixture(scope="session")
def newstest_de() -> list[str]:
    """German sentences of newstest2019 (real news text)."""
    path = TEST_DATA / "newstest2019-deen.de"
    if not path.is_file():
        pytest.skip(f"shared test data not found at {path}")
    return path.read_text(encoding="utf-8").splitlines()
