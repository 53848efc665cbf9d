"""proxy.guard.phases: a policy phase over a provider body (the adapter's slots in, rewritten texts back)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.engine import Guard
from proxy.guard.phases import has_rules, needs_output, screen_answer, screen_request
from proxy.providers import anthropic as anthropic_adapter
from proxy.providers import openai as openai_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.guard.conftest import EMAIL, PII_IN, PII_OUT, TICKET, TICKET_IN, TOX, policy, redacted

# --------------------------------------------------------------------------- which phases run


def test_a_phase_without_checks_has_no_rules() -> None:
    assert has_rules(InputRules()) is False
    assert has_rules(OutputRules()) is False


@pytest.mark.parametrize("rules", [
    {"pii": {}}, {"toxicity": {}}, {"bias": {}}, {"patterns": [{"name": "p", "regex": "x"}]},
])
def test_any_one_check_is_a_rule(rules: dict[str, Any]) -> None:
    assert has_rules(InputRules.model_validate(rules)) is True
    assert has_rules(OutputRules.model_validate(rules)) is True


async def test_the_answer_needs_the_guard_for_output_rules_or_placeholders_to_restore(guard: Guard) -> None:
    assert needs_output(policy(output=PII_OUT), None) is True
    restore = policy(input=PII_IN)
    assert needs_output(restore, None) is False
    assert needs_output(restore, await redacted(guard, restore, "nothing personal")) is False  # empty vault
    with_placeholders = await redacted(guard, restore, "I am Jane Roe")
    assert needs_output(restore, with_placeholders) is True
    no_restore = policy(input={"pii": {**PII_IN["pii"], "restore": False}})
    assert needs_output(no_restore, await redacted(guard, no_restore, "I am Jane Roe")) is False


# --------------------------------------------------------------------------- the request


def chat(*contents: str) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "temperature": 0.2,
            "messages": [{"role": "user", "content": c, "name": "u"} for c in contents]}


async def test_screen_request_writes_redacted_texts_into_the_body(guard: Guard) -> None:
    body = chat(f"I am Jane Roe, mail {EMAIL}", "nothing here")
    verdict = await screen_request(guard, policy(input=PII_IN), OPENAI.request_texts(CHAT, body))
    # the two contents, then the messages' `name` fields (screened too, nothing in them)
    assert verdict.decision == "redact" and verdict.texts == ["I am <PERSON_1>, mail <EMAIL_ADDRESS_1>", None, None,
                                                              None]
    assert body == chat("I am <PERSON_1>, mail <EMAIL_ADDRESS_1>", "nothing here")  # other fields untouched
    assert verdict.vault.original("<EMAIL_ADDRESS_1>") == EMAIL


async def test_screen_request_leaves_a_blocked_body_as_it_was(guard: Guard) -> None:
    body = chat("I am Jane Roe and I will kill the process")
    before = copy.deepcopy(body)
    verdict = await screen_request(guard, policy(input={**PII_IN, "toxicity": TOX}), OPENAI.request_texts(CHAT, body))
    assert verdict.blocked and verdict.block_check == "toxicity"
    assert body == before


async def test_screen_request_defers_parallel_checks(guard: Guard) -> None:
    p = policy(input={**PII_IN, "toxicity": {**TOX, "parallel": True}})
    body = chat("Jane Roe says kill")
    verdict = await screen_request(guard, p, OPENAI.request_texts(CHAT, body))
    assert verdict.deferred is not None and verdict.decision == "redact"
    assert body["messages"][0]["content"] == "<PERSON_1> says kill"  # forwarded while toxicity runs
    await verdict.settle(guard, p)
    assert verdict.blocked and verdict.block_check == "toxicity"


# --------------------------------------------------------------------------- the answer


def answer(*contents: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "choices": [
        {"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": "stop"}
        for i, c in enumerate(contents)]}


async def test_screen_answer_restores_and_redacts_in_the_body(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await redacted(guard, p, "I am Jane Roe")
    body = answer("Hello <PERSON_1>, write to help@vendor.io", "Bye <PERSON_1>")
    out = await screen_answer(guard, p, OPENAI.response_texts(CHAT, body), verdict)
    assert out.decision == "redact" and out.blocked == []
    assert body == answer("Hello Jane Roe, write to <EMAIL_ADDRESS_1>", "Bye Jane Roe")


async def test_screen_answer_empties_a_blocked_text_only(guard: Guard) -> None:
    body = answer("A fine answer.", "You idiot.")
    out = await screen_answer(guard, policy(output={"toxicity": TOX}), OPENAI.response_texts(CHAT, body), None)
    assert out.blocked == [1] and out.decision == "block"
    assert body == answer("A fine answer.", "")  # the caller marks the body blocked the provider's way


async def test_screen_answer_without_a_verdict_keeps_placeholders(guard: Guard) -> None:
    body = answer("Hello <PERSON_1>")
    out = await screen_answer(guard, policy(input=PII_IN), OPENAI.response_texts(CHAT, body), None)
    assert out.texts == [None] and body == answer("Hello <PERSON_1>")


async def test_adapter_slots_mark_json_arguments_for_the_whole_answer(guard: Guard) -> None:
    """What the app does with a whole answer: the slots' `is_json` flags go to `guard.output`."""
    p = policy(input=TICKET_IN)
    v = await guard.input(p, [f"file {TICKET}"], None)
    args = '{"ref": "<TICKET_1>"}'
    chat: dict[str, Any] = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Filing <TICKET_1>.",
                                                          "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "file", "arguments": args}},
        {"id": "c2", "type": "custom", "custom": {"name": "raw", "input": "ref: <TICKET_1>"}}]}}]}
    responses = {"output": [{"type": "function_call", "call_id": "c1", "name": "file", "arguments": args},
                            {"type": "custom_tool_call", "call_id": "c2", "name": "raw", "input": "ref: <TICKET_1>"}]}
    messages = {"content": [{"type": "tool_use", "id": "t1", "name": "file", "input": {"ref": "<TICKET_1>"}}]}
    for adapter, kind, body in ((openai_adapter, CHAT, chat), (openai_adapter, RESPONSES, responses),
                                (anthropic_adapter, MESSAGES, messages)):
        slots = adapter.response_texts(kind, body)
        out = await guard.output(p, [s.get() for s in slots], v.vault, json_texts=[s.is_json for s in slots])
        for slot, text in zip(slots, out.texts, strict=True):
            if text is not None:
                slot.set(text)
    message = chat["choices"][0]["message"]
    assert message["content"] == f"Filing {TICKET}."
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"ref": TICKET}
    assert message["tool_calls"][1]["custom"]["input"] == f"ref: {TICKET}"  # free text: not escaped
    assert json.loads(responses["output"][0]["arguments"]) == {"ref": TICKET}
    assert responses["output"][1]["input"] == f"ref: {TICKET}"
    assert messages["content"][0]["input"] == {"ref": TICKET}  # an object: its strings are plain values


