"""dict44 (atk43 F05): a card, SSN, phone number or e-mail address the user dictates over two or more user turns
with a short assistant acknowledgement between (`Noted.`, `ok`, `Sure, go ahead.`) is redacted in every piece, and
a placeholder covers only characters of the value (the assistant's `ok` between an address's halves stays `ok`).
Values differ from atk43's; the look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.dict44 import dictated_joints
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _chat(guard: Guard, *turns: str) -> list[str]:
    body = {"model": "m", "messages": [{"role": "user" if k % 2 == 0 else "assistant", "content": t}
                                       for k, t in enumerate(turns)]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return [str(m["content"]) for m in body["messages"]]


DICTATED = [  # (turns, the pieces that must not go)
    (("My card number is 4539 1488", "Noted.", "0343 6467"), ["4539 1488", "0343 6467"]),
    (("my visa is 4716 9938", "Sure, go ahead.", "7426 6110"), ["4716 9938", "7426 6110"]),
    (("Card: 5425 2334", "Okay, I'm listening.", "3010 9903 thanks"), ["5425 2334", "3010 9903"]),
    (("My phone: 415", "ok", "555", "ok", "0199"), ["415", "555", "0199"]),
    (("cell 646", "Got it.", "555", "Okay.", "0132 thanks"), ["646", "555", "0132"]),
    (("My SSN starts 219-09", "Okay, I'm listening.", "9999"), ["219-09", "9999"]),
    (("my email is amira.haddad@", "And the domain?", "proton.me"), ["amira.haddad@", "proton.me"]),
    (("write to k.sato@", "Sure, go ahead.", "example.org please"), ["k.sato@", "example.org"]),
    (("my e-mail address is tomas.novak", "Noted.", "@seznam.cz"), ["tomas.novak", "seznam.cz"]),
]


@pytest.mark.parametrize(("turns", "gone"), DICTATED)
async def test_dictated_value_is_redacted_in_every_turn(guard: Guard, turns: tuple[str, ...],
                                                        gone: list[str]) -> None:
    sent = await _chat(guard, *turns)
    users = sent[::2]
    for piece in gone:
        assert not any(piece in t for t in users), sent
    assert sent[1::2] == list(turns[1::2])  # the assistant's texts as sent


async def test_acknowledgement_between_address_halves_is_not_a_placeholder(guard: Guard) -> None:
    sent = await _chat(guard, "my email is amira.haddad@", "ok", "proton.me")
    assert sent[1] == "ok", sent
    assert "amira.haddad" not in sent[0] and "proton.me" not in sent[2], sent


LOOK_ALIKES = [
    ("I have 3 kids", "ok", "and 2 dogs"),
    ("I'm on version 5.1", "ok", "build 2207"),
    ("We run release 3.8", "Got it.", "4410"),
    ("ok", "ok", "ok"),
    ("Hi there", "Noted.", "Thanks, that's all"),
    ("The meeting is at 10", "ok", "45 minutes"),
    ("send it to billing@", "ok", "thanks"),
    ("Order 55120", "Noted.", "qty 3"),
]


@pytest.mark.parametrize("turns", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, turns: tuple[str, ...]) -> None:
    assert await _chat(guard, *turns) == list(turns)


async def test_not_across_a_long_assistant_answer(guard: Guard) -> None:
    turns = ("My card number is 4539 1488",
             "Thanks, I have written down the first part of it; cards have sixteen digits in all.", "0343 6467")
    assert (await _chat(guard, *turns))[2] == turns[2]


def test_joints_only_where_roles_say_so() -> None:
    texts = ["My phone: 415", "ok", "555", "ok", "0199"]
    assert dictated_joints(texts, None) == []
    assert dictated_joints(texts, ["user"] * 5) == []
    found = dictated_joints(texts, ["user", "assistant", "user", "assistant", "user"])
    assert [j.text for j in found] == ["My phone: 415 555", "My phone: 415 555 0199"]
    # a system or tool message between ends the chain
    assert dictated_joints(texts, ["user", "assistant", "tool", "assistant", "user"]) == []
