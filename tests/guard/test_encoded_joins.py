"""Issue 12 (atk6 HIGH 3): an e-mail address cut at an ENCODED `@` (`&#64;`, `%40`, `\\u0040`) between an object
key and its value, across two values, or between stop-list entries, is read as one, as the plain `@` forms are:
the joins read each piece in the normalised view (`proxy.guard.joined.mail_glue`, `proxy.guard.keyed.mail_pairs`)
and the redaction covers the characters as written. A `prompt.variables` key with an escape in it is read with its
value as `metadata`'s is (`{"project\\\\u0020": "falcon"}`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import mail_glue, sibling_joints
from proxy.guard.keyed import mail_pairs
from proxy.guard.phases import documents, screen_answer, screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

CODENAME = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}
ASK = "Please summarise the report."
# The `@` as the analysis's view decodes it (`proxy.nlp.normalize`, step 1 and 1b).
ENCODED_AT = ["&#64;", "%40", "&#x40;", "\\u0040", "%2540"]


def _chat(**extra: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": ASK}], **extra}


def _with_args(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": ASK},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]}


def _tool_use(value: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": ASK},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]}


@pytest.mark.parametrize("at", ENCODED_AT)
def test_halves_of_an_address_cut_at_an_encoded_at_sign_are_glued(at: str) -> None:
    assert mail_glue(f"jane.doe{at}", "example.com") == " "
    assert mail_glue("mail jane.doe", f"{at}example.com") == " "
    assert mail_glue(f"jane.doe{at}exa", "mple.com") == ""  # inside the domain: read with nothing between too


def test_encoded_text_that_is_no_address_half_is_not_glued() -> None:
    for left, right in [("100%", "done"), ("a&b", "c"), ("ops%40acme.io", "ticket"), ("status%20of%20ticket",
                        "ops%40acme.io"), ("x%40y", "z&#64;w"), ("&#64;", "example.com"), ("50%25", "of users"),
                        ("Tom &amp; Jerry", "cartoon"), ("C:\\\\temp", "dir")]:
        assert mail_glue(left, right) is None, (left, right)
    # An adversarial value: only the last and first 64 characters are read (linear, no backtracking).
    assert mail_glue(("%4" * 50_000)[-64:], ("&#6" * 50_000)[:64]) is None


def test_the_joint_holds_the_characters_as_written() -> None:
    texts = ["jane.doe&#64;", "example.com"]
    found = {j.text for j in sibling_joints(texts, [[(0, "key"), (1, "string")]], near=lambda a, b: False)}
    assert "jane.doe&#64; example.com" in found
    texts = ["jane.doe%40exa", "mple.com"]
    joints = sibling_joints(texts, [[(0, "string"), (1, "string")]], near=lambda a, b: False)
    direct = next(j for j in joints if j.text == "jane.doe%40example.com")
    assert direct.project(0, len(direct.text)) == [(0, 0, 14), (1, 0, 8)]  # each piece whole, as written


@pytest.mark.parametrize("at", ["&#64;", "%40"])
async def test_an_address_cut_at_an_encoded_at_between_a_key_and_its_value_is_redacted(guard: Guard, at: str) -> None:
    value = {f"jane.doe{at}": "example.com"}
    p = policy(input=PII_IN)
    for route, body, adapter in [("chat", _chat(metadata=dict(value)), openai),
                                 ("responses", {"model": "m", "input": "hi", "metadata": dict(value)}, openai),
                                 ("responses", {"model": "m", "prompt": {"id": "p", "variables": dict(value)}}, openai),
                                 ("chat", _with_args(value), openai), ("messages", _tool_use(dict(value)), anthropic)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", (route, verdict.records)
        sent = json.dumps(body)
        assert "jane.doe" not in sent and "example.com" not in sent, (route, sent)


@pytest.mark.parametrize("value", [{"a": "jane.doe%40exa", "b": "mple.com"},
                                   {"a": "jane.doe&#64;exa", "b": "mple.com"},
                                   {"a": "jane.doe%40", "b": "example.com"},
                                   {"a": "mail jane.doe", "b": "%40example.com"}])
async def test_an_address_cut_at_an_encoded_at_over_two_map_values_is_redacted_in_both(
        guard: Guard, value: dict[str, str]) -> None:
    p = policy(input=PII_IN)
    for route, body, field in [("chat", _chat(metadata=dict(value)), "metadata"),
                               ("responses", {"model": "m", "input": "hi", "metadata": dict(value)}, "metadata"),
                               ("responses", {"model": "m", "prompt": {"id": "p", "variables": dict(value)}},
                                "prompt")]:
        verdict = await screen_request(guard, p, openai.request_texts(route, body))
        assert verdict.decision == "redact", (route, verdict.records)
        sent = body[field] if field == "metadata" else body[field]["variables"]
        assert list(sent) == list(value), (route, sent)  # the keys stay (`b` is no mailbox: `value_word`)
        assert all("<EMAIL_ADDRESS_" in v and "jane" not in v and "example" not in v and "mple" not in v
                   for v in sent.values()), (route, sent)


@pytest.mark.parametrize("stop", [["jane.doe%40", "example.com"], ["jane.doe&#64;", "example.com"],
                                  ["mail jane.doe", "&#64;example.com"]])
async def test_an_address_cut_at_an_encoded_at_over_stop_sequences_is_redacted(guard: Guard, stop: list[str]) -> None:
    p = policy(input=PII_IN)
    for route, body, field, adapter in [
            ("chat", _chat(stop=list(stop)), "stop", openai),
            ("messages", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                          "stop_sequences": list(stop)}, "stop_sequences", anthropic)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", (route, verdict.records)
        assert all("<EMAIL_ADDRESS_" in s for s in body[field]), body[field]
        assert "jane" not in json.dumps(body[field]) and "example" not in json.dumps(body[field]), body[field]


@pytest.mark.parametrize("variables", [{"project\\u0020": "falcon"}, {"project\\u0020": "falcon", "x": "y"}])
async def test_a_prompt_variables_key_with_an_escape_is_read_with_its_value(guard: Guard,
                                                                             variables: dict[str, str]) -> None:
    p = policy(input={**PII_IN, **CODENAME})
    for body in ({"model": "m", "prompt": {"id": "p", "variables": dict(variables)}},
                 {"model": "m", "input": "hi", "metadata": dict(variables)}):
        verdict = await screen_request(guard, p, openai.request_texts("responses", body))
        assert verdict.decision == "block", (body, verdict.records)


def test_prompt_variables_with_escaped_names_are_one_document_in_the_maps_order() -> None:
    variables = {"a:b": "x", "area": 617, "c\\d": "0143", "project\\u0020": "falcon"}
    slots = openai.request_texts("responses", {"model": "m", "prompt": {"id": "p", "variables": variables}})
    (doc,) = documents(slots)
    assert [(slots[i].get(), kind) for i, kind in doc] == [
        ("a:b", "key"), ("x", "string"), ("area", "key"), ("617", "number"), ("c\\d", "key"), ("0143", "string"),
        ("project\\u0020", "key"), ("falcon", "string")]


def _items(*pairs: tuple[str, str]) -> list[tuple[int, int, int, str, str]]:
    out = []
    for n, (key, value) in enumerate(pairs):
        out += [(2 * n, 0, len(key), "key", key), (2 * n + 1, 0, len(value), "string", value)]
    return out


def test_a_mailbox_and_a_domain_with_encoded_characters_are_read_as_one_address() -> None:
    for local, domain in [("jane&#46;doe", "example&#46;com"), ("jane.doe%40", "example.com"),
                          ("jane.doe&#64;", "example%2Ecom")]:
        (pair,) = mail_pairs(_items(("user", local), ("domain", domain)))
        assert pair.text == "email: jane.doe@example.com", pair
        assert pair.pieces == ((1, 0, len(local)), (3, 0, len(domain)))  # the values as written
    assert mail_pairs(_items(("user", "postgres"), ("host", "db&#46;example&#46;com"))) == []  # a login: no mailbox


async def test_a_mailbox_and_a_domain_with_encoded_dots_are_redacted(guard: Guard) -> None:
    body = _with_args({"user": "jane&#46;doe", "domain": "example&#46;com"})
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert all(v.startswith("<EMAIL_ADDRESS_") for v in sent.values()), sent


def _response(arguments: str) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "m",
            "output": [{"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f",
                        "arguments": arguments, "status": "completed"}]}


@pytest.mark.parametrize("at", ["&#64;", "%40"])
async def test_an_address_cut_at_an_encoded_at_in_an_answers_tool_arguments_is_redacted(guard: Guard, at: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    value = {f"mary.major{at}": "example.org"}
    answer = _response(json.dumps(value))
    await screen_answer(guard, p, openai.response_texts("responses", answer), None)
    assert "mary.major" not in json.dumps(answer) and "example.org" not in json.dumps(answer), answer
    chat = {"choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": json.dumps(value)}}]}}]}
    await screen_answer(guard, p, openai.response_texts("chat", chat), None)
    assert "mary.major" not in json.dumps(chat), chat
    message = {"content": [{"type": "tool_use", "id": "t", "name": "f", "input": dict(value)}]}
    await screen_answer(guard, p, anthropic.response_texts("messages", message), None)
    assert "mary.major" not in json.dumps(message), message


@pytest.mark.parametrize(("message", "value"), [("deploy now", {"notify": "%40example.com"}),
                                                ("hi", {"b": "&#64;example.com"}), ("thanks", {"team": "%40acme.io"}),
                                                ("hi", {"a": "b", "c": "&#64;example.com"})])
async def test_a_word_before_a_value_starting_with_an_encoded_at_is_left_as_sent(
        guard: Guard, message: str, value: dict[str, str]) -> None:
    # As with a plain `@` (tests/guard/test_keyed_joins.py): the word and the key are no mailbox (`value_word`
    # finds the `@` in the view).
    body = _chat(metadata=dict(value))
    body["messages"][0]["content"] = message
    await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert body["messages"][0]["content"] == message
    assert body["metadata"] == value
