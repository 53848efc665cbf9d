"""Answer-side doors (issue 12): with output rules, nothing the client receives escapes them.

Scripted answers (the mock serves crafted bodies and streams verbatim) carry an e-mail address, a card
number or a toxic phrase in places the adapters do not read as the answer's text: logprob tokens and
their alternatives, unknown fields of messages, choices, deltas and events, ids and enums of the wrong
shape, type-confused shapes, citations and annotations, error objects, SSE comments and event names,
response headers. Each must be screened (redacted or blocked) or the answer refused (502
`upstream_unreadable`). Assertions are on the bytes the client received and on the decision record.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team as _post
from tests.support.clients import sse

EMAIL = "bob.jones@corp-mail.com"
CARD = 4111111111111111
TOXIC = "You are an idiot and a moron."

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  patterns:
    - {name: email, regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', action: redact}
    - {name: card, regex: '\b4111\d{12}\b', action: redact}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
    "policies/open.yaml": "name: open\n",
}
LEAKS = (EMAIL, "bob.jones", str(CARD), "idiot", "moron")


@pytest.fixture(scope="module")
def doors(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "open": {"policy": "open"}}, files=POLICIES)


def _clean(r: httpx.Response, *extra: str) -> None:
    """Nothing of the values reached the client, in the body or the headers."""
    got = r.text + json.dumps(dict(r.headers))
    for word in (*LEAKS, *extra):
        assert word not in got, f"{word!r} reached the client"


CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
CHAT_STREAM = {**CHAT, "stream": True}
MESSAGES = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
RESPONSES = {"model": "gpt-4o-mini", "input": "hi"}


def chat_answer(message: dict[str, Any], **choice: Any) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None,
                                    **choice}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def lp(token: str, *alts: str, raw: bytes | None = None) -> dict[str, Any]:
    return {"token": token, "logprob": -0.1, "bytes": list(raw if raw is not None else token.encode()),
            "top_logprobs": [{"token": a, "logprob": -2.0, "bytes": list(a.encode())} for a in alts]}


def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "finish_reason": finish, **extra.pop("choice", {})}
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [choice], **extra}


CHAT_END = (chunk({}, "stop"), "[DONE]")


# -------------------------------------------------------------------------------------- 1. logprobs

def test_chat_logprobs_follow_the_text_without_any_finding(mock: Mock, doors: Proxy) -> None:
    """No finding in the text: tokens beyond it, alternatives and bytes that spell another token go."""
    logprobs = {"content": [lp("Hello", EMAIL), lp("."), lp(" mail"), lp(" " + EMAIL)],
                "refusal": [lp("No", "idiot")]}
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hello."}, logprobs=logprobs))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True, "top_logprobs": 1})
    assert r.status_code == 200, r.text
    got = r.json()["choices"][0]["logprobs"]
    assert [e["token"] for e in got["content"]] == ["Hello", "."]
    assert all(e["top_logprobs"] == [] for e in got["content"])
    assert got["refusal"] == []  # the answer has no refusal: nothing is spelled
    _clean(r)
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == "allow"

    # `bytes` that spell another token than the token string: cut there
    logprobs = {"content": [lp("Hi", raw=b"Hi"), lp(" there", raw=EMAIL.encode())]}
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hi there"}, logprobs=logprobs))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True})
    assert [e["token"] for e in r.json()["choices"][0]["logprobs"]["content"]] == ["Hi"]
    _clean(r)


def test_completions_and_responses_logprob_alternatives_are_dropped(mock: Mock, doors: Proxy) -> None:
    body = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
            "choices": [{"index": 0, "text": "Hi.", "finish_reason": "stop",
                         "logprobs": {"tokens": ["Hi", ".", " " + EMAIL], "token_logprobs": [-0.1, -0.1, -0.1],
                                      "top_logprobs": [{EMAIL: -1.0}, {"idiot": -1.0}, {"x": -1.0}],
                                      "text_offset": [0, 2, 3]}}]}
    mock.script(raw_body=json.dumps(body))
    r = _post(doors, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "logprobs": 1})
    got = r.json()["choices"][0]["logprobs"]
    assert got["tokens"] == ["Hi", "."] and got["top_logprobs"] == [{}, {}] and got["text_offset"] == [0, 2]
    _clean(r)

    answer = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
              "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                          "content": [{"type": "output_text", "text": "Hi.", "annotations": [],
                                       "logprobs": [lp("Hi", EMAIL), lp("."), lp(" idiot")]}]}]}
    mock.script(raw_body=json.dumps(answer))
    r = _post(doors, "/v1/responses", RESPONSES)
    entries = r.json()["output"][0]["content"][0]["logprobs"]
    assert [e["token"] for e in entries] == ["Hi", "."] and all(e["top_logprobs"] == [] for e in entries)
    _clean(r)


def test_streamed_logprobs_follow_the_text_and_lose_their_alternatives(mock: Mock, doors: Proxy) -> None:
    entries = {"content": [lp("ok", EMAIL)]}
    mock.script(raw_sse=sse(chunk({"content": "ok"}, choice={"logprobs": entries}),
                            chunk({}, choice={"logprobs": {"content": [lp(" " + EMAIL)]}}), *CHAT_END))
    r = _post(doors, "/v1/chat/completions", {**CHAT_STREAM, "logprobs": True, "top_logprobs": 1})
    assert r.status_code == 200 and '"ok"' in r.text
    _clean(r)

    created = {"type": "response.created", "sequence_number": 0,
               "response": {"id": "r", "object": "response", "created_at": 1, "status": "in_progress",
                            "model": "gpt-4o-mini", "output": []}}
    delta = {"type": "response.output_text.delta", "sequence_number": 1, "output_index": 0, "item_id": "m",
             "content_index": 0, "delta": "ok", "logprobs": [{"token": "ok", "logprob": -1,
                                                               "top_logprobs": [{"token": EMAIL, "logprob": -2}]}]}
    done = {"type": "response.completed", "sequence_number": 2,
            "response": {**created["response"], "status": "completed",  # type: ignore[dict-item]
                         "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}}
    mock.script(raw_sse=sse(created, delta, done, named=True))
    r = _post(doors, "/v1/responses", {**RESPONSES, "stream": True})
    assert r.status_code == 200 and '"delta":"ok"' in r.text
    _clean(r)


# Entries of another shape than their type (`LogprobSlot.rebuild`): rebuilt from their known fields
# (an extra key, an e-mail address as a key: dropped) or, where a field does not type-check (a string
# `logprob`, a number beyond what the field holds: a card number as a logprob, a byte or an alternative's
# logprob, atk10 A-M3), the logprobs end there (alternatives: emptied).
ENTRY_FIELDS = {"token", "logprob", "bytes", "top_logprobs"}
BAD_ENTRIES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "extra key": ({"x_note": EMAIL}, ["Hi", "."]),
    "e-mail as key": ({EMAIL: 1}, ["Hi", "."]),
    "string logprob": ({"logprob": EMAIL}, ["Hi"]),
    "card as logprob": ({"logprob": -CARD}, ["Hi"]),
    "card as float logprob": ({"logprob": -float(CARD)}, ["Hi"]),
    "card as byte": ({"bytes": [CARD]}, ["Hi"]),
    "card in an alternative": ({"top_logprobs": [{"token": "x", "logprob": -CARD, "bytes": [CARD]}]}, ["Hi", "."]),
}


def _entries(bad: str) -> list[dict[str, Any]]:
    return [lp("Hi"), {**lp("."), **BAD_ENTRIES[bad][0]}]


def _streamed_entries(text: str, key: str) -> list[dict[str, Any]]:
    """Every logprob entry the client received in a stream (chat `choices[].logprobs.content`, or a
    Responses event's `logprobs`)."""
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.startswith("data: {"):
            continue
        data = json.loads(line[6:])
        if key == "chat":
            for choice in data.get("choices", []):
                out.extend((choice.get("logprobs") or {}).get("content") or [])
        else:
            out.extend(data.get("logprobs") or [])
    return out


@pytest.mark.parametrize("bad", list(BAD_ENTRIES))
@pytest.mark.parametrize("field", ["content", "refusal"])
def test_chat_logprob_entries_are_rebuilt_from_known_fields(mock: Mock, doors: Proxy, bad: str, field: str) -> None:
    message = {"role": "assistant", "content": "Hi." if field == "content" else None}
    if field == "refusal":
        message["refusal"] = "Hi."
    mock.script(raw_body=chat_answer(message, logprobs={field: _entries(bad), "x_lp": EMAIL}))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True})
    assert r.status_code == 200, r.text
    _clean(r)
    got = r.json()["choices"][0]["logprobs"][field]
    assert [e["token"] for e in got] == BAD_ENTRIES[bad][1]
    assert all(set(e) == ENTRY_FIELDS for e in got)


