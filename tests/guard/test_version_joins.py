"""Issue 12, finding 10 and atk6 F2: versions side by side (`{"express": "^4.18.2", "pg": "8.11.3"}`, package.json
`dependencies`, a CI matrix, `{"from": "4.17.20", "to": "4.17.21"}`) read `4.18.2 8.11.3` across the values, which
holds a dotted quad: whole versions joined are never an IP address (nor a phone number), in tool arguments, prompt
variables, answers, text blocks and messages; an address split across values is still found."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer, screen_request
from proxy.providers import openai
from tests.guard.conftest import policy

IP_IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                  "US_SSN", "IP_ADDRESS"], "restore": True}}
IP_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS"]}}


def _chat(args: str) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "c", "content": "ok"}]}


VERSIONS = [
    {"express": "^4.18.2", "pg": "8.11.3"},
    {"react": "18.2.0", "react-dom": "18.2.0"},
    {"from": "4.17.20", "to": "4.17.21"},
    {"dependencies": {"lodash": "~4.17.21", "axios": ">=1.6.7", "zod": "3.22.4"}},
    {"node": ["18.19.0", "20.11.1", "21.6.2"]},
    {"numpy": "==1.26.4", "torch": "2.2.1", "vllm": "v0.4.0"},
    {"range": "30000-32767", "cidr": "10.96.0.0/12"},  # atk6 F3: a port range beside a network prefix
    {"cidr": "10.96.0.0/12", "ports": "8080-8443", "version": "1.29.3"},
]


@pytest.mark.parametrize("args", VERSIONS)
async def test_versions_side_by_side_are_no_ip_address(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=IP_IN, output=IP_OUT)
    body = _chat(json.dumps(args))
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "allow", verdict.records
    assert json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == args
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}]}}]}
    assert (await screen_answer(guard, p, openai.response_texts("chat", answer), None)).decision == "allow"
    flat = [v for value in args.values() for v in (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value])]
    assert (await guard.output(p, flat, None)).decision == "allow"
    assert (await guard.input(p, flat, None)).decision == "allow"


async def test_versions_in_prompt_variables_are_no_ip_address(guard: Guard) -> None:
    p = policy(input=IP_IN)
    body = {"model": "m", "input": "hi", "prompt": {"id": "pmpt_1", "variables": {
        "express": "^4.18.2", "pg": "8.11.3", "react": "18.2.0", "react_dom": "18.2.0"}}}
    before = json.dumps(body)
    verdict = await screen_request(guard, p, openai.request_texts("responses", body))
    assert verdict.decision == "allow", verdict.records
    assert json.dumps(body) == before


@pytest.mark.parametrize(("args", "pieces"), [
    ({"a": "192.168", "b": "10.77"}, ["192.168", "10.77"]),            # an address cut at a dot
    ({"a": "192.168.1", "b": "0.77"}, ["192.168.1", "0.77"]),          # a version's shape, then no version
    ({"a": "10.20", "b": "30.40", "note": "1.2.3"}, ["10.20", "30.40"]),
    ({"a": "617-555", "b": "0143", "range": "30000-32767"}, ["617-555", "0143"]),  # a phone number's halves
])
async def test_an_address_split_across_values_is_still_found(guard: Guard, args: dict[str, Any],
                                                             pieces: list[str]) -> None:
    p = policy(input=IP_IN)
    body = _chat(json.dumps(args))
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert "<IP_ADDRESS_" in sent or "<PHONE_NUMBER_" in sent  # (digits joined read as either)
    for piece in pieces:
        assert f'"{piece}"' not in sent, (piece, sent)
