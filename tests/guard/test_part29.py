"""Issue 12, atk28 F03 and F03b: a label ending one content part with no trailing space (`SSN` + `536904399`, `Call
me at` + `6175550143`, `Phone\\n` + `6175550143`), a non-text part between label and value (chat `image_url`,
`input_audio`, `file`; Anthropic `image`), Anthropic neighbours (a `tool_result`'s last text and the next `text`
block, a `text` block and a `document` with a text source, the `system` prompt and the first user message): the value
went upstream as sent; an answer's text blocks / `output_text` parts `SSN` + `536904398` reached the client. Read as
a client joins them (`proxy.guard.part29`); look-alikes (`Order number` + `6175550143`, `Build` + `4567890123`, `See
page` + `12`, `Step` + `3`) go on as sent.
"""

from __future__ import annotations

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

# The reporter's pairs, then held-out ones (other labels, other values) not tuned on.
NO_SPACE = [("Call me at", "6175550143"), ("SSN", "536904399"), ("Phone", "6175550143"), ("Phone\n", "6175550143")]
HELD_OUT = [("Text me at", "3125550178"), ("My SSN is", "457558813"), ("Mobile", "2125550187"),
            ("Social Security Number\n", "219356802"), ("Reach me on", "+14155550199")]
LOOKALIKES = [("Order number", "6175550143"), ("Build", "4567890123"), ("See page", "12"), ("Step", "3"),
              ("Invoice", "8005550100"), ("Chapter\n", "12 begins here")]


def _parts(a: str, b: str, kind: str = "text") -> list[dict[str, Any]]:
    return [{"type": kind, "text": a}, {"type": kind, "text": b}]


def _bodies(a: str, b: str) -> dict[str, tuple[str, dict[str, Any]]]:
    claude_tool = {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": _parts(a, b)}]}]}
    return {
        "chat user": (CHAT, {"model": "m", "messages": [{"role": "user", "content": _parts(a, b)}]}),
        "chat system": (CHAT, {"model": "m", "messages": [{"role": "system", "content": _parts(a, b)},
                                                          {"role": "user", "content": "hi"}]}),
        "anthropic user": (MESSAGES, {"model": "m", "max_tokens": 5,
                                      "messages": [{"role": "user", "content": _parts(a, b)}]}),
        "anthropic system": (MESSAGES, {"model": "m", "max_tokens": 5, "system": _parts(a, b),
                                        "messages": [{"role": "user", "content": "hi"}]}),
        "anthropic tool_result": (MESSAGES, claude_tool),
        "responses": (RESPONSES, {"model": "m", "input": [{"role": "user", "content": _parts(a, b, "input_text")}]}),
    }


async def _input(guard: Guard, kind: str, body: dict[str, Any]) -> str:
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    verdict = await screen_request(guard, policy(input=PII_IN), adapter.request_texts(kind, body))
    assert not verdict.blocked
    return repr(body)  # (rewritten in place)


@pytest.mark.parametrize("place", list(_bodies("a", "b")))
@pytest.mark.parametrize("pair", NO_SPACE + HELD_OUT, ids=[repr(a) for a, _ in NO_SPACE + HELD_OUT])
async def test_a_label_with_no_space_names_the_value_in_the_next_part(guard: Guard, place: str,
                                                                      pair: tuple[str, str]) -> None:
    a, b = pair
    kind, body = _bodies(a, b)[place]
    sent = await _input(guard, kind, body)
    assert b.lstrip("+") not in sent, sent
    assert a.split()[0] in sent, sent  # the label goes on
    # the control: one part holding both, as a client shows them
    kind, one = _bodies(a + " " + b if not a.endswith("\n") else a + b, "")[place]
    assert b.lstrip("+") not in await _input(guard, kind, one)


@pytest.mark.parametrize("place", ["chat user", "anthropic user", "anthropic tool_result", "responses"])
@pytest.mark.parametrize("pair", LOOKALIKES, ids=[repr(a) for a, _ in LOOKALIKES])
async def test_lookalikes_with_no_space_go_on_as_sent(guard: Guard, place: str, pair: tuple[str, str]) -> None:
    a, b = pair
    kind, body = _bodies(a, b)[place]
    before = repr(body)
    assert await _input(guard, kind, body) == before


BETWEEN = [{"type": "image_url", "image_url": {"url": "https://e.com/a.png"}},
           {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
           {"type": "file", "file": {"file_id": "file-abc123"}}]


@pytest.mark.parametrize("between", BETWEEN, ids=[p["type"] for p in BETWEEN])
@pytest.mark.parametrize("pair", [("Call me at ", "6175550143"), ("SSN:", "536904399"), ("Mobile", "2125550187")])
async def test_a_non_text_part_between_label_and_value_is_passed_over(guard: Guard, between: dict[str, Any],
                                                                      pair: tuple[str, str]) -> None:
    a, b = pair
    body = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": a}, between, {"type": "text", "text": b}]}]}
    sent = await _input(guard, CHAT, body)
    assert b not in sent and a.split()[0] in sent, sent
    claude_body = {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "text", "text": a}, {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                                                  "data": "iVBORw0KGgo="}},
        {"type": "text", "text": b}]}]}
    assert b not in await _input(guard, MESSAGES, claude_body)


