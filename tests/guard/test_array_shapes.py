"""A keyed array read as one value keeps its length and its elements' placeholders when the answer is streamed or
is a JSON text, as in whole tool-call arguments (atk14 B L2: `{"ssn": [536, 90, 4399]}` streamed became
`{"ssn": ["<US_SSN_1>"]}`, a JSON answer text `{"ssn": [<US_SSN_1>]}`; `["bob.evil", "@", "example.org"]`
streamed passed unchanged)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.providers import openai
from tests.guard.conftest import PII_OUT, policy

CASES = [
    ('{"ssn": [387, 45, 2211], "note": "ok"}', "ssn", "US_SSN"),
    ('{"card": [4012, 8888, 8888, 1881]}', "card", "CREDIT_CARD"),
    ('{"cc": [3782, 822463, 10005]}', "cc", "CREDIT_CARD"),
    ('{"to": ["mary.major", "@", "example.net"], "note": "ok"}', "to", "EMAIL_ADDRESS"),
    ('{"email": ["li", ".", "wei@acme.io"]}', "email", "EMAIL_ADDRESS"),
]


def _shape(doc: Any, key: str, entity: str) -> list[str]:
    elements = doc[key]
    assert isinstance(elements, list)
    return [re.sub(r"_\d+>$", ">", e) if isinstance(e, str) else repr(e) for e in elements]


async def _whole(guard: Guard, args: str) -> str:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": args}}]}}]}
    await screen_answer(guard, policy(output=PII_OUT), openai.response_texts("chat", answer), None)
    return str(answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])


@pytest.mark.parametrize(("args", "key", "entity"), CASES)
@pytest.mark.parametrize("size", [0, 3, 7])
async def test_streamed_arguments_keep_the_array_as_whole_ones_do(guard: Guard, args: str, key: str, entity: str,
                                                                  size: int) -> None:
    original = json.loads(args)
    whole = json.loads(await _whole(guard, args))
    expected = [f"<{entity}>"] * len(original[key])
    assert _shape(whole, key, entity) == expected, whole
    windows = guard.output_stream(policy(output=PII_OUT))
    pieces = [args] if not size else [args[k:k + size] for k in range(0, len(args), size)]
    streamed = ""
    for piece in pieces:
        streamed += await windows.feed("fc", piece, in_json=True)
    streamed += await windows.end("fc")
    got = json.loads(streamed)  # still JSON: each element its own placeholder string
    assert _shape(got, key, entity) == expected, streamed
    assert {k: v for k, v in got.items() if k != key} == {k: v for k, v in original.items() if k != key}


@pytest.mark.parametrize(("args", "key", "entity"), CASES)
async def test_a_json_answer_text_keeps_the_array(guard: Guard, args: str, key: str, entity: str) -> None:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": args}}]}
    await screen_answer(guard, policy(output=PII_OUT), openai.response_texts("chat", answer), None)
    content = answer["choices"][0]["message"]["content"]
    got = json.loads(content)  # valid JSON: a redacted number became a string
    assert _shape(got, key, entity) == [f"<{entity}>"] * len(json.loads(args)[key]), content


@pytest.mark.parametrize("args", [
    '{"tags": ["price", "@", "10.00"]}',          # no address around the `@`
    '{"parts": ["v1", ".", "2"], "ports": [8080, 443, 9090]}',
    '{"mention": ["@", "support"], "sep": [".", "a@b"]}',
])
async def test_other_arrays_stream_unchanged(guard: Guard, args: str) -> None:
    windows = guard.output_stream(policy(output=PII_OUT))
    streamed = await windows.feed("fc", args, in_json=True) + await windows.end("fc")
    assert streamed == args
    assert json.loads(await _whole(guard, args)) == json.loads(args)
