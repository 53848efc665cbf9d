"""The decision log as an auditor relies on it, with real processes: `python -m proxy serve` writes it
(stopped cleanly with SIGINT, or killed with SIGKILL), `python -m proxy audit verify` checks it, and
the test plays whoever tampers with the files in between: a cut tail, a rewrite without the key, a
torn write, a second writer, a removed rotated file, a log written before the chain had a key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Mock

KEY = "k3y-for-the-audit-trail-tests-" + "0" * 16  # 46 bytes: long enough
LEGACY = Path(__file__).resolve().parents[1] / "audit" / "data" / "written_before_seq.jsonl"
EXE = [sys.executable, "-m", "proxy"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    port: int

    def requests(self, n: int, pause: float = 0.0) -> list[str]:
        ids = []
        body = json.dumps({"model": "gpt-4o-mini", "max_tokens": 5,
                           "messages": [{"role": "user", "content": "hello"}]}).encode()
        for _ in range(n):
            req = urllib.request.Request(f"http://127.0.0.1:{self.port}/v1/chat/completions", data=body,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer sk-test"})
            with urllib.request.urlopen(req, timeout=10) as r:
                assert r.status == 200
                ids.append(r.headers["x-guardrail-request-id"])
            time.sleep(pause)
        return ids

    def stop(self, sig: signal.Signals = signal.SIGINT) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(30)


class Site:
    """A folder with a proxy.yaml in front of the mock; its decision log is `log`."""

    def __init__(self, root: Path, mock: Mock, decision_log: dict[str, Any] | None = None,
                 key: str | None = KEY) -> None:
        self.root = root
        self.key = key
        root.mkdir(parents=True, exist_ok=True)
        (root / "policies").mkdir(exist_ok=True)
        (root / "policies" / "default.yaml").write_text("name: default\n")  # no checks: no model to load
        self.log = root / "logs" / "decisions.jsonl"
        cfg = {"providers": {"openai": {"base_url": f"{mock.url}/v1"}, "anthropic": {"base_url": mock.url}},
               "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
               "decision_log": {"path": str(self.log), **(decision_log or {})}}
        (root / "proxy.yaml").write_text(yaml.safe_dump(cfg))
        self.served: list[Served] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "GUARDRAIL_AUDIT_KEY"}
        env["GUARDRAIL_CONFIG"] = ""
        if self.key is not None:
            env["GUARDRAIL_AUDIT_KEY"] = self.key
        return env

    def start(self, expect_ready: bool = True) -> Served:
        port = _free_port()
        proc = subprocess.Popen([*EXE, "serve", "--config", str(self.root / "proxy.yaml"), "--port", str(port),
                                 "--log-level", "WARNING"], env=self.env(), cwd=self.root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        served = Served(proc, port)
        self.served.append(served)
        if expect_ready:
            _wait_ready(served)
        return served

    def verify(self, *args: str, key: str | None = KEY) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "GUARDRAIL_AUDIT_KEY"}
        if key is not None:
            env["GUARDRAIL_AUDIT_KEY"] = key
        return subprocess.run([*EXE, "audit", "verify", *args], env=env, capture_output=True, text=True, timeout=60)

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def close(self) -> None:
        for s in self.served:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait(10)


def _wait_ready(served: Served) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if served.proc.poll() is not None:
            err = served.proc.stderr.read().decode() if served.proc.stderr else ""
            raise AssertionError(f"the proxy exited with {served.proc.returncode}: {err[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{served.port}/readyz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("proxy did not become ready")


@pytest.fixture
def site(tmp_path: Path, mock: Mock) -> Iterator[Site]:
    s = Site(tmp_path / "site", mock)
    yield s
    s.close()


def _rechain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What someone without the key can do: recompute every SHA-256 hash and prev_hash after an edit."""
    from proxy.audit.chain import _canonical

    prev = records[0]["prev_hash"]
    for rec in records:
        rec["prev_hash"] = prev
        body = {k: v for k, v in rec.items() if k not in ("hash", "mac")}
        rec["hash"] = prev = hashlib.sha256(_canonical(body)).hexdigest()
    return records


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    """Byte for byte the way the writer writes (a careful forger: verify also rejects other forms)."""
    from proxy.audit.chain import _canonical

    lines = []
    for rec in records:
        line = _canonical({k: v for k, v in rec.items() if k not in ("hash", "mac")})[:-1]
        line += b',"hash":"' + rec["hash"].encode() + b'"'
        if "mac" in rec:
            line += b',"mac":"' + rec["mac"].encode() + b'"'
        lines.append(line + b"}\n")
    path.write_bytes(b"".join(lines))


# --------------------------------------------------------------------------------------------- cases


