"""The decision log key: where it comes from, what it refuses, and that it never shows itself."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from proxy.audit.keys import KEY_ENV, AuditKey, AuditKeyError, generate_key, load_key, verify_signature

SECRET = "correct-horse-battery-staple-0123456789abcdef"


def test_no_key_anywhere_means_an_unkeyed_chain() -> None:
    assert load_key(None, {}) is None


def test_the_key_file_or_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_text(SECRET + "\n")  # a trailing newline is not part of the key
    key_file.chmod(0o600)
    from_file = load_key(key_file, {})
    from_env = load_key(None, {KEY_ENV: SECRET})
    assert from_file is not None and from_env is not None
    assert from_file.key_id == from_env.key_id and len(from_file.key_id) == 16
    assert from_file.mac("abc") == from_env.mac("abc") != AuditKey(SECRET.encode() + b"x", "t").mac("abc")
    assert load_key(key_file, {KEY_ENV: SECRET}) is not None  # both set, to the same key: fine


def test_two_different_keys_short_keys_and_missing_files_are_errors(tmp_path: Path) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_text(SECRET)
    other = generate_key()
    with pytest.raises(AuditKeyError, match="both decision_log.key_file .* and \\$GUARDRAIL_AUDIT_KEY are set") as exc:
        load_key(key_file, {KEY_ENV: other})
    assert SECRET not in str(exc.value) and other not in str(exc.value)
    with pytest.raises(AuditKeyError, match="too short \\(5 bytes; at least 32") as exc:
        load_key(None, {KEY_ENV: "short"})
    assert "short" not in str(exc.value).replace("too short", "")
    with pytest.raises(AuditKeyError, match="cannot read it"):
        load_key(tmp_path / "absent.key", {})


@pytest.mark.parametrize("secret", [SECRET.encode(), b"z" * 64, b"long" * 40])
def test_the_mac_is_hmac_sha256(secret: bytes) -> None:
    import hashlib
    import hmac

    key = AuditKey(secret, "t")
    for data in ("", "a" * 64, "é"):
        assert key.mac(data) == hmac.new(secret, data.encode(), hashlib.sha256).hexdigest()


def test_the_key_never_shows_in_repr_or_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_text(SECRET)
    key_file.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="guardrail.audit"):
        key = load_key(key_file, {})
    assert key is not None
    assert "readable by other users" in caplog.text and SECRET not in caplog.text
    assert SECRET not in repr(key) and SECRET not in str(key) and SECRET not in str(vars(key))


def test_the_public_key_checks_signatures_without_the_secret() -> None:
    key = AuditKey(SECRET.encode(), "t")
    sig = key.sign(b"head")
    assert verify_signature(key.public_key, b"head", sig)
    assert not verify_signature(key.public_key, b"head!", sig)
    assert not verify_signature(AuditKey(generate_key().encode(), "t").public_key, b"head", sig)
    assert not verify_signature("not hex", b"head", sig)
    assert AuditKey(SECRET.encode(), "again").public_key == key.public_key  # derived: stable across restarts
