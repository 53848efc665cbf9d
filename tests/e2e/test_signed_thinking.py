"""Extended thinking in a tool loop under restore (thinking20, found by streamleft16).

Anthropic signs a `thinking` block: the next request of a tool loop must send it back with the text it signed, byte
for byte, or the provider refuses the request (the mock checks it the same way: `proxy.mock.anthropic`). With `input:
pii: redact` and `restore: true` the proxy used to restore the client's values into the thinking text; the client
sent that text back as the API requires, and the proxy could neither pass it (the value would reach the provider) nor
rewrite it (the signature covers it): the loop's next turn was refused. Now a signed thinking block is never restored:
the client gets it as the provider signed it (placeholders in it), whole and streamed, and a resent thinking block
that holds only placeholders goes up unchanged, so the loop goes on and no value reaches the provider.

A Responses reasoning item's summary is no such text: the provider reads the item's `encrypted_content`, not its
summary, so the summary is restored, and resent it is redacted again; the encrypted content goes up as it came.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anthropic
import pytest

from proxy.mock.anthropic import thinking_signature
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, SCREENED_POLICY, claude, oai, received

MAIL, PHONE = "maria.lopez@example.org", "415-555-0182"
ASK = f"Refund the last order of {MAIL} (phone {PHONE}), then tell me it is done."
THINKING = "The customer is <EMAIL_ADDRESS_1>, phone <PHONE_NUMBER_1>: look the order up first, then refund it."
TOOLS: Any = [{"name": "lookup_order", "description": "Find a customer's last order.",
               "input_schema": {"type": "object", "properties": {"email": {"type": "string"}}}}]
THINK: Any = {"type": "enabled", "budget_tokens": 1024}
MODEL = "claude-sonnet-4-5"


@pytest.fixture(scope="module", params=["restore_only", "output_rules"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    """Restore alone (the answer released as it comes), and with output rules (the answer read in windows)."""
    policy = RESTORE_ONLY_POLICY if request.param == "restore_only" else SCREENED_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def _turn(p: Proxy, messages: list[Any], stream: bool) -> Any:
    """One Messages request with thinking and the tool; the final message as the SDK built it."""
    client = claude(p)
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 2048, "thinking": THINK, "tools": TOOLS,
                              "messages": messages}
    if stream:
        with client.messages.stream(**kwargs) as s:
            for _ in s:
                pass
            return s.get_final_message()
    return client.messages.create(**kwargs)


def _sent_blocks(mock: Mock, kind: str) -> list[dict[str, Any]]:
    """The last request's content blocks of type `kind`, as the provider received them."""
    return [b for m in mock.last_body["messages"] if isinstance(m.get("content"), list)
            for b in m["content"] if b.get("type") == kind]


def _tokens(mock: Mock, p: Proxy) -> tuple[str, str]:
    """The placeholders the provider reads for MAIL and PHONE in a request with thinking on: each value's own
    (`<EMAIL_ADDRESS_1_k3f9x2mq>`, the same in every turn), so a resent thinking block names them as the turn does."""
    mock.script(text="ok")
    _turn(p, [{"role": "user", "content": ASK}], stream=False)
    sent = mock.last_body["messages"][0]["content"]
    mail, phone = re.findall(r"<EMAIL_ADDRESS_1_[a-z2-7]{8}>", sent), re.findall(r"<PHONE_NUMBER_1_[a-z2-7]{8}>", sent)
    assert len(mail) == len(phone) == 1, sent
    return mail[0], phone[0]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_tool_loop_with_thinking_goes_on(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """Turn 1: the model thinks about the customer (placeholders) and calls the tool; the client gets the thinking
    as signed. Turn 2: the client sends the assistant turn back as the API requires, with the tool's result: the
    provider takes it (the thinking byte for byte), reads the customer by the placeholders the thinking names, and
    never sees the customer's values; the answer naming that placeholder gets the value back."""
    mail, phone = _tokens(mock, proxy)
    thought = f"The customer is {mail}, phone {phone}: look the order up first, then refund it."
    mock.script(reasoning=thought, tool_calls=[{"name": "lookup_order", "arguments": {"email": mail}}], chunk_chars=3)
    first = [{"role": "user", "content": ASK}]
    answer = _turn(proxy, first, stream)
    asked = mock.last_body["messages"][0]["content"]
    thinking = [b for b in answer.content if b.type == "thinking"]
    assert len(thinking) == 1
    assert thinking[0].thinking == thought  # as the provider signed it: no value restored into it
    assert thinking[0].signature == thinking_signature(thought)
    call = next(b for b in answer.content if b.type == "tool_use")

    mock.script(text=f"Refunded {mail}.", chunk_chars=3)
    loop = [*first, {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in answer.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call.id,
                                          "content": f"Order 4471 of {MAIL}: 59.90 EUR, paid."}]}]
    done = _turn(proxy, loop, stream)
    assert [b.text for b in done.content if b.type == "text"] == [f"Refunded {MAIL}."]
    sent = _sent_blocks(mock, "thinking")
    assert sent == [{"type": "thinking", "thinking": thought, "signature": thinking_signature(thought)}]
    assert mock.last_body["messages"][0]["content"] == asked  # the customer: the placeholders the thinking names
    assert f"Order 4471 of {mail}: 59.90 EUR, paid." in json.dumps(mock.last_body["messages"][2])
    everything = received(mock)
    assert MAIL not in everything and PHONE not in everything


