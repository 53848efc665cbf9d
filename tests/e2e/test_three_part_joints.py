"""Attack 12b, splits: a value or a codename over three short texts or more, end to end with the official SDKs.

`ok` + `617-555` + `-0143` and `hi` + `project` + `falcon` (messages, content parts, a tool result then a user
turn, tool-call arguments then their result, an Anthropic tool_use input then its tool_result; an Anthropic
answer's text blocks, plain and streamed): what the mock provider RECEIVED and what the client RECEIVED. A
value whose first part is the id a tool result answers (`jane.doe` + `@acme.com`) blocks the request instead of
landing on an unrelated word; dates side by side are no card.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_answer_fields_joined import A_END, A_START, a_block, sse
from tests.support.clients import SCREENED_POLICY, claude, oai, received

POLICY = SCREENED_POLICY + """  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""
MODEL = "claude-3-5-haiku-latest"


@pytest.fixture(scope="module")
def three(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _tool(result: Any, args: str = "{}", call_id: str = "call_1") -> list[Any]:
    return [{"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": call_id, "type": "function", "function": {"name": "f", "arguments": args}}]},
            {"role": "tool", "tool_call_id": call_id, "content": result}]


def _blocked(call: Any) -> None:
    with pytest.raises(openai.BadRequestError if "openai" in call.__module__ else anthropic.BadRequestError):
        call()


@pytest.mark.parametrize("messages", [
    [{"role": "user", "content": m} for m in ("ok", "617-555", "-0143")],
    [{"role": "user", "content": [{"type": "text", "text": t} for t in ("ok", "617-555", "-0143")]}],
])
def test_a_phone_number_over_three_short_texts_is_redacted(three: Proxy, mock: Mock, messages: list[Any]) -> None:
    oai(three).chat.completions.create(model="gpt-4o-mini", messages=messages)
    got = received(mock)
    assert "617-555" not in got and "0143" not in got and "<PHONE_NUMBER_" in got
    assert '"ok"' in got  # the short first text as sent


@pytest.mark.parametrize("messages", [
    [{"role": "user", "content": m} for m in ("hi", "project", "falcon")],
    [{"role": "user", "content": [{"type": "text", "text": t} for t in ("hi", "project", "falcon")]}],
    [*_tool("project")[:3], {"role": "user", "content": "falcon"}],
    _tool("falcon", json.dumps({"q": "project"})),
])
def test_a_codename_over_three_short_texts_is_blocked(three: Proxy, mock: Mock, messages: list[Any]) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(three).chat.completions.create(model="gpt-4o-mini", messages=messages)
    assert mock.state.requests == []


def test_anthropic_tool_use_input_then_result_codename_is_blocked(three: Proxy, mock: Mock) -> None:
    messages: list[Any] = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"q": "project"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "falcon"}]}]
    with pytest.raises(anthropic.BadRequestError):
        claude(three).messages.create(model=MODEL, max_tokens=10, messages=messages)
    assert mock.state.requests == []


def test_a_value_whose_first_part_is_a_tool_call_id_blocks(three: Proxy, mock: Mock) -> None:
    messages = [{"role": "user", "content": "please check the status"},
                *_tool("@acme.com is the result", call_id="jane.doe")[1:]]
    with pytest.raises(openai.BadRequestError):
        oai(three).chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    assert mock.state.requests == []
    # an ordinary id and result go on as sent
    oai(three).chat.completions.create(model="gpt-4o-mini", messages=_tool("done"))  # type: ignore[arg-type]
    assert "please check" not in received(mock) and '"done"' in received(mock)


def test_a_date_range_in_tool_arguments_is_no_card(three: Proxy, mock: Mock) -> None:
    args = json.dumps({"from": "2024-06-04", "to": "2025-04-01"})
    oai(three).chat.completions.create(model="gpt-4o-mini", messages=_tool("done", args))  # type: ignore[arg-type]
    got = received(mock)
    assert "CREDIT_CARD" not in got and "2024-06-04" in got and "2025-04-01" in got


@pytest.mark.parametrize(("texts", "halves"), [
    (("ok", "617-555", "-0143"), ("617-555", "0143")),
    (("ok", "project", "falcon"), ("falcon",)),
])
@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_answer_text_blocks(three: Proxy, mock: Mock, texts: tuple[str, ...], halves: tuple[str, ...],
                                      stream: bool) -> None:
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    blocked = "falcon" in texts
    if stream:
        events = [e for i, t in enumerate(texts) for e in a_block(i, "text", t)]
        mock.script(raw_sse=sse(A_START, *events, *A_END, named=True))
        with claude(three).messages.stream(**kwargs) as s:
            got = "".join(e.model_dump_json() for e in s) + s.get_final_message().model_dump_json()
    else:
        message = {"id": "msg_1", "type": "message", "role": "assistant", "model": MODEL,
                   "content": [{"type": "text", "text": t} for t in texts], "stop_reason": "end_turn",
                   "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
        mock.script(raw_body=json.dumps(message))
        try:
            got = claude(three).messages.create(**kwargs).model_dump_json()
        except anthropic.APIStatusError as exc:
            assert blocked, exc.status_code
            got = str(exc.body)
    for half in halves:
        assert half not in got, f"{half!r} reached the client"
