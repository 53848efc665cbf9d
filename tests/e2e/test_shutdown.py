"""SIGTERM and SIGINT with real processes: requests in flight finish, and nothing is left behind (by PID)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import Mock
from tests.support.procs import ProxyProcess, alive, descendants, free_port

PII_POLICY = "name: default\ninput:\n  pii: {action: redact, entities: [EMAIL_ADDRESS, PERSON]}\n"


def wait_gone(pids: set[int], within: float = 15.0) -> set[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return left
        time.sleep(0.1)
    return {p for p in pids if alive(p)}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_drains_in_flight_requests_and_leaves_no_process(mock: Mock, tmp_path: Path, sig: int) -> None:
    proc = ProxyProcess(tmp_path, mock.url, files={"policies/default.yaml": PII_POLICY},
                        proxy_yaml={"decision_log": {"fsync": "always"}})
    try:
        proc.start()
        children = descendants(proc.pid)
        assert len(children) >= 2, children  # the PII worker and the embedded store at least
        warm = httpx.post(f"{proc.url}/v1/chat/completions", timeout=60, json={  # the first redaction is slow
            "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Mail jane@example.com"}]})
        assert warm.status_code == 200
        mock.state.reset()
        mock.state.latency_ms = 1500  # every answer takes 1.5 s: requests are in flight at the signal
        results: list[int] = []

        def one(i: int) -> None:
            r = httpx.post(f"{proc.url}/v1/chat/completions", timeout=30, json={
                "model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Mail jane{i}@example.com"}]})
            results.append(r.status_code)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(mock.state.requests) < 6:  # all six are upstream, waiting for their answers
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.proc.send_signal(sig)  # type: ignore[union-attr]
        for t in threads:
            t.join(30)
        assert results == [200] * 6  # all in flight finished
        assert proc.proc.wait(30) == 0  # type: ignore[union-attr]
        assert wait_gone(children) == set(), "processes left behind"
        assert "Traceback" not in proc.stderr()
        assert len([r for r in proc.records() if r.get("status") == 200]) == 7
    finally:
        mock.state.latency_ms = 0
        proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_demo_leaves_no_process_behind(tmp_path: Path, sig: int) -> None:
    port, mock_port = free_port(), free_port()
    demo = subprocess.Popen([sys.executable, "-m", "proxy", "demo", "--port", str(port), "--mock-port",
                             str(mock_port)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert demo.stdout is not None
        banner = ""
        deadline = time.monotonic() + 120
        while "Press Ctrl+C" not in banner and time.monotonic() < deadline:
            banner += demo.stdout.readline()
        r = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=60, json={
            "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Mail jane.doe@example.com"}]})
        assert r.status_code == 200
        children = descendants(demo.pid)
        assert children, "the demo runs its PII worker in a process of its own"
        demo.send_signal(sig)
        assert demo.wait(30) == 0
        assert wait_gone(children) == set(), "processes left behind"
    finally:
        for pid in descendants(demo.pid):
            try:
                import os

                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        demo.kill()
        demo.wait(10)
