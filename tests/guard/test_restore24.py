"""Restore (issue 12, atk24b): the client's address after a path or a key comes back as sent (F7).

Output `pii` reads the answer restored and redacts an address the model composed across a restored value's edge
(`<PERSON_1>.<PERSON_2>@acme.com`). The analyser's e-mail pattern takes `/`, `\\`, `#` and `_` into a local part,
so `GET /api/v1/users/<EMAIL_ADDRESS_1>` read `users/maria@x.com` as a new address and reached the client as
`GET /<EMAIL_ADDRESS_2>`: the path eaten, the client's value withheld (`proxy.guard.restore24`). The composition
attacks still compose (`tests/guard/test_composed_values.py`).
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from tests.guard.conftest import PII_IN, PII_OUT, policy

CLIENT = {"PERSON": ["Maria", "Schmidt"], "EMAIL_ADDRESS": ["maria.schmidt@gmail.com"],
          "PHONE_NUMBER": ["617-555-0143"]}
ADDRESS = "maria.schmidt@gmail.com"
# The client's address after a path, a key or before a suffix: what the client gets is the answer restored.
PATHS = [
    "The endpoint is GET /api/v1/users/<EMAIL_ADDRESS_1> and it returns the profile.",
    "Your home directory is /home/<EMAIL_ADDRESS_1>/ on the shared box.",
    "Open users/<EMAIL_ADDRESS_1> in the Firestore console.",
    "Fetch /v2/accounts/<EMAIL_ADDRESS_1>/invoices to list them.",
    "Check refs/heads/<EMAIL_ADDRESS_1> for the branch.",
    "Stored at Archive\\<EMAIL_ADDRESS_1> on the share.",
    "The anchor is page#<EMAIL_ADDRESS_1> in the doc.",
    "Use the key cache_<EMAIL_ADDRESS_1> for lookups.",
    "Your tenant id is tenant-<EMAIL_ADDRESS_1> now.",
    "The file <EMAIL_ADDRESS_1>_backup was kept.",
    "Subscribe topic alerts/<EMAIL_ADDRESS_1>/sms for texts.",
]
# Addresses the model composes: still its own, redacted whole (a path before them is the model's and stays).
COMPOSED = [
    ("Send to <PERSON_1>-<PERSON_2>@contoso.org today.", "Send to <EMAIL_ADDRESS_2> today."),
    ("Send to folder/<PERSON_1>_<PERSON_2>@contoso.org today.", "Send to folder/<EMAIL_ADDRESS_2> today."),
    ("Try x/<PERSON_1>@acme.io instead.", "Try x/<EMAIL_ADDRESS_2> instead."),
    ("Try mary_<EMAIL_ADDRESS_1> instead.", "Try <EMAIL_ADDRESS_2> instead."),
    ("Try david-<EMAIL_ADDRESS_1> instead.", "Try <EMAIL_ADDRESS_2> instead."),
    ("Try j.<EMAIL_ADDRESS_1> instead.", "Try <EMAIL_ADDRESS_2> instead."),
    ("Mail <PERSON_1>.<PERSON_2>@acme.com today.", "Mail <EMAIL_ADDRESS_2> today."),
]


def _vault() -> Vault:
    vault = Vault()
    for entity, found in CLIENT.items():
        for value in found:
            vault.placeholder(entity, value)
    return vault


def _policy() -> Any:
    return policy(input={"pii": {**PII_IN["pii"], "restore": True}}, output=PII_OUT)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(_policy(), _vault())
    out = [await stream.feed("c0", text[k:k + size]) for k in range(0, len(text), size)]
    return "".join(out) + await stream.end("c0")


@pytest.mark.parametrize("answer", PATHS)
async def test_the_clients_address_after_a_path_or_key_is_restored_whole(guard: Guard, answer: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [answer.replace("<EMAIL_ADDRESS_1>", ADDRESS)], got.texts
    assert got.decision == "allow"


@pytest.mark.parametrize("size", [1, 3, 7])
@pytest.mark.parametrize("answer", PATHS[:4] + PATHS[7:10])
async def test_the_clients_address_after_a_path_is_restored_streamed(guard: Guard, answer: str, size: int) -> None:
    assert await _streamed(guard, answer, size) == answer.replace("<EMAIL_ADDRESS_1>", ADDRESS)


@pytest.mark.parametrize(("answer", "expected"), COMPOSED)
async def test_an_address_the_model_composes_is_still_redacted(guard: Guard, answer: str, expected: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [expected], got.texts
    assert await _streamed(guard, answer, 3) == expected


async def test_a_path_in_tool_call_arguments_is_restored(guard: Guard) -> None:
    args = '{"path": "/api/v1/users/<EMAIL_ADDRESS_1>", "method": "GET"}'
    got = await guard.output(_policy(), [args], _vault(), json_texts=[0])
    assert got.texts == [args.replace("<EMAIL_ADDRESS_1>", ADDRESS)], got.texts
