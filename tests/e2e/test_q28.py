"""Issue 12, atk26 F1 (`proxy.guard.q28`), end to end through the official OpenAI SDK: the assistant asks for a name or
a phone number in everyday words (`What name should I put the booking under?`, `What's your number?`) or for several
values at once (a list: full name, phone number; `your name and your SSN`), and the user's short reply reaches the
provider redacted, in chat and in a Responses request continuing the answer by `previous_response_id` (whole or
streamed). Questions about other data and replies that are no answer reach it as sent."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _chat(client: openai.OpenAI, mock: Mock, question: str, reply: str) -> str:
    mock.script(text="ok")
    client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Help me book a table."}, {"role": "assistant", "content": question},
        {"role": "user", "content": reply}])
    return str(mock.state.requests[-1].body["messages"][-1]["content"])


def _previous(client: openai.OpenAI, mock: Mock, question: str, reply: str, streamed: bool) -> str:
    mock.script(text=question)
    if streamed:
        done = [e.response for e in client.responses.create(model="gpt-4o-mini", input="Help me book a table.",
                                                            stream=True) if e.type == "response.completed"]
        rid = done[0].id
    else:
        rid = client.responses.create(model="gpt-4o-mini", input="Help me book a table.").id
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", previous_response_id=rid, input=reply)
    body: Any = mock.state.requests[-1].body
    return str(body["input"])


ASKED = [  # (the assistant's question, the user's reply, what must not reach the provider)
    ("What name should I put the booking under?", "Hope Young", ["Hope", "Young"]),
    ("Who is the booking for?", "Bill White", ["Bill", "White"]),
    ("What's your number?", "6175550143", ["6175550143"]),
    ("What number should we use for delivery updates?", "6175550143", ["6175550143"]),
    ("To book, I need:\n1. Your full name\n2. Your phone number", "Hope Young, 6175550143",
     ["Hope", "Young", "6175550143"]),
    ("I just need two things: your name and your SSN.", "Hope Young 536904399", ["Hope", "Young", "536904399"]),
]
KEPT = [  # (a question about other data, or a reply that is no answer)
    ("What's your order number?", "4567890123"),
    ("Which table number?", "12"),
    ("Who is the vendor?", "Acme Corp"),
    ("What is your full name?", "Skip that please"),
    ("What is your phone number?", "Invoice 2024-00917"),
]


@pytest.mark.parametrize(("question", "reply", "secrets"), ASKED)
def test_chat_reply_to_an_everyday_question(guarded: Proxy, mock: Mock, question: str, reply: str,
                                            secrets: list[str]) -> None:
    sent = _chat(oai(guarded), mock, question, reply)
    for secret in secrets:
        assert secret not in sent, sent


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(("question", "reply", "secrets"), ASKED)
def test_previous_response_reply_to_an_everyday_question(guarded: Proxy, mock: Mock, question: str, reply: str,
                                                         secrets: list[str], streamed: bool) -> None:
    sent = _previous(oai(guarded), mock, question, reply, streamed)
    for secret in secrets:
        assert secret not in sent, sent


@pytest.mark.parametrize(("question", "reply"), KEPT)
def test_ordinary_replies_go_as_sent(guarded: Proxy, mock: Mock, question: str, reply: str) -> None:
    client = oai(guarded)
    assert _chat(client, mock, question, reply) == reply
    assert _previous(client, mock, question, reply, streamed=False) == reply
