"""Issue 12, atk11 (tester B) request-side findings, end to end with the official Anthropic SDK and raw HTTP.

- H1: Anthropic server-tool results sent back in a later turn: `web_search_result.page_age` and
  `web_fetch_result.retrieved_at` passed as a timestamp whatever 64 letters, digits and `,:.+-` they held, so a
  card, an IBAN, an IP address, a name or a codename went up unscreened. Only a real timestamp or age is exempt now.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""


@pytest.fixture(scope="module")
def doors(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def _search(page_age: str) -> list[Any]:
    return [{"role": "user", "content": "search x"},
            {"role": "assistant", "content": [
                {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "x"}},
                {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
                    {"type": "web_search_result", "url": "https://x.example", "title": "t",
                     "encrypted_content": "abc", "page_age": page_age}]}]},
            {"role": "user", "content": "thanks"}]


def _fetch(retrieved_at: str) -> list[Any]:
    return [{"role": "user", "content": "fetch x"},
            {"role": "assistant", "content": [
                {"type": "server_tool_use", "id": "srvtoolu_2", "name": "web_fetch", "input": {"url": "https://x.example"}},
                {"type": "web_fetch_tool_result", "tool_use_id": "srvtoolu_2", "content": {
                    "type": "web_fetch_result", "url": "https://x.example", "retrieved_at": retrieved_at,
                    "content": {"type": "document", "source": {"type": "text", "media_type": "text/plain",
                                                               "data": "page"}}}}]},
            {"role": "user", "content": "thanks"}]


def _send(p: Proxy, messages: list[Any]) -> None:
    client = anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)
    client.messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=messages)  # type: ignore[arg-type]


@pytest.mark.parametrize("build", [_search, _fetch])
@pytest.mark.parametrize(("value", "secret"), [
    ("card 4111 1111 1111 1111", "4111"), ("IBAN DE89 3704 0044 0532 0130 00", "3704"),
    ("server 10.20.30.40", "10.20.30.40"), ("Please ask Maria Garcia", "Garcia")])
def test_a_value_in_a_timestamp_field_is_redacted(doors: Proxy, mock: Mock, build: Any, value: str,
                                                  secret: str) -> None:
    _send(doors, build(value))
    assert secret not in json.dumps(mock.last_body)


@pytest.mark.parametrize("build", [_search, _fetch])
def test_a_codename_in_a_timestamp_field_blocks(doors: Proxy, mock: Mock, build: Any) -> None:
    before = len(mock.state.requests)
    with pytest.raises(anthropic.BadRequestError) as err:
        _send(doors, build("Status of project falcon"))
    assert "codenames" in str(err.value) and "falcon" not in str(err.value)
    assert len(mock.state.requests) == before


@pytest.mark.parametrize(("build", "value"), [
    (_search, "April 30, 2025"), (_search, "2 days ago"), (_search, "Wed, 30 Apr 2025 12:00:00 GMT"),
    (_fetch, "2025-08-25T10:30:00Z"), (_fetch, "2025-08-25 10:30:00+02:00")])
def test_real_timestamps_go_as_sent(doors: Proxy, mock: Mock, build: Any, value: str) -> None:
    _send(doors, build(value))
    assert value in json.dumps(mock.last_body, ensure_ascii=False)


# L1: an IPv4 address in an id, a name or the model had an id's shape (at most 8 digits in a row) and went up as sent.
def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    headers = {"anthropic-version": "2023-06-01", "Authorization": f"Bearer {p.keys['app']}",
               "x-api-key": p.keys["app"]}
    return httpx.post(f"{p.url}{path}", json=body, headers=headers, timeout=60)


IPS = ["10.20.30.40", "192.168.1.7", "172.16.5.4"]


@pytest.mark.parametrize("ip", IPS)
def test_an_ip_address_in_a_call_id_is_rewritten(doors: Proxy, mock: Mock, ip: str) -> None:
    body = {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant",
         "tool_calls": [{"id": ip, "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": ip, "content": "ok"}]}
    r = _post(doors, "/v1/chat/completions", body)
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"]
    assert ip not in json.dumps(sent)
    assert sent[1]["tool_calls"][0]["id"] == sent[2]["tool_call_id"] == "IP_ADDRESS_1"


@pytest.mark.parametrize("ip", IPS)
def test_an_ip_address_as_the_model_blocks(doors: Proxy, mock: Mock, ip: str) -> None:
    before = len(mock.state.requests)
    r = _post(doors, "/v1/chat/completions", {"model": ip, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400 and "name_text" in r.text and ip not in r.text
    r = _post(doors, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "container": ip,
                                      "messages": [{"role": "user", "content": "hi"}]})
    assert ip not in json.dumps(mock.state.requests[-1].body if len(mock.state.requests) > before else {})
    headers = {"api-key": doors.keys["app"], "Authorization": f"Bearer {doors.keys['app']}"}
    r = httpx.post(f"{doors.url}/openai/deployments/{ip}/chat/completions?api-version=2024-06-01",
                   json={"messages": [{"role": "user", "content": "hi"}]}, headers=headers, timeout=60)
    assert r.status_code in (400, 404) and ip not in r.text
    assert ip not in json.dumps([q.path for q in mock.state.requests])


@pytest.mark.parametrize("model", ["my-model-v1.2.3.4", "ft-build-2.3.4.5", "gpt-4.1"])
def test_a_version_in_the_model_is_no_ip_address(doors: Proxy, mock: Mock, model: str) -> None:
    r = _post(doors, "/v1/chat/completions", {"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["model"] == model


# atk12 B M1: an IPv6 address in an id or the model had an id's shape; once screened, its letters were read apart
# from its digits (`fe80::1ff:fe23:4567:890a` went on as `feIP_ADDRESS_1ff:fe23:4567:890a`).
IPV6 = ["2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "fd12:3456:789a:1::1"]


@pytest.mark.parametrize("ip", IPV6)
def test_an_ipv6_address_in_a_call_id_is_rewritten_whole(doors: Proxy, mock: Mock, ip: str) -> None:
    body = {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant",
         "tool_calls": [{"id": ip, "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": ip, "content": "ok"}]}
    r = _post(doors, "/v1/chat/completions", body)
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"]
    assert sent[1]["tool_calls"][0]["id"] == sent[2]["tool_call_id"] == "IP_ADDRESS_1"


@pytest.mark.parametrize("model", ["2001:db8:85a3::8a2e:370:7334", "gpt-4o-2001:db8:85a3::8a2e:370:7334"])
def test_an_ipv6_address_as_the_model_blocks(doors: Proxy, mock: Mock, model: str) -> None:
    before = len(mock.state.requests)
    r = _post(doors, "/v1/chat/completions", {"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400 and "name_text" in r.text and "8a2e" not in r.text
    assert len(mock.state.requests) == before


@pytest.mark.parametrize("model", ["ft:gpt-4o-mini-2024-07-18:acme::9abcDEF1", "ft:gpt-4o:org:custom"])
def test_a_fine_tuned_model_is_no_ipv6_address(doors: Proxy, mock: Mock, model: str) -> None:
    r = _post(doors, "/v1/chat/completions", {"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["model"] == model


# atk12 B H2: a label glued by `.` or `_` to a value (e-mail signatures, file names).
@pytest.mark.parametrize(("text", "secret"), [("Regards\nT.617-555-0143", "555-0143"),
                                              ("see ssn_536-90-4399 in the log", "4399"),
                                              ("attached scan_536-90-4399.pdf", "4399")])
def test_a_value_glued_to_a_label_by_a_dot_or_an_underscore_is_redacted(doors: Proxy, mock: Mock, text: str,
                                                                         secret: str) -> None:
    r = _post(doors, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    assert secret not in json.dumps(mock.last_body)
