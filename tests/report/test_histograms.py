"""`proxy.report.histograms`: latency percentiles within 1%, and the under- and overflow bins."""

from __future__ import annotations

import pytest

from proxy.report.histograms import LogHistogram


def test_percentiles_within_one_percent() -> None:
    h = LogHistogram()
    for v in range(1, 1001):
        h.add(float(v))
    h.add(0.0)
    for q, exact in ((50, 500), (90, 900), (99, 990)):
        value = h.percentile(q)
        assert value is not None and value == pytest.approx(exact, rel=0.011)
    assert h.percentile(100) == 1000.0 and h.percentile(0.01) == 0.0 and h.count == 1001
    assert LogHistogram().percentile(50) is None
    h.add(1e12)   # beyond the last bin: counted there, no error
    assert h.percentile(100) == 1e12
