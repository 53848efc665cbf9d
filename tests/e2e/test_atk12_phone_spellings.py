"""atk12 tester B, request side, end to end: phone numbers and addresses in spellings that went up unredacted.

- M2: a bracketed area code with the local number right after it (`phone (617)5550143`, `1(617)5550143`,
  `Telefon (030)90182034`), the local 7 digits unbroken after a country code or a dot (`phone 1-617-5550143`,
  `phone 617.5550143`), and the same in the model (`gpt-4o-617.5550143`, `gpt-4o-1-617-5550143`).
- H2 (rest): a phone label or a network word glued by `.` or `_` (`Tel.030/90182034`, `Mobil.0171-1234567`,
  `Tél.01 42 68 53 00`, `ip_10.20.30.40`), an address in a file's name (`backup_10.20.30.40.tar`).

Other values of the same shapes than the report's."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
"""


@pytest.fixture(scope="module")
def spellings(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True, timeout=60)


TEXTS = [
    ("phone (312)5550199", "5550199"),
    ("my cell is (646)5550123.", "5550123"),
    ("Ring me at 1(212)5550187 tonight", "5550187"),
    ("Telefon (089)12345678", "12345678"),
    ("phone 1-718-5550166", "5550166"),
    ("phone 646.5550123", "5550123"),
    ("Gruss, Jan | Tel.089/12345678", "12345678"),
    ("Mobil.0160-9876543", "9876543"),
    ("Tél.06 12 34 56 78", "34 56 78"),
    ("see ip_172.16.5.20 in the log", "172.16.5.20"),
    ("restore dump_192.168.7.9.sql", "192.168.7.9"),
]


@pytest.mark.parametrize(("text", "secret"), TEXTS)
def test_the_value_does_not_reach_the_provider(spellings: Proxy, mock: Mock, text: str, secret: str) -> None:
    for path, body in [
        ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}),
        ("/v1/messages", {"model": "claude-sonnet-4-5", "max_tokens": 5, "system": text,
                          "messages": [{"role": "user", "content": "hi"}]}),
        ("/v1/responses", {"model": "gpt-5", "input": [{"role": "user", "content": [
            {"type": "input_file", "filename": text, "file_data": "data:application/pdf;base64,aGk="}]}]}),
    ]:
        r = _post(spellings, path, body)
        assert r.status_code == 200, r.text
        assert secret not in json.dumps(mock.last_body, ensure_ascii=False), path


@pytest.mark.parametrize("model", ["gpt-4o-646.5550123", "gpt-4o-1-212-5550187"])
def test_a_phone_number_in_the_model_blocks(spellings: Proxy, mock: Mock, model: str) -> None:
    before = len(mock.state.requests)
    r = _post(spellings, "/v1/chat/completions", {"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400 and "5550" not in r.text
    assert len(mock.state.requests) == before


@pytest.mark.parametrize("model", ["gpt-4o-123.4567890", "gpt-4o-2024-08-06"])
def test_other_digits_in_the_model_go_up(spellings: Proxy, mock: Mock, model: str) -> None:
    r = _post(spellings, "/v1/chat/completions", {"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["model"] == model


@pytest.mark.parametrize("text", ["elapsed 646.5550123 s on the run", "keep foo_192.168.1.1 and app_2.0.1.3.tar"])
def test_numbers_and_identifiers_go_up_as_written(spellings: Proxy, mock: Mock, text: str) -> None:
    r = _post(spellings, "/v1/chat/completions",
              {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["messages"][0]["content"] == text


def test_a_phone_number_in_a_call_id_is_rewritten_alike(spellings: Proxy, mock: Mock) -> None:
    call_id = "call_646.5550123"
    body = {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant",
         "tool_calls": [{"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": call_id, "content": "ok"}]}
    r = _post(spellings, "/v1/chat/completions", body)
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"]
    assert sent[1]["tool_calls"][0]["id"] == sent[2]["tool_call_id"]
    assert "5550123" not in json.dumps(mock.last_body)