@pytest.mark.parametrize("bad", list(BAD_ENTRIES))
def test_streamed_chat_logprob_entries_are_rebuilt(mock: Mock, doors: Proxy, bad: str) -> None:
    first = chunk({"role": "assistant", "content": "Hi."}, choice={"logprobs": {"content": _entries(bad)}})
    mock.script(raw_sse=sse(first, *CHAT_END))
    r = _post(doors, "/v1/chat/completions", {**CHAT_STREAM, "logprobs": True})
    assert r.status_code == 200 and "Hi." in r.text
    _clean(r)
    got = _streamed_entries(r.text, "chat")
    assert all(set(e) == ENTRY_FIELDS for e in got)
    if BAD_ENTRIES[bad][1] == ["Hi", "."]:  # else ended (streamed: the entries still waiting for their text go too)
        assert [e["token"] for e in got] == ["Hi", "."]


@pytest.mark.parametrize("bad", list(BAD_ENTRIES))
def test_responses_logprob_entries_are_rebuilt(mock: Mock, doors: Proxy, bad: str) -> None:
    answer = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
              "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                          "content": [{"type": "output_text", "text": "Hi.", "annotations": [],
                                       "logprobs": _entries(bad)}]}]}
    mock.script(raw_body=json.dumps(answer))
    r = _post(doors, "/v1/responses", RESPONSES)
    assert r.status_code == 200, r.text
    _clean(r)
    got = r.json()["output"][0]["content"][0]["logprobs"]
    assert [e["token"] for e in got] == BAD_ENTRIES[bad][1] and all(set(e) == ENTRY_FIELDS for e in got)

    created = {"type": "response.created", "sequence_number": 0,
               "response": {"id": "r", "object": "response", "created_at": 1, "status": "in_progress",
                            "model": "gpt-4o-mini", "output": []}}
    delta = {"type": "response.output_text.delta", "sequence_number": 1, "output_index": 0, "item_id": "m",
             "content_index": 0, "delta": "Hi.", "logprobs": _entries(bad)}
    done = {"type": "response.completed", "sequence_number": 2,
            "response": {**created["response"], "status": "completed",  # type: ignore[dict-item]
                         "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}}
    mock.script(raw_sse=sse(created, delta, done, named=True))
    r = _post(doors, "/v1/responses", {**RESPONSES, "stream": True})
    assert r.status_code == 200 and '"delta":"Hi."' in r.text.replace(" ", "")
    _clean(r)
    got = _streamed_entries(r.text, "responses")
    assert all(set(e) == ENTRY_FIELDS for e in got)
    if BAD_ENTRIES[bad][1] == ["Hi", "."]:
        assert [e["token"] for e in got] == ["Hi", "."]


LEGACY_BAD: dict[str, tuple[dict[str, Any], list[str]]] = {
    "extra key": ({"x": [EMAIL]}, ["Hi", "."]),
    "e-mail as key": ({EMAIL: [1]}, ["Hi", "."]),
    "string offset": ({"text_offset": [0, EMAIL]}, ["Hi"]),
    "string logprob": ({"token_logprobs": [-0.1, EMAIL]}, ["Hi"]),
    "column not a list": ({"text_offset": EMAIL}, []),
    "card as offset": ({"text_offset": [0, CARD]}, ["Hi"]),
    "card as logprob": ({"token_logprobs": [-0.1, -CARD]}, ["Hi"]),
    "card as float logprob": ({"token_logprobs": [-0.1, -float(CARD)]}, ["Hi"]),
}


@pytest.mark.parametrize("bad", list(LEGACY_BAD))
def test_completions_logprobs_are_rebuilt_from_their_columns(mock: Mock, doors: Proxy, bad: str) -> None:
    logprobs = {"tokens": ["Hi", "."], "token_logprobs": [-0.1, -0.2], "top_logprobs": [{"Hi": -0.1}, None],
                "text_offset": [0, 2], **LEGACY_BAD[bad][0]}
    body = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
            "choices": [{"index": 0, "text": "Hi.", "finish_reason": "stop", "logprobs": logprobs}]}
    mock.script(raw_body=json.dumps(body))
    r = _post(doors, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "logprobs": 1})
    assert r.status_code == 200, r.text
    _clean(r)
    got = r.json()["choices"][0]["logprobs"]
    tokens = LEGACY_BAD[bad][1]
    if not tokens:
        assert got is None
        return
    n = len(tokens)
    assert got == {"tokens": tokens, "token_logprobs": [-0.1, -0.2][:n], "top_logprobs": [{}, None][:n],
                   "text_offset": [0, 2][:n]}


