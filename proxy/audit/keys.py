"""The decision log's key: where it comes from, the MACs it makes, and the signing key derived from it.

One secret (`decision_log.key_file`, else `$GUARDRAIL_AUDIT_KEY`) does three things:
- `mac(hash)`: HMAC-SHA256 over each record's hash: only a key holder can check or forge it;
- `key_id`: a fingerprint naming the key in the log (HMAC of a fixed label: reveals nothing of it);
- an Ed25519 key pair derived from it, whose private half signs the head anchor. The public key
  (`guardrail-proxy audit pubkey`) lets an auditor check the chain without holding the secret.

The secret never appears in a log line, an exception or a repr.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

log = logging.getLogger("guardrail.audit")

KEY_ENV = "GUARDRAIL_AUDIT_KEY"
MIN_KEY_BYTES = 32
_ID_LABEL = b"guardrail-proxy audit key id v1"
_SIGNING_LABEL = b"guardrail-proxy audit ed25519 v1"


class AuditKeyError(ValueError):
    """The key cannot be used. Messages name where the key comes from, never its content."""


class _Secret:
    """Bytes that do not print: a traceback showing locals, or vars() of a key, shows `<secret>`."""

    __slots__ = ("value",)

    def __init__(self, value: bytes) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<secret>"


class AuditKey:
    """An HMAC key for the decision log (repr and str never show it)."""

    def __init__(self, secret: bytes, source: str) -> None:
        if len(secret) < MIN_KEY_BYTES:
            raise AuditKeyError(f"{source}: the key is too short ({len(secret)} bytes; at least {MIN_KEY_BYTES}: "
                                "`guardrail-proxy audit keygen` makes one)")
        self._secret = _Secret(secret)
        self.source = source
        self.key_id = hmac.new(secret, _ID_LABEL, hashlib.sha256).hexdigest()[:16]
        # HMAC's two keyed SHA-256 states, computed once (RFC 2104): a MAC per record then costs two
        # hash copies, about half of what hmac.digest() costs here (it sets the key up on every call).
        block = hashlib.sha256(secret).digest() if len(secret) > 64 else secret
        block = block.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def __repr__(self) -> str:
        return f"AuditKey(key_id={self.key_id!r}, source={self.source!r})"

    __str__ = __repr__

    def mac(self, data: str) -> str:
        """HMAC-SHA256 of `data` (a record's hash), hex."""
        return self.mac_bytes(data.encode())

    def mac_bytes(self, data: bytes) -> str:
        inner = self._inner.copy()
        inner.update(data)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    @cached_property
    def _signing(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(hmac.digest(self._secret.value, _SIGNING_LABEL, "sha256"))

    @cached_property
    def public_key(self) -> str:
        """The Ed25519 public key (hex) matching the signatures this key makes."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self._signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    def sign(self, data: bytes) -> str:
        return self._signing.sign(data).hex()


def verify_signature(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """Whether `signature_hex` is an Ed25519 signature of `data` by `public_key_hex`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        public.verify(bytes.fromhex(signature_hex), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def generate_key() -> str:
    """A new key: 64 hex digits (256 bits)."""
    return secrets.token_hex(32)


def read_key_file(path: Path) -> AuditKey:
    """The key in `path` (surrounding whitespace ignored). Raises AuditKeyError."""
    try:
        data = path.read_bytes().strip()
        mode = path.stat().st_mode
    except OSError as exc:
        raise AuditKeyError(f"decision log key file {path}: cannot read it: {exc.strerror}") from None
    key = AuditKey(data, f"decision log key file {path}")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # A warning, not a refusal: secret mounts (Kubernetes, Docker) are often 0644 inside a container.
        log.warning(
            "decision log key file %s is readable by other users (chmod 600 it)", path)
    return key


def load_key(key_file: Path | None, env: Mapping[str, str]) -> AuditKey | None:
    """The key from the key file, else from $GUARDRAIL_AUDIT_KEY; None when neither is set (unkeyed chain).

    Both set to different keys is an error: which one signs the log must never be a guess.
    """
    from_env = env.get(KEY_ENV, "").strip()
    env_key = AuditKey(from_env.encode(), f"${KEY_ENV}") if from_env else None
    if key_file is None:
        return env_key
    file_key = read_key_file(key_file)
    if env_key is not None and env_key.key_id != file_key.key_id:
        raise AuditKeyError(f"both decision_log.key_file ({key_file}) and ${KEY_ENV} are set, to different keys: "
                            "unset one")
    return file_key
