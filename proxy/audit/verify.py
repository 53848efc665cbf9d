"""Verifying decision logs: the chain across files, the MACs, the head anchor and its signature.

A chain is the active file and its rotated files (`proxy.audit.files`). They are read in seq order;
every problem is reported with its file and line and the walk goes on, so one report names every gap
(a rotated file removed), every broken line, and a cut tail (the log ends before its head anchor).
What was proven is said too: an unkeyed chain proves nothing against someone able to rewrite the
file; a keyed one, checked with the key or with the public key of its signed head, does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from proxy.audit.chain import (
    GENESIS,
    KEY_RECORD,
    RECOVERY_RECORD,
    SEAL_FIELDS,
    _canonical,
    _legacy_canonical,
    hash_matches,
)
from proxy.audit.files import discover, head_mac_ok, head_path, head_signed_bytes, read_head
from proxy.audit.keys import AuditKey, verify_signature
from proxy.audit.repeats import Repeats, hex_key


@dataclass
class Finding:
    file: str
    line: int | None
    message: str


@dataclass
class VerifyResult:
    ok: bool
    records: int
    line: int | None = None        # the first problem's line (1-based) in `file`
    reason: str | None = None
    file: str | None = None
    chain: str = ""                # the chain's active file
    files: list[str] = field(default_factory=list)
    first_seq: int | None = None
    last_seq: int | None = None
    auth: str = ""                 # what the check proved (unkeyed, keyed and authenticated, ...)
    head: str = ""                 # what the head anchor said
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Walk:
    """State carried from record to record (and file to file) along one chain."""

    def __init__(self, keys: Sequence[AuditKey], partial: bool, head_seq: int | None) -> None:
        self.keys = {k.key_id: k for k in keys}
        self.partial = partial
        self.head_seq = head_seq
        self.hash_at_head: str | None = None
        self.prev: str | None = None      # None: nothing read yet, or re-synchronising after a break
        self.started = False
        self.expected = 0                 # the next seq
        self.seq_mode = False             # records carry a seq (written since the head anchor exists)
        self.key_mode: str | None = None  # key_id in force (None: unkeyed)
        self.authenticated = self.unauthenticated = self.unkeyed = 0
        self.keyed_from: int | None = None   # the seq from which the chain is keyed
        self.unkeyed_before = 0              # unkeyed records before it (written before the key was set)
        self.last_key = ""                   # the last key id in force
        self.unknown_keys: set[str] = set()
        self.records = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.last_file = ""
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.seen: Repeats | None = None     # request records' hashes, to find a record in two chains
        self.place = 0                       # the file being walked, in `seen`

    def fail(self, file: str, line: int | None, message: str) -> None:
        self.findings.append(Finding(file, line, message))

    def record(self, file: str, lineno: int, raw: bytes, first_in_file: bool) -> None:
        try:
            rec = orjson.loads(raw)
        except orjson.JSONDecodeError:
            import json

            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                self.fail(file, lineno, "not valid JSON")
                self.prev = None
                return
        if not isinstance(rec, dict):
            self.fail(file, lineno, "not a JSON object")
            self.prev = None
            return
        seq = rec.get("seq")
        if seq is None:
            if self.seq_mode:
                self.fail(file, lineno, "a record without a seq after records with one")
            seq = self.expected
        elif type(seq) is not int:
            self.fail(file, lineno, "seq is not an integer")
            seq = self.expected
        else:
            self.seq_mode = True
        self._link(file, lineno, rec, seq, first_in_file)
        stored = rec.get("hash")
        if not isinstance(stored, str) or not hash_matches(rec, stored):
            self.fail(file, lineno, "hash does not match the record's content")
        elif self.seq_mode and (raw[:-1] if raw.endswith(b"\n") else raw) not in _sealed(rec):
            # Same content, other bytes (a duplicated key, spacing, escapes): another JSON parser could
            # read something else than what was hashed. The writer only ever writes the canonical form.
            self.fail(file, lineno, "not in the form the writer writes: the line was edited")
        if self.seen is not None and "request_id" in rec and isinstance(stored, str) and \
                (key := hex_key(stored)) is not None:
            self.seen.add(key, self.place, lineno)
        self._key(file, lineno, rec)
        if self.key_mode is not None and self.keyed_from is None:
            self.keyed_from, self.unkeyed_before = seq, self.unkeyed
        if rec.get("type") == RECOVERY_RECORD:
            self._recovery(file, lineno, rec)
        self.prev = stored if isinstance(stored, str) else None
        self.expected = seq + 1
        self.records += 1
        if self.first_seq is None:
            self.first_seq = seq
        self.last_seq = seq
        self.last_file = file
        if seq == self.head_seq and isinstance(stored, str):
            self.hash_at_head = stored

    def _link(self, file: str, lineno: int, rec: dict[str, Any], seq: int, first_in_file: bool) -> None:
        prev_hash = rec.get("prev_hash")
        missing_to = rec.get("missing", {}).get("to") if isinstance(rec.get("missing"), dict) else None
        expected = self.expected if missing_to is None else int(missing_to) + 1
        if not self.started:
            self.started = True
            if prev_hash != GENESIS:
                if self.partial:
                    self.notes.append(f"the files given start at seq {seq} ({file}); earlier records not checked")
                else:
                    what = f"records 0 to {seq - 1} are missing before it" if self.seq_mode and seq > 0 \
                        else "the first record(s) are missing"
                    self.fail(file, lineno, f"prev_hash is not the genesis hash: the chain does not start here: "
                                            f"{what} (a first file removed? --partial if archived)")
            return
        if self.prev is None:  # re-synchronising after a broken line: take this record as it is
            return
        gap = seq - expected if self.seq_mode else 0
        if prev_hash == self.prev and gap == 0:
            return
        if first_in_file:
            if gap > 0:
                self.fail(file, lineno, f"gap between {self.last_file} (ends at seq {self.expected - 1}) and {file} "
                                        f"(starts at seq {seq}): {gap} records missing (a file removed?)")
            else:
                self.fail(file, lineno, f"prev_hash does not match the last record of {self.last_file}: "
                                        f"{file} does not continue it")
        elif prev_hash != self.prev:
            more = f" ({gap} records missing before it)" if gap > 0 else ""
            self.fail(file, lineno, f"prev_hash does not match the previous record's hash{more}")
        else:
            self.fail(file, lineno, f"seq {seq} where {expected} was expected")

    def _key(self, file: str, lineno: int, rec: dict[str, Any]) -> None:
        if rec.get("type") == KEY_RECORD:
            new = rec.get("key_id")
            if new is None and self.key_mode is not None:
                self.fail(file, lineno, "the key was removed here: the records from here on are unkeyed "
                                        "(anyone able to write the file could have written them)")
            self.key_mode = str(new) if new is not None else None
        elif self.key_mode is None and "mac" in rec:  # a keyed chain read from its middle (--partial)
            self.key_mode = next((k for k, key in self.keys.items()
                                  if rec["mac"] == key.mac(str(rec.get("hash")))), "unknown")
        if self.key_mode is not None:
            self.last_key = self.key_mode
        if self.key_mode is None:
            if "mac" in rec:
                self.fail(file, lineno, "a mac in an unkeyed chain (no audit_key record announced a key)")
            self.unkeyed += 1
            return
        if "mac" not in rec:
            self.fail(file, lineno, "no mac in a keyed chain: the record was written or rewritten without the key")
            return
        key = self.keys.get(self.key_mode)
        if key is None:
            self.unauthenticated += 1
            self.unknown_keys.add(self.key_mode)
        elif rec["mac"] != key.mac(str(rec.get("hash"))):
            self.fail(file, lineno, "mac does not match: the record was changed by someone without the key")
        else:
            self.authenticated += 1

    def _recovery(self, file: str, lineno: int, rec: dict[str, Any]) -> None:
        where = f"{file}:{lineno}: restart at {rec.get('ts')}"
        if rec.get("unclean_stop"):
            self.notes.append(f"{where} after an unclean stop (crash, kill or power cut)")
        if rec.get("torn_bytes"):
            self.notes.append(f"{where}: a torn last line ({rec['torn_bytes']} bytes) was moved to "
                              f"{rec.get('torn_kept_in')}")
        missing = rec.get("missing")
        if isinstance(missing, dict):
            self.fail(file, lineno, f"records {missing.get('from')} to {missing.get('to')} are missing: at the restart "
                                    f"the log ended before its head anchor ({missing.get('head_ts')}): cut, or lost "
                                    "from the OS buffer with fsync: os")
        if rec.get("head"):
            self.fail(file, lineno, f"at this restart the head anchor was {rec['head']}: a cut or rewritten tail "
                                    "before it cannot be ruled out")
        if rec.get("dropped"):
            self.fail(file, lineno, f"{rec['dropped']} records were not written (the disk refused writes)")


def _sealed(rec: dict[str, Any]) -> tuple[bytes, ...]:
    """The lines the writer may have written for this record (canonical form, or the legacy one for a
    record orjson cannot encode), without their newline."""
    body = {k: v for k, v in rec.items() if k not in SEAL_FIELDS}
    seal = b',"hash":"' + str(rec["hash"]).encode() + b'"'
    if "mac" in rec:
        seal += b',"mac":"' + str(rec["mac"]).encode() + b'"'
    return tuple(form(body)[:-1] + seal + b"}" for form in (_canonical, _legacy_canonical))


def _first_seq(path: Path) -> int:
    """The seq of a file's first record, to order a chain's files (an empty file sorts last)."""
    try:
        with path.open("rb") as fh:
            for raw in fh:
                if raw.strip():
                    try:
                        seq = orjson.loads(raw).get("seq")
                    except (orjson.JSONDecodeError, AttributeError):
                        return -1
                    return seq if type(seq) is int else 0
    except OSError:
        return -1
    return 1 << 62


def _walk_file(walk: _Walk, path: Path, label: str) -> None:
    first = True
    blank: list[int] = []  # blank lines: the writer never writes one (a log from before seq may have them)
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if raw.strip():
                walk.record(label, lineno, raw, first)
                first = False
            else:
                blank.append(lineno)
            if blank and walk.seq_mode:
                walk.fail(label, blank[0], "a blank line: the writer never writes one (the file was edited)")
                blank.clear()


def verify_chain(active: Path, files: list[Path], *, keys: Sequence[AuditKey] = (), public_key: str | None = None,
                 partial: bool = False, no_head: bool = False, open_end: bool | None = None,
                 allow_unkeyed: bool = False, seen: Repeats | None = None) -> VerifyResult:
    """Verify one chain: `files` (all or some of it), against the head anchor next to `active`.

    `partial`: the chain may start before the files given. Its end is checked against the head anchor
    unless `open_end` (by default: `partial` and the live file is not among the files given; `verify_all`
    also keeps the end checked when the chain's folder was given), so archiving old files never hides a
    cut tail.

    Given a key or a public key, a chain they do not authenticate fails, an unkeyed one too (anyone able to
    write the folder can write one), unless `allow_unkeyed` (a log from before the key: said in the output).
    `seen` collects the request records' hashes, for `verify_all` to find a record in two chains.
    """
    if open_end is None:
        open_end = partial and active not in files
    # The head first: read after the files, it could name records written meanwhile.
    head, head_problem = (None, "not read") if no_head else read_head(head_path(active))
    walk = _Walk(keys, partial, head["seq"] if head else None)
    walk.seen = seen
    ordered = sorted(files, key=lambda p: (_first_seq(p), p.name))
    labels = {p: (str(p) if len(files) == 1 else p.name) for p in ordered}
    for path in ordered:
        if seen is not None:
            walk.place = seen.place(str(path))
        try:
            _walk_file(walk, path, labels[path])
        except OSError as exc:
            walk.fail(labels[path], None, f"cannot read: {exc.strerror}")
    head_text, signed = _check_head(walk, active, head, head_problem, keys, public_key, no_head, open_end)
    unkeyed = walk.keyed_from is None and not walk.unknown_keys
    if unkeyed and allow_unkeyed and (keys or public_key is not None) and walk.records and not walk.findings:
        walk.notes.append("an unkeyed chain, accepted by --allow-unkeyed: NOT authenticated (anyone able to write "
                          "the folder could have written it)")
    elif keys and walk.records and walk.authenticated == 0 and not walk.findings:
        walk.fail(str(active), None, "no record is authenticated by the key given: the chain is unkeyed, or "
                                     "keyed with another key")
    elif keys and walk.unauthenticated:
        walk.fail(str(active), None, f"{walk.unauthenticated} records are keyed with a key not given "
                                     f"({', '.join(sorted(walk.unknown_keys))}): give it too (--key-file, repeated)")
    elif public_key is not None and walk.records and not signed and not walk.findings:
        what = ("without a head anchor (--no-head) the public key authenticates nothing" if no_head else
                "an unkeyed chain: no head anchor signed by the public key given" if unkeyed else
                "no head anchor signed by the public key given vouches for it")
        walk.fail(str(active), None, f"not authenticated: {what}; anyone able to write the folder could have "
                                     "written it (--allow-unkeyed accepts an unkeyed log from before the key)")
    result = VerifyResult(ok=not walk.findings, records=walk.records, chain=str(active),
                          files=[labels[p] for p in ordered], first_seq=walk.first_seq, last_seq=walk.last_seq,
                          auth=_auth_text(walk, head if signed else None, public_key), head=head_text,
                          findings=walk.findings, notes=walk.notes)
    if walk.findings:
        first = walk.findings[0]
        result.file, result.line, result.reason = first.file, first.line, first.message
    return result


def _check_head(walk: _Walk, active: Path, head: dict[str, Any] | None, problem: str | None,
                keys: Sequence[AuditKey], public_key: str | None, no_head: bool, open_end: bool) -> tuple[str, bool]:
    """What the head anchor says, and whether it vouches for the records (signature valid, log ends at it)."""
    name = head_path(active).name
    if no_head:
        return "not checked (--no-head)", False
    if head is None:
        if problem == "missing" and not walk.seq_mode:
            return "none (a log written before head anchors: a cut tail is not detectable)", False
        walk.fail(name, None, f"head anchor {problem}: a cut tail cannot be detected (--no-head for a stream "
                              "captured from stdout)")
        return problem or "", False
    findings_before = len(walk.findings)
    if head.get("file") != active.name:
        # The head is signed with its file's name: a chain and its head copied to another name (another
        # worker's, `decisions.w2.jsonl`) would otherwise check as a second chain, every record twice.
        walk.fail(name, None, f"the head anchor was written for {str(head.get('file'))[:200]!r}, not {active.name}: "
                              "the chain was copied or renamed from another file (its records counted twice?)")
    head_key = head.get("key_id")
    key = next((k for k in keys if k.key_id == head_key), None)
    if key is not None and not head_mac_ok(head, key):
        walk.fail(name, None, "the head anchor's mac does not match: it was changed by someone without the key")
    if head_key is None and walk.key_mode is not None:
        walk.fail(name, None, "the head anchor is unkeyed but the chain is keyed: a forged head?")
    signed = ""
    if public_key is not None:
        if head.get("pub") != public_key.lower():
            walk.fail(name, None, "the head anchor is not signed by the public key given")
        elif not verify_signature(public_key, head_signed_bytes(head), str(head.get("sig", ""))):
            walk.fail(name, None, "the head anchor's signature is invalid")
        else:
            signed = ", signature valid"
    seq = int(head["seq"])
    last = walk.last_seq if walk.last_seq is not None else -1
    if seq > last and open_end:
        walk.notes.append(f"the files given end at seq {last}, the head anchor names seq {seq}: later records "
                          "not checked (--partial, and the live file was not given)")
    elif seq > last:
        walk.fail(name, None, f"cut tail: the log ends at seq {last} but its head anchor ({head.get('ts')}) names "
                              f"seq {seq}: {seq - last} records missing")
    elif seq >= 0 and walk.hash_at_head is not None and walk.hash_at_head != head.get("hash"):
        walk.fail(name, None, f"record seq {seq} does not match the head anchor: the log was rewritten")
    after = last - seq
    if after > 0 and head.get("state") == "closed":
        walk.fail(name, None, f"{after} records after the head anchor, which says the writer closed the log at "
                              f"seq {seq}: no writer wrote them (appended later)")
    vouches = bool(signed) and len(walk.findings) == findings_before and seq <= last
    return (f"seq {seq} ({head.get('ts')}, {head.get('state')}){signed}"
            + (f"; {after} records after it (written after its last update)" if after > 0 else "")), vouches


def _auth_text(walk: _Walk, head: dict[str, Any] | None, public_key: str | None) -> str:
    if walk.keyed_from is None:
        return ("unkeyed chain: it shows accidental damage, but anyone able to write the files could rewrite "
                "them undetected")
    keyed = f"keyed (key {walk.last_key})"
    if walk.unkeyed_before:
        keyed += f" from seq {walk.keyed_from}, {walk.unkeyed_before} earlier records unkeyed"
    if walk.key_mode is None:
        keyed += f", then unkeyed ({walk.unkeyed - walk.unkeyed_before} records after the key was removed)"
    if walk.unauthenticated == 0:
        return f"{keyed}: every keyed record authenticated"
    if public_key is not None and head is not None:
        return (f"{keyed}: MACs not checked (no key given); records up to seq {head['seq']} authenticated by the "
                "signed head anchor")
    return (f"{keyed}: NOT authenticated: give the key ($GUARDRAIL_AUDIT_KEY or --key-file) or its public key "
            "(--public-key)")


def verify_all(paths: Sequence[str | os.PathLike[str]], **options: Any) -> list[VerifyResult]:
    """Verify every chain among the files and folders given (a folder: its `*.jsonl` files)."""
    given = [Path(p) for p in paths]
    chains = discover(given)
    folders = {p.resolve() for p in given if p.is_dir()}
    results = []
    seen = Repeats()
    chain_of: dict[int, tuple[VerifyResult, str]] = {}  # a file's place in `seen` -> its chain's result, label
    for active, files in chains.items():
        # With --partial, a chain's end is left open only for files named one by one, without the live file:
        # a folder given (its live file deleted or not) is checked up to its head anchor.
        open_end = (bool(options.get("partial")) and active not in files
                    and active.parent.resolve() not in folders)
        result = verify_chain(active, files, open_end=open_end, seen=seen, **options)
        results.append(result)
        for path in files:
            chain_of[seen.place(str(path))] = (result, str(path) if len(files) == 1 else path.name)
    _copies_across_chains(seen, chain_of)
    return results


def _copies_across_chains(seen: Repeats, chain_of: dict[int, tuple[VerifyResult, str]]) -> None:
    """The same request record (same hash: same content, seq and prev_hash) in two chains: one is a copy,
    and each copy checks on its own. Named in both chains, with the first line of each."""
    pairs: dict[tuple[int, int], list[int]] = {}  # (place, other place) -> [count, first line here, there]
    for group in seen.groups():
        for a in group:
            for b in group:
                if a.place == b.place or a.place not in chain_of or b.place not in chain_of:
                    continue
                if chain_of[a.place][0] is chain_of[b.place][0]:
                    continue  # in one chain, its seq and prev_hash already name it
                entry = pairs.setdefault((a.place, b.place), [0, a.line, b.line])
                entry[0] += 1
                if a.line < entry[1]:
                    entry[1], entry[2] = a.line, b.line
    for (here, there), (count, line, other_line) in sorted(pairs.items()):
        result, label = chain_of[here]
        other = chain_of[there][1]
        message = (f"{count} request record{'s' if count != 1 else ''} also in {other} (line {other_line}): the "
                   "same records in two chains, one a copy (inserted: `report` would count them twice)")
        result.findings.append(Finding(label, line, message))
        if result.ok:
            result.ok, result.file, result.line, result.reason = False, label, line, message


def verify(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], **options: Any) -> VerifyResult:
    """Verify a file, a folder or several files; one result (the first failing chain's, if any fails)."""
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    results = verify_all(paths, **options)
    if not results:
        return VerifyResult(False, 0, reason="no decision log found")
    failed = [r for r in results if not r.ok]
    if len(results) == 1 or failed:
        return failed[0] if failed else results[0]
    merged = results[0]
    merged.records = sum(r.records for r in results)
    return merged


def verify_lines(lines: Iterable[bytes]) -> VerifyResult:
    """Check the chain of a stream of lines (no head anchor, no files); the first problem's line number."""
    walk = _Walk((), False, None)
    first = True
    for lineno, raw in enumerate(lines, start=1):
        if raw.strip():
            walk.record("-", lineno, raw, first)
            first = False
    result = VerifyResult(ok=not walk.findings, records=walk.records, first_seq=walk.first_seq,
                          last_seq=walk.last_seq, auth=_auth_text(walk, None, None), findings=walk.findings,
                          notes=walk.notes)
    if walk.findings:
        result.file, result.line, result.reason = walk.findings[0].file, walk.findings[0].line, walk.findings[0].message
    return result
