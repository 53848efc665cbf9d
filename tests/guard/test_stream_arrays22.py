"""fields22 #3: a streamed JSON window read as one text lent a `phone` word beside an array of numbers its type, and
the finding ran over the array's values: `{"phone": "", "ports": [8443, 3000, 9090, 80]}` went out as `"ports":
["<PHONE_NUMBER_1>"]` (fields20's 5/600), and a value the whole answer reads over the array's numbers went out as
one placeholder, the array shortened. A finding over several values of a window is now what the whole answer's
reading holds of it: one per value, or none (`proxy.guard.docvalues.across`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.providers.base import TextSlot

CHANNEL = "choice:0:tool:0:arguments"
OUT = Policy.model_validate({"name": "t", "output": {"pii": {
    "action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})


async def _streamed(guard: Guard, args: str, chunk: int = 7) -> str:
    stream = guard.output_stream(OUT)
    out = ""
    for i in range(0, len(args), chunk):
        out += await stream.feed(CHANNEL, args[i:i + chunk], True, group="choice:0")
    return out + "".join(t for _, t in stream.take_spill() + await stream.end_group("choice:0"))


async def _whole(guard: Guard, args: str) -> str:
    holder = {"arguments": args}
    await screen_answer(guard, OUT, [TextSlot(holder, "arguments", "assistant", "tool_arguments", CHANNEL,
                                              is_json=True)], None)
    return holder["arguments"]


@pytest.mark.parametrize("value", [
    {"phone": "", "ports": [8443, 3000, 9090, 80]},
    {"phone": "", "ports": [8443, 8000, 8080, 443]},
    {"label": "Phones:", "sizes": [64, 512, 512, 1024], "unit": "KiB"},
    {"label": "phone", "value": [617, 555, 1234]},
])
@pytest.mark.parametrize("chunk", [7, 3])
async def test_numbers_beside_a_phone_word_stream_as_the_whole_answer_keeps_them(guard: Guard, value: dict[str, Any],
                                                                                  chunk: int) -> None:
    args = json.dumps(value)
    assert json.loads(await _whole(guard, args)) == value
    assert await _streamed(guard, args, chunk) == args


@pytest.mark.parametrize(("value", "key", "entity"), [
    ({"phone": "", "sizes": [617, 555, 1234]}, "sizes", "PHONE_NUMBER"),
    ({"ssn": "", "ids": [536, 90, 4399]}, "ids", "US_SSN"),
])
async def test_a_value_over_an_arrays_numbers_streams_one_placeholder_per_number(guard: Guard, value: dict[str, Any],
                                                                                 key: str, entity: str) -> None:
    args = json.dumps(value)
    whole = json.loads(await _whole(guard, args))[key]
    streamed = json.loads(await _streamed(guard, args))[key]
    assert len(whole) == len(streamed) == len(value[key]), (whole, streamed)
    assert all(str(v).startswith(f"<{entity}_") for v in streamed), streamed


async def test_a_value_over_a_number_and_a_string_streams_valid_json(guard: Guard) -> None:
    # A finding from a number into a string value was replaced as one: `["<PHONE_NUMBER_1>""]`, no JSON.
    args = json.dumps({"phone": "", "values": [617, 555, "0143"]})
    streamed = json.loads(await _streamed(guard, args))["values"]
    whole = json.loads(await _whole(guard, args))["values"]
    assert len(streamed) == len(whole) == 3 and all(str(v).startswith("<PHONE_NUMBER_") for v in streamed), streamed
