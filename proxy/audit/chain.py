"""The decision log's chain: canonical forms, record hashes, and the line a sealed record becomes.

A record's `hash` is the SHA-256 of its canonical JSON without `hash` and `mac`; the canonical JSON
includes `seq` (its place in the chain) and `prev_hash` (the previous record's `hash`), so editing,
deleting, inserting or reordering records breaks the chain. The SHA-256 chain is public: anyone can
check it, and anyone able to write the file could also recompute it. With a key, each record also
carries `mac`, HMAC-SHA256(key, hash): without the key a rewritten record cannot get a valid one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

GENESIS = "0" * 64
# Fields not covered by a record's hash: the hash itself, and the MAC over the hash.
SEAL_FIELDS = ("hash", "mac")
# Control records the log writes itself (as opposed to decision and budget records).
KEY_RECORD = "audit_key"            # the key in force from this record on (key_id, or null: unkeyed)
RECOVERY_RECORD = "audit_recovery"  # what the writer found at start: torn tail, unclean stop, records missing


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


def _body(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in SEAL_FIELDS}


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the record without its `hash` and `mac` fields."""
    return hashlib.sha256(_canonical(_body(record))).hexdigest()


def hash_matches(record: dict[str, Any], stored: object) -> bool:
    """Whether `stored` is the record's hash in the current or the legacy canonical form."""
    body = _body(record)
    return any(stored == hashlib.sha256(form(body)).hexdigest() for form in (_canonical, _legacy_canonical))


def seal_line(record: dict[str, Any], mac_of: Any = None) -> bytes:
    """Set the record's `hash` (and `mac`, when `mac_of(hash) -> str` is given); return its JSONL line.

    The line is the canonical JSON with the seal fields appended, so hashing costs one encoding.
    """
    for name in SEAL_FIELDS:
        record.pop(name, None)
    canonical = _canonical(record)
    digest = hashlib.sha256(canonical).hexdigest()
    record["hash"] = digest
    tail = b',"hash":"' + digest.encode() + b'"'
    if mac_of is not None:
        mac: str = mac_of(digest)
        record["mac"] = mac
        tail += b',"mac":"' + mac.encode() + b'"'
    return canonical[:-1] + tail + b"}\n"


def parse_record(raw: bytes) -> dict[str, Any] | None:
    """A line as a record (a JSON object with a string `hash`), else None."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:  # orjson refuses what the stdlib wrote in a few corner cases (lone surrogates)
            value = json.loads(raw)
        except (ValueError, RecursionError):  # nested too deeply: not a record the writer wrote
            return None
    if isinstance(value, dict) and isinstance(value.get("hash"), str):
        return value
    return None
