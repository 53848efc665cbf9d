"""Per-provider health and `retry-after` (issue 17)."""

from __future__ import annotations

from proxy.edge.health import ProviderHealth, failed_outcome
from proxy.edge.upstream import retry_after_s


def test_failed_outcomes() -> None:
    assert all(failed_outcome(o) for o in ("timeout", "unreachable", "429", "500", "503", "529"))
    assert not any(failed_outcome(o) for o in ("200", "400", "401", "404", "499"))


def test_retry_after_is_capped_and_read_safely() -> None:
    assert retry_after_s({"retry-after": "3"}, 5.0) == 3.0
    assert retry_after_s({"retry-after": "3600"}, 5.0) == 5.0
    assert retry_after_s({"retry-after-ms": "250", "retry-after": "9"}, 5.0) == 0.25
    for bad in ("Wed, 21 Oct 2015 07:28:00 GMT", "nan", "-1", "0", ""):
        assert retry_after_s({"retry-after": bad}, 5.0) is None
    assert retry_after_s({}, 5.0) is None


def test_a_cooling_provider_goes_last_until_its_time_is_up() -> None:
    health = ProviderHealth()
    chain = ("a", "b", "c")
    assert health.order(chain) == chain and health.report("a") == {"status": "unknown"}
    health.failed("a", "429", retry_after_s=30)
    health.failed("b", "503")  # no retry-after: failing, but not moved
    assert health.order(chain) == ("b", "c", "a")
    assert health.report("a")["status"] == "cooling_down" and health.report("b")["status"] == "failing"
    health.ok("b", "200")
    assert health.report("b") == {"status": "ok", "last_outcome": "200", "consecutive_failures": 0}
    health.failed("c", "429", retry_after_s=0.0)
    assert health.order(chain) == ("b", "c", "a")
