"""atk47 F03 (`proxy.guard.bub48`): a cue ending one user text (`My SSN is`), the bare value in the next user text
(after nothing or short assistant acknowledgements), or a system/developer prompt (Anthropic `system`, Responses
`instructions`) asking for a kind and the first user text a bare value: the value is redacted. Look-alikes (a word
that is no cue, a sentence that asks nothing, a value that is no bare run of digits) go as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import bub48, context24
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy
from tests.guard.test_prev26 import PII


def u(t: str) -> dict[str, Any]:
    return {"role": "user", "content": t}


def a(t: str) -> dict[str, Any]:
    return {"role": "assistant", "content": t}


def r(role: str, t: str) -> dict[str, Any]:
    return {"role": role, "content": t}


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> str:
    """The body's texts as they went upstream, joined."""
    body = copy.deepcopy(body)
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    slots = adapter.request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    return "\n".join(s.get() for s in adapter.request_texts(kind, body))


BUBBLES = [  # (kind, the body, the value)
    (CHAT, {"messages": [u("My SSN is"), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [u("my cell is"), u("6175550143")]}, "6175550143"),
    (CHAT, {"messages": [u("My SSN is"), a("ok"), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [u("ok call me at"), u("6175550143")]}, "6175550143"),
    (CHAT, {"messages": [u("here is my SSN"), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [u("My SSN:"), u("536904399")]}, "536904399"),
    (MESSAGES, {"messages": [u("My SSN is"), a("Go ahead."), u("536904399")]}, "536904399"),
    (RESPONSES, {"input": [u("My SSN is"), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [r("system", "You are an intake bot. Collect the caller's SSN."), u("536904399")]},
     "536904399"),
    (CHAT, {"messages": [r("system", "The user will send their SSN next."), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [r("developer", "Ask the user for their SSN."), a("Please go ahead."), u("536904399")]},
     "536904399"),
    (MESSAGES, {"system": "The user will send their SSN next.", "messages": [u("536904399")]}, "536904399"),
    (MESSAGES, {"system": [{"type": "text", "text": "Collect the caller's SSN."}], "messages": [u("536904399")]},
     "536904399"),
    (RESPONSES, {"instructions": "The user's message is their Social Security number. Validate it.",
                 "input": "536904399"}, "536904399"),
    (RESPONSES, {"instructions": "Collect the caller's SSN.", "input": [u("536904399")]}, "536904399"),
]


@pytest.mark.parametrize(("kind", "body", "value"), BUBBLES)
async def test_a_bare_value_after_its_cue_is_redacted(guard: Guard, kind: str, body: dict[str, Any],
                                                      value: str) -> None:
    sent = await _sent(guard, kind, {"model": "m", **body})
    assert value not in sent and "<" in sent, sent


LOOKS = [
    (CHAT, {"messages": [u("My order number is"), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [r("system", "Our phone support line is 1-800-555-0100."), u("how many users: 6175550143")]},
     "how many users: 6175550143"),
    (CHAT, {"messages": [r("system", "You help customers choose phone plans."), u("536904399")]}, "536904399"),
    (CHAT, {"messages": [u("The invoice total is"), u("1250000")]}, "1250000"),
    (CHAT, {"messages": [u("My SSN is"), a("I cannot take that here; tell me how many seats the team needs."),
                         u("2500000")]}, "2500000"),
    (CHAT, {"messages": [r("system", "Collect the caller's SSN."), u("Hi, I need help with bill 4412.")]},
     "bill 4412"),
    (RESPONSES, {"instructions": "Reply with the number of digits the user sends.", "input": "12345678"}, "12345678"),
    (MESSAGES, {"messages": [u("the ticket number is"), u("45678123")]}, "45678123"),
]


@pytest.mark.parametrize(("kind", "body", "value"), LOOKS)
async def test_look_alikes_go_as_sent(guard: Guard, kind: str, body: dict[str, Any], value: str) -> None:
    sent = await _sent(guard, kind, {"model": "m", **body})
    assert value in sent, sent


@pytest.mark.parametrize(("text", "kind"), [("My SSN is", "ssn"), ("my cell is", "phone"), ("ok call me at", "phone"),
                                            ("here is my SSN", "ssn"), ("my number is", "phone"),
                                            ("My order number is", None), ("the price:", None),
                                            ("My SSN is 536", None), ("what is your SSN policy", None)])
def test_end_cue(text: str, kind: str | None) -> None:
    assert bub48.end_cue(text) == kind


def test_no_bare_value_no_reading() -> None:
    out: dict[int, str] = {}
    bub48.mark(CHAT, {"messages": [u("My SSN is"), u("secret, later")]}, out)
    assert out == {}
