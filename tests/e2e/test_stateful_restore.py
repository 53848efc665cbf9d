"""Restore in conversations the provider holds (atk13 M2): an earlier turn's placeholder is never this turn's value.

With `previous_response_id` or `conversation` (or an input item given by id, a compaction item) the provider puts the
earlier turns into the model's context, placeholders and all. Placeholders were numbered per request, so turn 1's
`<EMAIL_ADDRESS_1>` (one customer) and turn 2's `<EMAIL_ADDRESS_1>` (another) were one token for two people, and a
tool call the model made for turn 1's customer came back to the client with turn 2's address. Now such a request's
placeholders carry a random tag of their own (`<EMAIL_ADDRESS_1_k3f9x2mq>`): turn 2's values come back where the model
names them, and turn 1's placeholders reach the client as the model wrote them, whole answers and streams (the
placeholders cut into 3-character pieces) alike. Requests that continue nothing keep `<EMAIL_ADDRESS_1>` exactly.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, oai, received

# Turn 1: one customer; turn 2: another person, whose values get the same numbers in a request of their own.
MAIL_1, PHONE_1 = "maria.lopez@example.org", "415-555-0182"
MAIL_2, PHONE_2 = "tom.baker@example.net", "212-555-0147"
TURN_1 = f"Customer on file: {MAIL_1}, phone {PHONE_1}. Keep it for later."
TURN_2 = f"Also {MAIL_2} (phone {PHONE_2}) wants a copy; first mail the refund to the customer from before."
TAGGED = re.compile(r"<(EMAIL_ADDRESS|PHONE_NUMBER)_1_[a-z2-7]{8}>")

# How a request continues what the provider kept: the earlier response, a conversation (id or object), an item of
# it given by id (typed or not), a compaction item.
CONTINUATIONS: dict[str, dict[str, Any]] = {
    "previous_response_id": {"previous_response_id": "resp_0123456789abcdef"},
    "conversation": {"conversation": "conv_0123456789abcdef0123456789abcdef"},
    "conversation_object": {"conversation": {"id": "conv_0123456789abcdef0123456789abcdef"}},
    "item_reference": {"items": [{"type": "item_reference", "id": "msg_0123456789abcdef"}]},
    "untyped_reference": {"items": [{"id": "msg_0123456789abcdef"}]},
    "compaction": {"items": [{"type": "compaction", "encrypted_content": "gAAAAABo-compacted"}]},
}


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _body(text: str, how: dict[str, Any]) -> dict[str, Any]:
    """A Responses request for `text` continuing state as `how` says."""
    fields = {k: v for k, v in how.items() if k != "items"}
    items = [*how.get("items", []), {"role": "user", "content": text}]
    return {"model": "gpt-4o-mini", "input": items if "items" in how else text, **fields}


def _answer(p: Proxy, body: dict[str, Any], stream: bool) -> tuple[str, list[Any]]:
    """The client's answer text and its function calls' arguments (parsed), whole or streamed."""
    client = oai(p).responses
    if stream:
        with client.stream(**body) as s:
            events = list(s)
            final = s.get_final_response()
        text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        args = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
        calls = [json.loads(item.arguments) for item in final.output if item.type == "function_call"]
        assert final.output_text == text
        if calls:
            assert [json.loads(args)] == calls
        return text, calls
    whole = client.create(**body)
    return whole.output_text, [json.loads(item.arguments) for item in whole.output if item.type == "function_call"]


def _sent_text(mock: Mock) -> str:
    return json.dumps(mock.last_body["input"], ensure_ascii=False)


def _turn_one(mock: Mock, proxy: Proxy, how: dict[str, Any]) -> tuple[str, str]:
    """Turn 1 (answered by the echo): the placeholders the provider saw for the customer's address and phone."""
    _answer(proxy, _body(TURN_1, how), stream=False)
    sent = _sent_text(mock)
    assert MAIL_1 not in sent and PHONE_1 not in sent
    mail = re.search(r"<EMAIL_ADDRESS_1(?:_[a-z2-7]{8})?>", sent)
    phone = re.search(r"<PHONE_NUMBER_1(?:_[a-z2-7]{8})?>", sent)
    assert mail is not None and phone is not None
    return mail.group(0), phone.group(0)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("way", list(CONTINUATIONS))
