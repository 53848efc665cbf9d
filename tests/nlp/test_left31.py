"""Issue 12 (`proxy.nlp.left31`): leftovers of sql31, edi31, hl731 and a tool's name holding an SSN or a phone.

- (1) a person's record written as positional literals (`new Customer("Dana Kerr", "6175550143", "536904399")`,
  `['Dmitri Volkov','6175550143','536904399']`): its bare phone and SSN cells;
- (4) a tool's or function's name holding an SSN or a phone number (`lookup_536904399`, `call_6175550143`, acc28
  F16) refuses the request (`name_text`) as a person's name there does.

Each with held-out values and PII-free look-alikes that go as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24
from proxy.guard.engine import Guard
from proxy.guard.phases import NAME_TEXT_CHECK, InputVerdict, screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _screen(guard: Guard, kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], InputVerdict]:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == "messages" else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        verdict = await screen_request(guard, policy(input=PII), slots)
    return body, verdict


async def _text(guard: Guard, text: str) -> str:
    body, verdict = await _screen(guard, "chat", {"model": "m", "messages": [{"role": "user", "content": text}]})
    assert not verdict.blocked
    out = body["messages"][0]["content"]
    assert isinstance(out, str)
    return out


# ------------------------------------------------------------------------------------ (4) numbers in tool names

TOOL_NUMBERS = ["lookup_536904399", "call_6175550143", "sms_16175550143",  # (the brief's)
                "fetch_record_219458763", "dial_2125550199", "ssn_412739856_check", "textTo4155550172"]  # held out
TOOL_PLAIN = ["get_v2", "lookup_20241130", "tool_123", "sha_4f1c2ab9", "step_1234567", "get_weather",
              "run_20240115093000", "job_123456789", "ticket_000123456", "build_9991234567", "order_1234567890",
              "export_v1_2_3", "crc32_check"]


def _tool_bodies(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                  "tools": [{"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}]}),
        ("chat", {"model": "m", "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]}),
        ("messages", {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                      "tools": [{"name": name, "input_schema": {"type": "object"}}]}),
        ("responses", {"model": "m", "input": "hi",
                       "tools": [{"type": "function", "name": name, "parameters": {"type": "object"}}]}),
    ]


@pytest.mark.parametrize("name", TOOL_NUMBERS)
async def test_a_number_in_a_tool_name_refuses_the_request(guard: Guard, name: str) -> None:
    digits = "".join(c for c in name if c.isdigit())
    for kind, body in _tool_bodies(name):
        _, verdict = await _screen(guard, kind, body)
        assert verdict.blocked and verdict.block_check == NAME_TEXT_CHECK, (kind, name)
        assert digits not in (verdict.block_reason or "")


@pytest.mark.parametrize("name", TOOL_PLAIN)
async def test_a_tool_name_with_other_digits_goes_as_sent(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        sent, verdict = await _screen(guard, kind, body)
        assert not verdict.blocked, (kind, name)
        assert sent == body, (kind, name)
