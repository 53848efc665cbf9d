"""proxy.guard.checks.secrets: detect-secrets' rules find keys, tokens, private keys, URL passwords, JWTs."""

from __future__ import annotations

from proxy.guard.engine import Guard
from proxy.nlp.secrets import find_secrets
from tests.guard.conftest import policy

AWS = "AKIA" + "Q7X2M4N8P0R5T3V6"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")
PASSWORD = "s3cr3tPW-x9"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x\nabcdEFGH\n-----END RSA PRIVATE KEY-----"


def test_spans_cover_the_whole_secret() -> None:
    text = f"key {AWS}, db postgres://app:{PASSWORD}@db:5432/x, token {JWT}\n{PEM}\nbye"
    got = {kind: text[s:e] for kind, s, e in find_secrets(text)}
    assert got["AWS_ACCESS_KEY"] == AWS
    assert got["BASIC_AUTH_CREDENTIALS"] == PASSWORD
    assert got["JSON_WEB_TOKEN"] == JWT
    assert got["PRIVATE_KEY"] == PEM
    assert find_secrets("checksum = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'") == []


async def test_block_redact_flag_and_records_without_values(guard: Guard) -> None:
    text = f"use {AWS} and postgres://app:{PASSWORD}@db/x"
    blocked = await guard.input(policy(input={"secrets": {}}), [text])
    assert blocked.blocked and blocked.block_check == "secrets"
    redacted = await guard.input(policy(input={"secrets": {"action": "redact"}}), [text])
    assert redacted.texts[0] == "use <AWS_ACCESS_KEY_1> and postgres://app:<BASIC_AUTH_CREDENTIALS_1>@db/x"
    flagged = await guard.input(policy(input={"secrets": {"action": "flag"}}), [text])
    assert flagged.decision == "flag" and flagged.texts == [None]
    for v in (blocked, redacted, flagged):
        assert AWS not in repr(v.records) and PASSWORD not in repr(v.records) and AWS not in str(v.block_reason)
    rec = next(r for r in redacted.records if r["check"] == "secrets")
    assert rec["findings"] == {"AWS_ACCESS_KEY": 1, "BASIC_AUTH_CREDENTIALS": 1}


async def test_output_secrets_in_a_stream_split_across_chunks(guard: Guard) -> None:
    p = policy(output={"secrets": {"action": "redact"}})
    win = guard.output_stream(p)
    answer = f"Your key is {AWS} and more text follows here. Done."
    out = "".join([await win.feed("c", answer[i:i + 3]) for i in range(0, len(answer), 3)]) + await win.end("c")
    assert AWS not in out and "<AWS_ACCESS_KEY_1>" in out
    block = guard.output_stream(policy(output={"secrets": {}}))
    out = "".join([await block.feed("c", answer[i:i + 3]) for i in range(0, len(answer), 3)]) + await block.end("c")
    assert block.blocked and AWS[:8] not in out
