"""Answers larger than the proxy holds, against a real `serve` process: relayed with bounded memory when
no rule needs them whole, refused (fail closed) when one does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from proxy.mock.state import Script
from tests.conftest import Mock
from tests.support.procs import ProxyProcess

POLICIES = {
    "policies/default.yaml": "name: default\n",
    "policies/screened.yaml": "name: screened\noutput:\n  patterns:\n"
                              "    - {name: codenames, regex: \"(?i)project falcon\", action: block}\n",
}
ANSWER_MB = 48


@pytest.fixture(scope="module")
def served(mock_server: Mock, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyProcess]:
    folder: Path = tmp_path_factory.mktemp("answers")
    proc = ProxyProcess(folder, mock_server.url, teams={"plain": {}, "screened": {"policy": "screened"}},
                        files=POLICIES, proxy_yaml={"limits": {"max_answer_bytes": 1024 * 1024},
                                                    "decision_log": {"fsync": "always"}})
    try:
        yield proc.start(ready_within=120)
    finally:
        proc.kill()


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def record(p: ProxyProcess, request_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for r in p.records():
            if r.get("request_id") == request_id:
                return r
        time.sleep(0.1)
    raise AssertionError("no record")


def ask(p: ProxyProcess, team: str) -> httpx.Response:
    with httpx.Client(base_url=p.url, headers={"Authorization": f"Bearer {p.keys[team]}"}, timeout=120) as c:
        return c.post("/v1/chat/completions", json={"model": "gpt-4o-mini",
                                                   "messages": [{"role": "user", "content": "Write a lot"}]})


def test_a_huge_answer_no_rule_needs_is_relayed_with_bounded_memory(served: ProxyProcess, mock: Mock) -> None:
    ask(served, "plain")  # warm: the first request's allocations are not the answer's
    before = peak_rss_mb(served.pid)
    mock.state.scripts.append(Script(text="All work and no play. " * (ANSWER_MB * 1024 * 1024 // 22)))
    r = ask(served, "plain")
    assert r.status_code == 200
    assert len(r.content) > ANSWER_MB * 1024 * 1024
    assert r.json()["choices"][0]["message"]["content"].startswith("All work and no play.")
    grew = peak_rss_mb(served.pid) - before
    print(f"peak RSS grew by {grew:.1f} MB for a {len(r.content) / 2**20:.0f} MB answer")
    assert grew < ANSWER_MB / 3
    rec = record(served, r.headers["x-guardrail-request-id"])
    assert rec["status"] == 200 and rec["usage"]["output_tokens"] > 1000  # the usage, from the answer's tail


def test_a_huge_answer_an_output_rule_needs_whole_fails_closed(served: ProxyProcess, mock: Mock) -> None:
    mock.state.scripts.append(Script(text="Project Falcon ships. " * (3 * 1024 * 1024 // 22)))
    r = ask(served, "screened")
    assert r.status_code == 502
    err = r.json()["error"]
    assert err["code"] == "answer_too_large" and "limits.max_answer_bytes" in err["message"]
    assert "Falcon" not in r.text
    rec = record(served, r.headers["x-guardrail-request-id"])
    assert rec["decision"] == "block" and rec["upstream"]["status"] == 200
    assert rec["usage"]["output_tokens"] > 1000  # read to its end for billing, never held


def test_an_answer_under_the_limit_is_still_screened(served: ProxyProcess, mock: Mock) -> None:
    mock.state.scripts.append(Script(text="Project Falcon ships tomorrow."))
    r = ask(served, "screened")
    assert r.status_code == 200 and r.headers["x-guardrail-decision"] == "block"
    assert "Falcon" not in r.text
