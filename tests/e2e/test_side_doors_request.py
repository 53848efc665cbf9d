"""No side doors on the way in, the review's request-side findings (issue 12): what the mock provider
RECEIVED, end to end. Separators inside numbers (line breaks, `:` `,` `+` `|`, invisible characters
between groups, combining marks), percent-encoding and HTML references, object keys and numbers
anywhere in the body, exempt fields that are not what they claim, codename variants (look-alike letters,
punctuation, tool and model names, a tool input's key with its value), values split across a message and
a tool-call argument, and client headers and query parameters. Values differ from the review's.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

MAIL = "rvq.side@ledgerline.io"
PHONE = ["415", "555", "0176"]
CARD = ["5500", "0000", "0000", "0004"]
SSN = ["412", "63", "7785"]
IBAN = ["GB82", "WEST", "1234", "5698", "7654", "32"]
CHAT, MESSAGES, RESPONSES = "/v1/chat/completions", "/v1/messages", "/v1/responses"
AUTH = {"Authorization": "Bearer sk-x", "x-api-key": "sk-x", "anthropic-version": "2023-06-01"}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def post(p: Proxy, path: str, body: dict[str, Any], headers: dict[str, str] | None = None,
         query: str = "") -> httpx.Response:
    url = f"{p.url}{path}" + (f"?{query}" if query else "")
    return httpx.post(url, json=body, headers={**AUTH, **(headers or {})}, timeout=60)


def compact(text: str) -> str:
    """Letters, digits and `@` only: a value reads the same whatever was put between its characters."""
    return re.sub(r"[^0-9a-z@]", "", text.lower())


def received(mock: Mock) -> str:
    return json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)


def leaked(mock: Mock, *values: str) -> list[str]:
    seen = compact(received(mock))
    return [v for v in values if compact(v) in seen]


def chat(content: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}]}


def claude(messages: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"model": "claude-3-5-sonnet-latest", "max_tokens": 10, "messages": messages, **extra}


def tool_call(args: str, before: str = "x") -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": before},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                              "function": {"name": "lookup", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"}]}


# ------------------------------------------------------------------ f01: separators inside numbers

SEPARATED = [(sep, groups) for sep in ["\n", "\r\n", ":", ",", "+", "|", "\x0b", "\x0c", "\u2028"]
             for groups in (CARD, PHONE, SSN)] + \
            [(sep, PHONE) for sep in ["\u200b", "\u2060", "\u00ad", "\u180e", "\u200e"]] + [("\n", IBAN)]


@pytest.mark.parametrize(("sep", "groups"), SEPARATED)
def test_numbers_with_separators_never_reach_the_provider(guarded: Proxy, mock: Mock, sep: str,
                                                          groups: list[str]) -> None:
    r = post(guarded, CHAT, chat(f"the number is {sep.join(groups)} thanks"))
    assert r.status_code == 200, r.text
    assert r.headers["x-guardrail-decision"] == "redact"
    assert not leaked(mock, "".join(groups))


def test_combining_marks_on_digits_never_reach_the_provider(guarded: Proxy, mock: Mock) -> None:
    r = post(guarded, CHAT, chat("call 4\u03011\u03015-555-0176 now"))
    assert r.status_code == 200 and r.headers["x-guardrail-decision"] == "redact"
    assert "0176" not in received(mock)


# ------------------------------------------------------------------ f05: percent-encoding, HTML

@pytest.mark.parametrize("body", [
    chat([{"type": "image_url", "image_url": {"url": "https://img.example.net/a.png?owner=rvq.side%40ledgerline.io"}}]),
    chat("mail rvq.side%40ledgerline.io"),
    chat("mail rvq.side&#64;ledgerline.io"),
    chat("mail rvq.side&#x40;ledgerline.io"),
    chat("mail rvq.side&commat;ledgerline.io"),
])
def test_percent_and_html_encoded_values_never_reach_the_provider(guarded: Proxy, mock: Mock,
                                                                  body: dict[str, Any]) -> None:
    assert post(guarded, CHAT, body).status_code == 200
    assert "ledgerline" not in received(mock)


def test_an_anthropic_image_url_with_a_percent_encoded_address(guarded: Proxy, mock: Mock) -> None:
    body = claude([{"role": "user", "content": [
        {"type": "image", "source": {"type": "url", "url": "https://x.example/?e=rvq.side%40ledgerline.io"}}]}])
    assert post(guarded, MESSAGES, body).status_code == 200
    assert "ledgerline" not in received(mock)


# ------------------------------------------------------------------ f11: object keys and numbers

CARD_NUMBER = int("".join(CARD))
KEYS_AND_NUMBERS = [
    (MESSAGES, claude([{"role": "user", "content": "hi"}], metadata={MAIL: "x"})),
    (MESSAGES, claude([{"role": "user", "content": "hi"}], x_extra={MAIL: 1})),
    (CHAT, {**chat("hi"), "x_custom": {MAIL: 1}}),
    (CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi", "x_meta": {MAIL: "v"}}]}),
    (CHAT, {**chat("hi"), "logit_bias": {MAIL: 1}}),
    (CHAT, {**chat("hi"), "stream_options": {MAIL: True}}),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "x": {MAIL: 1}}),
    (CHAT, tool_call(f'{{"card": {CARD_NUMBER}.0}}')),
    (CHAT, tool_call(f'{{"card": -{CARD_NUMBER}}}')),
    (CHAT, tool_call('{"card": [5500, "0000", "0000", "0004"]}')),
    (CHAT, tool_call(json.dumps({"phone": PHONE}))),
    (MESSAGES, claude([{"role": "user", "content": "x"},
                       {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f",
                                                          "input": {"c": float(CARD_NUMBER)}}]},
                       {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]}])),
    (CHAT, {**chat("hi"), "store": True, "metadata": {"card": CARD_NUMBER}}),
    (CHAT, {**chat("hi"), "x_custom": CARD_NUMBER}),
    (CHAT, {**chat("hi"), "seed": CARD_NUMBER}),
]


@pytest.mark.parametrize(("path", "body"), KEYS_AND_NUMBERS)
def test_object_keys_and_numbers_anywhere_are_screened(guarded: Proxy, mock: Mock, path: str,
                                                       body: dict[str, Any]) -> None:
    r = post(guarded, path, body)
    assert r.status_code in (200, 400), r.text
    assert not leaked(mock, MAIL, "".join(CARD), "".join(PHONE))


# ------------------------------------------------------------------ f04: exempt fields checked

PLAIN = f"mail {MAIL} {'-'.join(PHONE)}"
EXEMPT = [
    (CHAT, chat([{"type": "image_url", "image_url": {"url": f"data:image/png;base64,AAAA, {PLAIN}"}}])),
    (CHAT, chat([{"type": "file", "file": {"filename": "a.pdf", "file_data": PLAIN}}])),
    (CHAT, {"model": "gpt-4o-audio-preview", "messages": [{"role": "user", "content": [
        {"type": "input_audio", "input_audio": {"data": PLAIN, "format": "wav"}}]}]}),
    (MESSAGES, claude([{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PLAIN}}]}])),
    (MESSAGES, claude([{"role": "user", "content": "x"}, {"role": "assistant", "content": [
        {"type": "redacted_thinking", "data": PLAIN}, {"type": "text", "text": "ok"}]},
        {"role": "user", "content": "y"}])),
    (MESSAGES, claude([{"role": "user", "content": "x"}, {"role": "assistant", "content": [
        {"type": "thinking", "thinking": "ok", "signature": PLAIN}, {"type": "text", "text": "ok"}]},
        {"role": "user", "content": "y"}])),
    (MESSAGES, claude([{"role": "user", "content": "hi"}],
                      mcp_servers=[{"type": "url", "url": "https://x.example/", "name": "s",
                                    "authorization_token": PLAIN}])),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [{"type": "reasoning", "id": "rs_1", "summary": [],
                                                    "encrypted_content": PLAIN}]}),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [{"type": "image_generation_call", "id": "ig",
                                                    "status": "completed", "result": PLAIN}]}),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hello", "tools": [
        {"type": "mcp", "server_label": "s", "server_url": "https://x.example/", "headers": {"X-Note": PLAIN},
         "authorization": PLAIN}]}),
    (CHAT, {**chat("hello"), "modalities": ["text", "audio"], "audio": {"voice": MAIL, "format": "wav"}}),
]


@pytest.mark.parametrize(("path", "body"), EXEMPT)
def test_exempt_fields_that_are_not_what_they_claim_are_screened(guarded: Proxy, mock: Mock, path: str,
                                                                 body: dict[str, Any]) -> None:
    r = post(guarded, path, body)
    assert r.status_code in (200, 400), r.text
    assert not leaked(mock, MAIL, "".join(PHONE))


def test_real_base64_and_signatures_still_pass_unchanged(guarded: Proxy, mock: Mock) -> None:
    data = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    body = claude([{"role": "user", "content": "x"}, {"role": "assistant", "content": [
        {"type": "thinking", "thinking": "ok", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
        {"type": "text", "text": "ok"}]},
        {"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                                                  "data": data}}]}])
    assert post(guarded, MESSAGES, body).status_code == 200
    sent = mock.state.requests[-1].body
    assert sent["messages"][1]["content"][0]["signature"] == "EqQBCgIYAhIM1gbcDa9GJwZA"
    assert sent["messages"][2]["content"][0]["source"]["data"] == data


# ------------------------------------------------------------------ f17: codename variants

CODENAMES = [
    (CHAT, chat("status of pr\u043eject falc\u043en?")),
    (CHAT, chat("status of proj\u0301ect osprey?")),
    (CHAT, chat("status of project.falcon")),
    (CHAT, chat("status of project/osprey")),
    (CHAT, chat("status of project+falcon")),
    (CHAT, chat("status of project%20falcon")),
    (CHAT, chat("status of project&nbsp;osprey")),
    (CHAT, {**chat("hi"), "tools": [{"type": "function", "function": {"name": "project_falcon_status",
                                                                       "parameters": {}}}]}),
    (CHAT, {"model": "project-osprey-4o", "messages": [{"role": "user", "content": "hi"}]}),
    (MESSAGES, claude([{"role": "user", "content": "hi"}],
                      tools=[{"name": "projectFalcon", "input_schema": {"type": "object"}}])),
    (CHAT, {**chat("hi"), "x": {"project falcon": 1}}),
    (MESSAGES, claude([{"role": "user", "content": "hi"}], metadata={"project osprey": "x"})),
    (CHAT, tool_call(json.dumps({"project": "falcon"}))),
    (CHAT, tool_call(json.dumps({"x": "falcon"}), before="about project")),
]


@pytest.mark.parametrize(("path", "body"), CODENAMES)
def test_codename_variants_are_blocked(guarded: Proxy, mock: Mock, path: str, body: dict[str, Any]) -> None:
    r = post(guarded, path, body)
    assert r.status_code == 400, r.text
    assert "codenames" in r.text
    assert mock.state.requests == []


def test_ordinary_tool_names_and_models_pass(guarded: Proxy, mock: Mock) -> None:
    body = {**chat("hi"), "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]}
    assert post(guarded, CHAT, body).status_code == 200
    assert mock.state.requests[-1].body["tools"][0]["function"]["name"] == "get_weather"


# ------------------------------------------------------------------ f18: splits across tool arguments

def test_a_value_split_between_a_message_and_a_tool_argument(guarded: Proxy, mock: Mock) -> None:
    assert post(guarded, CHAT, tool_call(json.dumps({"d": "@ledgerline.io"}), before="mail rvq.side")).status_code \
        == 200
    assert "rvq.side" not in received(mock) and "ledgerline" not in received(mock)


def test_a_value_split_between_two_values_of_one_argument_object(guarded: Proxy, mock: Mock) -> None:
    assert post(guarded, CHAT, tool_call(json.dumps({"a": "rvq.side@ledger", "b": "line.io"}))).status_code == 200
    assert "rvq.side" not in received(mock) and "line.io" not in received(mock)


def test_a_value_split_between_a_tool_use_input_and_its_result(guarded: Proxy, mock: Mock) -> None:
    body = claude([{"role": "user", "content": "x"},
                   {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f",
                                                      "input": {"q": "card 5500 0000"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t",
                                                 "content": " 0000 0004"}]}])
    assert post(guarded, MESSAGES, body).status_code == 200
    assert "5500" not in received(mock) and "0004" not in received(mock)


def test_an_argument_key_and_its_value_are_not_one_value(guarded: Proxy, mock: Mock) -> None:
    body = tool_call(json.dumps({"email": "none", "count": 3, "tags": ["a", "b"]}))
    assert post(guarded, CHAT, body).status_code == 200
    args = json.loads(mock.state.requests[-1].body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert args == {"email": "none", "count": 3, "tags": ["a", "b"]}


# ------------------------------------------------------------------ f14: headers and query

def test_client_headers_and_query_stay_behind(guarded: Proxy, mock: Mock) -> None:
    r = post(guarded, CHAT, chat("hi"), query="user=rvq.side@ledgerline.io&note=project+falcon",
             headers={"X-User-Email": MAIL, "X-Note": "project falcon", "Cookie": f"email={MAIL}",
                      "Referer": "https://app/?phone=415-555-0176", "OpenAI-Project": "415-555-0176",
                      "OpenAI-Beta": "assistants=v2", "X-Stainless-Lang": "python"})
    assert r.status_code == 200, r.text
    got = mock.state.requests[-1]
    assert got.query == ""
    assert not {"x-user-email", "x-note", "cookie", "referer", "openai-project"} & set(got.headers)
    assert got.headers["openai-beta"] == "assistants=v2" and got.headers["x-stainless-lang"] == "python"
    assert got.headers["authorization"] == "Bearer sk-x"
    assert "ledgerline" not in json.dumps(got.headers) and "0176" not in json.dumps(got.headers)


# ------------------------------------------------------------------ f15: encodings and field types

@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_body_is_refused_clearly_and_recorded(guarded: Proxy, mock: Mock, encoding: str) -> None:
    import gzip
    import zlib

    plain = json.dumps(chat("hi")).encode()
    data = gzip.compress(plain) if encoding == "gzip" else zlib.compress(plain)
    r = httpx.post(f"{guarded.url}{CHAT}", content=data, timeout=60,
                   headers={**AUTH, "Content-Type": "application/json", "Content-Encoding": encoding})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_encoding"
    assert mock.state.requests == []
    record = guarded.record_for(r.headers["x-guardrail-request-id"])
    assert record["status"] == 415


@pytest.mark.parametrize(("path", "body", "param"), [
    (CHAT, {**chat("hi"), "max_tokens": "text"}, "max_tokens"),
    (CHAT, {**chat("hi"), "temperature": "x"}, "temperature"),
    (CHAT, {**chat("hi"), "n": "x"}, "n"),
    (MESSAGES, claude([{"role": "user", "content": "hi"}], temperature="hot"), "temperature"),
])
def test_wrong_field_types_are_a_400_in_the_providers_format(guarded: Proxy, mock: Mock, path: str,
                                                             body: dict[str, Any], param: str) -> None:
    r = post(guarded, path, body)
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["type"] == "invalid_request_error" and param in err["message"]
    assert mock.state.requests == []
