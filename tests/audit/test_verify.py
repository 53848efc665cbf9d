"""verify: reordered, inserted and deleted records, the chain's first file archived (--partial), a
stream from stdout (--no-head), several chains in one folder, and the CLI's report of each."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from proxy.audit import AuditKey, DecisionLog, verify, verify_all
from proxy.audit.files import head_path
from proxy.cli.main import main

KEY = AuditKey(b"the-key-for-the-verify-tests-0123456789", "t")


def _write(path: Path | str, n: int, start: int = 0, **kwargs: object) -> None:
    log = DecisionLog(path, **kwargs)  # type: ignore[arg-type]
    for i in range(start, start + n):
        log.write({"request_id": f"req_{i}", "decision": "allow"})
    log.close()


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines(keepends=True)


def test_reordered_and_inserted_records_are_named(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 5)
    lines = _lines(path)
    path.write_text("".join([lines[0], lines[2], lines[1], *lines[3:]]))
    result = verify(path)
    assert not result.ok and result.line == 2 and "prev_hash" in (result.reason or "")
    copy = json.loads(lines[2])
    copy["request_id"] = "req_forged"
    path.write_text("".join([*lines[:3], json.dumps(copy) + "\n", *lines[3:]]))
    result = verify(path)
    assert not result.ok and result.line == 4


def test_a_deleted_first_record_is_named_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 4)
    path.write_text("".join(_lines(path)[2:]))
    result = verify(path)
    assert not result.ok and result.line == 1
    assert "genesis" in (result.reason or "") and "records 0 to 1 are missing" in (result.reason or "")


def test_archived_first_files_verify_with_partial(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, rotate_bytes=1, interval=0.01)
    for i in range(4):
        log.write({"request_id": f"r{i}"})
        log.flush()
        time.sleep(0.1)
    log.close()
    rotated = sorted(tmp_path.glob("d-*.jsonl"))
    assert len(rotated) >= 2
    rotated[0].unlink()  # archived elsewhere (retention)
    assert not verify(tmp_path).ok
    result = verify(tmp_path, partial=True)
    assert result.ok and any("earlier records not checked" in n for n in result.notes), result


def test_a_stdout_capture_needs_no_head(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write("-", 3, key=KEY)
    captured = tmp_path / "shipped.jsonl"
    captured.write_text(capsys.readouterr().out)
    result = verify(captured, keys=[KEY])
    assert not result.ok and "head anchor missing" in (result.reason or "")
    assert verify(captured, keys=[KEY], no_head=True).ok


def test_every_chain_in_a_folder_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "replica-a.jsonl", 2)
    _write(tmp_path / "replica-b.jsonl", 3, key=KEY)
    results = verify_all([tmp_path], keys=[KEY])
    assert sorted((Path(r.chain).name, r.records, r.ok) for r in results) == [
        ("replica-a.jsonl", 2, False), ("replica-b.jsonl", 4, True)]  # a key given, replica-a unkeyed
    assert main(["audit", "verify", str(tmp_path / "replica-a.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "replica-a.jsonl: ok: 2 records, seq 0-1, hash chain intact" in out and "unkeyed chain" in out
    head_path(tmp_path / "replica-b.jsonl").unlink()
    assert main(["audit", "verify", str(tmp_path)]) == 1
    assert "replica-b.jsonl.head: head anchor missing" in capsys.readouterr().err


def test_cli_keygen_and_pubkey(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["audit", "keygen"]) == 0
    words = capsys.readouterr().out.split()
    secret = next(w for w in words if len(w) == 64)
    key_file = tmp_path / "audit.key"
    key_file.write_text(secret)
    key_file.chmod(0o600)
    monkeypatch.delenv("GUARDRAIL_AUDIT_KEY", raising=False)
    assert main(["audit", "pubkey", "--key-file", str(key_file)]) == 0
    out = capsys.readouterr().out
    public = AuditKey(secret.encode(), "k").public_key
    assert public in out and secret not in out
    assert main(["audit", "pubkey"]) == 2
    assert "no key" in capsys.readouterr().err


def test_a_line_edited_without_changing_its_parsed_content_is_named(tmp_path: Path) -> None:
    """A duplicated key keeps the hash (the parser here keeps the last value) while a parser that keeps
    the first would read `block`: only the writer's own bytes pass."""
    path = tmp_path / "d.jsonl"
    _write(path, 3, key=KEY)
    lines = _lines(path)
    lines[2] = lines[2].replace('{"decision":"allow"', '{"decision":"block","decision":"allow"', 1)
    path.write_text("".join(lines))
    result = verify(path, keys=[KEY])
    assert not result.ok and result.line == 3 and "not in the form the writer writes" in (result.reason or "")


