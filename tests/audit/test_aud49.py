"""aud49: a chain is bound to its file, a record in two chains is named, and the public key is as strict as the key.

atk49 F02: a chain and its head copied to another worker's name (`decisions.w2.jsonl`) verified as a second
chain, every record twice; a forged unkeyed chain beside a keyed one passed with the public key only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from proxy.audit import AuditKey, DecisionLog, verify_all
from proxy.audit.files import head_path
from proxy.audit.repeats import Repeats, id_key
from proxy.cli.main import main
from proxy.cli.report import register
from proxy.report.aggregate import aggregate_files

KEY = AuditKey(b"the-key-for-the-aud49-tests-0123456789abcdef", "t")
LEGACY = Path(__file__).resolve().parent / "data" / "written_before_seq.jsonl"


def _chain(path: Path, tag: str, n: int = 4, key: AuditKey | None = KEY) -> None:
    log = DecisionLog(path, key=key)
    for i in range(n):
        log.write({"ts": "2026-12-01T10:00:00.000+00:00", "request_id": f"req_{tag}{i}", "team": "t",
                   "decision": "allow", "status": 200, "cost_usd": 1.5})
    log.close()


def _legacy(path: Path, n: int = 3) -> None:
    """Records without seq, hashed as the first releases did: anyone can write such a chain."""
    prev, lines = "0" * 64, []
    for i in range(n):
        rec = {"ts": "2026-12-01T10:00:00.000+00:00", "request_id": f"req_forged{i}", "team": "t",
               "decision": "allow", "cost_usd": 250.0, "prev_hash": prev}
        body = json.dumps(rec, separators=(",", ":"), sort_keys=True)
        prev = hashlib.sha256(body.encode()).hexdigest()
        lines.append(body[:-1] + f',"hash":"{prev}"}}')
    path.write_text("\n".join(lines) + "\n")


def _by_name(results: list) -> dict:  # type: ignore[type-arg]
    return {Path(r.chain).name: r for r in results}


def _messages(result) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{f.file}:{f.line}: {f.message}" for f in result.findings)


def test_a_chain_and_its_head_copied_to_another_workers_name_fail(tmp_path: Path) -> None:
    _chain(tmp_path / "decisions.jsonl", "a")
    shutil.copy(tmp_path / "decisions.jsonl", tmp_path / "decisions.w2.jsonl")
    shutil.copy(head_path(tmp_path / "decisions.jsonl"), head_path(tmp_path / "decisions.w2.jsonl"))
    for options in ({"keys": [KEY]}, {"public_key": KEY.public_key}):
        results = _by_name(verify_all([tmp_path], **options))
        copy, original = results["decisions.w2.jsonl"], results["decisions.jsonl"]
        assert not copy.ok and not original.ok, options
        assert "decisions.w2.jsonl.head:None: the head anchor was written for 'decisions.jsonl', not " \
               "decisions.w2.jsonl" in _messages(copy)
        assert "4 request records also in " in _messages(original)
        assert "decisions.w2.jsonl (line 2): the same records in two chains" in _messages(original)


def test_a_chain_copied_to_another_folder_under_its_own_name_is_named(tmp_path: Path) -> None:
    """The head's file name matches there: the records found in two chains give the copy away."""
    _chain(tmp_path / "host1" / "decisions.jsonl", "b")
    shutil.copytree(tmp_path / "host1", tmp_path / "host2")
    results = verify_all([tmp_path / "host1", tmp_path / "host2"], keys=[KEY])
    assert [r.ok for r in results] == [False, False]
    assert "request records also in" in (results[0].reason or "") and "host2" in (results[0].reason or "")
    assert "host1" in (results[1].reason or "")


def test_independent_chains_and_a_restarted_chain_still_verify(tmp_path: Path) -> None:
    _chain(tmp_path / "decisions.w1.jsonl", "w1")
    _chain(tmp_path / "decisions.w2.jsonl", "w2")
    _chain(tmp_path / "decisions.w2.jsonl", "w2again")  # a restart continues the chain
    for options in ({"keys": [KEY]}, {"public_key": KEY.public_key}):
        assert all(r.ok for r in verify_all([tmp_path], **options)), options


def test_a_forged_unkeyed_chain_beside_a_keyed_one_fails_with_the_public_key_too(tmp_path: Path) -> None:
    _chain(tmp_path / "decisions.jsonl", "c")
    for forged in ("decisions.w2.jsonl", "decisions-20261201T000000Z-0.jsonl"):
        _legacy(tmp_path / forged)
        for options in ({"keys": [KEY]}, {"public_key": KEY.public_key}):
            results = _by_name(verify_all([tmp_path], **options))
            assert results["decisions.jsonl"].ok
            assert not results[forged].ok, (forged, options)
        reason = _by_name(verify_all([tmp_path], public_key=KEY.public_key))[forged].reason or ""
        assert "not authenticated: an unkeyed chain" in reason
        # Accepted only when asked, and said to be unauthenticated.
        for options in ({"keys": [KEY]}, {"public_key": KEY.public_key}):
            results = _by_name(verify_all([tmp_path], allow_unkeyed=True, **options))
            assert results[forged].ok and any("accepted by --allow-unkeyed" in n for n in results[forged].notes)
        (tmp_path / forged).unlink()


