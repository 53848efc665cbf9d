"""Fixtures for the check tests: the started shared PII analyzer, and the tiny detoxify-format toxicity model,
built once and cached.

The model is trained from scratch (see `tests/support/toxmodel.py`) the first time and kept under
pytest's cache folder (`.pytest_cache/d/toxmodel/`), keyed by the builder's source, so later runs
load it in a fraction of a second. Hub access is switched off for the whole session: nothing here
may download.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the scorer sets it: see toxicity_model.load_detoxify

from collections.abc import Iterator  # noqa: E402 - after the offline switches, before anything imports the hub

import pytest  # noqa: E402

from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.nlp.toxicity import DetoxifyScorer  # noqa: E402
from tests.support.pii import shared_analyzer  # noqa: E402
from tests.support.toxmodel import TinyModel  # noqa: E402


@pytest.fixture(scope="session")
def tox_scorer(tox_model: TinyModel) -> Iterator[DetoxifyScorer]:
    """A loaded DetoxifyScorer (PyTorch backend) on the tiny model, shared by the session."""
    scorer = DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tox_model.hf_dir)
    scorer.load(timeout=120)
    yield scorer
    scorer.close()


@pytest.fixture(scope="session")
async def analyzer() -> PiiAnalyzer:
    """The process's shared PII analyzer, started (modules that need another one define their own)."""
    a = shared_analyzer()
    await a.start()
    return a