def test_one_archived_file_alone_verifies_with_partial(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, rotate_bytes=1, interval=0.01)
    for i in range(4):
        log.write({"request_id": f"r{i}"})
        log.flush()
        time.sleep(0.1)
    log.close()
    middle = sorted(tmp_path.glob("d-*.jsonl"))[1]
    result = verify(middle)
    assert not result.ok and "cut tail" in " ".join(f.message for f in result.findings)
    result = verify(middle, partial=True)
    assert result.ok and any("later records not checked" in n for n in result.notes), result


def _rotated_log(tmp_path: Path, n: int = 4) -> Path:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path, rotate_bytes=1, interval=0.01, key=KEY)
    for i in range(n):
        log.write({"request_id": f"r{i}"})
        log.flush()
        time.sleep(0.1)
    log.write({"request_id": "live"})
    log.close()
    return path


def test_partial_never_hides_a_cut_tail_when_the_folder_or_the_live_file_is_given(tmp_path: Path) -> None:
    """--partial relaxes the start (old files archived); the end stays checked against the head anchor."""
    path = _rotated_log(tmp_path)
    rotated = sorted(tmp_path.glob("d-*.jsonl"))
    rotated[0].unlink()  # archived
    assert verify(tmp_path, partial=True, keys=[KEY]).ok
    lines = _lines(path)
    assert lines, "the live file has records"
    path.write_text("".join(lines[:-1]))  # the newest record removed
    for given in ([tmp_path], [path], [*rotated[1:], path]):
        result = verify(given, partial=True, keys=[KEY])
        assert not result.ok and "cut tail" in (result.reason or ""), (given, result)
    path.write_text("")  # every record of the live file removed
    assert not verify(tmp_path, partial=True, keys=[KEY]).ok
    path.unlink()  # the live file deleted: the folder's head anchor still names its records
    result = verify(tmp_path, partial=True, keys=[KEY])
    assert not result.ok and "cut tail" in (result.reason or "")


def test_blank_lines_and_crlf_endings_are_edits(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 3, key=KEY)
    lines = _lines(path)
    path.write_text("".join([lines[0], "\n", *lines[1:]]))
    result = verify(path, keys=[KEY])
    assert not result.ok and result.line == 2 and "blank line" in (result.reason or "")
    path.write_bytes("".join(lines).replace("\n", "\r\n").encode())
    result = verify(path, keys=[KEY])
    assert not result.ok and result.line == 1 and "not in the form the writer writes" in (result.reason or "")


def test_a_deeply_nested_line_is_named_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 4, key=KEY)
    lines = _lines(path)
    path.write_text("".join([lines[0], "[" * 100_000 + "]" * 100_000 + "\n", *lines[1:3]]))  # and a cut tail
    result = verify(path, keys=[KEY])
    assert not result.ok and result.line == 2 and "not valid JSON" in (result.reason or "")
    assert any("cut tail" in f.message for f in result.findings), result.findings


def test_the_head_vouches_for_records_only_when_its_signature_is_valid(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.jsonl"
    _write(path, 3, key=KEY)
    assert main(["audit", "verify", "--public-key", KEY.public_key, str(path)]) == 0
    assert "authenticated by the signed head anchor" in capsys.readouterr().out
    other = AuditKey(b"another-key-for-the-verify-tests-0123456789", "o")
    assert main(["audit", "verify", "--public-key", other.public_key, str(path)]) == 1
    captured = capsys.readouterr()
    assert "authenticated by the signed head anchor" not in captured.out + captured.err
    assert "not signed by the public key given" in captured.err
