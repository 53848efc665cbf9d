"""`serve --workers N` with real processes: N HTTP workers on one port, one shared pool of PII workers,
one decision log chain per HTTP worker, and SIGTERM that leaves nothing behind."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import httpx

from proxy.cli.main import main
from tests.conftest import Mock
from tests.support.procs import ProxyProcess, alive, descendants

PII_POLICY = "name: default\ninput:\n  pii: {action: redact, entities: [EMAIL_ADDRESS, PERSON]}\n"


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def every_worker_ready(proc: ProxyProcess, workers: int, within: float = 120.0) -> None:
    """`start` returns once one HTTP worker answers /readyz; the others may still be starting (not yet
    listening, their decision log not yet opened), and the kernel gives a port's connections only to the
    workers listening on it. Here until each worker answered (`worker` in /readyz) on new connections."""
    seen: set[int] = set()
    deadline = time.monotonic() + within
    while seen != set(range(1, workers + 1)):
        assert time.monotonic() < deadline, f"HTTP workers ready: {sorted(seen)} of {workers}"
        body = proc.readyz() or {}
        if body.get("ready") and isinstance(body.get("worker"), int):
            seen.add(body["worker"])
        else:
            time.sleep(0.05)


def test_http_workers_share_one_guard_pool_and_stop_cleanly(mock: Mock, tmp_path: Path) -> None:
    proc = ProxyProcess(tmp_path, mock.url, teams=["a", "b"], files={"policies/default.yaml": PII_POLICY},
                        proxy_yaml={"decision_log": {"fsync": "always"}}, args=["--workers", "2"])
    try:
        proc.start(ready_within=240)
        every_worker_ready(proc, 2)
        tree = descendants(proc.pid)
        http = [p for p in tree if " serve " in cmdline(p) and "--reuse-port" in cmdline(p)]
        pii = [p for p in tree if "multiprocessing.spawn" in cmdline(p)]
        assert len(http) == 2, [cmdline(p) for p in tree]
        assert len(pii) == 1, "one shared PII worker (models.pii.workers: 1), not one per HTTP worker"
        assert all(proc.pid in {int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])} for p in pii)
        for i in range(30):
            team = "ab"[i % 2]
            with httpx.Client(base_url=proc.url, timeout=60,
                              headers={"Authorization": f"Bearer {proc.keys[team]}"}) as c:  # a new connection
                r = c.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
                    {"role": "user", "content": f"Mail jane{i}@example.com"}]})
            assert r.status_code == 200 and r.headers["x-guardrail-decision"] == "redact"
        assert "jane" not in json.dumps([q.to_json() for q in mock.state.requests])
        pool = (proc.readyz() or {})["checks"]["pii"]["pool"]
        assert pool["shared"] is True and pool["alive"] == 1
        logs = {p.name: [json.loads(line) for line in p.read_text().splitlines()]
                for p in (tmp_path / ".guardrail").glob("decisions.w*.jsonl")}
        assert set(logs) == {"decisions.w1.jsonl", "decisions.w2.jsonl"}
        assert sum(1 for recs in logs.values() for r in recs if r.get("status") == 200) == 30
        assert all(logs.values()), "the kernel spread 30 connections over both HTTP workers"
        assert proc.stop(signal.SIGTERM) == 0
        deadline = time.monotonic() + 20
        while any(alive(p) for p in tree) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in tree if alive(p)], "processes left behind"
        assert "Traceback" not in proc.stderr()
        assert main(["audit", "verify", str(tmp_path / ".guardrail")]) == 0
    finally:
        proc.kill()


def maps_torch(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/maps") as f:
            return "libtorch" in f.read()
    except OSError:
        return False


def test_the_toxicity_model_is_loaded_once_for_all_http_workers(mock: Mock, tmp_path: Path, tox_model: object) -> None:
    policy = ("name: default\non_error: block\ninput:\n  toxicity: {action: block, thresholds: {toxicity: 0.8}}\n")
    proc = ProxyProcess(tmp_path, mock.url, files={"policies/default.yaml": policy}, args=["--workers", "2"],
                        proxy_yaml={"models": {"pii": {"workers": 1}, "toxicity": {
                            "model": "original", "checkpoint": str(tox_model.checkpoint),  # type: ignore[attr-defined]
                            "huggingface_config_path": str(tox_model.hf_dir)}}})  # type: ignore[attr-defined]
    try:
        proc.start(ready_within=240)
        deadline = time.monotonic() + 180
        while (tox := (proc.readyz() or {})["checks"]["toxicity"])["state"] == "loading":
            assert time.monotonic() < deadline
            time.sleep(0.5)
        assert tox["state"] == "ready", tox
        tree = descendants(proc.pid)
        http = [p for p in tree if "--reuse-port" in cmdline(p)]
        assert len(http) == 2
        assert maps_torch(proc.pid), "the supervisor runs the model"
        assert not any(maps_torch(p) for p in http), "HTTP workers do not load the model"
        statuses = []
        for i in range(8):
            with httpx.Client(base_url=proc.url, timeout=60) as c:
                ok = c.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
                    {"role": "user", "content": f"Please review the contract, part {i}."}]})
                bad = c.post("/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
                    {"role": "user", "content": "You are a worthless bastard."}]})
            statuses.append((ok.status_code, bad.status_code))
            assert bad.status_code != 400 or "toxicity" in bad.json()["error"]["message"]
        assert statuses == [(200, 400)] * 8
        assert proc.stop(signal.SIGTERM) == 0
    finally:
        proc.kill()
