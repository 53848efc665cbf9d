"""Answer keys and numbers (issue 12, F4 and F5): with output rules, an answer's top-level object keys and
its numbers are screened like its other texts, plain and streamed, on every route, in provider errors.

Scripted answers (the mock serves crafted bodies and streams verbatim) carry an e-mail address or a phone
number as a top-level key of the body or of a stream event, and a card number as a JSON number: in a text
field (type-confused `content`, `text`, `arguments`, `title`, `delta`), in an unknown field, beyond the
range of a numeric field (`usage`, an embedding, an error's `code`). Numbers of the SDKs' numeric fields in
their range stay numbers. On a block, such keys and numbers are dropped or emptied with the rest.
Assertions are on what the client received (SDK objects dumped whole, or the raw bytes) and on the record.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import sse

EMAIL = "zed.quinn@fabrikam.io"
PHONE_KEY = "call 212-555-0199"
CARD = 5555555555554444
CODENAME = "project falcon"
LEAKS = (EMAIL, "zed.quinn", "212-555-0199", str(CARD), "falcon")

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD]}
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
""",
}


@pytest.fixture(scope="module")
def walked(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)


def ant(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{p.url}{path}", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"}, timeout=30)


def dump(objs: Any) -> str:
    """Everything the client got, every field (extra ones included)."""
    items = objs if isinstance(objs, list) else [objs]
    return json.dumps([o.model_dump(mode="json", warnings=False) if hasattr(o, "model_dump") else o for o in items])


def clean(got: str, *extra: str) -> None:
    for word in (*LEAKS, *extra):
        assert word not in got, f"{word!r} reached the client"


MSGS = [{"role": "user", "content": "hello there"}]
USAGE = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}


def chat_answer(message: dict[str, Any], choice: dict[str, Any] | None = None, **top: Any) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop",
                                    "logprobs": None, **(choice or {})}],
                       "usage": USAGE, **top})


def chunk(delta: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **top}


# ------------------------------------------------------------------------------------------ chat

def test_chat_answer_top_level_keys_and_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    message = {"content": CARD, "x_n": CARD,
               "annotations": [{"type": "url_citation", "url_citation": {"url": "https://example.com", "title": CARD,
                                                                         "start_index": 0, "end_index": 1}}]}
    mock.script(raw_body=chat_answer(message, {"x_n": CARD}, **{EMAIL: "x", PHONE_KEY: 1, "x_num": CARD,
                                                               "x_parts": [5555, 5555, 5555, 4444],
                                                               "usage": {**USAGE, "prompt_tokens": CARD}}))
    raw = oai(walked).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    answer = raw.parse()
    got = raw.http_response.text
    clean(got)
    body = json.loads(got)
    assert answer.choices[0].message.content == "<CREDIT_CARD_1>"  # a redacted number becomes its placeholder
    # (fp46: an SDK numeric field holding a value becomes 0, a number, not its placeholder: strict clients' types)
    assert body["x_num"] == "<CREDIT_CARD_1>" and body["usage"]["prompt_tokens"] == 0
    assert "<EMAIL_ADDRESS_1>" in body and any(k.startswith("call <PHONE_NUMBER_") for k in body)
    # an unknown field's numbers, however short, are read together as on input: each becomes a placeholder
    assert all(isinstance(v, str) and v.startswith("<CREDIT_CARD_") for v in body["x_parts"]), body["x_parts"]
    # the SDKs' numeric fields in their range stay numbers
    assert body["created"] == 1733234567 and body["choices"][0]["index"] == 0
    assert body["usage"]["completion_tokens"] == 2
    assert walked.record_for(raw.headers["x-guardrail-request-id"])["decision"] == "redact"


def test_chat_type_confused_refusal_and_arguments_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    message = {"content": None, "refusal": CARD,
               "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": CARD}}]}
    mock.script(raw_body=chat_answer(message))
    r = _post(walked, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS})
    assert r.status_code == 200, r.text
    clean(r.text)
    msg = r.json()["choices"][0]["message"]
    assert msg["refusal"] == "<CREDIT_CARD_1>" and msg["tool_calls"][0]["function"]["arguments"] == "<CREDIT_CARD_1>"


