"""fields24: values in structured fields that went up (issue 12, "No side doors"), each as a class, with PII-free
look-alikes that must go as sent: a name split over `first`/`last` keys (everyday words: `Bill White`), `SURNAME,
GIVEN M` in capitals with an everyday surname, phone numbers as arrays of their groups (a JSON number's leading zero
lost, nested arrays, a phone word beside the array), names written with `\\u` escapes in JSON text, a phone number
after `# `, `#` at a line's start or `No.`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.fields24 import decoded_letters, pair_is_name
from proxy.nlp.names import name_lists
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, policy

P = policy(input=PII_IN)


def _args(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(value)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]},
        lambda b: b["messages"][1]["tool_calls"][0]["function"]["arguments"])


def _result(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c", "content": json.dumps(value)}]}, lambda b: b["messages"][2]["content"])


def _tool_use(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("messages", {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]},
        lambda b: json.dumps(b["messages"][1]["content"][0]["input"]))


def _metadata(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "metadata": value, "messages": [{"role": "user", "content": "Hello there."}]},
            lambda b: json.dumps(b["metadata"]))


def _text(value: Any) -> tuple[str, dict[str, Any], Any]:
    content = value if isinstance(value, str) else "Here is the record: " + json.dumps(value)
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": content}]},
            lambda b: b["messages"][0]["content"])


async def _sent(guard: Guard, carrier: Any, value: Any) -> tuple[str, str]:
    route, body, get = carrier(value)
    before = get(body)
    await screen_request(guard, P, (anthropic if route == "messages" else openai).request_texts(route, body))
    return before, get(body)


def _gone(text: str, *words: str) -> bool:
    import re

    return not any(re.search(r"(?<![\w\\])" + re.escape(w) + r"(?!\w)", text) for w in words)


# ------------------------------------------------------------------------------------------------ first / last
CARRIERS = [_args, _result, _tool_use, _metadata, _text]


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("value", "words"), [
    ([{"first": "Bill", "last": "White"}, {"first": "Grace", "last": "Hall"}], ["Bill", "White", "Grace", "Hall"]),
    ({"customer": {"name": {"first": "Bill", "last": "White"}}}, ["Bill", "White"]),
    ({"first": "Grace", "last": "Hall", "role": "admin"}, ["Grace", "Hall"]),
])
async def test_a_name_split_over_first_and_last_keys_is_redacted(guard: Guard, carrier: Any, value: Any,
                                                                 words: list[str]) -> None:
    before, after = await _sent(guard, carrier, value)
    assert _gone(after, *words), after
    assert "<PERSON_" in after


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"first": 1, "last": 10}, {"first": "2024-01-01", "last": "2024-12-31"}, {"first": "April", "last": "May"},
    {"first": "Monday", "last": "Friday"}, [{"first": "Page", "last": "Page"}], {"first": "Intro", "last": "Outro"},
])
async def test_first_and_last_of_a_range_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    before, after = await _sent(guard, carrier, value)
    assert json.loads(after.removeprefix("Here is the record: ")) == value


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [{"first": "Alpha", "last": "Omega"}, {"first": "Spring", "last": "Winter"}])
async def test_a_range_of_words_the_lists_hold_is_no_pair(guard: Guard, carrier: Any, value: dict[str, str]) -> None:
    # (the model alone may read the first word as a name, as before: the pair adds nothing to it)
    before, after = await _sent(guard, carrier, value)
    assert json.loads(after.removeprefix("Here is the record: "))["last"] == value["last"]


def test_a_first_last_pair_is_a_listed_given_name_and_a_surname() -> None:
    names = name_lists()
    assert pair_is_name(names, "Bill", "White") and pair_is_name(names, "Grace", "Hall")
    assert not pair_is_name(names, "Spring", "Winter") and not pair_is_name(names, "White", "Bill")
    assert not pair_is_name(names, "bill", "white") and not pair_is_name(names, "Alpha", "Omega")


# --------------------------------------------------------------------------------------- SURNAME, GIVEN M caps
@pytest.mark.parametrize(("value", "words"), [
    ("Name: WHITE, BILL R", ["WHITE", "BILL"]),
    ("Patient: HALL, GRACE", ["HALL", "GRACE"]),
    ('id,name,dob\n1,"WHITE, BILL",1980-04-02\n2,"HALL, GRACE M",1975-09-12', ["WHITE", "BILL", "HALL", "GRACE"]),
    ({"name": "WHITE, BILL R", "dob": "1980-04-02"}, ["WHITE", "BILL"]),
])
async def test_a_capitals_name_with_an_everyday_surname_is_redacted(guard: Guard, value: Any,
                                                                     words: list[str]) -> None:
    for carrier in ([_text] if isinstance(value, str) else [_args, _tool_use, _text]):
        _, after = await _sent(guard, carrier, value)
        assert _gone(after, *words), after


@pytest.mark.parametrize("value", ["Location: PARIS, FRANCE", "Status: OPEN, HIGH P", 'id,tags\n1,"RED, BLUE"',
                                   "Severity: CRITICAL, P1", "Name: PROD, STAGING", {"tags": "URGENT, BILLING"},
                                   {"months": "APRIL, MAY"}, {"regions": "NORTH, EAST"}])
async def test_capitals_after_a_comma_that_are_no_name_go_as_sent(guard: Guard, value: Any) -> None:
    before, after = await _sent(guard, _text if isinstance(value, str) else _args, value)
    assert after == before


async def test_a_placeholder_after_a_comma_is_no_given_name(guard: Guard) -> None:
    # (`FOO` alone went up as a name before: only the given name's side is this rule's)
    _, after = await _sent(guard, _text, "Name: FOO, BAR")
    assert after.endswith(", BAR"), after


# ---------------------------------------------------------------------------------------------- phone arrays
@pytest.mark.parametrize("carrier", [_args, _tool_use], ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"phone": [617, 555, 143]},
    {"contact": "phone", "number": [617, 555, "0143"]},
    {"contact": "phone", "number": [617, 555, 143]},
    {"phone": [[617, 555], [143]]},
    {"phone": [[617, 555], ["0143"]]},
    {"type": "mobile", "value": [617, 555, 143]},
])
async def test_a_phone_number_as_an_array_of_its_groups_is_redacted(guard: Guard, carrier: Any, value: Any) -> None:
    _, after = await _sent(guard, carrier, value)
    assert _gone(after, "617", "555", "143", "0143"), after
    assert after.count("<PHONE_NUMBER_") == 3, after


@pytest.mark.parametrize("carrier", [_result, _text], ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [{"phone": [617, 555, 143]}, {"mobile": [[617, 555], [143]]},
                                   {"contact": "phone", "number": [617, 555, "0143"]}])
async def test_a_phone_array_in_json_text_is_redacted(guard: Guard, carrier: Any, value: Any) -> None:
    # (a tool result that is JSON, and JSON inside the prose of a request's only text)
    _, after = await _sent(guard, carrier, value)
    assert _gone(after, "617", "555", "143", "0143"), after


@pytest.mark.parametrize("carrier", [_args, _tool_use, _result], ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"date": [2024, 12, 31]}, {"version": [3, 11, 4]}, {"ports": [8080, 8443, 9090]}, {"phone": [3, 11, 4]},
    {"range": [[617, 555], [143]]}, {"type": "phone", "ports": [617, 555, 143]}, {"first": 1, "last": 10},
    {"contact": "email", "number": [617, 555, 143]}, {"type": "phone", "count": [3, 4, 5]},
])
async def test_number_arrays_that_are_no_phone_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    _, after = await _sent(guard, carrier, value)
    assert json.loads(after) == value


@pytest.mark.parametrize("carrier", [_args, _tool_use], ids=lambda c: c.__name__)
async def test_a_phone_word_lends_no_type_to_technical_data(guard: Guard, carrier: Any) -> None:
    value = {"kind": "mobile", "sizes": [360, 640, 1024], "dims": [[617, 555], [143]]}
    _, after = await _sent(guard, carrier, value)
    assert json.loads(after) == value


# ------------------------------------------------------------------------------------------ \u escapes in text
@pytest.mark.parametrize(("text", "words"), [
    ('{"name": "Jos\\u00e9 Mar\\u00eda Garc\\u00eda"}', ["Jos\\u00e9", "Garc\\u00eda"]),
    ('Record: {"name": "\\u0042ill \\u0057hite"}', ["\\u0042ill", "\\u0057hite"]),
    ('{"fname": "Bj\\u00f6rn", "lname": "Ib\\u00e1\\u00f1ez"}', ["Bj\\u00f6rn", "Ib\\u00e1\\u00f1ez"]),
    ('{"given": "\\u0141ukasz", "family": "Kowalczyk"}', ["\\u0141ukasz", "Kowalczyk"]),
    ('{"first_name": "\\u00c7a\\u011fla", "surname": "Nu\\u00f1ez"}', ["\\u00c7a\\u011fla", "Nu\\u00f1ez"]),
    ('{"first": "\\u0042ill", "last": "\\u0057hite"}', ["\\u0042ill", "\\u0057hite"]),
])
async def test_a_name_written_with_escapes_in_json_text_is_redacted(guard: Guard, text: str,
                                                                     words: list[str]) -> None:
    _, after = await _sent(guard, _text, text)
    assert _gone(after, *words), after
    assert "<PERSON_" in after


@pytest.mark.parametrize("text", [
    '{"city": "M\\u00fcnchen", "zip": "80331"}', '{"title": "Stra\\u00dfe und Caf\\u00e9"}',
    '{"family": "Rosaceae", "genus": "Malus", "note": "na\\u00efve"}', '{"label": "Gr\\u00f6\\u00dfe: 42"}',
    '{"step": "\\u0046inal", "emoji": "\\ud83d\\ude00", "quote": "\\u0022"}',
])
async def test_escaped_words_that_are_no_name_go_as_sent(guard: Guard, text: str) -> None:
    before, after = await _sent(guard, _text, text)
    assert after == before


def test_only_letter_escapes_are_decoded_and_offsets_map_back() -> None:
    raw = '{"a": "\\u0042ill", "q": "\\u0022", "e": "\\\\u0041"}'
    decoded = decoded_letters(raw)
    assert decoded is not None
    text, at = decoded
    assert text == '{"a": "Bill", "q": "\\u0022", "e": "\\\\u0041"}'
    assert len(at) == len(text) + 1 and raw[at[text.index("Bill")]:at[text.index("Bill") + 4]] == "\\u0042ill"
    assert decoded_letters('{"a": "plain"}') is None


# ------------------------------------------------------------------------------------------- # and No. phones
@pytest.mark.parametrize("text", ["# 818-629-8896", "#818 629 8896", "No. 818-629-8896", "Tel#818.629.8896",
                                  "Emergency: No. 818-629-8896", "Contact\n# (818) 629-8896", "Reach me # 818-629-8896",
                                  "- #818 629 8896"])
async def test_a_phone_number_after_a_hash_or_no_is_redacted(guard: Guard, text: str) -> None:
    _, after = await _sent(guard, _text, text)
    assert _gone(after, "818", "629", "8896"), after
    assert "<PHONE_NUMBER_1>" in after


@pytest.mark.parametrize("text", ["Build # 1234-5678-9012", "See #818 629 8896 in the log", "Ticket # 818-629-8896",
                                  "Order No. 818-629-8896", "Issue #818 629 8896", "PR # 818-629-8896",
                                  "Order: #818 629 8896", "step # 3 of 10", "Invoice No. 818-629-8896"])
async def test_an_id_after_a_hash_or_no_goes_as_sent(guard: Guard, text: str) -> None:
    before, after = await _sent(guard, _text, text)
    assert after == before
