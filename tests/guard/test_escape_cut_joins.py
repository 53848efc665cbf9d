"""Issue 12 (atk7 B finding 1): a value whose encoded `@`, `-` or `.` is cut INSIDE its escape between two texts
(`jane.doe%` + `40example.com`, `jane.doe&#6` + `4;example.com`, `536%2` + `D90%2D4399`) is read as one, as the
whole escape is: PII's joints are made where an escape crosses the cut (`proxy.guard.joined.escape_cut`, read by
`value_near`, and by the joints of a map's or a list's values, then read with nothing between), in message texts,
content parts, a tool result then a text, `metadata` (values, a key and its value), `stop`, `stop_sequences` and
Responses `prompt.variables`. The redaction covers each half as written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.joined import escape_cut, sibling_joints
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, policy

PII_ALL = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "IP_ADDRESS"],
                   "restore": True}}

# (before the cut, after it): the address `jane.doe@example.com` with its `@` encoded and cut inside the escape.
MAIL_SPLITS = [("mail jane.doe%", "40example.com"), ("mail jane.doe&#6", "4;example.com"),
               ("mail jane.doe&", "#64;example.com"), ("mail jane.doe&#x", "40;example.com"),
               ("mail jane.doe%2", "540example.com"), ("mail jane.doe&#x4", "0;example.com"),
               ("mail jane.doe=", "40example.com"), ("mail jane.doe=4", "0example.com")]  # quoted-printable (atk8)
# Other values: (before, after, a part of the value that must not go upstream).
OTHER_SPLITS = [("ssn 536%2", "D90%2D4399", "4399"), ("call 617%2", "D555%2D0143", "0143"),
                ("call 617%", "2D555%2D0143", "0143"), ("call 617&#4", "5;555&#45;0143", "0143"),
                ("server 192%2E168%2", "E1%2E77", "%2E77")]


def _parts(*texts: str) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


def _messages(*texts: str) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": t} for t in texts]}


@pytest.mark.parametrize(("left", "right"), MAIL_SPLITS)
def test_an_escape_cut_in_two_reads_as_the_character_it_decodes_to(left: str, right: str) -> None:
    assert escape_cut(left, right) == ("mail jane.doe@", "example.com")
    assert value_near(left, right)


def test_escape_cut_reads_numbers_and_addresses_split_so() -> None:
    assert escape_cut("ssn 536%2", "D90%2D4399") == ("ssn 536-", "90-4399")
    assert escape_cut("server 192%2E168%2", "E1%2E77") == ("server 192.168.", "1.77")
    assert escape_cut("a\\u00", "40b") == ("a@", "b")  # a literal backslash escape


def test_no_escape_at_the_cut_is_no_escape_cut() -> None:
    for left, right in [("100%", "done"), ("Tom &", "Jerry"), ("jane%40", "example.com"), ("a&b", "c"),
                        ("growth 50%", "of users"), ("x", "y"), ("C:\\temp\\", "dir"), ("R&", "D team")]:
        assert escape_cut(left, right) is None, (left, right)
    # Ordinary text with an escape-like end and no value across the cut stays unjoined for PII.
    for left, right in [("we grew 50%", "20 units more"), ("Tom &", "#39;s team"), ("rate 5%", "2E more")]:
        assert not value_near(left, right), (left, right)
    # Adversarial ends: 64 characters are read, the view of 128 (linear).
    left, right = escape_cut("%2" * 50_000, "E%2" * 50_000) or ("", "")
    assert left.endswith(".") and len(left) + len(right) < 128


def test_a_map_cut_inside_an_escape_is_also_read_with_nothing_between() -> None:
    texts = ["jane.doe%", "40example.com"]
    found = {j.text for j in sibling_joints(texts, [[(0, "key"), (1, "string")]], near=value_near)}
    assert "jane.doe%40example.com" in found


@pytest.mark.parametrize(("left", "right"), MAIL_SPLITS)
async def test_an_address_cut_inside_its_encoded_at_is_redacted_in_texts(guard: Guard, left: str, right: str) -> None:
    p = policy(input=PII_IN)
    for route, body, adapter in [
            ("chat", _parts(left, right), openai), ("chat", _messages(left, right), openai),
            ("chat", _parts("mail jane.doe", left[len("mail jane.doe"):], right), openai),  # three parts
            ("messages", {"model": "m", "max_tokens": 5, "messages": [
                {"role": "user", "content": [{"type": "text", "text": left}, {"type": "text", "text": right}]}]},
             anthropic),
            ("responses", {"model": "m", "input": [{"role": "user", "content": [
                {"type": "input_text", "text": left}, {"type": "input_text", "text": right}]}]}, openai),
            ("messages", {"model": "m", "max_tokens": 5, "messages": [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": {}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": left},
                                             {"type": "text", "text": right}]}]}, anthropic)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", (route, verdict.records)
        sent = json.dumps(body)
        assert "jane.doe" not in sent and "example.com" not in sent, sent
        assert "mail " in sent  # the word before stays


@pytest.mark.parametrize(("left", "right"), MAIL_SPLITS)
async def test_an_address_cut_inside_its_encoded_at_is_redacted_in_maps_and_lists(guard: Guard, left: str,
                                                                                   right: str) -> None:
    p = policy(input=PII_IN)
    local = left[len("mail "):]
    for route, body, adapter in [
            ("chat", {**_messages("hi"), "stop": [left, right]}, openai),
            ("chat", {**_messages("hi"), "metadata": {"a": left, "b": right}}, openai),
            ("chat", {**_messages("hi"), "metadata": {local: right}}, openai),
            ("responses", {"model": "m", "input": "hi", "prompt": {"id": "p", "variables": {local: right}}}, openai),
            ("responses", {"model": "m", "input": "hi", "prompt": {"id": "p", "variables": {"a": local, "b": right}}},
             openai),
            ("messages", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                          "stop_sequences": [local, right]}, anthropic)]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        assert verdict.decision == "redact", (route, body, verdict.records)
        sent = json.dumps(body)
        assert "jane.doe" not in sent and "example.com" not in sent, sent


@pytest.mark.parametrize(("left", "right", "part"), OTHER_SPLITS)
async def test_a_number_or_an_ip_cut_inside_an_encoded_separator_is_redacted(guard: Guard, left: str, right: str,
                                                                            part: str) -> None:
    p = policy(input=PII_ALL)
    for body in (_parts(left, right), _messages(left, right), {**_messages("hi"), "stop": [left, right]}):
        verdict = await screen_request(guard, p, openai.request_texts("chat", body))
        assert verdict.decision == "redact", (body, verdict.records)
        sent = json.dumps(body)
        assert part not in sent and left.split()[1][:3] not in sent, sent


async def test_ordinary_text_cut_after_a_percent_or_an_ampersand_is_left_as_sent(guard: Guard) -> None:
    p = policy(input=PII_ALL)
    for texts in [("Conversion rose by 40%", "20 users signed up"), ("Sales & ", "#1 product: the widget"),
                  ("See R&", "D notes for 2024"), ("Use 100%", "2E3 budget")]:
        body = _parts(*texts)
        await screen_request(guard, p, openai.request_texts("chat", body))
        assert [c["text"] for c in body["messages"][0]["content"]] == list(texts), body