def test_chat_stream_chunk_keys_and_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    events = [chunk({"role": "assistant", "content": "ok "}, **{EMAIL: "x"}),
              chunk({"content": CARD}, x_n=CARD),
              chunk({}, "stop", usage={**USAGE, "prompt_tokens": CARD}), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    raw = oai(walked).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=True)
    chunks = list(raw.parse())
    got = dump(chunks)
    clean(got)
    assert any(c.choices and c.choices[0].delta.content == "<CREDIT_CARD_1>" for c in chunks)
    assert all(c.created == 1733234567 for c in chunks)
    rec = walked.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["decision"] == "redact"


def test_a_stream_choice_index_out_of_range_is_read(mock: Mock, walked: Proxy) -> None:
    """A choice `index` of 16 digits, beyond what a JavaScript client reads exactly (2**53 - 1), makes the stream
    unreadable under output rules (atk24b F3, idx24; it was read as text, redacted, and the stream went on): the
    client gets the provider-format error, never the number."""
    first = chunk({"role": "assistant", "content": "ok"})
    first["choices"][0]["index"] = CARD
    mock.script(raw_sse=sse(first, chunk({}, "stop"), "[DONE]"))
    r = _post(walked, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS, "stream": True})
    clean(r.text)
    assert r.status_code == 502 and "upstream_unreadable" in r.text, r.text


def test_a_blocked_chat_answer_keeps_no_key_or_number(mock: Mock, walked: Proxy) -> None:
    """On a block every field the adapters do not read as text goes too: numbers emptied, keys dropped."""
    message = {"content": f"Status of {CODENAME} is green.", "refusal": CARD, "x_n": CARD}
    mock.script(raw_body=chat_answer(message, **{EMAIL: "x", "x_num": CARD}))
    raw = oai(walked).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    answer = raw.parse()
    clean(raw.http_response.text, "<EMAIL_ADDRESS")
    assert answer.choices[0].finish_reason == "content_filter"
    body = json.loads(raw.http_response.text)
    assert body["choices"][0]["message"]["refusal"] == ""  # a number in a field the SDKs name: emptied
    assert "x_num" not in body and "x_n" not in body["choices"][0]["message"]  # an unknown field: dropped
    assert body["created"] == 1733234567
    assert walked.record_for(raw.headers["x-guardrail-request-id"])["decision"] == "block"


def test_a_top_level_key_is_read_by_a_block_rule(mock: Mock, walked: Proxy) -> None:
    mock.script(raw_body=chat_answer({"content": "All good."}, **{CODENAME: 1}))
    r = _post(walked, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS})
    clean(r.text)
    assert r.json()["choices"][0]["finish_reason"] == "content_filter"
    assert walked.record_for(r.headers["x-guardrail-request-id"])["decision"] == "block"


def test_a_stream_stopped_in_a_chunk_keeps_no_key_of_it(mock: Mock, walked: Proxy) -> None:
    events = [chunk({"role": "assistant", "content": f"Status of {CODENAME}. "}, x_n=CARD, **{EMAIL: "x"}),
              chunk({"content": "More."}), chunk({}, "stop"), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    r = httpx.post(f"{walked.url}/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": MSGS,
                                                               "stream": True},
                   headers={"Authorization": f"Bearer {walked.keys['app']}"}, timeout=30)
    clean(r.text, "More.")
    assert '"finish_reason": "content_filter"' in r.text or '"finish_reason":"content_filter"' in r.text


# ------------------------------------------------------------------------------------- anthropic