def test_a_cut_tail_is_detected_and_counted_even_after_a_restart(site: Site) -> None:
    served = site.start()
    served.requests(12)
    served.stop()
    ok = site.verify(str(site.log))
    assert ok.returncode == 0, ok.stderr
    assert "13 records" in ok.stdout and "every keyed record authenticated" in ok.stdout  # + the key record
    lines = site.log.read_text().splitlines(keepends=True)
    site.log.write_text("".join(lines[:-4]))
    cut = site.verify(str(site.log))
    assert cut.returncode == 1
    assert "cut tail" in cut.stderr and "4 records missing" in cut.stderr
    # Restarting the proxy does not launder the cut: the writer records what is missing.
    served = site.start()
    served.requests(2)
    served.stop()
    after = site.verify(str(site.log))
    assert after.returncode == 1
    assert "records 9 to 12 are missing" in after.stderr
    recovery = [r for r in site.lines() if r.get("type") == "audit_recovery"]
    assert recovery and recovery[-1]["missing"]["from"] == 9 and recovery[-1]["missing"]["to"] == 12


def test_a_rewrite_without_the_key_is_detected(site: Site) -> None:
    served = site.start()
    ids = served.requests(6)
    served.stop()
    head_path = site.log.with_name(site.log.name + ".head")
    pristine, pristine_head = site.log.read_text(), head_path.read_text()
    public = subprocess.run([*EXE, "audit", "pubkey"], env={**os.environ, "GUARDRAIL_AUDIT_KEY": KEY},
                            capture_output=True, text=True, check=True).stdout.split()[-1]
    assert KEY not in public and len(public) == 64

    # 1. Change one decision and recompute every hash after it; the stale MACs give it away.
    records = site.lines()
    target = next(i for i, r in enumerate(records) if r.get("request_id") == ids[2])
    records[target]["decision"] = "block"
    _write(site.log, _rechain(records))
    head = json.loads(head_path.read_text())
    head["hash"] = records[-1]["hash"]
    head_path.write_text(json.dumps(head))
    r = site.verify(str(site.log))
    assert r.returncode == 1
    assert f"{site.log}:{target + 1}: mac does not match" in r.stderr
    assert "head anchor's mac does not match" in r.stderr
    # An auditor without the secret, with the public key only: the signed head no longer matches.
    r = site.verify(str(site.log), "--public-key", public, key=None)
    assert r.returncode == 1 and "signature is invalid" in r.stderr

    # 2. Strip the MACs and the key record, as if the chain had never been keyed, and forge an unkeyed head.
    records = [r for r in json.loads("[" + ",".join(pristine.splitlines()) + "]") if r.get("type") != "audit_key"]
    for seq, rec in enumerate(records):
        rec.pop("mac", None)
        rec["seq"] = seq
    records[0]["prev_hash"] = "0" * 64
    records[target - 1]["decision"] = "block"
    _write(site.log, _rechain(records))
    head_path.write_text(json.dumps({"v": 1, "file": site.log.name, "seq": len(records) - 1,
                                     "hash": records[-1]["hash"], "ts": "2026-01-01T00:00:00Z", "state": "closed",
                                     "key_id": None}))
    r = site.verify(str(site.log))
    assert r.returncode == 1 and "no record is authenticated by the key given" in r.stderr
    r = site.verify(str(site.log), "--public-key", public, key=None)
    assert r.returncode == 1 and "not signed by the public key given" in r.stderr
    # Without key or public key, verify does not pretend: it says the chain is unkeyed.
    r = site.verify(str(site.log), key=None)
    assert r.returncode == 0 and "unkeyed chain" in r.stdout

    # The untouched log passes both ways.
    site.log.write_text(pristine)
    head_path.write_text(pristine_head)
    assert site.verify(str(site.log)).returncode == 0
    r = site.verify(str(site.log), "--public-key", public, key=None)
    assert r.returncode == 0 and "authenticated by the signed head anchor" in r.stdout


def test_a_torn_write_is_moved_aside_and_the_restart_recorded(tmp_path: Path, mock: Mock) -> None:
    site = Site(tmp_path / "torn", mock, {"fsync": "os"}, key=None)
    try:
        served = site.start()
        served.requests(5)
        time.sleep(1.5)  # the head anchor catches up (once a second)
        served.stop(signal.SIGKILL)  # no clean shutdown: the head still says "open"
        torn = b'{"checks":[],"decision":"allow","prev_hash":"'
        with site.log.open("ab") as fh:
            fh.write(torn)  # what a power cut mid-write leaves
        before = site.verify(str(site.log), key=None)
        assert before.returncode == 1 and "not valid JSON" in before.stderr
        served = site.start()
        served.requests(3)
        served.stop()
        r = site.verify(str(site.log), key=None)
        assert r.returncode == 0, r.stderr
        assert f"a torn last line ({len(torn)} bytes) was moved to decisions.jsonl.torn-" in r.stdout
        assert "after an unclean stop" in r.stdout and "unkeyed chain" in r.stdout
        kept = list(site.log.parent.glob("decisions.jsonl.torn-*"))
        assert len(kept) == 1 and kept[0].read_bytes() == torn
        recovery = [x for x in site.lines() if x.get("type") == "audit_recovery"]
        assert len(recovery) == 1 and recovery[0]["unclean_stop"] is True and recovery[0]["torn_bytes"] == len(torn)
        assert len([x for x in site.lines() if "request_id" in x]) == 8
    finally:
        site.close()


