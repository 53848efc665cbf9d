"""Writing the decision log: chain each record, append it, keep the head anchor, rotate, recover at start.

On the event loop, `write()` only chains a record (its seq, prev_hash, hash and, with a key, mac) and
queues its line; `flush()` appends the lines of one loop iteration with one write call, to the page
cache (as before this log had a head). Everything that can block for long runs in one background
thread, once a second (and after each batch with `fsync: always`): fsync, rotation (rename, a new
file), and the head anchor (the last seq and hash, replaced atomically, signed when keyed).

At start, under an exclusive flock (one writer per chain: a second process fails with a clear error),
the writer finds the chain's last record, moves a torn last line aside, compares the end of the log
with the head anchor, and chains one `audit_recovery` record saying what it found (an unclean stop,
a torn tail kept in which file, records missing between the log and the head).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from proxy.audit.chain import GENESIS, KEY_RECORD, RECOVERY_RECORD, parse_record, seal_line
from proxy.audit.files import (
    TailError,
    build_head,
    count_lines,
    fsync_dir,
    head_mac_ok,
    head_path,
    lock_path,
    read_head,
    read_tail,
    rotated_files,
    rotated_path,
    torn_path,
    write_all,
    write_head,
)
from proxy.audit.keys import AuditKey, AuditKeyError, load_key

if TYPE_CHECKING:
    from proxy.config.settings import Settings

log = logging.getLogger("guardrail.audit")

FsyncPolicy = Literal["always", "second", "os"]
# Beyond this many unwritten bytes (a full disk), new records are counted, not chained; once the
# disk takes writes again one `audit_recovery` record says how many were dropped.
BACKLOG_LIMIT = 64 << 20


class DecisionLogError(Exception):
    """The decision log cannot be opened. The message says what to do; it never holds record content."""


class DecisionLogLocked(DecisionLogError):
    pass


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _acquire_lock(active: Path) -> int:
    """An exclusive flock on `<log>.lock`, held while the writer lives (the OS drops it if we die)."""
    fd = os.open(lock_path(active), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = "".join(ch for ch in os.read(fd, 32).decode(errors="replace") if ch.isdigit()) or "unknown"
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise DecisionLogLocked(
                f"decision log {active} is already being written by another process (pid {holder}); two "
                "writers would fork its chain: give each proxy process its own decision_log.path") from None
        raise DecisionLogError(f"decision log {active}: cannot lock {lock_path(active)}: {exc.strerror}") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _lock_active(fd: int, active: Path) -> None:
    """Also flock the active file itself: a deleted lock file must not let a second writer in."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise DecisionLogLocked(
            f"decision log {active} is already being written by another process (its lock file was removed); "
            "two writers would fork its chain: give each proxy process its own decision_log.path") from None


def _first_record_time(path: Path) -> float | None:
    """When the file's first record was written (its `ts`), for rotation by age across restarts."""
    try:
        with path.open("rb") as fh:
            rec = parse_record(fh.readline(1 << 20))
    except OSError:
        return None
    try:
        return datetime.fromisoformat(str(rec["ts"])).timestamp() if rec else None
    except (KeyError, ValueError):
        return None