def test_anthropic_answer_and_stream_keys_and_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    answer = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
              "content": [{"type": "text", "text": CARD}], "stop_reason": "end_turn", "stop_sequence": None,
              "usage": {"input_tokens": CARD, "output_tokens": 5}, "x_n": CARD, EMAIL: "x"}
    mock.script(raw_body=json.dumps(answer))
    msg = ant(walked).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=MSGS)
    got = dump(msg)
    clean(got)
    assert msg.content[0].type == "text" and msg.content[0].text == "<CREDIT_CARD_1>"
    assert msg.usage.output_tokens == 5

    start = {"type": "message_start", "message": {**answer, "content": [], "usage": {"input_tokens": 3,
                                                                                      "output_tokens": 1}}}
    del start["message"][EMAIL], start["message"]["x_n"]
    events = [start,
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": CARD}},
              {"type": "content_block_stop", "index": 0},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": 5}, EMAIL: "x"},
              {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with ant(walked).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50, messages=MSGS) as stream:
        seen = list(stream)
    clean(dump(seen))
    assert any(getattr(getattr(e, "delta", None), "text", None) == "<CREDIT_CARD_1>" for e in seen)


# ----------------------------------------------------------------------- responses, completions, embeddings

def test_responses_answer_and_stream_keys_and_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": CARD, "annotations": []}]}
    answer = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "completed",
              "model": "gpt-4o-mini", "output": [item], "x_n": CARD, EMAIL: "x"}
    mock.script(raw_body=json.dumps(answer))
    r = _post(walked, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi"})
    clean(r.text)
    assert r.json()["output"][0]["content"][0]["text"] == "<CREDIT_CARD_1>"
    assert r.json()["created_at"] == 1733234567

    base = {k: v for k, v in answer.items() if k not in (EMAIL, "x_n")}
    events = [{"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                              "output": []}},
              {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "delta": "ok", "logprobs": [], EMAIL: "x"},
              {"type": "response.completed", "sequence_number": 2,
               "response": {**base, "output": [{**item, "content": [{"type": "output_text", "text": "ok",
                                                                     "annotations": []}]}], "x_n": CARD}}]
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(walked, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert r.status_code == 200, r.text
    clean(r.text)
    assert "<CREDIT_CARD_1>" in r.text and "<EMAIL_ADDRESS_1>" in r.text


def test_completions_text_number_and_key_are_screened(mock: Mock, walked: Proxy) -> None:
    answer = {"id": "cmpl-1", "object": "text_completion", "created": 1733234567, "model": "gpt-3.5-turbo-instruct",
              "choices": [{"index": 0, "text": CARD, "finish_reason": "stop", "logprobs": None}], EMAIL: "x"}
    mock.script(raw_body=json.dumps(answer))
    r = _post(walked, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi"})
    clean(r.text)
    assert r.json()["choices"][0]["text"] == "<CREDIT_CARD_1>"


def test_embeddings_floats_stay_and_card_shaped_numbers_go(mock: Mock, walked: Proxy) -> None:
    vector = [0.0123456789, -0.987654321, 0.5, 1e-07, -1.0]
    answer = {"object": "list", "model": "text-embedding-3-small", "usage": {"prompt_tokens": 1, "total_tokens": 1},
              "data": [{"object": "embedding", "index": 0, "embedding": vector},
                       {"object": "embedding", "index": 1, "embedding": [0.25, CARD]}], EMAIL: "x"}
    mock.script(raw_body=json.dumps(answer))
    r = _post(walked, "/v1/embeddings", {"model": "text-embedding-3-small", "input": ["a", "b"]})
    clean(r.text)
    got = r.json()
    assert got["data"][0]["embedding"] == vector  # floats of a vector are never text: relayed as they are
    assert got["data"][1]["embedding"] == [0.25, "<CREDIT_CARD_1>"]


# ----------------------------------------------------------------------------------- models, errors

def test_models_list_and_provider_errors_keys_and_numbers_are_screened(mock: Mock, walked: Proxy) -> None:
    models = {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1686935002,
                                          "owned_by": "openai", "x_n": CARD}], EMAIL: "x"}
    mock.script(raw_body=json.dumps(models))
    r = httpx.get(f"{walked.url}/v1/models", headers={"Authorization": f"Bearer {walked.keys['app']}"}, timeout=30)
    assert r.status_code == 200, r.text
    clean(r.text)
    assert r.json()["data"][0]["created"] == 1686935002

    mock.script(raw_body=json.dumps({"error": {"message": "x"}, EMAIL: 1}), status=500)
    r = _post(walked, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS})
    assert r.status_code == 500
    clean(r.text)
    mock.script(raw_body=json.dumps({"error": {"message": "slow down", "type": "rate_limit", "code": CARD}}),
                status=429)
    r = _post(walked, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS})
    assert r.status_code == 429
    clean(r.text)
    assert r.json()["error"]["code"] == "<CREDIT_CARD_1>"