def test_signed_placeholders_of_plain_numbering_stay_as_written(mock: Mock, proxy: Proxy) -> None:
    """A thinking block of an earlier proxy (`<EMAIL_ADDRESS_1>`, numbered without a tag) goes back as it came; this
    turn's values get their own tokens, and the model's echo of the old token reaches the client as written."""
    mock.script(reasoning=THINKING, text="Checking <EMAIL_ADDRESS_1>.", chunk_chars=3)
    first = [{"role": "user", "content": ASK}]
    answer = _turn(proxy, first, stream=False)
    assert [b.thinking for b in answer.content if b.type == "thinking"] == [THINKING]
    assert [b.text for b in answer.content if b.type == "text"] == ["Checking <EMAIL_ADDRESS_1>."]
    mock.script(text="ok")
    loop = [*first, {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in answer.content]},
            {"role": "user", "content": "Go on."}]
    _turn(proxy, loop, stream=False)
    assert _sent_blocks(mock, "thinking") == [{"type": "thinking", "thinking": THINKING,
                                                "signature": thinking_signature(THINKING)}]
    assert MAIL not in received(mock) and PHONE not in received(mock)


def test_resent_placeholders_only_thinking_goes_up_unchanged(mock: Mock, proxy: Proxy) -> None:
    """A resent thinking block that holds placeholders and no value is not rewritten (no placeholder renumbered),
    whatever the values of the request around it are numbered."""
    text = "Mail <EMAIL_ADDRESS_2> after <EMAIL_ADDRESS_1>; call <PHONE_NUMBER_1> if <EMAIL_ADDRESS_3> bounces."
    mock.script(text="ok")
    messages: Any = [
        {"role": "user", "content": f"Write to bob.stone@example.net and {MAIL}."},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": text, "signature": thinking_signature(text)},
                                          {"type": "text", "text": "Which one first?"}]},
        {"role": "user", "content": f"{MAIL} first, and ring {PHONE}."},
    ]
    claude(proxy).messages.create(model=MODEL, max_tokens=2048, thinking=THINK, messages=messages)
    assert _sent_blocks(mock, "thinking") == [{"type": "thinking", "thinking": text,
                                                "signature": thinking_signature(text)}]
    everything = received(mock)
    assert MAIL not in everything and PHONE not in everything and "bob.stone@example.net" not in everything


def test_resent_thinking_with_a_value_is_still_refused(mock: Mock, proxy: Proxy) -> None:
    """A thinking block the client resends with a value in it (the text restored by an older proxy, or edited) is
    refused by the proxy: rewritten, its signature would not hold; sent, the value would leak."""
    text = f"The customer is {MAIL}."
    messages: Any = [
        {"role": "user", "content": "Who is the customer?"},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": text, "signature": thinking_signature(text)},
                                          {"type": "text", "text": "Let me check."}]},
        {"role": "user", "content": "Go on."},
    ]
    with pytest.raises(anthropic.BadRequestError):
        claude(proxy).messages.create(model=MODEL, max_tokens=2048, thinking=THINK, messages=messages)
    assert MAIL not in received(mock)


