"""Issue 12, atk25 F02 (`proxy.guard.prev26`), end to end through the official OpenAI SDK: the Responses API's
stateful turns. Answer 1 (relayed by the proxy, whole or streamed) calls `get_customer_ssn` or asks `What is your
phone number?`; the client's next request names it by `previous_response_id` and sends only the tool's output or the
bare reply: the value reaches the provider redacted. Look-alikes (a question about an order number, an id the proxy
never relayed, a call the answer did not make, another key's answer) reach it as sent."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai

TOOLS: Any = [{"type": "function", "name": "get_customer_ssn",
               "parameters": {"type": "object", "properties": {"customer": {"type": "string"}}}}]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _first(client: openai.OpenAI, streamed: bool, **kw: Any) -> Any:
    """Answer 1 through the proxy: the response object (a streamed one's from its completed event)."""
    if not streamed:
        return client.responses.create(model="gpt-4o-mini", **kw)
    done = [e.response for e in client.responses.create(model="gpt-4o-mini", stream=True, **kw)
            if e.type == "response.completed"]
    assert len(done) == 1
    return done[0]


def _upstream(mock: Mock) -> Any:
    return mock.state.requests[-1].body


@pytest.mark.parametrize("streamed", [False, True])
def test_a_function_call_output_after_a_relayed_call(guarded: Proxy, mock: Mock, streamed: bool) -> None:
    client = oai(guarded)
    mock.script(tool_calls=[{"name": "get_customer_ssn", "arguments": {"customer": "me"}},
                            {"name": "get_order_total", "arguments": {"order": "4"}}])
    r1 = _first(client, streamed, input="What's my SSN on file?", tools=TOOLS)
    ssn_call, total_call = [o.call_id for o in r1.output if o.type == "function_call"]
    mock.script(text="Done.")
    client.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[
        {"type": "function_call_output", "call_id": ssn_call, "output": "536904399"},
        {"type": "function_call_output", "call_id": total_call, "output": "412837465"},
        {"type": "function_call_output", "call_id": "call_never_made", "output": "372615948"}])
    sent = _upstream(mock)["input"]
    assert "536904399" not in sent[0]["output"] and "<US_SSN_" in sent[0]["output"], sent[0]
    assert sent[1]["output"] == "412837465"  # an order total
    assert sent[2]["output"] == "372615948"  # a call the answer did not make


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(("question", "value", "gone"), [
    ("What is your phone number?", "6175550143", "6175550143"),
    ("To verify, what is your SSN?", "536904399", "536904399"),
    ("What is your full name?", "Bill White", "White"),
    ("Thanks. And the best mobile to reach you on?", "3125550177", "3125550177"),  # held out
])
def test_a_short_reply_after_a_relayed_question(guarded: Proxy, mock: Mock, streamed: bool, question: str,
                                                 value: str, gone: str) -> None:
    client = oai(guarded)
    mock.script(text="Sure, I can update it. " + question)
    r1 = _first(client, streamed, input="I need to update my account.")
    for shape in (value, [{"role": "user", "content": value}]):
        mock.script(text="ok")
        client.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=shape)  # type: ignore[arg-type]
        body = _upstream(mock)
        sent = body["input"] if isinstance(body["input"], str) else body["input"][0]["content"]
        assert gone not in sent and "<" in sent, sent


@pytest.mark.parametrize("streamed", [False, True])
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, streamed: bool) -> None:
    client = oai(guarded)
    mock.script(text="Sure. What's your order number?")
    r1 = _first(client, streamed, input="Where is my parcel?")
    mock.script(text="What is your phone number?")
    r2 = _first(client, streamed, input="I need to update my account.")
    cases = [(r1.id, "6175550143", client),                       # the question asked for an order number
             ("resp_0123456789abcdef0123456789abcdef", "6175550143", client),  # an id the proxy never relayed
             (r2.id, "6175550143", openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk-other",
                                                 max_retries=0))]  # another caller's answer
    for rid, value, c in cases:
        mock.script(text="ok")
        c.responses.create(model="gpt-4o-mini", previous_response_id=rid, input=value)
        assert _upstream(mock)["input"] == value, rid
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", previous_response_id=r2.id, input="6175550143")
    assert "6175550143" not in json.dumps(_upstream(mock))  # the same reply to its own caller's question
