"""A valid IBAN written into an id, a name or the model (atk10 B H1), end to end.

An id screened as text is read with its letters apart from its digits; an IBAN there was read with its country code
apart from its check digits (`call_DE 89370400440532013000`), so no IBAN was found and it went up unchanged while a
card in the same place was rewritten. A valid IBAN (its country's layout, mod 97) is read whole: an id goes on
rewritten (`call_IBAN_CODE_1`), a name or the model is refused (`name_text`), as for a card.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

REPO = Path(__file__).resolve().parents[2]
IBANS = ["DE89370400440532013000", "GB82WEST12345698765432", "FR7630006000011234567890189"]
# Written in lower case an IBAN is the same account to a model (atk10 leftover: it went up unchanged in an id).
LOWER = [iban.lower() for iban in IBANS]
CHAT, MESSAGES, RESPONSES = "/v1/chat/completions", "/v1/messages", "/v1/responses"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    files = {"policies/default.yaml": (REPO / "policies" / "default.yaml").read_text()}
    return proxy_factory(teams={"app": {}}, files=files)


def post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    headers = {"anthropic-version": "2023-06-01", "Authorization": f"Bearer {p.keys['app']}",
               "x-api-key": p.keys["app"]}
    return httpx.post(f"{p.url}{path}", json=body, headers=headers, timeout=60)


def chat_ids(v: str) -> tuple[str, dict[str, Any]]:
    return CHAT, {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant",
         "tool_calls": [{"id": v, "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": v, "content": "ok"}]}


def responses_ids(v: str) -> tuple[str, dict[str, Any]]:
    return RESPONSES, {"model": "gpt-4o-mini", "input": [
        {"type": "function_call", "call_id": v, "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": v, "output": "ok"}]}


def anthropic_ids(v: str) -> tuple[str, dict[str, Any]]:
    return MESSAGES, {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": v, "name": "f", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": v, "content": "ok"}]}]}


def previous(v: str) -> tuple[str, dict[str, Any]]:
    return RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "previous_response_id": "resp_" + v}


def file_id(v: str) -> tuple[str, dict[str, Any]]:
    return RESPONSES, {"model": "gpt-4o-mini", "input": [
        {"role": "user", "content": [{"type": "input_file", "file_id": "file-" + v}]}]}


def chat_tool(v: str) -> tuple[str, dict[str, Any]]:
    return CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                  "tools": [{"type": "function", "function": {"name": "pay_" + v}}]}


def anthropic_tool(v: str) -> tuple[str, dict[str, Any]]:
    return MESSAGES, {"model": "claude-3-5-haiku-latest", "max_tokens": 5,
                      "messages": [{"role": "user", "content": "hi"}],
                      "tools": [{"name": "pay_" + v, "input_schema": {"type": "object"}}]}


def model(v: str) -> tuple[str, dict[str, Any]]:
    return CHAT, {"model": "acct-" + v, "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize("iban", IBANS + LOWER)
@pytest.mark.parametrize("build", [chat_ids, responses_ids, anthropic_ids, previous, file_id])
def test_an_iban_in_an_id_is_rewritten(shipped: Proxy, mock: Mock, build: Any, iban: str) -> None:
    value = "call_" + iban if build in (chat_ids, responses_ids, anthropic_ids) else iban
    path, body = build(value)
    r = post(shipped, path, body)
    assert r.status_code == 200, r.text
    sent = json.dumps(mock.last_body)
    assert iban[4:] not in sent and iban not in sent
    assert "IBAN_CODE_1" in sent


@pytest.mark.parametrize("iban", IBANS)
def test_the_same_iban_in_both_ids_of_a_tool_turn_gets_the_same_placeholder(shipped: Proxy, mock: Mock,
                                                                           iban: str) -> None:
    r = post(shipped, *chat_ids("call_" + iban))
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"]
    assert sent[1]["tool_calls"][0]["id"] == sent[2]["tool_call_id"] == "call_IBAN_CODE_1"


@pytest.mark.parametrize("iban", IBANS + LOWER)
@pytest.mark.parametrize("build", [chat_tool, anthropic_tool, model])
def test_an_iban_in_a_name_or_the_model_blocks(shipped: Proxy, mock: Mock, build: Any, iban: str) -> None:
    r = post(shipped, *build(iban))
    assert r.status_code == 400, r.text
    assert "name_text" in r.text and iban not in r.text and iban[4:] not in r.text
    assert mock.state.requests == []


def test_azure_deployment_path_with_an_iban_blocks(shipped: Proxy, mock: Mock) -> None:
    iban = IBANS[0]
    headers = {"api-key": shipped.keys["app"], "Authorization": f"Bearer {shipped.keys['app']}"}
    r = httpx.post(f"{shipped.url}/openai/deployments/{iban}/chat/completions?api-version=2024-06-01",
                   json={"messages": [{"role": "user", "content": "hi"}]}, headers=headers, timeout=60)
    assert iban[4:] not in json.dumps([q.path for q in mock.state.requests])
    assert r.status_code in (400, 404) and iban not in r.text


@pytest.mark.parametrize("value", ["call_DE89370400440532013001", "call_XX89370400440532013000",
                                   "call_de89370400440532013001"])
def test_an_invalid_iban_shape_in_an_id_is_not_an_iban(shipped: Proxy, mock: Mock, value: str) -> None:
    """A failed check (mod 97) or no such country: no IBAN, the id is read as before (its digits a number)."""
    r = post(shipped, *chat_ids(value))
    assert r.status_code == 200, r.text
    assert "IBAN_CODE" not in json.dumps(mock.last_body)
