"""Issue 12, keyed/joined findings F6, F5, F1, F4, F3, F8, F9: an e-mail address split between an object key and
its value or over two values of one map or list (`metadata`, `prompt.variables`, `stop`, tool-call arguments, a
`tool_use` input, answers) is read as one, while an ordinary value beside an address in the next field, or a
message word before a `metadata` value that starts with `@`, is left as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import mail_glue, sibling_joints
from proxy.guard.phases import documents, screen_answer, screen_request
from proxy.providers import anthropic, openai
from proxy.providers.answers import answer_sweep
from tests.guard.conftest import PII_IN, PII_OUT, policy

CODENAME = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}


def _chat(message: str = "Please summarise the report.", **extra: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": message}], **extra}


def _with_args(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Please summarise the report."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]}


def _tool_use(value: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Please summarise the report."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]}


def test_which_neighbouring_values_are_halves_of_an_address() -> None:
    assert mail_glue("jane.doe@", "example.com") == " "
    assert mail_glue("mail jane.doe", "@example.com") == " "
    assert mail_glue("jane", ".doe@example.com") == " "
    assert mail_glue("jane.doe@exa", "mple.com") == ""  # inside the domain: also read with nothing between
    assert mail_glue("jane.doe@example", ".com") == ""
    for left, right in [("status of ticket", "ops@acme.io"), ("ops@acme.io", "ticket"), ("a", "b"),
                        ("x@y", "z@w"), ("@", "example.com"), ("jane.doe", "@")]:
        assert mail_glue(left, right) is None, (left, right)
    # An adversarial value: the halves are the last and first 64 characters, read without backtracking.
    assert mail_glue(("a." * 50_000)[-64:], ("@b" * 50_000)[:64]) is None


def test_a_key_and_its_value_split_at_the_at_sign_make_a_joint() -> None:
    texts = ["jane.doe@", "example.com"]
    found = {j.text for j in sibling_joints(texts, [[(0, "key"), (1, "string")]], near=lambda a, b: False)}
    assert "jane.doe@ example.com" in found
    texts = ["a", "jane.doe@exa", "b", "mple.com"]
    found = {j.text for j in sibling_joints(texts, [[(0, "key"), (1, "string"), (2, "key"), (3, "string")]],
                                            near=lambda a, b: False)}
    assert "jane.doe@example.com" in found


@pytest.mark.parametrize("value", [{"jane.doe@": "example.com"}, {"jane.doe": "@example.com"},
                                   {"mail jane.doe": "@example.com"}])
async def test_an_address_split_between_a_key_and_its_value_is_redacted(guard: Guard, value: dict[str, Any]) -> None:
    p = policy(input=PII_IN)
    for route, body, adapter in [("chat", _chat(metadata=dict(value)), openai),
                                 ("chat", _chat(x_extra=dict(value)), openai),
                                 ("chat", _with_args(value), openai), ("messages", _tool_use(dict(value)), anthropic)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", (route, verdict.records)
        assert "jane.doe" not in json.dumps(body) and "example.com" not in json.dumps(body), body
        assert "Please summarise the report." in json.dumps(body)


@pytest.mark.parametrize("value", [{"a": "jane.doe@", "b": "example.com"}, {"a": "mail jane.doe", "b": "@example.com"},
                                   {"contact": "jane.doe", "domain": "@example.com"},
                                   {"a": "jane.doe@example", "b": ".com"}, {"a": "jane.doe@exa", "b": "mple.com"},
                                   {"a": "jane", "b": ".doe@example.com"}])
@pytest.mark.parametrize("message", ["hi", "Please summarise the attached report."])
async def test_an_address_split_over_two_metadata_values_is_redacted_in_both(guard: Guard, value: dict[str, Any],
                                                                            message: str) -> None:
    p = policy(input=PII_IN)
    for route, body in [("chat", _chat(message, metadata=dict(value))),
                        ("responses", {"model": "m", "input": message, "metadata": dict(value)})]:
        verdict = await screen_request(guard, p, openai.request_texts(route, body))
        assert verdict.decision == "redact", verdict.records
        sent = json.dumps(body["metadata"])
        assert "jane" not in sent and "mple" not in sent and "<EMAIL_ADDRESS_" in sent, sent
        assert (body["messages"][0]["content"] if route == "chat" else body["input"]) == message


@pytest.mark.parametrize(("route", "body", "field"), [
    ("chat", _chat("hi", stop=["mail jane.doe", "@example.com"]), "stop"),
    ("chat", _chat("hi", stop=["jane.doe@", "example.com"]), "stop"),
    ("completions", {"model": "m", "prompt": "hi", "stop": ["mail jane.doe", "@example.com"]}, "stop"),
    ("messages", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                  "stop_sequences": ["mail jane.doe", "@example.com"]}, "stop_sequences"),
])
async def test_an_address_split_over_stop_sequences_is_redacted(guard: Guard, route: str, body: dict[str, Any],
                                                                field: str) -> None:
    adapter = anthropic if route == "messages" else openai
    verdict = await screen_request(guard, policy(input=PII_IN), adapter.request_texts(route, body))
    assert verdict.decision == "redact", verdict.records
    assert "jane.doe" not in json.dumps(body[field]) and "example.com" not in json.dumps(body[field]), body[field]


@pytest.mark.parametrize(("variables", "decision"), [
    ({"a": "jane.doe", "b": "example.com"}, "redact"),
    ({"a": "617", "b": "555", "c": "0143"}, "redact"),
    ({"area": 617, "exchange": 555, "line": "0143"}, "redact"),
    ({"area": "617", "exchange": "555", "line": "0143"}, "redact"),
    ({"project": "falcon"}, "block"),
])
async def test_prompt_variables_are_read_as_metadata_is(guard: Guard, variables: dict[str, Any],
                                                        decision: str) -> None:
    body = {"model": "m", "prompt": {"id": "pmpt_1", "variables": dict(variables)}}
    verdict = await screen_request(guard, policy(input={**PII_IN, **CODENAME}), openai.request_texts("responses", body))
    assert verdict.decision == decision, verdict.records
    if decision == "redact":
        sent = json.dumps(body["prompt"]["variables"])
        assert "jane.doe" not in sent and "0143" not in sent, sent


def test_prompt_variables_are_one_document_in_the_maps_order() -> None:
    body = {"model": "m", "prompt": {"id": "p", "variables": {"area": 617, "exchange": 555, "line": "0143"}}}
    slots = openai.request_texts("responses", body)
    (doc,) = documents(slots)
    assert [slots[i].get() for i, _ in doc] == ["area", "617", "exchange", "555", "line", "0143"]


@pytest.mark.parametrize(("args", "kept"), [
    ({"query": "status of ticket", "user": "ops@acme.io"}, {"query": "status of ticket"}),
    ({"subject": "Quarterly numbers.", "to": "mary.major@example.org"}, {"subject": "Quarterly numbers."}),
    ({"note": "quarterly numbers", "k": "v", "owner": "mary.major@example.org"}, {"note": "quarterly numbers",
                                                                                  "k": "v"}),
])
async def test_an_ordinary_value_before_an_address_in_the_next_field_is_left_as_sent(
        guard: Guard, args: dict[str, Any], kept: dict[str, str]) -> None:
    p = policy(input=PII_IN)
    for route, body, adapter in [("chat", _with_args(args), openai), ("messages", _tool_use(dict(args)), anthropic),
                                 ("responses", {"model": "m", "prompt": {"id": "p", "variables": dict(args)}},
                                  openai)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", verdict.records
        if route == "chat":
            sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
        elif route == "messages":
            sent = body["messages"][1]["content"][0]["input"]
        else:
            sent = body["prompt"]["variables"]
        assert {k: sent[k] for k in kept} == kept, sent
        assert all(v.startswith("<EMAIL_ADDRESS_") for k, v in sent.items() if k not in kept), sent


async def test_a_name_before_the_rest_of_an_address_in_the_next_field_is_still_redacted(guard: Guard) -> None:
    for args in ({"a": "jane", "b": "doe@example.com"}, {"a": "mail jane", "b": ".doe@example.com"},
                 {"a": "my email is jane.", "b": "doe@example.com thanks"},
                 {"a": "my email is ja", "b": "ne.doe@example.com thanks"},
                 {"a": "my email is j", "b": "ane.doe@example.com thanks"}):
        body = _with_args(args)
        await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
        sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
        assert all(v.startswith("<EMAIL_ADDRESS_") for v in sent.values()) or sent["a"].endswith(">"), (args, sent)
        assert not any(part in json.dumps(sent) for part in ("jane", "ja\"", "j\"")), (args, sent)


@pytest.mark.parametrize(("message", "value", "key_stays"), [
    ("deploy now", {"notify": "@example.com"}, True), ("hi", {"b": "@example.com"}, True),
    ("thanks", {"team": "@acme.io"}, True),
    ("ok", {"slack": "@example.com"}, False),  # a listed surname: the key reads as a mailbox (README, stated)
])
async def test_a_message_word_before_a_metadata_value_starting_with_at_is_left_as_sent(
        guard: Guard, message: str, value: dict[str, str], key_stays: bool) -> None:
    body = _chat(message, metadata=dict(value))
    await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert body["messages"][0]["content"] == message
    assert (list(body["metadata"]) == list(value)) is key_stays  # the key is no mailbox either


async def test_a_mailbox_in_the_message_before_a_metadata_domain_is_still_redacted(guard: Guard) -> None:
    body = _chat("mail jane.doe", metadata={"d": "@example.com"})
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "redact" and "jane.doe" not in json.dumps(body), body


def _response(**extra: Any) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "m",
            "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                        "content": [{"type": "output_text", "text": "ok", "annotations": []}]}], **extra}


async def test_an_address_split_over_a_key_and_its_value_in_an_answers_tool_arguments(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    for value in ({"mary.major@": "example.org"}, {"mary.major": "@example.org"}):
        answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c", "type": "function", "function": {"name": "f", "arguments": json.dumps(value)}}]}}]}
        await screen_answer(guard, p, openai.response_texts("chat", answer), None)
        assert "mary.major" not in json.dumps(answer), answer
        message = {"content": [{"type": "tool_use", "id": "t", "name": "f", "input": dict(value)}]}
        await screen_answer(guard, p, anthropic.response_texts("messages", message), None)
        assert "mary.major" not in json.dumps(message), message


async def test_file_search_results_beside_an_address_are_left_as_sent(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    for filename, text, attributes in [("a", "t", {"x": "mary.major@example.org"}),
                                       ("report.pdf", "quarterly numbers", {"owner": "mary.major@example.org"})]:
        answer = _response(output=[{"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["q"],
                                    "results": [{"file_id": "f", "filename": filename, "score": 0.5, "text": text,
                                                 "attributes": attributes}]}])
        known = openai.response_texts("responses", answer)  # as the flow reads an answer: the sweep too
        await screen_answer(guard, p, [*known, *answer_sweep(answer, known)], None)
        result = answer["output"][0]["results"][0]
        assert (answer["output"][0]["queries"], result["filename"], result["text"]) == (["q"], filename, text)
        assert list(result["attributes"].values())[0].startswith("<EMAIL_ADDRESS_")


@pytest.mark.parametrize("field", ["metadata", "prompt"])
async def test_echoed_maps_in_an_answer_are_read_key_and_value(guard: Guard, field: str) -> None:
    p = policy(output={**PII_OUT, **CODENAME})
    for value, check in [({"project": "falcon"}, "block"), ({"a": "mary.major@", "b": "example.org"}, "redact")]:
        echo = {"id": "p", "variables": dict(value)} if field == "prompt" else dict(value)
        answer = _response(**{field: echo})
        slots = openai.response_texts("responses", answer)
        verdict = await screen_answer(guard, p, [*slots, *answer_sweep(answer, slots)], None)
        if check == "block":
            assert verdict.blocked, verdict.records
        else:
            assert "mary.major" not in json.dumps(answer), answer


CODENAME_OUT = {"patterns": [{"name": "codenames", "regex": "(?i)\\bproject (falcon|osprey)\\b", "action": "block"}]}


@pytest.mark.parametrize("value", [{"project": "falcon"}, {"a": "jane.doe@exa", "b": "mple.com"}])
async def test_a_text_field_given_as_an_object_is_read_as_a_map(guard: Guard, value: dict[str, Any]) -> None:
    """Type-confused answers (atk6 finding 7): `content`, `arguments` or Anthropic `text` as an object; its keys are
    text even where an SDK type names them (`project`), read before their values."""
    p = policy(output={**PII_OUT, **CODENAME_OUT})
    chat = {"choices": [{"index": 0, "message": {"role": "assistant", "content": dict(value)}}]}
    args = {"choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": dict(value)}}]}}]}
    message = {"content": [{"type": "text", "text": dict(value)}]}
    for adapter, route, answer in [(openai, "chat", chat), (openai, "chat", args), (anthropic, "messages", message)]:
        known = adapter.response_texts(route, answer)
        await screen_answer(guard, p, [*known, *answer_sweep(answer, known)], None)
        sent = json.dumps(answer)
        assert "falcon" not in sent and "jane.doe" not in sent and "mple.com" not in sent, sent


async def test_an_ordinary_object_in_a_text_field_is_left_as_sent(guard: Guard) -> None:
    p = policy(output={**PII_OUT, **CODENAME_OUT})
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": {"status": "ok", "count": "3",
                                                                                     "project": "billing"}}}]}
    known = openai.response_texts("chat", answer)
    await screen_answer(guard, p, [*known, *answer_sweep(answer, known)], None)
    assert answer["choices"][0]["message"]["content"] == {"status": "ok", "count": "3", "project": "billing"}