def test_earlier_turns_placeholder_is_not_this_turns_value(mock: Mock, proxy: Proxy, way: str, stream: bool) -> None:
    how = CONTINUATIONS[way]
    # Turn 1 with the same state (a conversation's turns all carry it; a previous_response_id chain starts without).
    mail_1, phone_1 = _turn_one(mock, proxy, how if way.startswith("conversation") else {})
    # Turn 2: the model, which holds turn 1, writes to turn 1's customer.
    said = f"Refund mailed to {mail_1}; I will call {phone_1} tomorrow."
    args = {"to": mail_1, "note": f"refund, call {phone_1}"}
    mock.script(text=said, chunk_chars=3, tool_calls=[{"name": "send_refund", "arguments": args}])
    text, calls = _answer(proxy, _body(TURN_2, how), stream)
    sent = _sent_text(mock)
    assert MAIL_2 not in sent and PHONE_2 not in sent
    own = set(TAGGED.findall(sent))
    assert own == {"EMAIL_ADDRESS", "PHONE_NUMBER"}, "turn 2's placeholders carry a tag"
    assert mail_1 not in sent and phone_1 not in sent, "turn 2 never reuses turn 1's placeholders"
    # Turn 1's placeholders reach the client as the model wrote them: never the other person's values.
    assert text == said
    assert calls == [args]
    assert MAIL_2 not in text + json.dumps(calls) and PHONE_2 not in text + json.dumps(calls)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("way", ["previous_response_id", "conversation"])
def test_this_turns_placeholders_come_back(mock: Mock, proxy: Proxy, way: str, stream: bool) -> None:
    """Turn 2's own (tagged) placeholders are restored: the echo gives the client its text back."""
    mock.script(chunk_chars=3)
    text, _ = _answer(proxy, _body(TURN_2, CONTINUATIONS[way]), stream)
    sent = _sent_text(mock)
    assert len(TAGGED.findall(sent)) == 2 and MAIL_2 not in sent
    assert text == "You said: " + TURN_2


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_tag_is_per_request(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """Two turns of one conversation with the same value: each request has a tag of its own, and neither request
    restores the other's placeholder (the model naming turn 1's gets it back as written)."""
    how = CONTINUATIONS["conversation"]
    mail_1, _ = _turn_one(mock, proxy, how)
    assert TAGGED.fullmatch(mail_1)
    mock.script(text=f"Earlier: {mail_1}.", chunk_chars=3)
    text, _ = _answer(proxy, _body(f"Write to {MAIL_1} again.", how), stream)
    mail_2 = re.search(r"<EMAIL_ADDRESS_1_[a-z2-7]{8}>", _sent_text(mock))
    assert mail_2 is not None and mail_2.group(0) != mail_1
    assert text == f"Earlier: {mail_1}."


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_stateless_requests_keep_plain_placeholders(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """Responses without provider-held state, and chat: `<EMAIL_ADDRESS_1>` as ever, restored."""
    mock.script(chunk_chars=3)
    text, _ = _answer(proxy, _body(TURN_2, {"items": [], "store": True}), stream)
    assert "<EMAIL_ADDRESS_1>" in _sent_text(mock) and "<PHONE_NUMBER_1>" in _sent_text(mock)
    assert text == "You said: " + TURN_2
    chat = oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": TURN_2}])
    assert "<EMAIL_ADDRESS_1>" in received(mock) and not TAGGED.search(received(mock))
    assert chat.choices[0].message.content == "You said: " + TURN_2
