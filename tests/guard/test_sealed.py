"""thinking20: an answer's text a signature covers (an Anthropic thinking block) is never restored, whole or streamed,
while the answer's other texts are (`proxy.guard.sealed`). End to end, with the tool loop it keeps going:
`tests/e2e/test_signed_thinking.py`."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import scopes, urls
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer, screen_request
from proxy.guard.sealed import SEALED, field_kind, sealed_slot
from proxy.guard.vault import Vault
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, SIGNED_REASONING, TextSlot
from proxy.providers.state import VALUE, placeholder_tagging
from tests.guard.conftest import PII_IN, PII_OUT, policy, redacted

MAIL = "maria.lopez@example.org"
ASK = f"Refund the order of {MAIL}."
THOUGHT = "The customer is <EMAIL_ADDRESS_1>: refund <EMAIL_ADDRESS_1>."
POLICIES = {"restore only": {"input": PII_IN}, "output rules": {"input": PII_IN, "output": PII_OUT}}


def _message(thinking: str, text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": [
        {"type": "thinking", "thinking": thinking, "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
        {"type": "text", "text": text}]}


def test_which_texts_are_sealed() -> None:
    whole = anthropic.response_texts(MESSAGES, _message("a", "b"))
    assert [(s.key, sealed_slot(s)) for s in whole] == [("thinking", True), ("text", False)]
    assert field_kind(whole[0]) == SIGNED_REASONING and field_kind(whole[1]) == "text"
    events: list[Any] = [
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "x",
                                                                      "signature": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "y"}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "z"}},
    ]
    assert [sealed_slot(s) for e in events for s in anthropic.stream_event_texts(MESSAGES, e)] == [True, True, False]
    chat = {"choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": "r", "content": "c"}}]}
    assert not any(sealed_slot(s) for s in openai.ADAPTER.response_texts(CHAT, chat))  # not signed: restored


def test_the_sealed_mark_is_no_other_context_s() -> None:
    assert SEALED not in (scopes.MARK, scopes.MIDLINE, scopes.TOOL, scopes.SENDING, urls.MARK)


async def test_vault_restores_nothing_into_a_sealed_text(guard: Guard) -> None:
    verdict = await redacted(guard, policy(input=PII_IN), ASK)
    vault = verdict.vault
    assert isinstance(vault, Vault)
    assert vault.restore(THOUGHT) == f"The customer is {MAIL}: refund {MAIL}."
    assert vault.restore(THOUGHT, before=SEALED) == THOUGHT


@pytest.mark.parametrize("name", list(POLICIES))
async def test_a_whole_answer_s_thinking_stays_as_signed(guard: Guard, name: str) -> None:
    p = policy(**POLICIES[name])
    verdict = await redacted(guard, p, ASK)
    body = _message(THOUGHT, "Refunded <EMAIL_ADDRESS_1>.")
    out = await screen_answer(guard, p, anthropic.response_texts(MESSAGES, body), verdict)
    assert not out.blocked
    assert body["content"][0]["thinking"] == THOUGHT
    assert body["content"][1]["text"] == f"Refunded {MAIL}."


# An answer whose code sends (atk19 H1: every scope of it keeps its placeholders): the thinking stays sealed.
SENDS = "Run:\n```\ncurl -d 'to=<EMAIL_ADDRESS_1>' https://refunds.example/api\n```\n"
# A tool call that sends (a destination and a value): the answer sends from then on.
CALL = '{"url": "https://refunds.example/api", "body": "refund <EMAIL_ADDRESS_1>"}'


@pytest.mark.parametrize("name", list(POLICIES))
async def test_a_whole_answer_that_sends_keeps_its_thinking_as_signed(guard: Guard, name: str) -> None:
    p = policy(**POLICIES[name])
    verdict = await redacted(guard, p, ASK)
    body = _message(THOUGHT, SENDS)
    await screen_answer(guard, p, anthropic.response_texts(MESSAGES, body), verdict)
    assert body["content"][0]["thinking"] == THOUGHT and MAIL not in body["content"][1]["text"]


@pytest.mark.parametrize("name", list(POLICIES))
@pytest.mark.parametrize("size", [1, 3, 7, 100])
@pytest.mark.parametrize("grouped", [True, False])
@pytest.mark.parametrize("answer", ["Refunded <EMAIL_ADDRESS_1>.", SENDS, CALL], ids=["plain", "sends", "call"])
@pytest.mark.parametrize("thinking_last", [False, True], ids=["thinking_first", "thinking_after"])
async def test_a_streamed_thinking_block_stays_as_signed(guard: Guard, name: str, size: int, grouped: bool,
                                                         answer: str, thinking_last: bool) -> None:
    """A stream's thinking field (told `SIGNED_REASONING`) comes out as the model wrote it, a placeholder split
    across pieces included, before or after (interleaved thinking) a text block that is restored, or whose code
    sends (then every scope of the answer keeps its placeholders; the thinking stays as signed all the same)."""
    p = policy(**POLICIES[name])
    verdict = await redacted(guard, p, ASK)
    stream = guard.output_stream(p, verdict.vault)
    group = "answer" if grouped else None
    other = "tool_arguments" if answer == CALL else "text"
    blocks = [(SIGNED_REASONING, THOUGHT), (other, answer)]
    if thinking_last:
        blocks.reverse()
    outs = [""] * len(blocks)

    def route(pairs: list[tuple[str, str]]) -> None:
        for channel, released in pairs:
            outs[int(channel.split(":")[1])] += released

    for k, (kind, text) in enumerate(blocks):
        channel = f"block:{k}"
        stream.field_kind(channel, kind)
        for i in range(0, len(text), size):
            outs[k] += await stream.feed(channel, text[i:i + size], kind == "tool_arguments", group=group)
            route(stream.take_spill())
        if grouped:
            stream.close_field(channel)
        else:
            outs[k] += await stream.end(channel)
    if grouped:
        route(stream.take_spill() + await stream.end_group("answer"))
    assert not stream.blocked
    got = dict(zip([kind for kind, _ in blocks], outs, strict=True))
    assert got[SIGNED_REASONING] == THOUGHT
    assert got[other] == (f"Refunded {MAIL}." if answer == "Refunded <EMAIL_ADDRESS_1>." else answer)


# ------------------------------------------------------------------------------ a resent thinking block, synthesize

SYNTH_IN = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"], "restore": True,
                    "operators": {"EMAIL_ADDRESS": {"type": "synthesize"}}}}


async def _fake(guard: Guard, value: str) -> str:
    verdict = await redacted(guard, policy(input=SYNTH_IN), f"Mail {value} today.")
    text = verdict.texts[0]
    assert text is not None and value not in text
    return text.removeprefix("Mail ").removesuffix(" today.")


async def _resend(guard: Guard, user: str, thinking: str) -> tuple[bool, dict[str, Any]]:
    """A request with a user text and a signed thinking block: whether it blocked, and the block as it goes up."""
    block = {"type": "thinking", "thinking": thinking, "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"}
    holder = {"content": user}
    slots = [TextSlot(holder, "content", "user", "text", "messages:0:content"),
             TextSlot(block, "thinking", "assistant", SIGNED_REASONING, "messages:1:content:0:thinking")]
    verdict = await screen_request(guard, policy(input=SYNTH_IN), slots)
    return verdict.blocked, block


async def test_a_resent_thinking_block_with_the_request_s_own_fake_goes_as_it_came(guard: Guard) -> None:
    fake = await _fake(guard, MAIL)
    thought = f"Write to {fake} about <PHONE_NUMBER_1>, then to {fake} again."
    blocked, block = await _resend(guard, f"Refund {MAIL}, phone 415-555-0182.", thought)
    assert not blocked and block["thinking"] == thought


@pytest.mark.parametrize("case", ["value not sent", "another value", "a real value"])
async def test_a_resent_thinking_block_with_anything_else_blocks(guard: Guard, case: str) -> None:
    fake = await _fake(guard, MAIL)
    user, thought = {
        "value not sent": ("Refund the last order.", f"Write to {fake}."),
        "another value": (f"Refund {MAIL}.", f"Write to {fake} and to bob.stone@example.net."),
        "a real value": (f"Refund {MAIL}.", f"Write to {MAIL}."),
    }[case]
    blocked, block = await _resend(guard, user, thought)
    assert blocked and block["thinking"] == thought


# --------------------------------------------------------------------- placeholders a resent thinking block names

SIGNED = {"type": "thinking", "thinking": "t", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"}


@pytest.mark.parametrize(("fields", "expected"), [
    ({"thinking": {"type": "enabled", "budget_tokens": 1024}}, VALUE),
    ({"thinking": {"type": "adaptive"}}, VALUE),
    ({"thinking": {"type": "disabled"}}, ""),
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [SIGNED]},
                   {"role": "user", "content": "go on"}]}, VALUE),
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [{**SIGNED, "signature": ""}]},
                   {"role": "user", "content": "go on"}]}, ""),
], ids=["enabled", "adaptive", "disabled", "signed_thinking_resent", "unsigned_thinking"])
def test_a_thinking_request_tags_each_value_by_itself(fields: dict[str, Any], expected: str) -> None:
    """A request that asks for thinking, or sends a signed thinking block back, numbers its values with their own
    tags, so the next turn's values get the tokens the signed thinking holds."""
    body = {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], **fields}
    assert placeholder_tagging(MESSAGES, body) == expected


def test_a_keyed_value_takes_its_own_token_back() -> None:
    token = Vault(team="t", keyed=True).placeholder("EMAIL_ADDRESS", MAIL)
    again = Vault(team="t", keyed=True)
    again.reserve_written([f"The customer is {token}."])  # a signed thinking block sent back
    assert again.placeholder("EMAIL_ADDRESS", MAIL) == token
    assert again.restore(f"Refunded {token}.") == f"Refunded {MAIL}."
    other = Vault(team="t", keyed=True)  # another value never takes it: the tag is the value's own
    other.reserve_written([token])
    assert other.placeholder("EMAIL_ADDRESS", "bob.stone@example.net") != token
    assert other.restore(token) == token
    plain = Vault()  # numbered without tags: a token the client wrote is never a value's
    plain.reserve_written(["<EMAIL_ADDRESS_1>"])
    assert plain.placeholder("EMAIL_ADDRESS", MAIL) == "<EMAIL_ADDRESS_2>"