def test_streamed_completions_logprob_numbers_beyond_their_field_end_them(mock: Mock, doors: Proxy) -> None:
    """atk10 A-M3, legacy completions streamed: a card number as a `text_offset`, a `token_logprobs` value or an
    alternative's logprob reaches the client in no chunk (the columns end at it; alternatives are emptied)."""
    def piece(text: str, logprobs: dict[str, Any] | None, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": 0, "text": text, "finish_reason": finish, "logprobs": logprobs}]}

    first = {"tokens": ["Hi"], "token_logprobs": [-0.1], "top_logprobs": [{"Hi": -0.1, "x": -CARD}],
             "text_offset": [0]}
    second = {"tokens": ["."], "token_logprobs": [-CARD], "top_logprobs": [None], "text_offset": [CARD]}
    mock.script(raw_sse=sse(piece("Hi", first), piece(".", second), piece("", None, "stop"), "[DONE]"))
    r = _post(doors, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "logprobs": 1,
                                         "stream": True})
    assert r.status_code == 200, r.text
    _clean(r)
    text, tokens = "", []
    for line in r.text.splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:]).get("choices", []):
                text += choice.get("text") or ""
                tokens += (choice.get("logprobs") or {}).get("tokens") or []
    # the entries still waiting for their text when the logprobs end go with them (as for a string logprob)
    assert text == "Hi." and tokens in ([], ["Hi"]), r.text


