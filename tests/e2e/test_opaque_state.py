"""State the proxy cannot read, or the provider keeps, beyond atk13 M2 (stream14): an earlier request's placeholder is
never this request's value.

- Responses with a reasoning item's `encrypted_content` (stateless agent loops, `store: false`): the model's reasoning
  of an earlier turn, encrypted by the provider, names values by that turn's placeholders. Such requests (and the turn
  that asks for `include: ["reasoning.encrypted_content"]`) tag each placeholder with its value's own tag, so a loop
  that resends its history gets its values back where the reasoning names them, and a placeholder of a value the request
  no longer sends (history trimmed, reordered) reaches the client as the model wrote it, never another person's value.
- Anthropic `container` given by id (code execution keeps the files earlier requests' code wrote): like
  `previous_response_id`, a random tag of the request's own.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai

# Other people and numbers than tests/e2e/test_stateful_restore.py's.
MAIL_1, PHONE_1 = "priya.natarajan@example.com", "646-555-0119"
MAIL_2, PHONE_2 = "lukas.becker@example.net", "303-555-0176"
TURN_1 = f"New ticket from {MAIL_1} (phone {PHONE_1}). Note it."
TURN_2 = f"Now {MAIL_2}, phone {PHONE_2}, asks too. Reply to the first customer."
TOKEN = r"<{}_\d+(?:_[a-z2-7]{{8}})?>"
REASONING = {"type": "reasoning", "id": "rs_0123456789abcdef", "summary": [],
             "encrypted_content": "gAAAAABpX2Vuy3J5cHRlZF9yZWFzb25pbmdfb2ZfdHVybl8x"}
OPAQUE = {"include": ["reasoning.encrypted_content"], "store": False}


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _sent(mock: Mock) -> str:
    body = mock.last_body
    return json.dumps(body.get("input", body.get("messages")), ensure_ascii=False)


def _token(sent: str, entity: str, nth: int = 0) -> str:
    found = re.findall(TOKEN.format(entity), sent)
    assert len(found) > nth, f"no {entity} placeholder"
    return str(found[nth])


def _responses(p: Proxy, body: dict[str, Any], stream: bool) -> tuple[str, list[Any]]:
    client = oai(p).responses
    if stream:
        with client.stream(**body) as s:
            text = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            final = s.get_final_response()
    else:
        final = client.create(**body)
        text = final.output_text
    return text, [json.loads(item.arguments) for item in final.output if item.type == "function_call"]


def _turn_one(p: Proxy, mock: Mock) -> tuple[str, str]:
    """Turn 1 of a stateless loop that asks for its reasoning encrypted: the customer's placeholders."""
    _responses(p, {"model": "o4-mini", "input": [{"role": "user", "content": TURN_1}], **OPAQUE}, stream=False)
    sent = _sent(mock)
    assert MAIL_1 not in sent and PHONE_1 not in sent
    return _token(sent, "EMAIL_ADDRESS"), _token(sent, "PHONE_NUMBER")