def test_mock_refuses_a_changed_thinking_text(mock: Mock, proxy: Proxy) -> None:
    """The mock, as the provider: a signed thinking block whose text changed is refused (what a rewrite would get)."""
    changed = THINKING.replace("<EMAIL_ADDRESS_1>", "<EMAIL_ADDRESS_2>")
    messages: Any = [
        {"role": "user", "content": "Refund the last order."},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": changed,
                                           "signature": thinking_signature(THINKING)},
                                          {"type": "text", "text": "Which customer?"}]},
        {"role": "user", "content": "The usual one."},
    ]
    with pytest.raises(anthropic.BadRequestError, match="signature"):
        claude(proxy).messages.create(model=MODEL, max_tokens=2048, thinking=THINK, messages=messages)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses_summary_with_encrypted_content(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """A stateless Responses loop (`store: false`, `include: ["reasoning.encrypted_content"]`): the summary is
    restored (the provider reads the encrypted content, not the summary, when the item comes back), and resent it
    is redacted again while the encrypted content goes up byte for byte."""
    tools: Any = [{"type": "function", "name": "lookup_order", "parameters": TOOLS[0]["input_schema"]}]
    first: Any = [{"role": "user", "content": ASK}]
    kwargs: dict[str, Any] = {"model": "o4-mini", "store": False, "include": ["reasoning.encrypted_content"],
                              "tools": tools}
    client = oai(proxy).responses
    mock.script(text="ok")
    client.create(input=first, **kwargs)  # the customer's placeholder in such a loop: tagged with its value's own tag
    token = re.findall(r"<EMAIL_ADDRESS_1_[a-z2-7]{8}>", json.dumps(mock.last_body["input"]))[0]
    mock.script(reasoning=f"Refund {token} after checking the order.",
                tool_calls=[{"name": "lookup_order", "arguments": {"email": token}}], chunk_chars=3)
    if stream:
        with client.stream(input=first, **kwargs) as s:
            for _ in s:
                pass
            answer = s.get_final_response()
    else:
        answer = client.create(input=first, **kwargs)
    reasoning = next(item for item in answer.output if item.type == "reasoning")
    assert reasoning.summary[0].text == f"Refund {MAIL} after checking the order."
    sealed = reasoning.encrypted_content
    assert sealed
    call = next(item for item in answer.output if item.type == "function_call")
    assert json.loads(call.arguments) == {"email": MAIL}

    mock.script(text="Refunded.")
    loop = [*first, *(item.model_dump(exclude_none=True) for item in answer.output),
            {"type": "function_call_output", "call_id": call.call_id, "output": f"Order 4471 of {MAIL}: paid."}]
    done = client.create(input=loop, **kwargs)
    assert done.output_text == "Refunded."
    items = [item for item in mock.last_body["input"] if item.get("type") == "reasoning"]
    assert len(items) == 1 and items[0]["encrypted_content"] == sealed
    assert items[0]["summary"][0]["text"] == f"Refund {token} after checking the order."  # redacted again
    assert MAIL not in received(mock) and PHONE not in received(mock)


# ------------------------------------------------------------------------------------- synthesize: fakes in thinking

SYNTH_POLICY = """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [EMAIL_ADDRESS, PHONE_NUMBER]
    restore: true
    operators:
      EMAIL_ADDRESS: {type: synthesize}
"""


@pytest.fixture(scope="module")
def synth_proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SYNTH_POLICY})


def _fake_of_mail(mock: Mock, p: Proxy) -> str:
    """The fake the provider reads for MAIL (the same in every request of the process)."""
    mock.script(text="ok")
    claude(p).messages.create(model=MODEL, max_tokens=2048, messages=[{"role": "user", "content": ASK}])
    sent = mock.last_body["messages"][0]["content"]
    assert MAIL not in sent
    return str(re.findall(r"\S+@example\.\w+", sent)[0])


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_tool_loop_with_synthesized_values_in_thinking(mock: Mock, synth_proxy: Proxy, stream: bool) -> None:
    """Under `synthesize` the thinking names the fake the model read: the client gets it as signed, and sent back
    (found again as an address) it goes up as it came, the request's own fake of the address it sends."""
    fake = _fake_of_mail(mock, synth_proxy)
    thought = f"The customer is {fake}, phone <PHONE_NUMBER_1>: look the order up."
    mock.script(reasoning=thought, tool_calls=[{"name": "lookup_order", "arguments": {"email": fake}}], chunk_chars=3)
    first = [{"role": "user", "content": ASK}]
    answer = _turn(synth_proxy, first, stream)
    thinking = [b for b in answer.content if b.type == "thinking"]
    assert [(b.thinking, b.signature) for b in thinking] == [(thought, thinking_signature(thought))]
    call = next(b for b in answer.content if b.type == "tool_use")

    mock.script(text="Refunded.")
    loop = [*first, {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in answer.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "paid"}]}]
    done = _turn(synth_proxy, loop, stream)
    assert [b.text for b in done.content if b.type == "text"] == ["Refunded."]
    assert _sent_blocks(mock, "thinking") == [{"type": "thinking", "thinking": thought,
                                                "signature": thinking_signature(thought)}]
    assert MAIL not in received(mock) and PHONE not in received(mock)


def test_a_fake_of_a_value_the_request_does_not_send_is_refused(mock: Mock, synth_proxy: Proxy) -> None:
    """The history trimmed (the address no longer sent): the fake in the thinking is no fake of this request's, and
    a value in a signed text blocks, as any other."""
    fake = _fake_of_mail(mock, synth_proxy)
    thought = f"The customer is {fake}."
    messages: Any = [
        {"role": "user", "content": "Refund the last order."},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": thought,
                                           "signature": thinking_signature(thought)},
                                          {"type": "text", "text": "Which customer?"}]},
        {"role": "user", "content": "The usual one."},
    ]
    served = len(mock.state.requests)
    with pytest.raises(anthropic.BadRequestError, match="signed_text"):
        claude(synth_proxy).messages.create(model=MODEL, max_tokens=2048, thinking=THINK, messages=messages)
    assert len(mock.state.requests) == served
