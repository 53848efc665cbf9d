"""atk20 H1, H3, M4, L1 end to end with the official SDKs: what the provider RECEIVED.

- H1: a phone number with a character glued before its bracketed area code (`1(415)555-0187`, `x(...)`,
  `u_(...)`) in a message and in the exempt id fields (`user`, `safety_identifier`, `tool_call_id`, Anthropic
  `metadata.user_id`) goes up redacted, area code included.
- H3: FHIR patient JSON (`family`/`given`) and `fname`/`lname` in a tool result, tool-call arguments, an Anthropic
  `tool_result` and a message go up with the names replaced.
- M4: an HL7 v2 message's patient name goes up replaced, the message's structure kept.
- L1: a JSON table's one row under a `phone` column: the value replaced, the document still valid JSON.
Other numbers and names than the report's; units in `tests/nlp/test_atk20_structured*.py`.
"""

from __future__ import annotations

import json
import re

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]
    min_score: 0.4
"""


@pytest.fixture(scope="module")
def structured(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)


def upstream(mock: Mock) -> str:
    return json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)


def kept(word: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text) is not None


@pytest.mark.parametrize("number", ["1(415)555-0187", "001(312)555-0166", "x(646)555-0123", "u_(206)555-0175",
                                    "1(415)555 0187"])
def test_a_glued_bracketed_phone_number_in_a_message_goes_up_redacted(structured: Proxy, mock: Mock,
                                                                      number: str) -> None:
    oai(structured).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": f"Call me at {number} tomorrow. phone: {number}"}])
    sent = mock.last_body["messages"][0]["content"]
    area = re.search(r"\((\d{3})\)", number).group(1)  # type: ignore[union-attr]
    assert area not in sent and number[-4:] not in sent, sent
    assert sent.count("<PHONE_NUMBER_") == 2, sent


@pytest.mark.parametrize("value", ["u_(415)555-0187", "1(312)555-0166", "cust-(646)555-0123"])
def test_a_glued_bracketed_phone_number_in_an_id_field_goes_up_redacted(structured: Proxy, mock: Mock,
                                                                        value: str) -> None:
    digits = re.sub(r"\D", "", value)[-10:]
    oai(structured).chat.completions.create(
        model="gpt-4o-mini", user=value, extra_body={"safety_identifier": value}, messages=[
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "tool_calls": [{"id": value, "type": "function",
                                                  "function": {"name": "lookup", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": value, "content": "found"}])
    sent = mock.last_body
    for got in (sent["user"], sent["safety_identifier"], sent["messages"][2]["tool_call_id"]):
        assert digits[3:6] not in got and digits[-4:] not in got, got
    assert sent["messages"][1]["tool_calls"][0]["id"] == sent["messages"][2]["tool_call_id"]  # still paired
    mock.state.requests.clear()
    claude(structured).messages.create(model="claude-3-5-haiku-latest", max_tokens=5, metadata={"user_id": value},
                                       messages=[{"role": "user", "content": "hi"}])
    got = mock.last_body["metadata"]["user_id"]
    assert digits[3:6] not in got and digits[-4:] not in got, got


def _patient(given: str, family: str) -> str:
    return json.dumps({"resourceType": "Patient", "id": "pat-7", "name": [{"use": "official", "family": family,
                                                                           "given": [given]}],
                       "birthDate": "1979-02-03"})


@pytest.mark.parametrize(("given", "family"), [("Hope", "Stone"), ("Jennifer", "Taylor"), ("Olga", "Ivanova")])
def test_fhir_patient_names_go_up_replaced_in_every_carrier(structured: Proxy, mock: Mock, given: str,
                                                            family: str) -> None:
    doc = _patient(given, family)
    client = oai(structured)
    client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Summarise the patient record."},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "create_patient", "arguments": doc}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": doc},
        {"role": "user", "content": doc}])
    sent = mock.last_body["messages"]
    carriers = [sent[1]["tool_calls"][0]["function"]["arguments"], sent[2]["content"], sent[3]["content"]]
    mock.state.requests.clear()
    claude(structured).messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=[
        {"role": "user", "content": "Summarise the patient record."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "get_patient",
                                           "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": doc}]}])
    carriers.append(mock.last_body["messages"][2]["content"][0]["content"])
    for got in carriers:
        assert not kept(given, got) and not kept(family, got), got
        record = json.loads(got)  # still the document, only the names rewritten
        assert record["resourceType"] == "Patient" and record["birthDate"] == "1979-02-03", record
        assert record["name"][0]["family"].startswith("<PERSON_"), record


def test_fname_and_lname_in_a_tool_result_go_up_replaced(structured: Proxy, mock: Mock) -> None:
    doc = json.dumps({"id": 42, "fname": "Linda", "lname": "Jones", "plan": "pro"})
    oai(structured).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Summarise the account."},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "get_account", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": doc}])
    record = json.loads(mock.last_body["messages"][2]["content"])
    assert record["id"] == 42 and record["plan"] == "pro", record
    assert record["fname"].startswith("<PERSON_") and record["lname"].startswith("<PERSON_"), record


HL7 = ("MSH|^~\\&|EPIC|HOSP|LAB|HOSP|202406041022||ADT^A01|MSG00417|P|2.5\r"
       "PID|1||MRN55310^^^HOSP^MR||KOWALCZYK^ANNA^M||19810707|F|||9 PINE RD^^BOSTON^MA^02118||(617)555-0188")


def test_an_hl7_patient_name_goes_up_replaced(structured: Proxy, mock: Mock) -> None:
    oai(structured).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Parse this ADT message."},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "fetch_adt", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": HL7}])
    got = mock.last_body["messages"][2]["content"]
    assert "KOWALCZYK" not in got and "ANNA" not in got and "555-0188" not in got, got
    assert got.startswith("MSH|^~\\&|EPIC|HOSP") and "|MRN55310^^^HOSP^MR||<PERSON_" in got, got
    assert "||19810707|F|||9 PINE RD^^BOSTON^MA^02118||" in got, got


@pytest.mark.parametrize("doc", [{"columns": ["name", "phone"], "rows": [["x", 4155550187]]},
                                 {"columns": ["phone", "name"], "rows": [[4155550187, "x"]]},
                                 {"header": ["name", "ssn"], "values": [["Maria", 536904399]]}])
def test_a_json_tables_one_row_stays_valid_json(structured: Proxy, mock: Mock, doc: dict[str, object]) -> None:
    oai(structured).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Read the table."},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "query", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps(doc)},
        {"role": "user", "content": json.dumps(doc)}])
    sent = mock.last_body["messages"]
    for got in (sent[2]["content"], sent[3]["content"]):
        table = json.loads(got)  # valid JSON
        rows = table.get("rows", table.get("values"))
        assert isinstance(rows, list) and len(rows) == 1 and len(rows[0]) == 2, table
        assert "4155550187" not in got and "536904399" not in got, got
