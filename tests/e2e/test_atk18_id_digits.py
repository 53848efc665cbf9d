"""atk18 M1, end to end with the official SDKs: an SSN, a phone number or an IP address in full-width or Arabic-Indic
digits in an exempt field (`user`, `safety_identifier`, `tool_call_id`, Anthropic `metadata.user_id`,
`encrypted_content`, `redacted_thinking`, a thinking `signature`, base64 `data`, a tool name) is screened as its
ASCII twin is: redacted (an id) or refused (a name); on the way out, an answer's `id`, `system_fingerprint`, tool
call `id` and thinking `signature` holding one reach the client redacted. Real ids still go on unchanged.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

REPO = Path(__file__).resolve().parents[2]


def folded(text: str) -> str:
    """Digits of any script as ASCII digits: how a model reads them."""
    return "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in text)


def fw(s: str) -> str:
    return "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else c for c in s)


def ar(s: str) -> str:
    return "".join(chr(ord(c) - 0x30 + 0x0660) if c.isdigit() else c for c in s)


# (the value, its digits as a model would read them)
VALUES = [(fw("ssn536904399"), "536904399"), (ar("ssn536904399"), "536904399"),
          (fw("tel6175550143"), "6175550143"), (ar("tel6175550143"), "6175550143"),
          (fw("u_10.20.30.40"), "10.20.30.40"), (ar("u_192.168.1.1"), "192.168.1.1")]


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    files = {"policies/default.yaml": (REPO / "policies" / "default.yaml").read_text()}
    return proxy_factory(teams={"app": {}}, files=files)


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)


def upstream(mock: Mock) -> str:
    """What the provider received, read as a model reads it (digits of any script as digits)."""
    return folded(json.dumps([r.body for r in mock.state.requests], ensure_ascii=False))


@pytest.mark.parametrize(("value", "data"), VALUES)
def test_openai_ids_in_other_digits_do_not_go_upstream(shipped: Proxy, mock: Mock, value: str, data: str) -> None:
    client = oai(shipped)
    client.chat.completions.create(model="gpt-4o-mini", user=value, messages=[
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "tool_calls": [{"id": value, "type": "function",
                                              "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": value, "content": "found"}])
    sent = mock.last_body
    assert data not in upstream(mock) and value not in json.dumps(sent, ensure_ascii=False)
    assert sent["messages"][1]["tool_calls"][0]["id"] == sent["messages"][2]["tool_call_id"]  # still paired
    mock.state.requests.clear()
    client.responses.create(model="gpt-4o-mini", safety_identifier=value, input=[
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": value},
        {"role": "user", "content": "hi"}])
    assert mock.state.requests and data not in upstream(mock)


@pytest.mark.parametrize(("value", "data"), VALUES)
def test_anthropic_ids_and_sealed_values_in_other_digits_do_not_go_upstream(shipped: Proxy, mock: Mock, value: str,
                                                                            data: str) -> None:
    client = claude(shipped)
    client.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, metadata={"user_id": value}, messages=[
        {"role": "user", "content": [
            {"type": "text", "text": "hi"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": value}}]},
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": value}, {"type": "text", "text": "x"}]},
        {"role": "user", "content": "go"}])
    assert mock.state.requests and data not in upstream(mock)
    mock.state.requests.clear()
    # Signed reasoning cannot be rewritten: a finding in it blocks the request (as in ASCII digits).
    with pytest.raises(anthropic.BadRequestError):
        client.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=[
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "thinking", "thinking": "ok", "signature": value},
                                              {"type": "text", "text": "x"}]},
            {"role": "user", "content": "go"}])
    assert mock.state.requests == []


@pytest.mark.parametrize("value", [fw("notify_tel6175550143"), ar("ssn536904399_lookup")])
def test_a_tool_name_in_other_digits_with_a_finding_is_refused(shipped: Proxy, mock: Mock, value: str) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                             tools=[{"type": "function", "function": {
                                                 "name": value, "parameters": {"type": "object"}}}])
    assert mock.state.requests == []


def test_ids_in_other_scripts_without_data_go_on_unchanged(shipped: Proxy, mock: Mock) -> None:
    body = {"model": "gpt-4o-mini", "user": "ｕｓｅｒ_４２", "safety_identifier": "用户_١٢",
            "messages": [{"role": "user", "content": "hi"}]}
    r = httpx.post(f"{shipped.url}/v1/chat/completions", json=body,
                   headers={"Authorization": f"Bearer {shipped.keys['app']}"}, timeout=60)
    assert r.status_code == 200, r.text
    assert mock.last_body == body


def chat_answer(value: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{value}", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "system_fingerprint": f"fp_{value}", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                "role": "assistant", "content": "ok", "tool_calls": [
                    {"id": f"call_{value}", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}}


@pytest.mark.parametrize(("value", "data"), VALUES[:4])
def test_answer_ids_in_other_digits_reach_the_client_redacted(shipped: Proxy, mock: Mock, value: str,
                                                              data: str) -> None:
    mock.script(raw_body=json.dumps(chat_answer(value)))
    got = oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    calls = got.choices[0].message.tool_calls
    assert calls is not None
    ids = [got.id, got.system_fingerprint or "", calls[0].id]
    assert all(data not in folded(i) for i in ids), ids
    assert all(i.isascii() for i in ids), ids  # rewritten in the characters an id takes
    answer = {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
              "model": "claude-3-5-haiku-latest", "stop_reason": "end_turn", "stop_sequence": None,
              "content": [{"type": "thinking", "thinking": "ok", "signature": f"sig_{value}"},
                          {"type": "text", "text": "done"}],
              "usage": {"input_tokens": 3, "output_tokens": 2}}
    mock.script(raw_body=json.dumps(answer))
    message = claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=5,
                                              messages=[{"role": "user", "content": "hi"}])
    assert data not in folded(json.dumps(message.model_dump(), ensure_ascii=False))


@pytest.mark.parametrize("value", ["sig_tel6175550143", "sig_" + fw("tel6175550143"), "a" * 23 + "4111111111111111"])
def test_an_answer_signature_not_of_its_shape_is_read_as_an_id(shipped: Proxy, mock: Mock, value: str) -> None:
    """A thinking block's signature that is no base64 payload but one token is read as an id is (before, as plain
    text, where a number glued to letters is found by no recognizer: ASCII digits too)."""
    answer = {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
              "model": "claude-3-5-haiku-latest", "stop_reason": "end_turn", "stop_sequence": None,
              "content": [{"type": "thinking", "thinking": "ok", "signature": value}, {"type": "text", "text": "done"}],
              "usage": {"input_tokens": 3, "output_tokens": 2}}
    mock.script(raw_body=json.dumps(answer))
    message = claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=5,
                                              messages=[{"role": "user", "content": "hi"}])
    block = message.content[0]
    assert block.type == "thinking"
    signature = folded(block.signature)
    assert "6175550143" not in signature and "4111111111111111" not in signature, signature
    assert signature.isascii() and signature.startswith(value[:4]), signature
