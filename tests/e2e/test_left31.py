"""left31 end to end through the official openai and anthropic SDKs, under the shipped default policy: a person's
record as positional literals reaches the provider with its phone and SSN redacted, and the model's own such record
reaches the client redacted, whole and streamed (X12 with `|`, FHIR in YAML in the same answer); a tool named with an
SSN's or a phone's digits is refused (`name_text`), one with other digits goes as sent."""

from __future__ import annotations

from pathlib import Path

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def test_positional_record_request(guarded: Proxy, mock: Mock) -> None:
    text = 'Why does this fail? new Customer("Lucia Fernandez", "5035550126", "318274650");'
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert not any(s in sent for s in ("5035550126", "318274650")), sent
    text = "builds = [('Release 2024', '2024113042'), ('Release 2025', '2025010107')]"
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert mock.last_body["messages"][0]["content"] == text


def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    answer = ("rows = [['Amara Nwosu', '4045550117', '219458763']]\n\n"
              "ISA|00|          |00|          |ZZ|SENDER         |ZZ|PAYER          |261206|1015|^|00501|"
              "000000001|0|P|>\n"
              "REF|SY|412785506\nPER|IC|INGRID HALVORSEN|TE|3125550172\n\n"
              "identifier:\n  - system: http://hl7.org/fhir/sid/us-ssn\n    value: \"536904399\"\n")
    secrets = ["4045550117", "219458763", "412785506", "3125550172", "536904399"]
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}]).choices[0].message.content
    assert got is not None and [s for s in secrets if s in got] == [], got
    mock.script(text=answer, chunk_chars=5)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}], stream=True) if c.choices)
    assert streamed and [s for s in secrets if s in streamed] == [], streamed


def test_a_tool_named_with_an_ssn_or_a_phone_is_refused(guarded: Proxy, mock: Mock) -> None:
    before = len(mock.state.requests)
    with pytest.raises(openai.BadRequestError) as err:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                             tools=[{"type": "function", "function": {
                                                 "name": "lookup_536904399",
                                                 "parameters": {"type": "object", "properties": {}}}}])
    assert "name_text" in str(err.value) and "536904399" not in str(err.value)
    with pytest.raises(anthropic.BadRequestError) as aerr:
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5,
                                        messages=[{"role": "user", "content": "hi"}],
                                        tools=[{"name": "sms_16175550143", "input_schema": {"type": "object"}}])
    assert "name_text" in str(aerr.value) and "6175550143" not in str(aerr.value)
    assert len(mock.state.requests) == before  # nothing went upstream
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                         tools=[{"type": "function", "function": {
                                             "name": "lookup_20241130",
                                             "parameters": {"type": "object", "properties": {}}}}])
    assert mock.state.requests[-1].body["tools"][0]["function"]["name"] == "lookup_20241130"
