"""Team API keys: how they are made, and the `sha256:<hex>` form that teams.yaml stores.

A key is shown once, when it is created; only its hash is ever written down. Requests are matched
by hashing the presented key and looking the hash up, so no secret comparison is needed.
"""

from __future__ import annotations

import hashlib
import re
import secrets

KEY_PREFIX = "gp-"
KEY_HASH_PREFIX = "sha256:"
KEY_HASH_RE = re.compile(r"sha256:[0-9a-f]{64}")


def generate_key() -> str:
    """A new team key: `gp-` and 256 random bits, URL-safe."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The form stored in teams.yaml: `sha256:` + the hex digest of the UTF-8 key."""
    # surrogatepass: a garbled header must hash to "no such key", never raise.
    digest = hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()
    return KEY_HASH_PREFIX + digest


def is_key_hash(value: str) -> bool:
    """True for `sha256:` followed by exactly 64 lowercase hex digits."""
    return KEY_HASH_RE.fullmatch(value) is not None