def _claude(content: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": content}], **kw}


@pytest.mark.parametrize("pair", [("SSN: ", "536904399"), ("SSN", "536904399"), ("Callback number ", "3125550178")])
async def test_anthropic_neighbours_are_read_joined(guard: Guard, pair: tuple[str, str]) -> None:
    a, b = pair
    tool = _claude([{"type": "tool_result", "tool_use_id": "toolu_1",
                     "content": [{"type": "text", "text": "Record found."}, {"type": "text", "text": a}]},
                    {"type": "text", "text": b}])
    document = _claude([{"type": "text", "text": a},
                        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": b}}])
    said = "The caller's " + a
    for system in ([{"type": "text", "text": "You are a helpful agent."}, {"type": "text", "text": said}], said):
        for content in (b, [{"type": "text", "text": b}]):
            body: dict[str, Any] = {"model": "m", "max_tokens": 5, "system": system,
                                    "messages": [{"role": "user", "content": content}]}
            assert b not in await _input(guard, MESSAGES, body), (system, content)
    for body in (tool, document):
        sent = await _input(guard, MESSAGES, body)
        assert b not in sent and a.split()[0] in sent, sent


async def test_anthropic_neighbours_that_are_not_read_joined(guard: Guard) -> None:
    # Two tool results (separate calls' outputs); a text block before a tool_result's first text; the system prompt
    # and an assistant's first message; an ordinary number after a label look-alike.
    two = _claude([{"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "SSN: "}]},
                   {"type": "tool_result", "tool_use_id": "toolu_2",
                    "content": [{"type": "text", "text": "536904399"}]}])
    into = _claude([{"type": "text", "text": "SSN: "},
                    {"type": "tool_result", "tool_use_id": "toolu_1",
                     "content": [{"type": "text", "text": "536904399"}]}])
    for body in (two, into):
        assert "536904399" in await _input(guard, MESSAGES, body)
    lookalike = _claude([{"type": "text", "text": "See page"},
                         {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "12"}}],
                        system="Order number")
    before = repr(lookalike)
    assert await _input(guard, MESSAGES, lookalike) == before


# ------------------------------------------------------------------------------------------------------- answers


async def _whole(guard: Guard, texts: list[str], channel: str) -> list[str]:
    holders = [{"text": t} for t in texts]
    slots = [TextSlot(h, "text", "assistant", "text", channel.format(k)) for k, h in enumerate(holders)]
    await screen_answer(guard, policy(output=PII_OUT), slots, None)
    return [h["text"] for h in holders]


async def _stream(guard: Guard, texts: list[str], size: int, channel: str) -> list[str]:
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


ANSWERS = [("SSN", "536904398"), ("Call her at", "4155550199"), ("Phone\n", "6175550143"),
           ("Her SSN is", "457558813"), ("Mobile", "2125550187 (after 5pm)")]


@pytest.mark.parametrize("channel", ["block:{}", "output:0:content:{}"])
@pytest.mark.parametrize("pair", ANSWERS, ids=[repr(a) for a, _ in ANSWERS])
async def test_an_answers_label_with_no_space_names_the_value_in_its_next_part(guard: Guard, pair: tuple[str, str],
                                                                               channel: str) -> None:
    a, b = pair
    value = b.split()[0]
    got = await _whole(guard, [a, b], channel)
    assert value not in "".join(got) and got[0] == a, got
    assert got[1].startswith("<") and got[1].endswith(b[len(value):]), got
    for size in (1, 4, 16):
        streamed = await _stream(guard, [a, b], size, channel)
        assert value not in "".join(streamed), (size, streamed)


@pytest.mark.parametrize("pair", LOOKALIKES, ids=[repr(a) for a, _ in LOOKALIKES])
async def test_answer_lookalikes_with_no_space_reach_the_client(guard: Guard, pair: tuple[str, str]) -> None:
    a, b = pair
    assert await _whole(guard, [a, b], "block:{}") == [a, b]
    for size in (1, 16):
        assert await _stream(guard, [a, b], size, "block:{}") == [a, b], size


# ------------------------------------------------------------------------------------------------- pure readings


def test_the_glue_and_the_open_end() -> None:
    from proxy.guard.part29 import glue, open_end
    from proxy.guard.parts26 import carries, label_tail

    assert glue("SSN", "536904399") == (" ", False) and glue("Priya", "Sharma") == (" ", True)
    assert glue("Call 617", "5550143") is None and glue("SSN: ", "536904399") == ("", False)
    assert open_end("Phone\n") and open_end("Phone \r\n") and not open_end("Phone\n\n") and not open_end("Done.\n")
    assert label_tail("Phone\n") == 0 and label_tail("Thanks. Phone\n") == len("Thanks. ")
    assert [(c.text, c.cut) for c in carries(["SSN", "536904399"], [[0, 1]])] == [("SSN 536904399", 4)]
    assert [c.text for c in carries(["Phone\n", "6175550143"], [[0, 1]])] == ["Phone\n6175550143"]


def test_the_runs_of_a_request() -> None:
    from proxy.guard.part29 import input_runs
    from proxy.guard.parts26 import input_runs as runs26

    def runs(adapter: Any, kind: str, body: dict[str, Any]) -> list[list[str]]:
        slots = adapter.request_texts(kind, body)
        return [[slots[i].get() for i in r] for r in input_runs(slots, runs26(slots))]

    chat = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "a"}, BETWEEN[0], {"type": "text", "text": "b"}, {"type": "text", "text": "c"}]},
        {"role": "user", "content": [{"type": "text", "text": "d"}]}]}
    assert runs(openai.ADAPTER, CHAT, chat) == [["a", "b", "c"]]
    claude = {"model": "m", "max_tokens": 5, "system": [{"type": "text", "text": "s"}], "messages": [
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t", "content": [{"type": "text", "text": "r1"},
                                                                    {"type": "text", "text": "r2"}]},
            {"type": "text", "text": "t"},
            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "doc"}},
            {"type": "tool_result", "tool_use_id": "u", "content": [{"type": "text", "text": "r3"}]}]}]}
    assert runs(anthropic.ADAPTER, MESSAGES, claude) == [["r1", "r2", "t", "doc"]]  # (not into a tool_result)
    assistant_first = {"model": "m", "max_tokens": 5, "system": "s",
                       "messages": [{"role": "assistant", "content": "x"}, {"role": "user", "content": "y"}]}
    assert runs(anthropic.ADAPTER, MESSAGES, assistant_first) == []
