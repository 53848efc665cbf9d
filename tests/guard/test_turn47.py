"""atk46 F05 (`proxy.guard.turn47`): a card, SSN, phone number or e-mail address the user dictates over the turns of
a Responses conversation the provider keeps (`previous_response_id`, `conversation`: each request carries one piece)
is read across the turns as dict44 reads it when the history is resent: the piece that completes the value reaches
the provider redacted. Only the state of the reading is remembered (kind and shape), never a text or a digit.
Look-alikes, a long answer or a tool call between, another caller's id: as sent.

(Async tests: each runs in its own task; `_turn` runs one request and its answer in a task of its own, as the proxy
serves each request.)"""

from __future__ import annotations

import asyncio
import copy
import re
from typing import Any

import pytest

from proxy.guard import context24, ctx47, prev26, turn47
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import RESPONSES
from tests.guard.conftest import policy
from tests.guard.test_prev26 import ALICE, BOB, PII
from tests.support.pii import WordScorer


@pytest.fixture(autouse=True)
def _forget() -> Any:
    prev26.clear()
    turn47.clear()
    yield
    prev26.clear()
    turn47.clear()


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _answer(rid: str, text: str = "ok", calls: tuple[str, ...] = ()) -> dict[str, Any]:
    output: list[dict[str, Any]] = [{"id": f"msg_{rid}", "type": "message", "role": "assistant", "status": "completed",
                                     "content": [{"type": "output_text", "text": text, "annotations": []}]}]
    output += [{"id": f"fc_{n}", "type": "function_call", "status": "completed", "call_id": f"call_{n}", "name": name,
                "arguments": "{}"} for n, name in enumerate(calls)]
    return {"id": rid, "object": "response", "status": "completed", "output": output}


async def _turn(guard: Guard, body: dict[str, Any], answer: dict[str, Any] | None, headers: dict[str, str] = ALICE,
                streamed: bool = False) -> dict[str, Any]:
    """One request as `proxy.flow` serves it (its caller, the store's memory, its screening), then its answer
    relayed (whole, or a stream's completed event); the body as it went upstream."""
    body = copy.deepcopy(body)

    async def serve() -> None:
        prev26.caller(RESPONSES, "default", headers, body)
        await ctx47.fetch(RESPONSES, "default", headers, body, prev26.holds)
        slots = openai.ADAPTER.request_texts(RESPONSES, body)
        with context24.cued(RESPONSES, body, slots):
            await screen_request(guard, policy(input=PII), slots)
        if answer is not None and streamed:
            prev26.answered_event(RESPONSES, {"type": "response.completed", "sequence_number": 3, "response": answer})
        elif answer is not None:
            prev26.answered(RESPONSES, answer)

    await asyncio.create_task(serve())
    return body


async def _dictated(guard: Guard, pieces: list[str], answers: list[str] | None = None, *, scope: str = "response",
                    streamed: bool = False, shape: str = "string", tag: str = "t") -> list[str]:
    """Each piece in a request of its own continuing the answer before it; what each piece went upstream as."""
    sent, prev = [], None
    for n, piece in enumerate(pieces):
        body: dict[str, Any] = {"model": "m", "input": piece if shape == "string"
                                else [{"role": "user", "content": [{"type": "input_text", "text": piece}]}]}
        if scope == "conversation":
            body["conversation"] = f"conv_{tag}"
        elif prev is not None:
            body["previous_response_id"] = prev
        rid = f"resp_{tag}_{n}"
        text = answers[n] if answers is not None and n < len(answers) else "ok"
        out = await _turn(guard, body, _answer(rid, text), streamed=streamed)
        sent.append(out["input"] if shape == "string" else out["input"][0]["content"][0]["text"])
        prev = rid
    return sent


DICTATED = [  # the atk46 F05 report's, and dict44's shapes with other values
    ["My phone: 617", "555", "0143"],
    ["my email is jane.doe@", "gmail.com"],
    ["My SSN is 536", "90", "4399"],
    ["My card number is 4539 1488", "0343 6467"],
    ["cell 646", "555", "0132 thanks"],
    ["my e-mail address is tomas.novak", "@seznam.cz"],
    ["My SSN starts 219-09", "9999"],
]


@pytest.mark.parametrize("pieces", DICTATED)
@pytest.mark.parametrize("scope", ["response", "conversation"])
async def test_the_piece_that_completes_a_dictated_value_is_redacted(guard: Guard, pieces: list[str],
                                                                     scope: str) -> None:
    sent = await _dictated(guard, pieces, scope=scope)
    last = pieces[-1].split()[0]
    assert last not in sent[-1] and "<" in sent[-1], sent


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("shape", ["string", "message"])
async def test_streamed_answers_and_message_items(guard: Guard, streamed: bool, shape: str) -> None:
    sent = await _dictated(guard, ["My phone: 617", "555", "0143"], streamed=streamed, shape=shape)
    assert "0143" not in sent[-1] and "<PHONE_NUMBER_" in sent[-1], sent