def test_the_public_key_authenticates_nothing_without_a_head(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _chain(Path("-"), "d", key=KEY)
    captured = tmp_path / "shipped.jsonl"
    captured.write_text(capsys.readouterr().out)
    assert verify_all([captured], keys=[KEY], no_head=True)[0].ok
    result = verify_all([captured], public_key=KEY.public_key, no_head=True)[0]
    assert not result.ok and "the public key authenticates nothing" in (result.reason or "")


def test_records_appended_after_a_closed_head_fail(tmp_path: Path) -> None:
    """The writer writes nothing after the head it leaves at shutdown: a record there was appended (a forged
    mac passes a check with the public key only, which cannot check MACs)."""
    path = tmp_path / "decisions.jsonl"
    _chain(path, "e")
    last = json.loads(path.read_text().splitlines()[-1])
    rec = {"ts": "2026-12-01T11:00:00.000+00:00", "request_id": "req_appended", "team": "t", "decision": "allow",
           "cost_usd": 900.0, "seq": last["seq"] + 1, "prev_hash": last["hash"]}
    from proxy.audit.chain import seal_line

    with path.open("ab") as fh:
        fh.write(seal_line(rec, lambda digest: "0" * 64))
    for options in ({"keys": [KEY]}, {"public_key": KEY.public_key}):
        result = verify_all([tmp_path], **options)[0]
        assert not result.ok and any("1 records after the head anchor, which says the writer closed the log"
                                     in f.message for f in result.findings), options


def test_a_log_from_before_the_change_still_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A log of the first releases (no seq, no head): unchanged without a key; with the public key it
    authenticates nothing, said so, and --allow-unkeyed accepts it."""
    shutil.copy(LEGACY, tmp_path / "decisions.jsonl")
    assert main(["audit", "verify", str(tmp_path)]) == 0
    assert "unkeyed chain" in capsys.readouterr().out
    assert main(["audit", "verify", "--public-key", KEY.public_key, str(tmp_path)]) == 1
    assert "decisions.jsonl: not authenticated: an unkeyed chain" in capsys.readouterr().err
    assert main(["audit", "verify", "--public-key", KEY.public_key, "--allow-unkeyed", str(tmp_path)]) == 0
    assert "accepted by --allow-unkeyed" in capsys.readouterr().out


def test_repeats_finds_each_value_seen_twice() -> None:
    seen = Repeats()
    a, b = seen.place("a"), seen.place("b")
    for i in range(1000):
        seen.add(id_key(f"req_{i}"), a, i + 1)
    seen.add(id_key("req_7"), b, 3)
    seen.add(id_key("req_7"), a, 99)
    seen.add(id_key("req_999"), b, 4)
    groups = sorted(seen.groups(), key=len)
    assert [[(p.place, p.line) for p in g] for g in groups] == [[(a, 1000), (b, 4)], [(a, 8), (b, 3), (a, 99)]]
    other = Repeats()
    other.add(id_key("req_1"), other.place("b"), 1)
    seen.extend(other)
    assert len(seen.groups()) == 3


def _report(paths: list[Path], out: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", *map(str, paths), "-o", str(out), "--jobs", "1", *extra])
    return int(args.func(args))


def test_report_refuses_a_request_id_in_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _chain(tmp_path / "decisions.jsonl", "f")
    shutil.copy(tmp_path / "decisions.jsonl", tmp_path / "decisions.w2.jsonl")
    out = tmp_path / "r.html"
    assert _report([tmp_path / "decisions.jsonl", tmp_path / "decisions.w2.jsonl"], out) == 1
    err = capsys.readouterr().err
    assert "4 request ids appear in more than one file" in err and "decisions.w2.jsonl" in err and not out.exists()
    assert _report([tmp_path / "decisions.jsonl"] * 2, out) == 1  # one file given twice
    assert _report([tmp_path / "decisions.jsonl", tmp_path / "decisions.w2.jsonl"], out, "--allow-duplicate-ids") == 0
    assert "request ids appear in more than one record: each is counted" in out.read_text()
    _chain(tmp_path / "decisions.w3.jsonl", "g")
    assert _report([tmp_path / "decisions.jsonl", tmp_path / "decisions.w3.jsonl"], out) == 0
    assert aggregate_files([str(tmp_path / "decisions.jsonl")]).repeats() == (0, 0, [])