def test_sdk_reads_no_card_number_from_logprobs(mock: Mock, doors: Proxy) -> None:
    """atk10 A-M3 through the openai SDK: chat whole and streamed, legacy completions whole. The entries before
    the one holding the number keep their values; none the SDK hands the application holds it."""
    client = openai.OpenAI(base_url=f"{doors.url}/v1", api_key=doors.keys["app"], max_retries=0)
    entries = [lp("Hi"), {**lp("."), "logprob": -CARD}]
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hi."}, logprobs={"content": entries}))
    whole = client.chat.completions.create(model="gpt-4o-mini", messages=CHAT["messages"], logprobs=True)
    got = whole.choices[0].logprobs
    assert got is not None and [(e.token, e.logprob) for e in got.content or []] == [("Hi", -0.1)]

    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Hi."}, choice={"logprobs": {"content": entries}}),
                            *CHAT_END))
    streamed = []
    for c in client.chat.completions.create(model="gpt-4o-mini", messages=CHAT["messages"], logprobs=True,
                                            stream=True):
        for choice in c.choices:
            streamed += [e.logprob for e in (choice.logprobs.content or [])] if choice.logprobs else []
    assert all(abs(v) < 1e8 for v in streamed) and len(streamed) <= 1, streamed

    body = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
            "choices": [{"index": 0, "text": "Hi.", "finish_reason": "stop",
                         "logprobs": {"tokens": ["Hi", "."], "token_logprobs": [-0.1, -0.2],
                                      "top_logprobs": [{"Hi": -0.1}, {".": -0.2}], "text_offset": [0, CARD]}}]}
    mock.script(raw_body=json.dumps(body))
    done = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi", logprobs=1)
    legacy = done.choices[0].logprobs
    assert legacy is not None and legacy.tokens == ["Hi"] and legacy.text_offset == [0]
    assert str(CARD) not in done.model_dump_json()


def test_ordinary_logprobs_keep_their_fields(mock: Mock, doors: Proxy) -> None:
    entry = {"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hi"}, logprobs={"content": [entry]}))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True})
    assert r.json()["choices"][0]["logprobs"]["content"] == [entry]
    # a very unlikely token (a logprob of 8 integer digits) is still a logprob
    low = {**entry, "logprob": -99_999_999.5}
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hi"}, logprobs={"content": [low]}))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True})
    assert r.json()["choices"][0]["logprobs"]["content"] == [low]
    # without output rules, logprobs pass as they came, extra keys and all
    odd = {**entry, "x_note": "note"}
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Hi"}, logprobs={"content": [odd]}))
    r = _post(doors, "/v1/chat/completions", {**CHAT, "logprobs": True}, "open")
    assert r.json()["choices"][0]["logprobs"]["content"] == [odd]


# ------------------------------------------------------------------------------- 2. answer fields