async def test_a_card_over_four_turns(guard: Guard) -> None:
    sent = await _dictated(guard, ["Card: 4539", "1488", "0343", "6467"])
    assert "6467" not in sent[-1], sent


async def test_the_answer_asks_for_the_value(guard: Guard) -> None:
    """No word of the value's type in the user's text: the answer's (`And the rest of the card?`) cues it."""
    sent = await _dictated(guard, ["4539 1488", "0343 6467"], ["And the rest of the card?"])
    assert "0343 6467" not in sent[-1], sent
    sent = await _dictated(guard, ["4539 1488", "0343 6467"], ["ok"], tag="plain")
    assert sent == ["4539 1488", "0343 6467"]  # (as dict44 reads it with the history resent: no cue, no value)


LOOK_ALIKES = [
    ["I have 3 kids", "and 2 dogs"],
    ["I'm on version 5.1", "build 2207"],
    ["We run release 3.8", "4410"],
    ["The meeting is at 10", "45 minutes"],
    ["send it to billing@", "thanks"],
    ["Order 55120", "qty 3"],
    ["I need 617", "555 units"],
]


@pytest.mark.parametrize("pieces", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, pieces: list[str]) -> None:
    assert await _dictated(guard, pieces) == pieces
    assert await _dictated(guard, pieces, scope="conversation", tag="c") == pieces


async def test_not_across_a_long_answer_or_a_tool_call(guard: Guard) -> None:
    long = "Thanks, I have noted the first part of your number and I will wait for the rest of it."
    assert await _dictated(guard, ["My phone: 617", "555", "0143"], ["ok", long]) == ["My phone: 617", "555", "0143"]
    await _turn(guard, {"model": "m", "input": "My phone: 617"}, _answer("resp_tool", calls=("lookup",)))
    body = {"model": "m", "previous_response_id": "resp_tool", "input": "555 0143"}
    assert (await _turn(guard, body, None))["input"] == "555 0143"


async def test_another_callers_id_reads_nothing(guard: Guard) -> None:
    await _turn(guard, {"model": "m", "input": "My phone: 617 555"}, _answer("resp_alice"))
    body = {"model": "m", "previous_response_id": "resp_alice", "input": "0143"}
    assert (await _turn(guard, body, None, headers=BOB))["input"] == "0143"
    assert (await _turn(guard, body, None))["input"] != "0143"


async def test_a_conversation_state_is_replaced(guard: Guard) -> None:
    """A conversation's turn that leaves no value open: the next turn is read on its own."""
    for piece in ("My phone: 617", "Actually never mind, tell me a joke"):
        await _turn(guard, {"model": "m", "conversation": "conv_r", "input": piece}, _answer("resp_r"))
    body = {"model": "m", "conversation": "conv_r", "input": "555 0143"}
    assert (await _turn(guard, body, None))["input"] == "555 0143"


async def test_the_state_holds_no_text_and_no_digit_of_the_value(guard: Guard) -> None:
    saved: list[Any] = []
    orig = ctx47.save
    try:
        ctx47.save = lambda entries: (saved.extend(entries), orig(entries))  # type: ignore[assignment]
        await _dictated(guard, ["My card number is 4539 1488", "0343 6467"], scope="conversation")
        await _dictated(guard, ["my email is jane.doe@", "gmail.com"], tag="m")
    finally:
        ctx47.save = orig  # type: ignore[assignment]
    states = [turn.question for turn in turn47._said.values()] + [e[2] for e in saved if e[0].startswith("said47")]
    assert states and any(s and s.startswith("dc card dddd_dddd") for s in states), states
    for state in states:
        assert state is not None and re.fullmatch(r"[a-z0-9 _.+-]*", state), state
        for word in ("4539", "1488", "0343", "6467", "jane", "doe", "gmail"):
            assert word not in state, state
        assert not re.search(r"[0-9]{3}", state), state  # (only two Luhn residues: one digit each)


def test_state_round_trip() -> None:
    state = turn47._State(True, "phone", "+dd_ddd-ddd", (3, 7), "l", True)
    assert turn47._State.decode(state.encode()) == state
    for bad in ("dc phone 617 37", "dc nope ddd 37", "dc phone ddd", "zz", "", "0"):
        assert turn47._State.decode(bad) is None, bad
