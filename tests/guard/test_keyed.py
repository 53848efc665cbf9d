"""proxy.guard.keyed: a value (string or JSON number) under a key that names its type is read with that key as
context (issue 12, "No side doors": `{"phone": 6175550143}` went upstream as it was), in a tool input, in
tool-call arguments (a request's, an answer's, streamed), in an unknown field; a redacted number becomes its
placeholder, a JSON string; ordinary numbers under other keys (and unrelated ones under `to`/`from`) stay."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import JSON
from proxy.guard.keyed import keyed_values, named, valid_loose
from proxy.guard.phases import documents, screen_answer, screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy


def _chat(args: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "text my mom"},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "send_sms", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "sent"}], **(extra or {})}


def _args(body: dict[str, Any]) -> Any:
    return json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])


def test_which_keys_name_a_type() -> None:
    assert named("phone") == [("PHONE_NUMBER", False)]
    assert named("x_phone") == named("phoneNumber") == named("Mobile") == named("WhatsApp") == [("PHONE_NUMBER", False)]
    assert named("to") == named("From") == named("recipient") == [("PHONE_NUMBER", True)]
    assert named("ssn") == named("social_security_number") == [("US_SSN", False)]
    for key in ("count", "id", "ssid", "social", "price", "created_at", "total", "number", "token", "photo"):
        assert named(key) == [], key
    assert valid_loose("16175550143") and valid_loose("1-617-555-0143") and valid_loose("+44 20 7946 0958")
    assert not valid_loose("1700000000") and not valid_loose("17000000000") and not valid_loose("2024")
    assert not valid_loose("6175550143")  # a bare ten-digit number under `to`: an id as often as a phone


def test_a_value_takes_the_last_key_before_it() -> None:
    texts = ["contact", "phone", "6175550143", "count", "6175550143"]
    found = keyed_values(texts, [[(0, "key"), (1, "key"), (2, "number"), (3, "key"), (4, "number")]])
    assert [(k.index, k.text) for k in found] == [(2, "phone: 6175550143")]
    text = '{"phones": ["6175550143", 6175550144], "n": 6175550145}'
    found = keyed_values([text], json_texts=[JSON])
    assert [text[k.start:k.end] for k in found] == ["6175550143", "6175550144"]
    assert keyed_values([text]) == []  # not a JSON text


@pytest.mark.parametrize("args", [
    {"phone": "6175550143", "body": "hi"},
    {"phone": 6175550143},
    {"to": 16175550143},
    {"To": "16175550143", "Body": "hi"},
    {"contact": {"mobile_number": 6175550143}},
    {"phones": [6175550143, "6175550144"]},
    {"ssn": 536904399},
    {"ssn": "536904399", "name": "x"},
])
async def test_tool_call_arguments_under_a_key_that_names_the_type(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    body = _chat(args)
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    got = json.loads(sent)  # still JSON: a redacted number is its placeholder, a string
    for digits in ("6175550143", "6175550144", "536904399"):
        assert digits not in sent
    assert "<PHONE_NUMBER_" in sent or "<US_SSN_" in sent
    # The model echoes the arguments: the client gets its own values back (numbers as their digits).
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(got)}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), verdict)
    assert "<PHONE_NUMBER_" not in answer["choices"][0]["message"]["content"]


async def test_anthropic_tool_use_input_and_unknown_fields(guard: Guard) -> None:
    p = policy(input=PII_IN)
    body = {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "text my mom"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "send_sms",
                                           "input": {"phone": 6175550143}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "sent"}]}]}
    verdict = await screen_request(guard, p, anthropic.request_texts("messages", body))
    assert verdict.decision == "redact", verdict.records
    assert str(body["messages"][1]["content"][0]["input"]["phone"]).startswith("<PHONE_NUMBER_")
    for extra in ({"contact": {"phone": 6175550143}}, {"x_phone": 6175550143}, {"x_phone": "6175550143"}):
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], **extra}
        verdict = await screen_request(guard, p, openai.request_texts("chat", body))
        assert verdict.decision == "redact", (extra, verdict.records)
        assert "6175550143" not in json.dumps(body), extra


@pytest.mark.parametrize("args", [
    {"count": 6175550143},
    {"id": 6175550143, "order_id": "6175550143"},
    {"from": 1700000000, "to": 1700086400},  # Unix times: no area code starts with 1
    {"from": 0, "to": 100, "price": 6175550143.5},
    {"from": "2024-01-01", "to": "2024-12-31"},
    {"to": 1234567890},  # not a valid North American number
    {"from": 4162943319, "to": 6397658080},  # ids: ten digits under `to`/`from` need the country code
    {"phone": 12, "ssn": 7},  # too short for either
    {"ssid": "536904399"},
    {"social": 536904399},
])
async def test_ordinary_numbers_stay(guard: Guard, args: dict[str, Any]) -> None:
    # Beside them, a phone number under its key: only that value changes.
    p = policy(input=PII_IN)
    body = _chat({**args, "mobile": 2125550187})
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    got = _args(body)
    assert str(got.pop("mobile")).startswith("<PHONE_NUMBER_") and got == args, got


async def test_answer_arguments_whole_and_streamed(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    args = '{"phone": 6175550143, "to": "16175550143", "note": "ok"}'
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": args}}]}}]}
    out = await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    assert out.decision == "redact"
    got = json.loads(answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert got["note"] == "ok" and all(str(got[k]).startswith("<PHONE_NUMBER_") for k in ("phone", "to")), got
    windows = guard.output_stream(p)
    streamed = ""
    for piece in ['{"pho', 'ne": 61755', '50143, "to": "1617', '5550143", "note": "ok"}']:
        streamed += await windows.feed("fc", piece, in_json=True)
    streamed += await windows.end("fc")
    got = json.loads(streamed)
    assert got["note"] == "ok" and all(str(got[k]).startswith("<PHONE_NUMBER_") for k in ("phone", "to")), got


def test_documents_carry_the_keys_the_reading_needs() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x_phone": 6175550143}
    slots = openai.request_texts("chat", body)
    texts = [s.get() for s in slots]
    assert [k.text for k in keyed_values(texts, documents(slots))] == ["phone: 6175550143"]


# ---------------------------------------------------------------- groups: arrays and small objects of digits


@pytest.mark.parametrize(("args", "entity"), [
    ({"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1, 1]}, "US_SSN"),
    ({"ssn": {"area": 387, "group": 45, "serial": 2211}}, "US_SSN"),
    ({"ssn": {"area": 87, "group": 5, "serial": 2211}}, "US_SSN"),  # numbers that lost their leading zeros
    ({"ssn": ["387", "45", "2211"], "note": "x"}, "US_SSN"),
    ({"card": [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]}, "CREDIT_CARD"),
    ({"cardNumber": ["5105", "1051", "0510", "5100"]}, "CREDIT_CARD"),
    ({"cc": [3782, 822463, 10005]}, "CREDIT_CARD"),
    ({"card": {"a": 5105, "b": 1051, "c": 510, "d": 5100}}, "CREDIT_CARD"),  # 15 digits as sent, 16 padded
    ({"phone": [2, 1, 2, 5, 5, 5, 0, 1, 8, 7]}, "PHONE_NUMBER"),
    ({"mobile": {"area": 212, "exchange": 555, "line": 187}}, "PHONE_NUMBER"),
    ({"phone": ["+44", "20", "7946", "0958"]}, "PHONE_NUMBER"),
    ({"to": [1, 2, 1, 2, 5, 5, 5, 0, 1, 8, 7]}, "PHONE_NUMBER"),  # a loose key: with its leading 1
])
async def test_a_group_under_a_key_is_one_value(guard: Guard, args: dict[str, Any], entity: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    body = _chat(args)
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    got = json.loads(sent)  # still JSON, the same shape: each element its placeholder
    key = next(iter(args))
    elements = list(got[key].values()) if isinstance(got[key], dict) else got[key]
    assert len(elements) == len(args[key]) and all(str(e).startswith(f"<{entity}_") for e in elements), sent
    # The model echoes the arguments: each element comes back as sent (numbers as their digits).
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": sent}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), verdict)
    back = json.loads(answer["choices"][0]["message"]["content"])
    original = list(args[key].values()) if isinstance(args[key], dict) else args[key]
    restored = list(back[key].values()) if isinstance(back[key], dict) else back[key]
    assert restored == [str(v) for v in original], restored


@pytest.mark.parametrize("args", [
    {"ssn_digits": [1, 2, 3, 4, 5, 6, 7, 8, 9]},          # Presidio's and the SSA's invalid numbers
    {"ssn": {"area": 666, "group": 12, "serial": 3456}},
    {"ssn": [1, 2, 3]},                                   # 001-02-0003 would need 5 lost zeros
    {"card": [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]},  # Luhn fails
    {"cards": [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]},  # a list of cards: one per element
    {"phone": [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]},            # no valid North American number
    {"phone": [617, 555, 143, 12]},                       # no layout of the type
    {"phone": [617, 555, 1], "ssn_checks": [12, 3, 4411]},  # an array's numbers are not padded (a phone's last
    # group only, by one or two zeros: `[617, 555, 143]`, fields24)
    {"phone": [617555014, 31]},                           # 11 digits not starting with 1
    {"to": [2, 1, 2, 5, 5, 5, 0, 1, 8, 7]},               # loose key, no country code
    {"phone": [2, 1, 2, 5, 5, 5, 0, 1, 8, 7.5]},          # a fraction
    {"phone": [2, 1, 2, 5, 5, 5, 0, 1, 8, True]},         # not only numbers and strings
    {"bbox": [2, 1, 2, 5, 5, 5, 0, 1, 8, 7], "ids": [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]},  # other keys
    {"phone": [[2, 1, 2], [5, 5, 5], [0, 1, 8, 7]]},      # nested arrays: not a group
])
async def test_other_groups_pass_unchanged(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=PII_IN)
    body = _chat(args)
    await screen_request(guard, p, openai.request_texts("chat", body))
    assert _args(body) == args


def test_group_readings_and_json_groups() -> None:
    from proxy.guard.keyed import group_reading, json_groups, valid_group

    text = '{"ssn": {"area": 87, "group": 5, "serial": 2211}, "card": [4111, "1111"], "x": [1, [2]], "b": [1, null]}'
    got = [(key, [text[a:b] for a, b, _ in members], obj) for key, members, obj in json_groups(text)]
    assert got == [("ssn", ["87", "5", "2211"], True), ("card", ["4111", "1111"], False)]
    # A window of a stream: from inside a string; a container not closed in it is none (yet).
    found = json_groups('11", "phone": [2, 1]', inside=True)
    assert found == [("phone", [(15, 16, "number"), (18, 19, "number")], False)]
    assert json_groups('{"phone": [2, 1') == [] and json_groups('x", "phone": "[2, 1]"}', inside=True) == []
    members = [(0, 0, 2, "number", "87"), (1, 0, 1, "number", "5"), (2, 0, 4, "number", "2211")]
    (reading,) = group_reading("ssn", members, padded=True)
    assert group_reading("ssn", members) == []  # an array's numbers are read as they are
    assert reading.text == "ssn: 087-05-2211" and reading.pieces == ((0, 0, 2), (1, 0, 1), (2, 0, 4))
    # Strings keep their zeros as written: a string shorter than its group is no group.
    assert group_reading("ssn", [(i, a, b, "string", t) for i, a, b, _, t in members], padded=True) == []
    assert valid_group("CREDIT_CARD", "4111-1111-1111-1111") and not valid_group("CREDIT_CARD", "4111-1111-1111-1112")
    assert valid_group("PHONE_NUMBER", "212-555-0187") and not valid_group("PHONE_NUMBER", "123-456-7890")
    assert not valid_group("US_SSN", "900-12-3456") and not valid_group("US_SSN", "387-00-2211")


async def test_a_group_blocks_with_a_block_rule(guard: Guard) -> None:
    p = policy(input={"pii": {"action": "redact", "entities": ["US_SSN"], "per_entity": {"US_SSN": "block"}}})
    body = _chat({"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1, 1]})
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "block", verdict.records


async def test_answer_groups_whole_and_streamed(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    args = '{"ssn": [3, 8, 7, 4, 5, 2, 2, 1, 1], "card": [5105, 1051, "0510", 5100], "note": "ok"}'
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": args}}]}}]}
    out = await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    assert out.decision == "redact"
    sent = answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    got = json.loads(sent)
    assert got["note"] == "ok" and all(str(v).startswith("<US_SSN_") for v in got["ssn"]), sent
    assert all(str(v).startswith("<CREDIT_CARD_") for v in got["card"]), sent
    windows = guard.output_stream(p)
    streamed = ""
    for piece in ['{"ssn": [3, 8', ', 7, 4, 5, 2, ', '2, 1, 1], "note"', ': "ok"}']:
        streamed += await windows.feed("fc", piece, in_json=True)
    streamed += await windows.end("fc")
    got = json.loads(streamed)
    assert got["note"] == "ok" and all(str(v).startswith("<US_SSN_") for v in got["ssn"]), streamed


@pytest.mark.parametrize(("args", "entity"), [
    ({"number": [6, 1, 7, 5, 5, 5, 0, 1, 4, 3]}, "PHONE_NUMBER"),         # a key that names no type: digits spelt out
    ({"contact": ["2", "1", "2", "5", "5", "5", "0", "1", "8", "7"]}, "PHONE_NUMBER"),
    ({"digits": [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}, "CREDIT_CARD"),
    ({"d": [3, 8, 7, 4, 5, 2, 2, 1, 1]}, "US_SSN"),
    ({"acct": {"p1": "617", "p2": "555", "p3": "0143"}}, "PHONE_NUMBER"),  # strings in the printed groups
    ({"x": ["5105", "1051", "0510", "5100"]}, "CREDIT_CARD"),
    ({"v": ["387", "45", "2211"]}, "US_SSN"),
])
async def test_a_group_under_any_key_spelt_out_is_one_value(guard: Guard, args: dict[str, Any], entity: str) -> None:
    p = policy(input=PII_IN)
    body = _chat(args)
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    got = _args(body)
    key = next(iter(args))
    elements = list(got[key].values()) if isinstance(got[key], dict) else got[key]
    assert all(str(e).startswith(f"<{entity}_") for e in elements), got


@pytest.mark.parametrize("args", [
    {"shape": [256, 512, 1024]},                          # numbers of several digits: no value spelt out
    {"x": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
    {"version": [3, 11, 4]}, {"rgb": [255, 128, 0]}, {"coords": [42.36, -71.06]},
    {"ports": [8080, 8443, 9090, 9200]}, {"p": [5432, 6379, 8080, 9200]},
    {"arr": [5, 3, 8, 1, 9, 2, 7, 4, 6]},                 # each digit once: a list to sort
    {"mask": [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]}, {"bits": [1, 0, 1, 1, 0, 0, 1, 0, 1]},
    {"flags": [1, 0, 1, 1, 0, 0, 1, 0, 1]},               # fewer than four different digits
    {"xs": [2, 3, 4, 5, 6, 7, 8, 9, 0, 1]},               # consecutive digits
    {"labels": [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]},  # a key of technical data
    {"input_ids": [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]},
    {"y": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]},  # no issuer's prefix
    {"a": ["617", "555", "143"]},                         # strings not in the printed groups
])
async def test_unnamed_groups_of_technical_data_pass(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=PII_IN)
    body = _chat(args)
    await screen_request(guard, p, openai.request_texts("chat", body))
    assert _args(body) == args


@pytest.mark.parametrize("args", [
    {"user": "jane.doe", "domain": "example.com"},
    {"local": "rsmith", "host": "acme.io"},
    {"to": {"mailbox": "k.lee", "mail_domain": "corp.example.org"}},
    {"username": "jane_doe", "server": "mail.acme.io"},     # a login's user shaped like a name
    {"a": "jane.doe", "b": "example.com"},                  # keys that name nothing: a person's mailbox
    {"x": {"p": "k.lee", "q": "corp.example.org"}},
])
async def test_an_email_across_two_values_is_one_address(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    body = _chat(args)
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    flat = lambda d: [x for v in d.values() for x in (flat(v) if isinstance(v, dict) else [v])]  # noqa: E731
    assert all(v.startswith("<EMAIL_ADDRESS_") for v in flat(json.loads(sent))), sent
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": sent}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), verdict)
    assert json.loads(answer["choices"][0]["message"]["content"]) == args  # each part restored as sent


@pytest.mark.parametrize("args", [
    {"name": "api", "host": "example.com"},                 # no key names a mailbox or a user
    {"user": "postgres", "host": "db.example.com"},         # a login's user and host
    {"user": "svc-deploy", "host": "db.acme.io"},           # a service account's login: no person's name (atk6 F4)
    {"login": "ci-runner", "server": "build.acme.io"},
    {"file": "index.html", "domain": "example.com"},
    {"user": "jane.doe", "path": "example.com"},            # no key names a domain or a host
    {"local": "jane.doe", "note": "x", "host": "acme.io"},  # not next to each other
    # keys that name nothing: no person's mailbox before the domain
    {"module": "os.path", "docs": "docs.python.org"}, {"file": "main.py", "site": "github.com"},
    {"package": "scikit-learn", "index": "pypi.org"}, {"lib": "lodash.merge", "cdn": "unpkg.com"},
    {"a": "jane.doe", "n": 3, "b": "example.com"},          # a number between them
])
async def test_values_that_are_no_email_pass(guard: Guard, args: dict[str, Any]) -> None:
    body = _chat(args)
    await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert _args(body) == args


@pytest.mark.parametrize(("args", "entity"), [
    ('{"user": "lena.vos", "domain": "brightquay.org"}', "EMAIL_ADDRESS"),
    ('{"number": [4, 1, 5, 5, 5, 5, 0, 1, 7, 6], "ok": true}', "PHONE_NUMBER"),
])
async def test_answer_arguments_split_values_under_any_key(guard: Guard, args: str, entity: str) -> None:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": args}}]}}]}
    out = await screen_answer(guard, policy(output=PII_OUT), openai.response_texts("chat", answer), None)
    assert out.decision == "redact"
    sent = answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert f"<{entity}_" in sent and "lena" not in sent and "0, 1, 7, 6" not in sent, sent
    json.loads(sent)  # still JSON
