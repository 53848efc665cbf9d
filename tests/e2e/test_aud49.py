"""aud49 (atk49 F02) with real processes: `python -m proxy serve` writes a keyed log, the test copies its chain and
head to another worker's name and forges unkeyed chains beside it, as the attack did; `audit verify` (with the key,
and with the public key only) and `report` must fail, naming the file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Mock
from tests.e2e.test_audit_trail import EXE, KEY, Site


@pytest.fixture
def site(tmp_path: Path, mock: Mock) -> Iterator[Site]:
    s = Site(tmp_path / "site", mock)
    yield s
    s.close()


def _forge_legacy(path: Path) -> None:
    """Records without seq, SHA-256 chained as the first releases wrote them: no secret needed."""
    prev, lines = "0" * 64, []
    for i in range(3):
        rec = {"ts": "2026-12-01T10:00:00.000+00:00", "request_id": f"req_forged{i}", "team": "default",
               "route": "/v1/chat/completions", "model": "gpt-4o", "stream": False, "policy": "default",
               "mode": "enforce", "decision": "allow", "status": 200, "checks": [], "cost_usd": 250.0,
               "prev_hash": prev}
        body = json.dumps(rec, separators=(",", ":"), sort_keys=True)
        prev = hashlib.sha256(body.encode()).hexdigest()
        lines.append(body[:-1] + f',"hash":"{prev}"}}')
    path.write_text("\n".join(lines) + "\n")


def _report(*files: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXE, "report", *map(str, files), "-o", str(out), "--jobs", "1"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "GUARDRAIL_CONFIG": ""})


def test_a_copied_chain_and_forged_unkeyed_chains_fail_verify_and_report(site: Site, tmp_path: Path) -> None:
    served = site.start()
    served.requests(4)
    served.stop()
    folder = site.log.parent
    public = subprocess.run([*EXE, "audit", "pubkey"], env={**os.environ, "GUARDRAIL_AUDIT_KEY": KEY},
                            capture_output=True, text=True, check=True).stdout.split()[-1]
    assert site.verify(str(folder)).returncode == 0
    assert site.verify(str(folder), "--public-key", public, key=None).returncode == 0

    # (a) cp decisions.jsonl decisions.w2.jsonl; cp decisions.jsonl.head decisions.w2.jsonl.head
    copy = folder / "decisions.w2.jsonl"
    shutil.copy(site.log, copy)
    shutil.copy(folder / "decisions.jsonl.head", folder / "decisions.w2.jsonl.head")
    for args, key in (((), KEY), (("--public-key", public), None)):
        r = site.verify(*args, str(folder), key=key)
        assert r.returncode == 1, (args, r.stdout)
        assert ("decisions.w2.jsonl.head: the head anchor was written for 'decisions.jsonl', not decisions.w2.jsonl"
                in r.stderr)
        assert f"4 request records also in {copy} (line 2)" in r.stderr
        assert f"{copy}: FAILED" in r.stdout and f"{site.log}: FAILED" in r.stdout
    out = tmp_path / "report.html"
    r = _report(site.log, copy, out=out)
    assert r.returncode == 1 and "4 request ids appear in more than one file" in r.stderr and "decisions.w2.jsonl" \
        in r.stderr and not out.exists()
    copy.unlink()
    (folder / "decisions.w2.jsonl.head").unlink()

    # (b) a forged unkeyed chain beside the keyed one: the public key is as strict as the key.
    for name in ("decisions.w2.jsonl", "decisions-20261201T000000Z-0.jsonl"):
        forged = folder / name
        _forge_legacy(forged)
        for args, key in (((), KEY), (("--public-key", public), None)):
            r = site.verify(*args, str(folder), key=key)
            assert r.returncode == 1, (name, args, r.stdout)
            assert f"{forged}: FAILED" in r.stdout and f"{site.log}: ok" in r.stdout
        assert f"{forged}: not authenticated: an unkeyed chain" in r.stderr  # the public key's run
        r = site.verify("--public-key", public, "--allow-unkeyed", str(folder), key=None)
        assert r.returncode == 0 and "accepted by --allow-unkeyed: NOT authenticated" in r.stdout
        forged.unlink()
    assert site.verify(str(folder)).returncode == 0
