"""atk12 tester B H1 and M3, end to end: phone numbers and names in URLs and query strings reach the provider
redacted, in chat text, a chat image URL, Responses input and a replayed `web_search_call` source, Anthropic text and
a replayed `web_search_result` URL; the rest of the URL (its host, the other parameters, a path after the name) goes
up as sent.
"""

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
def urls(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True, timeout=60)


def _chat_text(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": f"I searched [this]({url}) yesterday"}]}


def _chat_image(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}]}


def _responses_text(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/responses", {"model": "gpt-4o-mini", "input": f"open {url} please"}


def _responses_source(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/responses", {"model": "gpt-4o-mini", "input": [
        {"type": "web_search_call", "id": "ws_1", "status": "completed",
         "action": {"type": "search", "query": "x", "sources": [{"type": "url", "url": url}]}},
        {"role": "user", "content": "go on"}]}


def _anthropic_text(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        {"role": "user", "content": f"open {url}"}]}


def _anthropic_result(url: str) -> tuple[str, dict[str, Any]]:
    return "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        {"role": "user", "content": "search x"},
        {"role": "assistant", "content": [
            {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "x"}},
            {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
                {"type": "web_search_result", "url": url, "title": "t", "encrypted_content": "abc"}]}]},
        {"role": "user", "content": "go on"}]}


FIELDS = [_chat_text, _chat_image, _responses_text, _responses_source, _anthropic_text, _anthropic_result]


# (the URL, what must not go up, what must go up as sent)
URLS = [
    ("https://www.google.com/search?q=who+is+calling+from+212-555-0187&hl=en", ["212", "555-0187"],
     ["https://www.google.com/search?q=who+is+calling+from+", "&hl=en"]),
    ("https://x.test/find?q=%2B44+20+7946+0123&lang=en", ["7946"], ["https://x.test/find?q=", "&lang=en"]),
    ("https://x.test/?q=Olivia+Bennett+linkedin", ["Olivia", "Bennett"], ["https://x.test/?q=", "+linkedin"]),
    ("https://crm.test/customers?name=Ethan%20Walker&tab=orders", ["Ethan", "Walker"],
     ["https://crm.test/customers?name=", "&tab=orders"]),
    ("https://crm.test/customers?tab=orders&name=Sofia%20Rossi", ["Sofia", "Rossi"],
     ["https://crm.test/customers?tab=orders&name="]),
    ("https://x.test/people/Chloe%20Martin/activity", ["Chloe", "Martin"], ["https://x.test/people/", "/activity"]),
    ("https://x.test/?q=ring%20646-555-0111&x=1", ["646", "555-0111"], ["https://x.test/?q=ring%20<", "&x=1"]),
]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(("url", "secrets", "kept"), URLS)
def test_a_value_in_a_url_is_redacted_and_only_it(urls: Proxy, mock: Mock, field: Any, url: str,
                                                  secrets: list[str], kept: list[str]) -> None:
    path, body = field(url)
    r = _post(urls, path, body)
    assert r.status_code == 200, r.text
    sent = json.dumps(mock.last_body, ensure_ascii=False)
    assert not [s for s in secrets if s in sent]
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize("field", [_chat_text, _responses_source, _anthropic_result])
@pytest.mark.parametrize("url", ["https://duckduckgo.com/?q=Apache+Kafka+Streams+tutorial&ia=web",
                                 "https://x.test/shop?category=Running+Shoes&color=Dark+Blue&size=10"])
def test_a_url_without_personal_data_goes_up_as_sent(urls: Proxy, mock: Mock, field: Any, url: str) -> None:
    path, body = field(url)
    r = _post(urls, path, body)
    assert r.status_code == 200, r.text
    assert url in json.dumps(mock.last_body, ensure_ascii=False)
