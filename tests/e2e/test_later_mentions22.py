"""A name found in one text of a request at its bare mentions in the request's other texts (later22, atk20 M2;
`proxy.nlp.mentions`), end to end through the official SDKs: the cue in a system prompt or an earlier turn, the
mention in a later turn, a tool call's arguments, a tool's result and `metadata` reach the provider as the request's
one placeholder; the word's ordinary use in another message as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def one_placeholder(*texts: str) -> None:
    assert len(set(re.findall(r"<PERSON_\d+>", " ".join(texts)))) == 1, texts


def test_chat_later_turn_tool_call_tool_result_and_metadata(guarded: Proxy, mock: Mock) -> None:
    messages = [{"role": "system", "content": "Customer: Mrs. Church"},
                {"role": "user", "content": "Dear Mrs. Church, thanks for calling."},
                {"role": "assistant", "content": "Noted."},
                {"role": "user", "content": "Later I told Church about the refund. Church bells ring at noon."},
                {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {
                    "name": "notify", "arguments": json.dumps({"recipient": "Church", "venue": "Church"})}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "Notified Church by mail."}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages,  # type: ignore[arg-type]
                                         metadata={"account": "Church"}, store=True)
    body = mock.state.requests[-1].body
    m = body["messages"]
    assert re.fullmatch(r"Later I told <PERSON_\d> about the refund\. Church bells ring at noon\.", m[3]["content"]), m
    arguments = json.loads(m[4]["tool_calls"][0]["function"]["arguments"])
    assert re.fullmatch(r"<PERSON_\d>", arguments["recipient"]) and arguments["venue"] == "Church", arguments
    assert re.fullmatch(r"Notified <PERSON_\d> by mail\.", m[5]["content"]), m
    assert re.fullmatch(r"<PERSON_\d>", body["metadata"]["account"]), body["metadata"]
    one_placeholder(m[0]["content"], m[1]["content"], m[3]["content"], arguments["recipient"], m[5]["content"],
                    body["metadata"]["account"])


def test_responses_function_call_and_output(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"role": "user", "content": "Dear Mr. Gold, thanks for your patience."},
        {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": json.dumps({"customer": "Gold"})},
        {"type": "function_call_output", "call_id": "c1", "output": "Ticket 4411 assigned to Gold."},
        {"role": "user", "content": "Please loop in Gold before Friday. Gold prices rose again."}])
    items = mock.state.requests[-1].body["input"]
    assert re.fullmatch(r'\{"customer": ?"<PERSON_\d>"\}', items[1]["arguments"]), items[1]
    assert re.fullmatch(r"Ticket 4411 assigned to <PERSON_\d>\.", items[2]["output"]), items[2]
    assert re.fullmatch(r"Please loop in <PERSON_\d> before Friday\. Gold prices rose again\.", items[3]["content"])
    one_placeholder(items[0]["content"], items[1]["arguments"], items[2]["output"], items[3]["content"])


def test_anthropic_system_prompt_and_tool_result(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, system="Customer: Mrs. West",
                                    messages=[{"role": "user", "content": "Can you draft a reply to West about it?"},
                                              {"role": "assistant", "content": [{"type": "tool_use", "id": "t1",
                                               "name": "lookup", "input": {"to": "West"}}]},
                                              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                               "content": "Email delivered to West at 10:42."}]}])
    body = mock.state.requests[-1].body
    got = body["messages"]
    first = got[0]["content"] if isinstance(got[0]["content"], str) else got[0]["content"][0]["text"]
    assert re.fullmatch(r"Can you draft a reply to <PERSON_\d> about it\?", first), first
    assert re.fullmatch(r"<PERSON_\d>", got[1]["content"][0]["input"]["to"]), got[1]
    result = got[2]["content"][0]["content"]
    result = result if isinstance(result, str) else result[0]["text"]
    assert re.fullmatch(r"Email delivered to <PERSON_\d> at 10:42\.", result), result
    one_placeholder(str(body["system"]), first, got[1]["content"][0]["input"]["to"], result)


def test_legacy_completions_prompts(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).completions.create(model="gpt-3.5-turbo-instruct", prompt=[
        "Dear Ms. Church, thank you for your letter.", "Yesterday I spoke with Church and promised a callback.",
        "The church hall is booked."])
    prompts = mock.state.requests[-1].body["prompt"]
    assert re.fullmatch(r"Yesterday I spoke with <PERSON_\d> and promised a callback\.", prompts[1]), prompts
    assert prompts[2] == "The church hall is booked.", prompts
    one_placeholder(*prompts)
