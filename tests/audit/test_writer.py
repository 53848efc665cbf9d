"""DecisionLog in one process: stdout chains, key changes, rotation by age, a full disk, the lock,
restarts that find the head or the files damaged, and a reload that moves the log."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from proxy.audit import AuditKey, DecisionLog, DecisionLogError, DecisionLogLocked, verify, verify_lines
from proxy.audit import writer as writer_module
from proxy.audit.files import head_path, read_head
from tests.conftest import ProxyFactory

K1 = AuditKey(b"first-key-for-the-writer-tests-0123456789", "k1")
K2 = AuditKey(b"second-key-for-the-writer-tests-0123456789", "k2")


def _write(path: Path | str, n: int, **kwargs: Any) -> DecisionLog:
    log = DecisionLog(path, **kwargs)
    for i in range(n):
        log.write({"request_id": f"req_{i}", "decision": "allow"})
    log.close()
    return log


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_stdout_keeps_the_chain_keyed(capsys: pytest.CaptureFixture[str]) -> None:
    _write("-", 3, key=K1)
    out = capsys.readouterr().out
    lines = [json.loads(x) for x in out.splitlines()]
    assert [r["seq"] for r in lines] == [0, 1, 2, 3] and lines[0]["type"] == "audit_key"
    assert all("mac" in r for r in lines)
    result = verify_lines(x.encode() for x in out.splitlines())
    assert result.ok and result.records == 4 and "keyed" in result.auth


def test_a_new_key_is_announced_and_both_keys_verify(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 2, key=K1)
    _write(path, 2, key=K2)
    recs = _records(path)
    change = recs[3]
    assert change["type"] == "audit_key" and change["key_id"] == K2.key_id and change["prev_key_id"] == K1.key_id
    assert verify(path, keys=[K1, K2]).ok
    only_new = verify(path, keys=[K2])
    assert not only_new.ok and "keyed with a key not given" in (only_new.reason or "")


def test_removing_the_key_is_reported_as_a_downgrade(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 2, key=K1)
    _write(path, 2)  # the operator dropped the key: the writer says so in the chain
    change = _records(path)[3]
    assert change["type"] == "audit_key" and change["key_id"] is None and change["prev_key_id"] == K1.key_id
    result = verify(path, keys=[K1])
    assert not result.ok and result.line == 4 and "the key was removed here" in (result.reason or "")
    assert f"keyed (key {K1.key_id}), then unkeyed (3 records after the key was removed)" in result.auth


def test_rotation_by_age_and_restart(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, rotate_seconds=0.3, interval=0.05)
    for i in range(3):
        log.write({"request_id": f"a{i}"})
        log.flush()
        time.sleep(0.5)
    log.close()
    rotated = sorted(tmp_path.glob("d-*.jsonl"))
    assert len(rotated) >= 2
    _write(path, 1)  # a restart continues from the newest file, wherever it is
    result = verify(tmp_path)
    assert result.ok and result.records == 4, result


def test_a_full_disk_keeps_records_then_counts_those_it_had_to_drop(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, interval=3600)
    good_fd = log._fd
    log._fd = os.open("/dev/full", os.O_WRONLY)  # every write: ENOSPC
    try:
        log.write({"request_id": "kept"})
        log.flush()
        assert log._backlog and path.read_bytes() == b""
        monkeypatch.setattr(writer_module, "BACKLOG_LIMIT", 10)
        log.write({"request_id": "dropped"})  # over the limit: counted, not chained
        assert log._dropped == 1
    finally:
        os.close(log._fd)
        log._fd = good_fd
    log._wake.set()  # the disk takes writes again: the sync thread writes what was kept
    deadline = time.monotonic() + 5
    while log._backlog:
        assert time.monotonic() < deadline, "the kept records were not written"
        time.sleep(0.01)
    log.write({"request_id": "after"})
    log.close()
    recs = _records(path)
    assert [r.get("request_id") for r in recs] == ["kept", "after", None]
    assert recs[2]["type"] == "audit_recovery" and recs[2]["dropped"] == 1
    result = verify(path)
    assert not result.ok and "1 records were not written" in (result.reason or "")


def test_one_writer_per_log_in_a_process_too(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    first = DecisionLog(path)
    held = f"decision log {path} is already being written .* \\(pid {os.getpid()}\\)"
    with pytest.raises(DecisionLogLocked, match=held):
        DecisionLog(path)
    lock = path.with_name(path.name + ".lock")
    lock.unlink()  # a removed lock file does not let a second writer in: the log file itself is locked too
    with pytest.raises(DecisionLogLocked, match="its lock file was removed"):
        DecisionLog(path)
    first.close()
    DecisionLog(path).close()


def test_a_deleted_head_is_recorded_at_restart_and_never_forgotten(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 3, key=K1)
    head_path(path).unlink()
    bad = verify(path, keys=[K1])
    assert not bad.ok and "head anchor missing" in (bad.reason or "")
    log = _write(path, 1, key=K1)
    assert log.recovery is not None and log.recovery["head"] == "missing"
    result = verify(path, keys=[K1])  # the head is back, but the restart said it was gone
    assert not result.ok and "the head anchor was missing" in (result.reason or "")


def test_a_head_forged_without_the_key_is_recorded_at_restart(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 3, key=K1)
    head, _ = read_head(head_path(path))
    assert head is not None
    head["seq"] = 1  # roll the head back, e.g. to cut the tail to match it
    head_path(path).write_text(json.dumps(head))
    log = _write(path, 1, key=K1)
    assert log.recovery is not None and log.recovery["head"] == "invalid"
    assert not verify(path, keys=[K1]).ok


def test_a_tail_with_no_record_in_its_last_mib_refuses_to_start(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 2)
    with path.open("ab") as fh:
        fh.write(b"x" * 200 + b"\n")
    monkeypatch.setattr("proxy.audit.files.TAIL_WINDOW", 100)
    with pytest.raises(DecisionLogError, match="no complete record in its last .* move the file aside"):
        DecisionLog(path)


def test_the_head_follows_the_log_within_a_second(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, fsync="second", interval=0.05)
    try:
        for i in range(3):
            log.write({"request_id": f"r{i}"})
        log.flush()
        deadline = time.monotonic() + 2
        while (read_head(head_path(path))[0] or {}).get("seq") != 2:
            assert time.monotonic() < deadline, "the head did not catch up"
            time.sleep(0.02)
        assert read_head(head_path(path))[0]["state"] == "open"  # type: ignore[index]
    finally:
        log.close()
    assert read_head(head_path(path))[0]["state"] == "closed"  # type: ignore[index]


def test_a_reload_moves_the_log_and_closes_the_old_one(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(files={"policies/default.yaml": "name: default\n"})
    import urllib.request

    def one() -> None:
        req = urllib.request.Request(f"{p.url}/v1/models")
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.status == 200

    one()
    p.flush()
    cfg = (p.dir / "proxy.yaml").read_text()
    (p.dir / "proxy.yaml").write_text(cfg + "decision_log: {path: moved/decisions.jsonl, fsync: always}\n")
    moved = (p.dir / "moved" / "decisions.jsonl").resolve()
    deadline = time.monotonic() + 10
    while p.services.decisions.path != moved:
        assert time.monotonic() < deadline, "the reload did not move the decision log"
        time.sleep(0.05)
    one()
    p.flush()
    assert read_head(head_path(p.log_path))[0]["state"] == "closed"  # type: ignore[index]
    assert verify(p.log_path).ok and verify(moved).ok
    assert p.services.decisions.fsync == "always" and _records(moved)


def test_a_symlink_to_the_log_meets_the_same_lock(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.touch()
    alias = tmp_path / "alias.jsonl"
    alias.symlink_to(path)
    first = DecisionLog(path)
    try:
        with pytest.raises(DecisionLogLocked):
            DecisionLog(alias)
    finally:
        first.close()


def test_a_torn_first_line_after_a_rotation_continues_from_the_rotated_file(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, rotate_bytes=1, interval=0.02)
    log.write({"request_id": "before"})
    log.flush()
    deadline = time.monotonic() + 5
    while not list(tmp_path.glob("d-*.jsonl")):
        assert time.monotonic() < deadline, "no rotation"
        time.sleep(0.02)
    log.close()
    torn = b'{"decision":"allow","prev_ha'  # the new file's first line, torn
    path.write_bytes(torn)
    log = _write(path, 1)
    assert log.recovery is not None and log.recovery["torn_bytes"] == len(torn)
    result = verify(tmp_path)
    assert result.ok and result.records == 3, result  # before, the recovery record, req_0


def test_a_deeply_nested_head_is_recorded_at_restart_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 2, key=K1)
    head_path(path).write_text("[" * 100_000 + "]" * 100_000)
    log = _write(path, 1, key=K1)
    assert log.recovery is not None and log.recovery["head"] in ("invalid", "unreadable"), log.recovery