def _script_reply(mock: Mock, mail: str, phone: str) -> tuple[str, dict[str, str]]:
    said = f"Replied to {mail}; will call {phone}."
    args = {"recipient": f"customer {mail}", "note": f"call {phone}"}
    mock.script(text=said, chunk_chars=3, tool_calls=[{"name": "reply", "arguments": args}])
    return said, args


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("history", ["trimmed", "reordered"])
def test_opaque_reasoning_names_no_other_persons_value(mock: Mock, proxy: Proxy, history: str, stream: bool) -> None:
    """Turn 2 resends turn 1's encrypted reasoning but not turn 1's message (trimmed), or after turn 2's (reordered):
    the reasoning's placeholder for the first customer comes back as the model wrote it, never as turn 2's value."""
    mail_1, phone_1 = _turn_one(proxy, mock)
    said, args = _script_reply(mock, mail_1, phone_1)
    items: list[Any] = [REASONING, {"role": "user", "content": TURN_2}]
    if history == "reordered":
        items.append({"role": "user", "content": "(earlier) " + TURN_1})
    text, calls = _responses(proxy, {"model": "o4-mini", "input": items, **OPAQUE}, stream)
    sent = _sent(mock)
    assert MAIL_2 not in sent and PHONE_2 not in sent
    assert mail_1 not in sent and phone_1 not in sent, "turn 1's placeholders name no value of turn 2"
    assert text == said and calls == [args]
    assert MAIL_2 not in text + json.dumps(calls) and PHONE_2 not in text + json.dumps(calls)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_stateless_loop_gets_its_values_back(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """The loop resends its history with the encrypted reasoning: the first customer's values get the same
    placeholders as in turn 1, so where the reasoning names them the client gets them back; turn 2's too."""
    mail_1, phone_1 = _turn_one(proxy, mock)
    said, args = _script_reply(mock, mail_1, phone_1)
    items = [{"role": "user", "content": TURN_1}, REASONING,
             {"role": "assistant", "content": "Noted."}, {"role": "user", "content": TURN_2}]
    text, calls = _responses(proxy, {"model": "o4-mini", "input": items, **OPAQUE}, stream)
    sent = _sent(mock)
    assert MAIL_1 not in sent and MAIL_2 not in sent
    assert _token(sent, "EMAIL_ADDRESS") == mail_1 and _token(sent, "PHONE_NUMBER") == phone_1
    mail_2 = _token(sent, "EMAIL_ADDRESS", 1)
    assert mail_2 != mail_1
    assert text == f"Replied to {MAIL_1}; will call {PHONE_1}."
    assert calls == [{"recipient": f"customer {MAIL_1}", "note": f"call {PHONE_1}"}]
    # Turn 2's own placeholder is restored too.
    mock.script(text=f"Also wrote to {mail_2}.", chunk_chars=3)
    text, _ = _responses(proxy, {"model": "o4-mini", "input": items, **OPAQUE}, stream)
    assert text == f"Also wrote to {MAIL_2}."


def test_value_tags_differ_per_value_and_plain_requests_stay_plain(mock: Mock, proxy: Proxy) -> None:
    mock.script(chunk_chars=3)
    _responses(proxy, {"model": "o4-mini", "input": [{"role": "user", "content": TURN_2}], **OPAQUE}, stream=False)
    tagged = re.findall(r"<EMAIL_ADDRESS_\d+_[a-z2-7]{8}>", _sent(mock))
    assert len(tagged) == 1
    text, _ = _responses(proxy, {"model": "o4-mini", "input": TURN_2, "store": False}, stream=False)
    assert "<EMAIL_ADDRESS_1>" in _sent(mock) and text == "You said: " + TURN_2


ANTHROPIC_TURN = f"Run the report for {MAIL_2}, phone {PHONE_2}."


def _messages(p: Proxy, body: dict[str, Any], stream: bool) -> str:
    client = claude(p).beta.messages
    if stream:
        with client.stream(**body) as s:
            return "".join(s.text_stream)
    answer = client.create(**body)
    return "".join(block.text for block in answer.content if block.type == "text")


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("container", ["container_011CQdnw8xZ1yKp", {"id": "container_011CQdnw8xZ1yKp", "skills": []}],
                         ids=["id", "object"])
def test_a_reused_container_tags_the_placeholders(mock: Mock, proxy: Proxy, container: Any, stream: bool) -> None:
    """A code execution container given by id keeps files an earlier request's code wrote (with that request's
    `<EMAIL_ADDRESS_1>`): this request's placeholders carry a tag of their own, and the earlier one reaches the
    client as the model wrote it."""
    body = {"model": "claude-sonnet-4-5", "max_tokens": 64, "container": container,
            "messages": [{"role": "user", "content": ANTHROPIC_TURN}]}
    mock.script(chunk_chars=3)
    assert _messages(proxy, body, stream) == "You said: " + ANTHROPIC_TURN  # its own placeholders come back
    sent = _sent(mock)
    mail, phone = _token(sent, "EMAIL_ADDRESS"), _token(sent, "PHONE_NUMBER")
    assert mail != "<EMAIL_ADDRESS_1>" and phone != "<PHONE_NUMBER_1>" and MAIL_2 not in sent
    said = "File report.csv has <EMAIL_ADDRESS_1> and <PHONE_NUMBER_1> (an earlier request's)."
    mock.script(text=said, chunk_chars=3)
    assert _messages(proxy, body, stream) == said


def test_a_new_container_keeps_plain_placeholders(mock: Mock, proxy: Proxy) -> None:
    mock.script(chunk_chars=3)
    body = {"model": "claude-sonnet-4-5", "max_tokens": 64, "container": {"skills": []},
            "messages": [{"role": "user", "content": ANTHROPIC_TURN}]}
    text = _messages(proxy, body, stream=False)
    assert "<EMAIL_ADDRESS_1>" in _sent(mock) and MAIL_2 not in _sent(mock)
    assert text == "You said: " + ANTHROPIC_TURN