async def test_screen_answer_passes_the_json_flags_of_the_slots(guard: Guard) -> None:
    """The same through `screen_answer`: tool call arguments get originals JSON-escaped, content plain."""
    p = policy(input=TICKET_IN)
    v = await guard.input(p, [f"file {TICKET}"], None)
    body: dict[str, Any] = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Filing <TICKET_1>.",
                                                          "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "file", "arguments": '{"ref": "<TICKET_1>"}'}}]}}]}
    await screen_answer(guard, p, OPENAI.response_texts(CHAT, body), v)
    message = body["choices"][0]["message"]
    assert message["content"] == f"Filing {TICKET}."
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"ref": TICKET}


def _with_call(content: str, arguments: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
        "role": "assistant", "content": content,
        "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "send", "arguments": arguments}}]}}]}


async def test_screen_answer_reads_a_value_split_between_content_and_arguments(guard: Guard) -> None:
    """`Mail jane` in the content, `.roe@example.com` as an argument: one address, redacted in both; the
    arguments are still JSON, and the verdict speaks of the adapter's slots (content, arguments)."""
    body = _with_call("Mail jane", '{"to": ".roe@example.com", "n": 3}')
    slots = OPENAI.response_texts(CHAT, body)
    out = await screen_answer(guard, policy(output=PII_OUT), slots, None)
    message = body["choices"][0]["message"]
    assert message["content"].startswith("Mail <EMAIL_ADDRESS_") and "jane" not in message["content"]
    args = json.loads(message["tool_calls"][0]["function"]["arguments"])
    assert args["to"].startswith("<EMAIL_ADDRESS_") and args["n"] == 3
    assert out.texts == [message["content"], message["tool_calls"][0]["function"]["arguments"]]
    assert out.blocked == []


async def test_screen_answer_withholds_arguments_whole_when_a_value_blocks(guard: Guard) -> None:
    body = _with_call("Fine.", '{"note": "you idiot", "n": 3}')
    out = await screen_answer(guard, policy(output={"toxicity": TOX}), OPENAI.response_texts(CHAT, body), None)
    assert out.blocked == [1] and out.texts == [None, ""]
    assert body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == ""
