"""The decision log: one JSON record per request, hash-chained, written to a file or stdout.

Each record carries `prev_hash` (the previous record's `hash`, 64 zeros for the first) and `hash`,
the SHA-256 of the record's canonical JSON without `hash`. Editing, deleting or reordering any line
breaks the chain, which `verify()` reports by line number. Records are appended in batches at the
end of each event-loop iteration: one write call however many requests finished together.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

GENESIS = "0" * 64


def _legacy_canonical(record: dict[str, Any]) -> bytes:
    """The canonical form of the first releases (stdlib json); still accepted by `verify`."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _canonical(record: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8 (orjson: about ten times faster than the stdlib on the hot path).
    A record orjson cannot encode (an integer beyond 64 bits, a non-string key) uses the legacy form."""
    try:
        return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return _legacy_canonical(record)


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the record without its `hash` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _hash_matches(record: dict[str, Any], stored: Any) -> bool:
    body = {k: v for k, v in record.items() if k != "hash"}
    return any(stored == hashlib.sha256(form(body)).hexdigest() for form in (_canonical, _legacy_canonical))


def _last_hash(path: Path) -> str:
    """The `hash` of the last complete record in an existing log, so a restart continues the chain."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return GENESIS
    if size == 0:
        return GENESIS
    with path.open("rb") as fh:
        step = 65536
        pos = size
        tail = b""
        while pos > 0:
            read = min(step, pos)
            pos -= read
            fh.seek(pos)
            tail = fh.read(read) + tail
            lines = [ln for ln in tail.split(b"\n") if ln.strip()]
            if len(lines) >= 2 or (pos == 0 and lines):
                try:
                    value = json.loads(lines[-1]).get("hash")
                except ValueError:
                    value = None
                return value if isinstance(value, str) else GENESIS
    return GENESIS


class DecisionLog:
    """Appends hash-chained records to a JSONL file (or stdout when path is "-")."""

    def __init__(self, path: str | Path) -> None:
        self.path = None if str(path) == "-" else Path(path)
        self._fh: IO[bytes] | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._prev = _last_hash(self.path)
            self._fh = self.path.open("ab")
        else:
            self._prev = GENESIS
        self._pending: list[bytes] = []
        self._scheduled = False

    def write(self, record: dict[str, Any]) -> dict[str, Any]:
        """Chain and queue one record; it reaches the file at the end of this loop iteration."""
        record["prev_hash"] = self._prev
        record.pop("hash", None)
        canonical = _canonical(record)
        digest = hashlib.sha256(canonical).hexdigest()
        record["hash"] = digest
        self._prev = digest
        self._pending.append(canonical[:-1] + b',"hash":"' + digest.encode() + b'"}\n')
        if not self._scheduled:
            self._scheduled = True
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no loop (CLI use): write now
                self.flush()
        return record

    def flush(self) -> None:
        self._scheduled = False
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if self._fh is not None:
            self._fh.write(data)
            self._fh.flush()
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    def close(self) -> None:
        self.flush()
        if self._fh is not None:
            self._fh.close()
            self._fh = None


@dataclass
class VerifyResult:
    ok: bool
    records: int
    line: int | None = None
    reason: str | None = None


def verify_lines(lines: Iterable[bytes]) -> VerifyResult:
    """Check the chain; on the first broken line return its 1-based number and why."""
    prev = GENESIS
    count = 0
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            return VerifyResult(False, count, lineno, "not valid JSON")
        if not isinstance(record, dict):
            return VerifyResult(False, count, lineno, "not a JSON object")
        if record.get("prev_hash") != prev:
            return VerifyResult(False, count, lineno, "prev_hash does not match the previous record's hash")
        stored = record.get("hash")
        if not isinstance(stored, str) or not _hash_matches(record, stored):
            return VerifyResult(False, count, lineno, "hash does not match the record's content")
        prev = stored
        count += 1
    return VerifyResult(True, count)


def verify(path: str | os.PathLike[str]) -> VerifyResult:
    with open(path, "rb") as fh:
        return verify_lines(fh)