class DecisionLog:
    """Appends chained records to a JSONL file (or stdout when path is "-")."""

    def __init__(self, path: str | Path, *, key: AuditKey | None = None, fsync: FsyncPolicy = "second",
                 rotate_bytes: int = 0, rotate_seconds: float = 0.0, interval: float = 1.0) -> None:
        # Resolved: two paths to one file (a symlink) must meet at one lock.
        self.path = None if str(path) == "-" else Path(path).resolve()
        self.key = key
        self.fsync = fsync
        self.rotate_bytes = rotate_bytes
        self.rotate_seconds = rotate_seconds
        self.recovery: dict[str, Any] | None = None  # the audit_recovery record written at start, if any
        self._mac = key.mac if key is not None else None
        self._interval = interval
        self._pending: list[bytes] = []
        self._scheduled = False
        self._closed = False
        self._seq, self._prev = 0, GENESIS
        self._dropped = 0
        # Shared with the sync thread, under self._io (held for a write call or a rename, never an fsync):
        self._io = threading.Lock()
        self._fd = -1
        self._backlog = b""                       # bytes a failed write left, retried first
        self._backlog_last = (-1, GENESIS)
        self._written = (-1, GENESIS)             # seq and hash of the last record in the file
        self._file_bytes = 0
        self._file_records = 0
        self._file_first_seq = 0
        self._file_started = time.time()
        # The sync thread's own:
        self._wake = threading.Event()
        self._stopping = False
        self._closing = False  # set before close's last flush: no rotation after it (the live file keeps its tail)
        self._synced_seq = -1
        self._head_seq = -2
        self._head_at = 0.0
        self._last_error_at = 0.0
        self._lock_fd = -1
        self._thread: threading.Thread | None = None
        if self.path is None:
            if key is not None:  # a stdout chain starts keyed: say with which key
                self.write({"type": KEY_RECORD, "ts": _now_iso(), "key_id": key.key_id, "prev_key_id": None})
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _acquire_lock(self.path)
        try:
            self._open_chain(self.path)
        except BaseException:
            if self._fd >= 0:
                os.close(self._fd)
            os.close(self._lock_fd)
            raise
        self._thread = threading.Thread(target=self._run, name="decision-log-sync", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ start: find the end, recover

    def _open_chain(self, active: Path) -> None:
        self._fd = os.open(active, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        _lock_active(self._fd, active)
        events: dict[str, Any] = {}
        older = rotated_files(active)
        # The chain ends in the active file, or, when that holds no record yet (stopped right after a
        # rotation), in the newest rotated one. A torn end is moved aside wherever it is.
        for candidate in [active, *older[-1:]]:
            try:
                tail = read_tail(candidate)
            except TailError as exc:
                raise DecisionLogError(f"decision log: {exc}: move the file aside and start again") from None
            if tail.torn:
                kept = torn_path(active)
                self._move_aside(tail.path, tail.end, tail.torn, kept)
                events["torn_bytes"] = events.get("torn_bytes", 0) + len(tail.torn)
                events["torn_kept_in"] = kept.name
                log.warning("decision log: a torn last line (%d bytes) of %s moved to %s",
                            len(tail.torn), tail.path.name, kept.name)
            if tail.last is not None:
                break
        last = tail.last
        if last is None:
            seq, prev = 0, GENESIS
        elif isinstance(last.get("seq"), int):
            seq, prev = last["seq"] + 1, last["hash"]
        else:  # written before records had a seq: the seq is the record's line number, from 0
            seq, prev = count_lines(tail.path, tail.end), last["hash"]
        seq = self._check_head(active, tail.last, tail.record_at, seq, events)
        self._seq, self._prev = seq, prev
        self._file_bytes = os.fstat(self._fd).st_size
        has_records = self._file_bytes > 0
        self._file_records = 1 if has_records else 0
        first = None
        if has_records:
            with active.open("rb") as fh:
                first = parse_record(fh.readline(1 << 20))
        self._file_first_seq = first["seq"] if first and isinstance(first.get("seq"), int) else (0 if first else seq)
        self._file_started = (_first_record_time(active) if has_records else None) or time.time()
        self._written = (seq - 1, prev)
        # The key record first: the recovery record is already MACed with the key in force.
        chain_key = self._chain_key(last)
        want = self.key.key_id if self.key is not None else None
        if want != chain_key and chain_key is not None:
            if want is None:
                log.error("decision log: the chain is keyed (key %s) but no key is configured: the records from "
                          "here on are unkeyed, and `audit verify` reports it", chain_key)
            else:
                log.warning("decision log: key %s replaces key %s: `audit verify` needs both", want, chain_key)
        if want != chain_key:
            self.write({"type": KEY_RECORD, "ts": _now_iso(), "key_id": want, "prev_key_id": chain_key})
        if events:
            self.recovery = self.write({"type": RECOVERY_RECORD, "ts": _now_iso(), **events})
        self.flush()
        os.fsync(self._fd)
        fsync_dir(active.parent)
        self._synced_seq = self._written[0]
        self._write_head("open")

    def _check_head(self, active: Path, last: dict[str, Any] | None,
                    record_at: Callable[[int], dict[str, Any] | None], seq: int,
                    events: dict[str, Any]) -> int:
        """Compare the end of the log with the head anchor; returns the seq to continue from."""
        head, problem = read_head(head_path(active))
        if head is None:
            if last is not None and isinstance(last.get("seq"), int):
                events["head"] = problem  # records with a seq are only written with a head beside them
            return seq
        if head.get("state") == "open":
            events["unclean_stop"] = True
        if self.key is not None and head.get("key_id") == self.key.key_id and not head_mac_ok(head, self.key):
            events["head"] = "invalid"
            return seq
        head_seq = head["seq"]
        if head_seq >= seq:
            events["missing"] = {"from": seq, "to": head_seq, "head_ts": head.get("ts")}
            log.error("decision log: records %d to %d are missing (the head anchor of %s names seq %d)",
                      seq, head_seq, head.get("ts"), head_seq)
            return int(head_seq) + 1
        at = record_at(head_seq) if head_seq >= 0 else None
        if at is not None and at.get("hash") != head.get("hash"):
            events["head"] = "mismatch"
        return seq

    def _chain_key(self, last: dict[str, Any] | None) -> str | None:
        """Which key the chain's last record was MACed with (None: unkeyed; "unknown": not ours)."""
        if last is None or "mac" not in last:
            return None
        if self.key is not None and last["mac"] == self.key.mac(str(last["hash"])):
            return self.key.key_id
        head, _ = read_head(head_path(self.path)) if self.path is not None else (None, None)
        return str(head["key_id"]) if head and head.get("key_id") else "unknown"

    @staticmethod
    def _move_aside(path: Path, end: int, torn: bytes, kept: Path) -> None:
        """Copy the torn bytes to `kept` (durably), then cut them off the log."""
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            write_all(fd, torn)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.truncate(path, end)

    # ------------------------------------------------------------------ the hot path (event loop)

    def write(self, record: dict[str, Any]) -> dict[str, Any]:
        """Chain and queue one record; it reaches the file at the end of this loop iteration."""
        if len(self._backlog) > BACKLOG_LIMIT:
            self._dropped += 1  # not chained: the chain stays whole; the count is recorded later
            return record
        record["seq"] = self._seq
        record["prev_hash"] = self._prev
        self._pending.append(seal_line(record, self._mac))
        self._seq += 1
        self._prev = record["hash"]
        if not self._scheduled:
            self._scheduled = True
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no loop (CLI use): write now
                self.flush()
        return record

    def flush(self) -> None:
        """Append the queued lines with one write call (to the page cache: no fsync here)."""
        self._scheduled = False
        if not self._pending:
            return
        data = b"".join(self._pending)
        count = len(self._pending)
        self._pending.clear()
        if self.path is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        if self._closed:
            log.error("decision log: %d records written after close were dropped", count)
            return
        with self._io:
            ok = self._append_locked(data, count, (self._seq - 1, self._prev))
        if ok and self._dropped and len(self._backlog) == 0:
            dropped, self._dropped = self._dropped, 0
            self.write({"type": RECOVERY_RECORD, "ts": _now_iso(), "dropped": dropped})
        if self.fsync == "always":
            self._wake.set()

    def _append_locked(self, data: bytes, count: int, last: tuple[int, str]) -> bool:
        if self._backlog:
            data = self._backlog + data
        try:
            write_all(self._fd, data)
        except OSError as exc:
            done = getattr(exc, "written", 0)
            self._backlog = data[done:]
            self._file_bytes += done
            self._backlog_last = last
            self._report(f"cannot write to {self.path} ({exc.strerror}): {len(self._backlog)} bytes kept "
                         "in memory, retried every second")
            return False
        self._backlog = b""
        self._file_bytes += len(data)
        self._file_records += count
        self._written = last
        return True

    def _report(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_error_at > 60:
            self._last_error_at = now
            log.error("decision log: %s", message)

    # ------------------------------------------------------------------ the sync thread

    def _run(self) -> None:
        while True:
            self._wake.wait(self._interval)
            self._wake.clear()
            final = self._stopping
            try:
                self._tick(final)
            except Exception as exc:  # keep syncing: one failed fsync or rename must not stop the rest
                self._report(f"background sync failed: {type(exc).__name__}: {getattr(exc, 'strerror', '')}")
            if final:
                return

    def _tick(self, final: bool) -> None:
        with self._io:
            if self._backlog:
                self._append_locked(b"", 0, self._backlog_last)
            fd, (seq, _), size = self._fd, self._written, self._file_bytes
        durable = self.fsync != "os"
        if seq != self._synced_seq and (durable or final):
            os.fsync(fd)
            self._synced_seq = seq
        rotated = not final and not self._closing and self._maybe_rotate(size, durable)
        now = time.monotonic()
        if final or rotated or (seq != self._head_seq and now - self._head_at >= self._interval * 0.9):
            self._write_head("closed" if final else "open")

    def _maybe_rotate(self, size: int, durable: bool) -> bool:
        assert self.path is not None
        by_size = self.rotate_bytes > 0 and size >= self.rotate_bytes
        by_age = self.rotate_seconds > 0 and time.time() - self._file_started >= self.rotate_seconds
        if not (by_size or by_age) or self._file_records == 0:
            return False
        with self._io:
            if self._backlog or self._file_records == 0:
                return False
            target = rotated_path(self.path, self._file_first_seq)
            os.rename(self.path, target)
            try:
                new_fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o666)
            except OSError:
                os.rename(target, self.path)
                raise
            with contextlib.suppress(OSError):  # a file just made with O_EXCL: no one else can hold it
                fcntl.flock(new_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            old_fd, self._fd = self._fd, new_fd
            self._file_bytes = self._file_records = 0
            self._file_first_seq = self._written[0] + 1
            self._file_started = time.time()
            last_seq = self._written[0]
        if durable:
            os.fsync(old_fd)
            self._synced_seq = last_seq
        os.close(old_fd)
        if durable:
            fsync_dir(self.path.parent)
        log.info("decision log: rotated to %s", target.name)
        return True

    def _write_head(self, state: str) -> None:
        assert self.path is not None
        seq, digest = self._written
        # With `fsync: os` the head is as durable as the log it describes: both stay in the page cache.
        durable = self.fsync != "os" or state == "closed"
        write_head(head_path(self.path), build_head(self.path, seq, digest, state, self.key), durable)
        self._head_seq, self._head_at = seq, time.monotonic()

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Flush, fsync, write the head as closed, release the lock. Blocks (one fsync): not for the loop's
        hot path."""
        if self._closed:
            return
        self._closing = True  # a tick between this last flush and the thread's stop must not rotate it away
        self.flush()
        self._closed = True
        if self.path is None:
            return
        if self._thread is not None:
            self._stopping = True
            self._wake.set()
            self._thread.join()
        if self._backlog:
            log.error("decision log: %d bytes could not be written to %s before close", len(self._backlog), self.path)
        os.close(self._fd)
        os.close(self._lock_fd)
        self._fd = self._lock_fd = -1


WORKER_ENV = "GUARDRAIL_WORKER"  # set by `serve --workers N` for each HTTP worker: 1..N


def open_decision_log(settings: Settings, env: Mapping[str, str]) -> DecisionLog:
    """The decision log proxy.yaml's `decision_log` describes (the key from its key file or `env`)."""
    cfg = settings.proxy.decision_log
    key = load_key(settings.resolve(cfg.key_file) if cfg.key_file else None, env)
    path: str | Path = "-" if cfg.path == "-" else settings.resolve(cfg.path)
    worker = env.get(WORKER_ENV)
    if worker and isinstance(path, Path):  # `serve --workers N`: one chain (one writer) per HTTP worker
        path = path.with_name(f"{path.stem}.w{worker}{path.suffix}" if path.suffix == ".jsonl"
                              else f"{path.name}.w{worker}")
    return DecisionLog(path, key=key, fsync=cfg.fsync, rotate_bytes=int(cfg.rotate.max_mb * (1 << 20)),
                       rotate_seconds=cfg.rotate.max_hours * 3600.0)


def reopen_decision_log(current: DecisionLog, old: Settings, new: Settings, env: Mapping[str, str]) -> DecisionLog:
    """The log to use after a reload that changed `decision_log`; the current one when the new cannot open.

    Runs on the event loop: closing takes one fsync and opening reads a log's tail, a few ms, once per
    reload, never on a request's path. The same path is closed first (its lock allows one writer).
    """
    if old.proxy.decision_log == new.proxy.decision_log and old.decision_log_path == new.decision_log_path:
        return current
    same = old.decision_log_path == new.decision_log_path and old.decision_log_path is not None
    if same:
        current.close()
    try:
        opened = open_decision_log(new, env)
    except (DecisionLogError, AuditKeyError, OSError) as exc:
        log.error("config reload: the decision log is unchanged: %s", exc)
        return open_decision_log(old, env) if same else current
    if not same:
        current.close()
    return opened