MAIL = "mail " + EMAIL
FIELD_CASES = {
    "reasoning as object": ({"role": "assistant", "content": "ok", "reasoning": {"text": MAIL}}, {}),
    "reasoning_details": ({"role": "assistant", "content": "ok",
                           "reasoning_details": [{"type": "reasoning.text", "text": MAIL}]}, {}),
    "thinking": ({"role": "assistant", "content": "ok", "thinking": MAIL}, {}),
    "annotation url": ({"role": "assistant", "content": "see", "annotations": [
        {"type": "url_citation", "url_citation": {"url": "https://x.com/?e=" + EMAIL, "title": "t",
                                                  "start_index": 0, "end_index": 3}}]}, {}),
    "tool name": ({"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "send_" + EMAIL, "arguments": "{}"}}]}, {}),
    "tool id": ({"role": "assistant", "content": None, "tool_calls": [
        {"id": EMAIL, "type": "function", "function": {"name": "send", "arguments": "{}"}}]}, {}),
    "audio data not base64": ({"role": "assistant", "content": None,
                               "audio": {"id": "a", "data": MAIL, "expires_at": 1, "transcript": "x"}}, {}),
    "audio id": ({"role": "assistant", "content": None,
                  "audio": {"id": EMAIL, "data": "AAAA", "expires_at": 1, "transcript": "x"}}, {}),
    "content as object": ({"role": "assistant", "content": {"text": MAIL}}, {}),
    "arguments as object": ({"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "send", "arguments": {"to": EMAIL}}}]}, {}),
    "role": ({"role": MAIL, "content": "ok"}, {}),
    "name": ({"role": "assistant", "content": "ok", "name": EMAIL}, {}),
    "unknown message field": ({"role": "assistant", "content": "ok", "x_extra": {"deep": [MAIL]}}, {}),
    "unknown message key": ({"role": "assistant", "content": "ok", EMAIL: 1}, {}),
    "unknown choice field": ({"role": "assistant", "content": "ok"}, {"x_note": MAIL}),
    "finish_reason": ({"role": "assistant", "content": "ok"}, {"finish_reason": MAIL}),
}


@pytest.mark.parametrize("case", list(FIELD_CASES))
def test_every_chat_answer_field_is_screened(mock: Mock, doors: Proxy, case: str) -> None:
    message, extra = FIELD_CASES[case]
    mock.script(raw_body=chat_answer(message, **extra))
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code in (200, 502), r.text
    _clean(r)
    rec = doors.record_for(r.headers["x-guardrail-request-id"])
    assert rec["decision"] in ("redact", "block")


@pytest.mark.parametrize("top", [{"system_fingerprint": MAIL}, {"x_note": MAIL}, {"id": EMAIL}, {"model": EMAIL},
                                 {"service_tier": EMAIL}, {"error": {"message": MAIL}}, {"usage": {"note": MAIL}}])
def test_top_level_answer_fields_are_screened(mock: Mock, doors: Proxy, top: dict[str, Any]) -> None:
    body = json.loads(chat_answer({"role": "assistant", "content": "ok"}))
    body.update(top)
    mock.script(raw_body=json.dumps(body))
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code == 200
    _clean(r)
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == "redact"


def test_a_blocked_answer_keeps_no_toxic_citation(mock: Mock, doors: Proxy) -> None:
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "Fine words.", "annotations": [
        {"type": "url_citation", "url_citation": {"url": "https://x/you-are-an-idiot-and-a-moron",
                                                  "title": TOXIC, "start_index": 0, "end_index": 3}}]}))
    r = _post(doors, "/v1/chat/completions", CHAT)
    _clean(r)
    assert r.json()["choices"][0]["finish_reason"] == "content_filter"
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == "block"


def test_other_routes_type_confusion_and_echoes_are_screened(mock: Mock, doors: Proxy) -> None:
    # Anthropic text as a list, an unknown block field, a citation title
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
               "content": [{"type": "text", "text": [MAIL]},
                           {"type": "text", "text": "ok", "x": MAIL,
                            "citations": [{"type": "char_location", "cited_text": "c", "document_index": 0,
                                           "document_title": MAIL, "start_char_index": 0, "end_char_index": 1}]},
                           {"type": "web_search_tool_result", "tool_use_id": "s", "content": [
                               {"type": "web_search_result", "title": "t", "url": "https://x/?u=" + EMAIL,
                                "encrypted_content": "RXM" * 10}]}],
               "stop_reason": "end_turn", "stop_sequence": EMAIL, "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    r = _post(doors, "/v1/messages", MESSAGES)
    assert r.status_code == 200
    _clean(r)
    assert "RXM" * 10 in r.text  # a base64 payload of its shape is left alone

    # Responses: output_text.text as an object, echoed instructions, metadata, text.format
    answer = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
              "instructions": MAIL, "metadata": {"who": EMAIL}, "text": {"format": {"type": "text", "x": MAIL}},
              "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                          "content": [{"type": "output_text", "text": {"value": MAIL}, "annotations": []}]}]}
    mock.script(raw_body=json.dumps(answer))
    r = _post(doors, "/v1/responses", RESPONSES)
    assert r.status_code == 200
    _clean(r)

    # without output rules the answer is relayed as it came
    mock.script(raw_body=chat_answer({"role": "assistant", "content": "ok", "x_note": MAIL}))
    r = _post(doors, "/v1/chat/completions", CHAT, "open")
    assert r.status_code == 200 and MAIL in r.text


# ------------------------------------------------------------------------------------- 3. streams

A_START = {"type": "message_start", "message": {
    "id": "m", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}


def a_text(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": index}]


A_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
          "usage": {"output_tokens": 2}}, {"type": "message_stop"}]
R_CREATED = {"type": "response.created", "sequence_number": 0, "response": {
    "id": "r", "object": "response", "created_at": 1, "status": "in_progress", "model": "gpt-4o-mini", "output": []}}
R_DONE = {"type": "response.completed", "sequence_number": 9, "response": {
    "id": "r", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini", "output": [],
    "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}}

STREAM_CASES: dict[str, tuple[str, str]] = {
    "chat unknown delta field": ("chat", sse(chunk({"content": "ok", "x": MAIL}), *CHAT_END)),
    "chat unknown chunk field": ("chat", sse(chunk({"content": "ok"}, x_note=MAIL), *CHAT_END)),
    "chat comment line": ("chat", f": {MAIL}\n\n" + sse(chunk({"content": "ok"}), *CHAT_END)),
    "chat comment inside an event": ("chat", f": {MAIL}\n" + sse(chunk({"content": "ok"}), *CHAT_END)),
    "chat event name": ("chat", f"event: {EMAIL}\n" + sse(chunk({"content": "ok"}), *CHAT_END)),
    "chat error": ("chat", sse({"error": {"message": MAIL}})),
    "chat annotation url": ("chat", sse(chunk({"content": "see"}), chunk({"annotations": [
        {"type": "url_citation", "url_citation": {"url": "https://x/?u=" + EMAIL, "title": "t", "start_index": 0,
                                                  "end_index": 1}}]}), *CHAT_END)),
    "chat tool name": ("chat", sse(chunk({"tool_calls": [{"index": 0, "id": "c1", "type": "function", "function": {
        "name": "to_" + EMAIL, "arguments": "{}"}}]}), *CHAT_END)),
    "anthropic ping payload": ("messages", sse(A_START, {"type": "ping", "x": MAIL}, *a_text(0, "ok"), *A_END,
                                               named=True)),
    "anthropic error": ("messages", sse(A_START, {"type": "error", "error": {"type": "overloaded_error",
                                                                            "message": MAIL}}, named=True)),
    "anthropic unknown delta field": ("messages", sse(
        A_START, a_text(0, "")[0], {"type": "content_block_delta", "index": 0,
                                    "delta": {"type": "text_delta", "text": "ok", "x": MAIL}},
        a_text(0, "")[2], *A_END, named=True)),
    "anthropic stop_sequence": ("messages", sse(A_START, *a_text(0, "ok"), {
        "type": "message_delta", "delta": {"stop_reason": "stop_sequence", "stop_sequence": EMAIL},
        "usage": {"output_tokens": 2}}, {"type": "message_stop"}, named=True)),
    "anthropic citations_delta": ("messages", sse(A_START, *a_text(0, "ok")[:2], {
        "type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta", "citation": {
            "type": "char_location", "cited_text": "x", "document_index": 0, "document_title": MAIL,
            "start_char_index": 0, "end_char_index": 1}}}, a_text(0, "")[2], *A_END, named=True)),
    "responses partial_image_b64": ("responses", sse(R_CREATED, {
        "type": "response.image_generation_call.partial_image", "sequence_number": 1, "output_index": 0,
        "item_id": "x", "partial_image_index": 0, "partial_image_b64": MAIL}, R_DONE, named=True)),
    "responses error": ("responses", sse(R_CREATED, {"type": "error", "sequence_number": 1, "code": "x",
                                                     "message": MAIL, "param": None}, named=True)),
    "responses failed": ("responses", sse(R_CREATED, {"type": "response.failed", "sequence_number": 1, "response": {
        "id": "r", "object": "response", "created_at": 1, "status": "failed", "model": "m", "output": [],
        "error": {"code": "server_error", "message": MAIL}}}, named=True)),
    "responses annotation url": ("responses", sse(R_CREATED, {
        "type": "response.output_text.annotation.added", "sequence_number": 1, "output_index": 0, "item_id": "m",
        "content_index": 0, "annotation_index": 0,
        "annotation": {"type": "url_citation", "url": "https://x/?u=" + EMAIL, "title": "t", "start_index": 0,
                       "end_index": 1}}, R_DONE, named=True)),
    "responses instructions": ("responses", sse(
        {**R_CREATED, "response": {**R_CREATED["response"], "instructions": MAIL}},  # type: ignore[dict-item]
        R_DONE, named=True)),
}
ROUTES = {"chat": ("/v1/chat/completions", CHAT_STREAM), "messages": ("/v1/messages", {**MESSAGES, "stream": True}),
          "responses": ("/v1/responses", {**RESPONSES, "stream": True})}


@pytest.mark.parametrize("case", list(STREAM_CASES))
def test_every_stream_event_field_is_screened(mock: Mock, doors: Proxy, case: str) -> None:
    route, raw = STREAM_CASES[case]
    mock.script(raw_sse=raw)
    path, body = ROUTES[route]
    r = _post(doors, path, body)
    assert r.status_code in (200, 502), r.text
    _clean(r)
    rec = doors.record_for(r.headers["x-guardrail-request-id"])
    # SSE comments are dropped, not screened: nothing to decide
    assert rec["decision"] in (("allow",) if "comment" in case else ("redact", "block"))


def test_without_output_rules_streams_pass_as_they_came(mock: Mock, doors: Proxy) -> None:
    raw = ": keep-alive\n\n" + sse(chunk({"content": "ok", "x": MAIL}), *CHAT_END)
    mock.script(raw_sse=raw)
    r = _post(doors, "/v1/chat/completions", CHAT_STREAM, "open")
    assert r.text == raw


# -------------------------------------------------------------------- 4. Anthropic tool_use inputs

def test_anthropic_tool_input_keys_and_numbers_are_screened(mock: Mock, doors: Proxy) -> None:
    block = {"type": "tool_use", "id": "toolu_1", "name": "pay", "input": {"card": CARD, EMAIL: "x"}}
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
               "content": [block], "stop_reason": "tool_use", "stop_sequence": None,
               "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    r = _post(doors, "/v1/messages", MESSAGES)
    assert r.status_code == 200
    _clean(r)
    assert r.json()["content"][0]["input"]["card"].startswith("<")

    started = {"type": "content_block_start", "index": 0, "content_block": block}
    mock.script(raw_sse=sse(A_START, started, {"type": "content_block_stop", "index": 0}, *A_END, named=True))
    r = _post(doors, "/v1/messages", {**MESSAGES, "stream": True})
    assert r.status_code == 200
    _clean(r)


# --------------------------------------------------------------------- 6. strict answers, redirects

def test_ambiguous_answers_and_redirect_bodies_fail_closed(mock: Mock, doors: Proxy) -> None:
    twice = '{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,' \
            '"message":{"role":"assistant","content":"ok","content":"' + MAIL + '"},"finish_reason":"stop"}]}'
    mock.script(raw_body=twice)
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code == 502 and r.json()["error"]["code"] == "upstream_unreadable"
    _clean(r)
    rec = doors.record_for(r.headers["x-guardrail-request-id"])
    assert rec["error"] == "upstream_unreadable"

    mock.script(raw_sse=sse(chunk({"content": "ok"}))[:-2].replace('"ok"}', '"ok","content":"' + MAIL + '"}')
                + "\n\n" + sse(*CHAT_END))
    r = _post(doors, "/v1/chat/completions", CHAT_STREAM)
    assert r.status_code == 502
    _clean(r)

    mock.script(raw_body=chat_answer({"role": "assistant", "content": MAIL}), status=302,
                headers={"Location": "http://127.0.0.1:9/elsewhere"})
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code == 502 and r.json()["error"]["code"] == "upstream_unreadable"
    _clean(r)


# ------------------------------------------------------------------------------------------ 7. audio

def test_audio_goes_with_a_blocked_or_redacted_transcript(mock: Mock, doors: Proxy) -> None:
    spoken = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA="
    for transcript in (TOXIC, MAIL):
        mock.script(raw_body=chat_answer({"role": "assistant", "content": None, "audio": {
            "id": "audio_1", "data": spoken, "expires_at": 1, "transcript": transcript}}))
        r = _post(doors, "/v1/chat/completions", CHAT)
        assert r.status_code == 200 and spoken not in r.text
        _clean(r)
    mock.script(raw_body=chat_answer({"role": "assistant", "content": None, "audio": {
        "id": "audio_1", "data": spoken, "expires_at": 1, "transcript": "Plain words."}}))
    assert spoken in _post(doors, "/v1/chat/completions", CHAT).text


# ------------------------------------------------------------------------------------- 8. headers

@pytest.mark.parametrize("stream", [False, True])
def test_only_allowlisted_response_headers_reach_the_client(mock: Mock, doors: Proxy, stream: bool) -> None:
    mock.script(text="Plain words.", headers={
        "Set-Cookie": "session=" + EMAIL, "X-Debug-Prompt": MAIL, "Link": f"<https://x/?e={EMAIL}>; rel=next",
        "x-request-id": "req_123", "x-ratelimit-remaining-requests": "9", "openai-processing-ms": "7"})
    raw = openai.OpenAI(base_url=f"{doors.url}/v1", api_key=doors.keys["app"], max_retries=0) \
        .chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=CHAT["messages"], stream=stream)
    headers = {k.lower(): v for k, v in raw.headers.items()}
    assert headers["x-request-id"] == "req_123" and headers["x-ratelimit-remaining-requests"] == "9"
    assert headers["openai-processing-ms"] == "7"
    assert "set-cookie" not in headers and "x-debug-prompt" not in headers and "link" not in headers
    assert raw.request_id == "req_123"  # what the SDK reads
    parsed = raw.parse()
    if stream:
        list(parsed)  # type: ignore[call-overload]

    mock.script(text="Plain words.", headers={"request-id": "req_9", "X-Debug": MAIL})
    araw = anthropic.Anthropic(base_url=doors.url, api_key=doors.keys["app"], max_retries=0) \
        .messages.with_raw_response.create(**MESSAGES)  # type: ignore[arg-type]
    assert araw.headers.get("request-id") == "req_9" and "x-debug" not in {k.lower() for k in araw.headers}


# ----------------------------------------------------------------- 5. a value split across blocks

@pytest.mark.parametrize(("first", "second", "decision"), [
    ("Write to bob.jones@corp", "-mail.com today. Thanks.", "redact"),
    ("Fine. You are an id", "iot. And more after.", "block"),
])
def test_anthropic_text_blocks_are_read_as_one_text(mock: Mock, doors: Proxy, first: str, second: str,
                                                    decision: str) -> None:
    mock.script(raw_sse=sse(A_START, *a_text(0, first), *a_text(1, second), *A_END, named=True))
    with anthropic.Anthropic(base_url=doors.url, api_key=doors.keys["app"], max_retries=0).messages.stream(
            **MESSAGES) as s:  # type: ignore[arg-type]
        events = list(s)
        final = s.get_final_message()
    text = "".join(b.text for b in final.content if b.type == "text")
    got = json.dumps([e.model_dump(mode="json") for e in events])
    for word in (*LEAKS, "bob.jones@corp", "-mail.com", "iot"):
        assert word not in got and word not in text, word
    if decision == "redact":
        assert text.startswith("Write to <") and text.endswith("today. Thanks.")
    else:
        assert final.stop_reason == "refusal" and text.startswith("Fine.")

    # the same answer, not streamed
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
               "content": [{"type": "text", "text": first}, {"type": "text", "text": second}],
               "stop_reason": "end_turn", "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    r = _post(doors, "/v1/messages", MESSAGES)
    _clean(r, "bob.jones@corp", "iot")
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == decision


def test_provider_errors_are_screened_and_keep_their_status(mock: Mock, doors: Proxy) -> None:
    mock.script(status=400, error_body={"error": {"message": "context: " + MAIL, "type": "invalid_request_error",
                                                  "param": None, "code": None}})
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code == 400 and "context: mail <" in r.json()["error"]["message"]
    _clean(r)
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == "redact"

    mock.script(raw_body=f"<html>{MAIL}</html>", content_type="text/html", status=503)
    r = _post(doors, "/v1/chat/completions", CHAT)
    assert r.status_code == 503 and r.json()["error"]["code"] == "upstream_unreadable"
    _clean(r)

    mock.script(status=400, error_body={"error": {"message": "context: " + MAIL}})
    r = _post(doors, "/v1/chat/completions", CHAT, "open")  # no output rules: as it came
    assert r.status_code == 400 and MAIL in r.text


def _r_part(oi: int, ci: int, text: str, seq: int) -> list[dict[str, Any]]:
    base = {"output_index": oi, "item_id": f"m{oi}", "content_index": ci}
    return [{"type": "response.content_part.added", "sequence_number": seq, **base,
             "part": {"type": "output_text", "text": "", "annotations": []}},
            {"type": "response.output_text.delta", "sequence_number": seq + 1, **base, "delta": text, "logprobs": []},
            {"type": "response.output_text.done", "sequence_number": seq + 2, **base, "text": text, "logprobs": []},
            {"type": "response.content_part.done", "sequence_number": seq + 3, **base,
             "part": {"type": "output_text", "text": text, "annotations": []}}]


def _r_item(oi: int, event: str, parts: list[str]) -> dict[str, Any]:
    return {"type": event, "sequence_number": 0, "output_index": oi, "item": {
        "type": "message", "id": f"m{oi}", "status": "completed", "role": "assistant",
        "content": [{"type": "output_text", "text": t, "annotations": []} for t in parts]}}


@pytest.mark.parametrize("items", [False, True])
@pytest.mark.parametrize(("first", "second", "decision"), [
    ("Write to bob.jones@corp", "-mail.com today. Thanks.", "redact"),
    ("Fine. You are an id", "iot. And more after.", "block"),
])
def test_responses_text_parts_are_read_as_one_text(mock: Mock, doors: Proxy, first: str, second: str,
                                                   decision: str, items: bool) -> None:
    if items:  # two message items
        events = [R_CREATED, _r_item(0, "response.output_item.added", []), *_r_part(0, 0, first, 1),
                  _r_item(0, "response.output_item.done", [first]), _r_item(1, "response.output_item.added", []),
                  *_r_part(1, 0, second, 10), _r_item(1, "response.output_item.done", [second]), R_DONE]
    else:  # two parts of one message
        events = [R_CREATED, _r_item(0, "response.output_item.added", []), *_r_part(0, 0, first, 1),
                  *_r_part(0, 1, second, 10), _r_item(0, "response.output_item.done", [first, second]), R_DONE]
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(doors, "/v1/responses", {**RESPONSES, "stream": True})
    assert r.status_code == 200
    _clean(r, "bob.jones@corp", "-mail.com", "iot")
    deltas = "".join(json.loads(line[6:])["delta"] for line in r.text.splitlines()
                     if line.startswith("data: ") and '"response.output_text.delta"' in line)
    if decision == "redact":
        assert deltas.startswith("Write to <") and deltas.endswith("today. Thanks.")
    else:
        assert deltas.startswith("Fine.") and "incomplete" in r.text
    assert doors.record_for(r.headers["x-guardrail-request-id"])["decision"] == decision


def test_responses_sdk_reads_a_joined_redaction_whole(mock: Mock, doors: Proxy) -> None:
    first, second = "Write to bob.jones@corp", "-mail.com today. Thanks."
    events = [R_CREATED, _r_item(0, "response.output_item.added", []), *_r_part(0, 0, first, 1),
              *_r_part(0, 1, second, 10), _r_item(0, "response.output_item.done", [first, second]), R_DONE]
    mock.script(raw_sse=sse(*events, named=True))
    client = openai.OpenAI(base_url=f"{doors.url}/v1", api_key=doors.keys["app"], max_retries=0)
    with client.responses.stream(model="gpt-4o-mini", input="hi") as s:
        got = [e.model_dump(mode="json") for e in s]
        final = s.get_final_response()
    done = "".join(e["text"] for e in got if e["type"] == "response.output_text.done")
    deltas = "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    assert done == deltas and done.startswith("Write to <") and done.endswith("today. Thanks.")
    text = json.dumps(got) + final.model_dump_json()
    for word in ("bob.jones@corp", "-mail.com"):
        assert word not in text
