"""cue28 end to end through the official openai SDK, under the shipped default policy (atk26 F18 and leftovers): a
full name of two everyday words after a mail's, a letter's or a form's cue (`c/o Hope Young`, `ATTN: HOPE YOUNG`,
`Recipient - Hope Young`, `Signed, Hope Young`, `z. Hd. Bill White`), a phone number split over a sentence's area code
and number, and a `get_customer_name` tool's JSON result (`{"result": "Hope Young"}`, chat and Responses) reach the
provider redacted; look-alikes go as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUESTS = [
    ("Please forward the parcel c/o Hope Young, 12 Oak St.", "Young"),
    ("ATTN: HOPE YOUNG", "YOUNG"),
    ("Recipient - Hope Young", "Young"),
    ("Thanks for the quick turnaround.\nSigned, Hope Young", "Young"),
    ("control: Attn: Bill White", "White"),
    ("z. Hd. Bill White", "White"),
    ("Area code 617, number 5550143.", "5550143"),
]
KEPT = ["c/o the front desk", "ATTN: ACCOUNTS PAYABLE", "Signed, sealed, delivered", "Approved by Finance Team",
        "Recipient - see below", "Area code 617 covers most of the city."]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secret in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert secret not in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


@pytest.mark.parametrize(("result", "secret"), [('{"result": "Hope Young"}', "Young"), ('["Bill White"]', "White")])
def test_chat_tool_json_result(guarded: Proxy, mock: Mock, result: str, secret: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Who is customer 7?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_customer_name", "arguments": '{"id": 7}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}])
    sent = mock.last_body["messages"][2]["content"]
    assert secret not in sent and "PERSON_" in sent, sent
    json.loads(sent)  # (still JSON)


def test_chat_tool_json_result_of_other_data_goes_as_sent(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Status of order 7?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_order_status", "arguments": '{"id": 7}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"result": "shipped"}'}])
    assert mock.last_body["messages"][2]["content"] == '{"result": "shipped"}'


def test_responses_function_call_output_json(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input=[
        {"role": "user", "content": "Who is customer 7?"},
        {"type": "function_call", "call_id": "call_1", "name": "get_customer_name", "arguments": '{"id": 7}'},
        {"type": "function_call_output", "call_id": "call_1", "output": '{"result": "Hope Young"}'}])
    sent = json.dumps(mock.last_body["input"][2])
    assert "Young" not in sent and "PERSON_" in sent, sent
