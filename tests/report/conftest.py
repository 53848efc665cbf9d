"""The hand-made decision log as a file, shared by the aggregate and the page tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.audit import DecisionLog
from tests.report.sample_logs import HAND_MADE


@pytest.fixture
def hand_log(tmp_path: Path) -> Path:
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    for r in HAND_MADE:
        log.write(dict(r))
    log.close()
    with path.open("ab") as fh:
        fh.write(b"not json\n[1, 2]\n\n")
    return path
