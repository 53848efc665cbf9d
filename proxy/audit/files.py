"""The decision log's files: their names, the head anchor, the tail of a log, a chain's files on disk.

For `decision_log.path: .guardrail/decisions.jsonl`:

    decisions.jsonl                                 the file being written (the active file)
    decisions-20261103T120000Z-000000004096.jsonl   rotated: closed at that UTC time, first record seq 4096
    decisions.jsonl.head                            the head anchor: last seq and hash, signed when keyed
    decisions.jsonl.lock                            held (flock) by the one process writing this chain
    decisions.jsonl.torn-20261103T120000Z           a torn last line moved aside at start, for forensics

Only `*.jsonl` files (with their `.head`) are read when a folder is verified: torn and lock files are not.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proxy.audit.chain import _canonical, parse_record
from proxy.audit.keys import AuditKey

HEAD_VERSION = 1
TAIL_WINDOW = 1 << 20  # the last record is looked for in the file's last MiB
_ROTATED = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}T\d{6}Z)-(?P<seq>\d{12,})(?P<suffix>\.jsonl)?$")


def utc_stamp(when: float | None = None) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if when is None else when))


def head_path(active: Path) -> Path:
    return active.with_name(active.name + ".head")


def lock_path(active: Path) -> Path:
    return active.with_name(active.name + ".lock")


def _split(active: Path) -> tuple[str, str]:
    suffix = active.suffix if active.suffix == ".jsonl" else ""
    return active.name[: len(active.name) - len(suffix)], suffix


def rotated_path(active: Path, first_seq: int, when: float | None = None) -> Path:
    stem, suffix = _split(active)
    return active.with_name(f"{stem}-{utc_stamp(when)}-{first_seq:012d}{suffix}")


def torn_path(active: Path, when: float | None = None) -> Path:
    base = active.with_name(f"{active.name}.torn-{utc_stamp(when)}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def rotated_files(active: Path) -> list[Path]:
    """The chain's rotated files next to `active`, oldest first (by first seq in the name)."""
    stem, suffix = _split(active)
    found: list[tuple[int, Path]] = []
    try:
        entries = list(active.parent.iterdir())
    except FileNotFoundError:
        return []
    for entry in entries:
        m = _ROTATED.match(entry.name)
        if m and m["stem"] == stem and (m["suffix"] or "") == suffix:
            found.append((int(m["seq"]), entry))
    return [p for _, p in sorted(found)]


def active_of(path: Path) -> Path:
    """The active file of the chain `path` belongs to (itself unless it is a rotated file)."""
    m = _ROTATED.match(path.name)
    return path.with_name(m["stem"] + (m["suffix"] or "")) if m else path


def discover(paths: list[Path]) -> dict[Path, list[Path]]:
    """Group the given files and folders' `*.jsonl` files by chain: {active path: [files present]}.

    A folder's `*.jsonl.head` files name chains too, so a chain whose files are all gone is still found.
    """
    chains: dict[Path, list[Path]] = {}
    for path in paths:
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.name.endswith(".jsonl.head"):
                    chains.setdefault(entry.with_name(entry.name[: -len(".head")]), [])
                elif entry.name.endswith(".jsonl") and entry.is_file():
                    chains.setdefault(active_of(entry), []).append(entry)
        else:
            chains.setdefault(active_of(path), []).append(path)
    return chains


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes | memoryview) -> int:
    """Write everything; returns the bytes written. OSError carries how far it got in `written`."""
    view = memoryview(data)
    done = 0
    while done < len(view):
        try:
            done += os.write(fd, view[done:])
        except OSError as exc:
            exc.written = done  # type: ignore[attr-defined]
            raise
    return done


# --------------------------------------------------------------------------- the head anchor


def head_signed_bytes(head: dict[str, Any]) -> bytes:
    """What a head's `mac` and `sig` cover: the head without them, canonical."""
    return _canonical({k: v for k, v in head.items() if k not in ("mac", "sig")})


def build_head(active: Path, seq: int, digest: str, state: str, key: AuditKey | None,
               file: str | None = None) -> dict[str, Any]:
    head: dict[str, Any] = {"v": HEAD_VERSION, "file": file or active.name, "seq": seq, "hash": digest,
                            "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "state": state,
                            "key_id": key.key_id if key else None}
    if key is not None:
        head["pub"] = key.public_key
        signed = head_signed_bytes(head)
        head["mac"] = key.mac_bytes(signed)
        head["sig"] = key.sign(signed)
    return head


def write_head(path: Path, head: dict[str, Any], durable: bool) -> None:
    """Replace the head file atomically (write a temporary file, rename it over the old one)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        write_all(fd, _canonical(head) + b"\n")
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if durable:
        fsync_dir(path.parent)


def read_head(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(head, None), or (None, "missing" | "unreadable")."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, "missing"
    except OSError:
        return None, "unreadable"
    record = parse_record(raw.strip())
    if record is None or not isinstance(record.get("seq"), int) or record.get("v") != HEAD_VERSION:
        return None, "unreadable"
    return record, None


def head_mac_ok(head: dict[str, Any], key: AuditKey) -> bool:
    return head.get("key_id") == key.key_id and head.get("mac") == key.mac_bytes(head_signed_bytes(head))


# --------------------------------------------------------------------------- the tail of a log


@dataclass
class Tail:
    """The end of a log file: the last complete record, and whatever follows it."""

    path: Path
    size: int
    end: int = 0                                   # offset after the last record's newline
    last: dict[str, Any] | None = None
    torn: bytes = b""                              # non-blank bytes after the last record
    lines: list[bytes] = field(default_factory=list)  # complete lines in the window, last one first

    def record_at(self, seq: int) -> dict[str, Any] | None:
        """The record with this seq, if it lies in the window read."""
        for raw in self.lines:
            rec = parse_record(raw)
            if rec is not None and rec.get("seq") == seq:
                return rec
            if rec is not None and isinstance(rec.get("seq"), int) and rec["seq"] < seq:
                return None
        return None


class TailError(Exception):
    pass


def read_tail(path: Path, window: int | None = None) -> Tail:
    """Find the last complete record of `path`. Raises TailError when its last MiB holds none."""
    window = window or TAIL_WINDOW
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Tail(path, 0)
    start = max(0, size - window)
    with path.open("rb") as fh:
        fh.seek(start)
        data = fh.read(size - start)
    tail = Tail(path, size)
    pos = len(data)
    # Walk back line by line: [begin, end) of each line, newline included.
    while pos > 0:
        begin = data.rfind(b"\n", 0, pos - 1) + 1
        if begin == 0 and start > 0:
            break  # the window cut this line: it is not whole
        line = data[begin:pos]
        if line.endswith(b"\n"):
            if line.strip():
                tail.lines.append(line)
            if tail.last is None and (rec := parse_record(line)) is not None:
                tail.last, tail.end = rec, start + pos
        pos = begin
    if tail.last is None:
        if start > 0:
            raise TailError(f"{path}: no complete record in its last {window:,} bytes")
        tail.end = 0
    rest = data[tail.end - start:]
    if rest.strip():
        tail.torn = rest
    else:
        tail.end = size  # only blank lines follow: leave them
    return tail


def count_lines(path: Path, end: int) -> int:
    """Non-blank lines before offset `end` (the implicit seq of a log written before records had one)."""
    count = 0
    done = 0
    with path.open("rb") as fh:
        for line in fh:
            done += len(line)
            if line.strip():
                count += 1
            if done >= end:
                break
    return count
