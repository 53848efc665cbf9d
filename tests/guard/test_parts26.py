"""Issue 12, atk25 F09: a label or a context phrase ending one content part, the value alone in the next.

`SSN: ` + `536904399`, `Call me at ` + `6175550143`, `Name: Priya ` + `Raghunathan` went upstream as sent from chat
content parts (any role), Anthropic text blocks, `system` blocks and a `tool_result`'s blocks, Responses `input_text`
parts; an answer's text blocks and `output_text` parts `Call me at ` + `6175550143` reached the client, whole and
streamed; the same text in one part is redacted. The parts are read as the client joins them
(`proxy.guard.parts26`); look-alikes (`Order number: ` + `6175550143`, `Build ` + `4567890123`, `See page ` + `12`)
read as they do in one part.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer, screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, TextSlot
from tests.guard.conftest import policy

PII_IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"],
                  "restore": True, "min_score": 0.4}}
PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"],
                   "min_score": 0.4}}

# (first part, second part, what of the second part must not go on)
LABELLED = [
    ("SSN: ", "536904399", "536904399"),
    ("Call me at ", "6175550143", "6175550143"),
    ("Name: Priya ", "Raghunathan", "Raghunathan"),
    ("My SSN is ", "536904399", "536904399"),
    ("phone:", "6175550143", "6175550143"),
]
# Read as one part reads them: nothing of a checked type.
LOOKALIKES = [("Order number: ", "6175550143"), ("Build ", "4567890123"), ("See page ", "12"),
              ("Version ", "2.4.1 is out"), ("Invoice ", "8005550100")]


async def _input(guard: Guard, kind: str, body: dict[str, Any]) -> None:
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    verdict = await screen_request(guard, policy(input=PII_IN), adapter.request_texts(kind, body))
    assert not verdict.blocked


def _parts(a: str, b: str, kind: str = "text") -> list[dict[str, str]]:
    return [{"type": kind, "text": a}, {"type": kind, "text": b}]


def _bodies(a: str, b: str) -> dict[str, tuple[str, dict[str, Any], Any]]:
    """Per place: (kind, the request, where its two parts are)."""
    chat_user = {"model": "m", "messages": [{"role": "user", "content": _parts(a, b)}]}
    chat_system = {"model": "m", "messages": [{"role": "system", "content": _parts(a, b)},
                                              {"role": "user", "content": "hi"}]}
    chat_tool = {"model": "m", "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": _parts(a, b)}]}
    claude_user = {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": _parts(a, b)}]}
    claude_system = {"model": "m", "max_tokens": 5, "system": _parts(a, b),
                     "messages": [{"role": "user", "content": "hi"}]}
    claude_tool = {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": _parts(a, b)}]}]}
    responses = {"model": "m", "input": [{"role": "user", "content": _parts(a, b, "input_text")}]}
    return {
        "chat user": (CHAT, chat_user, lambda x: x["messages"][0]["content"]),
        "chat system": (CHAT, chat_system, lambda x: x["messages"][0]["content"]),
        "chat tool": (CHAT, chat_tool, lambda x: x["messages"][2]["content"]),
        "anthropic user": (MESSAGES, claude_user, lambda x: x["messages"][0]["content"]),
        "anthropic system": (MESSAGES, claude_system, lambda x: x["system"]),
        "anthropic tool_result": (MESSAGES, claude_tool, lambda x: x["messages"][2]["content"][0]["content"]),
        "responses": (RESPONSES, responses, lambda x: x["input"][0]["content"]),
    }


PLACES = list(_bodies("a", "b"))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("pair", LABELLED, ids=[a.strip() for a, _, _ in LABELLED])
async def test_a_label_ending_one_part_names_the_value_in_the_next(guard: Guard, place: str,
                                                                   pair: tuple[str, str, str]) -> None:
    a, b, value = pair
    kind, body, parts = _bodies(a, b)[place]
    await _input(guard, kind, body)
    got = [p["text"] for p in parts(body)]
    assert value not in "".join(got), got
    assert re.fullmatch(r"<[A-Z_]+_\d+>", got[1]), got  # the value redacted in its own part, all of it
    assert got[0].startswith(a.split()[0])  # the label stays
    # the control: one part holding both
    kind, one, whole = _bodies(a + b, "")[place]
    await _input(guard, kind, one)
    assert value not in whole(one)[0]["text"]


async def test_a_name_across_the_cut_is_redacted_in_both_parts(guard: Guard) -> None:
    kind, body, parts = _bodies("Name: Priya ", "Raghunathan")["chat user"]
    await _input(guard, kind, body)
    got = [p["text"] for p in parts(body)]
    assert "Priya" not in got[0] and "Raghunathan" not in got[1], got
    assert got[0].startswith("Name: ") and got[0].endswith(" ")  # the space between the parts stays


@pytest.mark.parametrize("place", ["chat user", "anthropic user", "responses"])
@pytest.mark.parametrize("pair", LOOKALIKES, ids=[a.strip() for a, _ in LOOKALIKES])
async def test_lookalikes_read_as_in_one_part(guard: Guard, place: str, pair: tuple[str, str]) -> None:
    a, b = pair
    kind, body, parts = _bodies(a, b)[place]
    await _input(guard, kind, body)
    assert [p["text"] for p in parts(body)] == [a, b]


async def test_an_everyday_phrase_after_a_label_reads_as_in_one_part(guard: Guard) -> None:
    # `Name:` + `Grace Period applies`: the joined reading is the one part's, never looser (nor stricter).
    kind, body, parts = _bodies("Name:", "Grace Period applies")["chat user"]
    await _input(guard, kind, body)
    kind, one, whole = _bodies("Name:Grace Period applies", "")["chat user"]
    await _input(guard, kind, one)
    assert "".join(p["text"] for p in parts(body)) == whole(one)[0]["text"]


async def test_parts_of_other_messages_and_a_closed_sentence_are_not_carried(guard: Guard) -> None:
    # Another message's part, a part that ends its sentence or its line: the number stays, as the joints leave it.
    for first in ("I need the SSN.", "SSN\n\n"):  # (`SSN\n` + a value: read joined, atk28 F03, test_part29)
        body = {"model": "m", "messages": [{"role": "user", "content": _parts(first, "536904399")}]}
        await _input(guard, CHAT, body)
        assert body["messages"][0]["content"][1]["text"] == "536904399", first
    body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "SSN: "}]},
                                       {"role": "user", "content": [{"type": "text", "text": "536904399"}]}]}
    await _input(guard, CHAT, body)
    assert body["messages"][1]["content"][0]["text"] == "536904399"


async def test_a_split_value_is_still_read_across_the_cut(guard: Guard) -> None:
    kind, body, parts = _bodies("Call 617-555-", "0143 today")["chat user"]
    await _input(guard, kind, body)
    got = "".join(p["text"] for p in parts(body))
    assert "0143" not in got and "617" not in got and got.endswith(" today"), got


# ------------------------------------------------------------------------------------------------------- answers

ANSWERS = [("Call me at ", "6175550143"), ("Her number is ", "6175550143"), ("Reach the desk on ", "6175550143"),
           ("You can text ", "6175550143"), ("SSN: ", "536904399 on file.")]


async def _whole(guard: Guard, texts: list[str], channel: str = "block:{}") -> list[str]:
    holders = [{"text": t} for t in texts]
    slots = [TextSlot(h, "text", "assistant", "text", channel.format(k)) for k, h in enumerate(holders)]
    await screen_answer(guard, policy(output=PII_OUT), slots, None)
    return [h["text"] for h in holders]


async def _stream(guard: Guard, texts: list[str], size: int, channel: str = "block:{}") -> list[str]:
    stream = guard.output_stream(policy(output=PII_OUT))
    outs = [""] * len(texts)

    def route(pairs: list[tuple[str, str]]) -> None:
        for name, text in pairs:
            outs[int(name.rsplit(":", 1)[1])] += text

    for k, text in enumerate(texts):
        for i in range(0, len(text), size):
            outs[k] += await stream.feed(channel.format(k), text[i:i + size], group="answer")
            route(stream.take_spill())
        stream.close_field(channel.format(k))
    route(stream.take_spill() + await stream.end_group("answer"))
    return outs


@pytest.mark.parametrize("channel", ["block:{}", "output:0:content:{}", "choice:0:content:{}"])
@pytest.mark.parametrize("pair", ANSWERS, ids=[a.strip() for a, _ in ANSWERS])
async def test_an_answers_label_names_the_value_in_its_next_part(guard: Guard, pair: tuple[str, str],
                                                                 channel: str) -> None:
    a, b = pair
    value = b.split()[0]
    got = await _whole(guard, [a, b], channel)
    assert value not in "".join(got) and got[0] == a, got
    assert got[1].startswith("<") and got[1].endswith(b[len(value):])
    one = await _whole(guard, [a + b])
    assert "".join(got) == one[0]  # as the same text in one part


@pytest.mark.parametrize("channel", ["block:{}", "output:0:content:{}"])
@pytest.mark.parametrize("pair", ANSWERS, ids=[a.strip() for a, _ in ANSWERS])
async def test_a_streamed_block_after_a_label_is_read_after_it(guard: Guard, pair: tuple[str, str],
                                                               channel: str) -> None:
    a, b = pair
    whole = await _whole(guard, [a, b], channel)
    for size in (1, 4, 16):
        got = await _stream(guard, [a, b], size, channel)
        assert b.split()[0] not in "".join(got), (size, got)
        assert got == whole, (size, got)


@pytest.mark.parametrize("pair", LOOKALIKES, ids=[a.strip() for a, _ in LOOKALIKES])
async def test_answer_lookalikes_reach_the_client(guard: Guard, pair: tuple[str, str]) -> None:
    a, b = pair
    assert await _whole(guard, [a, b]) == [a, b]
    for size in (1, 16):
        assert await _stream(guard, [a, b], size) == [a, b], size


# ------------------------------------------------------------------------------------------------- pure readings


def test_label_tail_and_the_readings() -> None:
    from proxy.guard.parts26 import carries, input_runs, label_open, label_tail

    assert label_tail("SSN: ") == 0 and label_tail("phone:") == 0
    assert label_tail("Thanks. Call me at ") == len("Thanks. ")
    for closed in ("I need the SSN.", "SSN\n\n", "Call 617-555-", "Room 12", "", "   "):
        assert label_tail(closed) is None, closed
    assert label_open("... layout folded. Her number is ") and not label_open("Done.")
    texts = ["SSN: ", "536904399 thanks", "no label.", "Order"]
    found = carries(texts, [[0, 1, 2, 3]])
    assert [(c.before, c.after, c.text, c.cut) for c in found] == [(0, 1, "SSN: 536904399 thanks", 5)]
    assert carries(["Call me at ", "later today"], [[0, 1]]) == []  # no value starts the next part
    # a word run on into the next part's first word: read with a space between them too (join27, atk26 F9)
    assert [c.text for c in carries(["Translate into French", "Hello World"], [[0, 1]])] == \
        ["Translate into French Hello World"]
    assert len(carries(["Call me at", " 6175550143"], [[0, 1]])) == 1
    parts = [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]
    body = {"model": "m", "messages": [{"role": "user", "content": parts}, {"role": "user", "content": "c"}]}
    assert input_runs(openai.ADAPTER.request_texts(CHAT, body)) == [[0, 1]]
