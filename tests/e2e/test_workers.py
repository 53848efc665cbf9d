"""Guard workers under a hostile load, with a real `serve` process and its real PII worker processes:
a huge prompt from one team does not hold up another team's small requests."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Mock
from tests.support.procs import ProxyProcess

PII_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER]}
"""

FIRST = ["Tomomi", "Lena", "Carlos", "Priya", "Jane", "Olu", "Mateo", "Ingrid", "Kwame", "Sakura", "Dmitri", "Aisha"]
LAST = ["Sato", "Andersson", "Mendez", "Raman", "Doe", "Adeyemi", "Rossi", "Larsen", "Mensah", "Ito", "Volkov", "Khan"]


def dense_names(chars: int) -> str:
    out: list[str] = []
    size = i = 0
    while size < chars:
        s = (f"{FIRST[i % 12]} {LAST[(i * 5) % 12]} met {FIRST[(i * 7 + 3) % 12]} {LAST[(i + 4) % 12]} "
             f"in Berlin on visit {i}.")
        out.append(s)
        size += len(s) + 1
        i += 1
    return " ".join(out)


def chat(text: str) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}


@pytest.fixture(scope="module")
def served(mock_server: Mock, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyProcess]:
    folder: Path = tmp_path_factory.mktemp("workers")
    proc = ProxyProcess(folder, mock_server.url, teams=["bulk", "chat"], files={"policies/default.yaml": PII_POLICY},
                        proxy_yaml={"models": {"pii": {"workers": 2}, "toxicity": {"model": "keywords"}},
                                    "limits": {"max_text_chars": 300_000, "max_request_chars": 300_000}})
    try:
        yield proc.start()
    finally:
        proc.kill()


def test_huge_prompt_of_one_team_does_not_hold_up_another_teams_small_requests(
        served: ProxyProcess, mock: Mock) -> None:
    bulk = httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {served.keys['bulk']}"}, timeout=120)
    small = httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {served.keys['chat']}"}, timeout=60)

    def ask(i: int) -> float:
        started = time.perf_counter()
        r = small.post("/v1/chat/completions", json=chat(f"Hi, I am Rafael Nunes, ticket {i}: where is my order?"))
        assert r.status_code == 200, r.text
        assert r.headers["x-guardrail-decision"] == "redact"
        return time.perf_counter() - started

    baseline = [ask(i) for i in range(5)]
    big_status: list[int] = []
    big = threading.Thread(target=lambda: big_status.append(
        bulk.post("/v1/chat/completions", json=chat(dense_names(80_000))).status_code))
    big.start()
    deadline = time.monotonic() + 30
    while True:  # the big prompt is being analysed: its slices wait in team bulk's queue
        pool = (served.readyz() or {}).get("checks", {}).get("pii", {}).get("pool", {})
        if pool.get("queue_depth", {}).get("bulk", 0) > 10:
            break
        assert time.monotonic() < deadline, pool
        time.sleep(0.05)
    during = [ask(100 + i) for i in range(8)]
    still_busy = big.is_alive()
    depth = (served.readyz() or {})["checks"]["pii"]["pool"]["queue_depth"].get("bulk", 0)
    big.join(120)
    added = statistics.median(during) - statistics.median(baseline)
    print(f"baseline p50 {statistics.median(baseline):.3f} s, during p50 {statistics.median(during):.3f} s, "
          f"max {max(during):.3f} s, added p50 {added:.3f} s")
    assert still_busy and depth > 0, "the big prompt must still be in analysis while the small requests ran"
    assert added < 1.0
    assert big_status == [200]
    records = {r["request_id"]: r for r in served.records()}
    chat_records = [r for r in records.values() if r["team"] == "chat"]
    assert chat_records and all("queue" in r["latency_ms"] for r in chat_records)
    assert max(r["latency_ms"]["queue"] for r in chat_records) < 1000


def test_over_the_screening_bound_is_refused_before_any_analysis(served: ProxyProcess, mock: Mock) -> None:
    client = httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {served.keys['chat']}"}, timeout=30)
    started = time.perf_counter()
    r = client.post("/v1/chat/completions", json=chat("Jane Doe " * 40_000))  # 360,000 characters
    assert r.status_code == 413
    err = r.json()["error"]
    assert err["code"] == "request_too_large" and "limits.max_text_chars" in err["message"]
    assert "Jane" not in err["message"]
    assert time.perf_counter() - started < 2.0  # refused, not analysed
    assert not mock.state.requests
    r = client.post("/v1/messages", json={"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [
        {"role": "user", "content": "Jane Doe " * 20_000}, {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "Jane Doe " * 20_000}]})  # 2 x 180,000: each under, together over
    assert r.status_code == 413
    assert r.json()["type"] == "error" and "limits.max_request_chars" in r.json()["error"]["message"]


def test_readyz_and_metrics_show_the_pool(served: ProxyProcess) -> None:
    pool = (served.readyz() or {})["checks"]["pii"]["pool"]
    assert pool["workers"] == 2 and pool["alive"] == 2
    assert {"queue_depth", "jobs_cancelled", "workers_recycled", "busy"} <= set(pool)
    metrics = httpx.get(f"{served.url}/metrics", timeout=10).text
    assert 'guardrail_guard_workers{pool="pii",state="alive"} 2.0' in metrics
    assert 'guardrail_guard_jobs_total{outcome="cancelled",pool="pii"}' in metrics
    assert 'guardrail_guard_queue_seconds_bucket{le="0.5",team="chat"}' in metrics