def test_a_second_writer_on_the_same_log_fails_at_start(tmp_path: Path, mock: Mock) -> None:
    first = Site(tmp_path / "a", mock)
    second = Site(tmp_path / "b", mock)  # another folder and store, pointed at the first one's log
    cfg = yaml.safe_load((second.root / "proxy.yaml").read_text())
    cfg["decision_log"]["path"] = str(first.log)
    (second.root / "proxy.yaml").write_text(yaml.safe_dump(cfg))
    try:
        served = first.start()
        served.requests(3)
        other = second.start(expect_ready=False)
        assert other.proc.wait(60) == 2
        err = other.proc.stderr.read().decode() if other.proc.stderr else ""
        assert f"decision log {first.log} is already being written by another process (pid {served.proc.pid})" in err
        assert "Traceback" not in err
        served.requests(3)
        served.stop()
        r = first.verify(str(first.log))
        assert r.returncode == 0 and "7 records" in r.stdout, r.stderr
        # Once the first has stopped, the log can be taken over.
        again = second.start()
        again.requests(1)
        again.stop()
        assert first.verify(str(first.log)).returncode == 0
    finally:
        first.close()
        second.close()


def test_rotation_across_files_and_a_removed_file_named_as_a_gap(tmp_path: Path, mock: Mock) -> None:
    site = Site(tmp_path / "rot", mock, {"fsync": "always", "rotate": {"max_mb": 0.001}})  # ~1 KB per file
    try:
        served = site.start()
        served.requests(16, pause=0.3)  # about 5 s: rotation is checked once a second
        served.stop()
        rotated = sorted(site.log.parent.glob("decisions-*.jsonl"))
        assert len(rotated) >= 3, os.listdir(site.log.parent)
        r = site.verify(str(site.log.parent))
        assert r.returncode == 0, r.stderr
        assert f"({len(rotated) + 1} files)" in r.stdout and "17 records" in r.stdout
        # Each file starts where the previous one ended.
        ends = []
        for path in [*rotated, site.log]:
            recs = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
            if recs:
                ends.append((recs[0]["prev_hash"], recs[-1]["hash"]))
        assert all(ends[i][0] == ends[i - 1][1] for i in range(1, len(ends)))
        middle = rotated[1]
        first_seq = int(middle.stem.rsplit("-", 1)[1])
        count = len([x for x in middle.read_text().splitlines() if x.strip()])
        middle.unlink()
        r = site.verify(str(site.log.parent))
        assert r.returncode == 1
        assert (f"gap between {rotated[0].name} (ends at seq {first_seq - 1}) and {rotated[2].name} "
                f"(starts at seq {first_seq + count}): {count} records missing") in r.stderr
        # Several files given by name: the same chain, the same gap.
        r = site.verify(*[str(p) for p in [*rotated[:1], *rotated[2:], site.log]])
        assert r.returncode == 1 and f"{count} records missing" in r.stderr
    finally:
        site.close()


def test_a_log_written_before_this_change_still_verifies_and_is_continued(tmp_path: Path, mock: Mock) -> None:
    # Its records are months old: the default age rule would rotate it away within a second of the start.
    site = Site(tmp_path / "legacy", mock, decision_log={"rotate": {"max_hours": 0}})
    try:
        site.log.parent.mkdir(parents=True)
        shutil.copy(LEGACY, site.log)
        r = site.verify(str(site.log), key=None)
        assert r.returncode == 0 and "6 records" in r.stdout and "unkeyed chain" in r.stdout, r.stderr
        assert "written before head anchors" in r.stdout
        served = site.start()  # with a key: the chain goes on, keyed from here
        served.requests(2)
        served.stop()
        recs = site.lines()
        assert recs[6]["type"] == "audit_key" and recs[6]["seq"] == 6 and recs[6]["prev_key_id"] is None
        r = site.verify(str(site.log))
        assert r.returncode == 0, r.stderr
        assert "9 records" in r.stdout and "6 earlier records unkeyed" in r.stdout
        # Tampering with the old records is still caught.
        site.log.write_text(site.log.read_text().replace('"req_legacy1"', '"req_legacy9"'))
        r = site.verify(str(site.log))
        assert r.returncode == 1 and f"{site.log}:2: hash does not match" in r.stderr
    finally:
        site.close()
