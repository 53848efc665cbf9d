"""Issue 12, atk9 A-H1: a value the model composes around restored placeholders is the model's own value, end to
end with the official SDKs against the mock provider: what the client RECEIVED and the record.

`Customer record: first name Jane, last name Smith.` goes upstream as `<PERSON_1>`, `<PERSON_2>`; the model answers
`Sure. Mail <PERSON_1>.<PERSON_2>@acme.com today.`. Restored, the client would get `Jane.Smith@acme.com`, an address
it never sent (the same address spelled by the model is redacted). It gets `<EMAIL_ADDRESS_1>` instead (the
model's value, numbered as such), whole and streamed (the mock cuts the answer into chunks of 1-11 characters, so
the placeholders arrive split), on Chat Completions (text and tool-call arguments), Responses (text and a
`url_citation` url) and Anthropic Messages; a phone number the model composes (`617-<PHONE_NUMBER_1>`) too. The
client's values restored beside ordinary words still come back as sent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, data_events, oai, post_raw, sse

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
"""
PROMPT = "Customer record: first name Jane, last name Smith. Draft a reply."
ANSWER = "Sure. Mail <PERSON_1>.<PERSON_2>@acme.com today."
REDACTED = "Sure. Mail <EMAIL_ADDRESS_1> today."
HARMLESS = "Sure, I will write to <PERSON_1> <PERSON_2> today."
MODEL = "claude-3-5-haiku-latest"


@pytest.fixture(scope="module")
def composing(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _chat(p: Proxy, stream: bool, prompt: str = PROMPT) -> tuple[str, str]:
    raw = oai(p).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], stream=stream)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        return raw.parse().choices[0].message.content or "", rid  # type: ignore[union-attr]
    return "".join(ch.delta.content or "" for c in raw.parse() for ch in c.choices), rid  # type: ignore[union-attr]


def _responses(p: Proxy, stream: bool, prompt: str = PROMPT) -> tuple[str, str]:
    raw = oai(p).responses.with_raw_response.create(model="gpt-4o-mini", input=prompt, stream=stream)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        return raw.parse().output_text, rid  # type: ignore[union-attr]
    events = list(raw.parse())  # type: ignore[call-overload]
    return "".join(e.delta for e in events if e.type == "response.output_text.delta"), rid


def _messages(p: Proxy, stream: bool, prompt: str = PROMPT) -> tuple[str, str]:
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": prompt}]}
    raw = claude(p).messages.with_raw_response.create(stream=stream, **kwargs)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        return "".join(b.text for b in raw.parse().content if b.type == "text"), rid  # type: ignore[union-attr]
    return "".join(e.delta.text for e in raw.parse()  # type: ignore[union-attr]
                   if e.type == "content_block_delta" and e.delta.type == "text_delta"), rid


ROUTES = {"chat": _chat, "responses": _responses, "messages": _messages}


def _output_pii(rec: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in rec["checks"] if c["phase"] == "output" and c["check"] == "pii")


def _clean(got: str) -> None:
    for value in ("Jane", "Smith", "555-0143", "617-"):
        assert value not in got, got


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_composed_address_is_redacted_in_a_whole_answer(composing: Proxy, mock: Mock, route: str) -> None:
    mock.script(text=ANSWER)
    got, rid = ROUTES[route](composing, False)
    assert "<PERSON_1>" in str(mock.last_body) and "Smith" not in str(mock.last_body)  # redacted upstream
    assert got == REDACTED
    rec = composing.record_for(rid)
    assert rec["decision"] == "redact" and _output_pii(rec)["findings"] == {"EMAIL_ADDRESS": 1}, rec["checks"]


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_composed_address_is_redacted_in_every_chunk_size(composing: Proxy, mock: Mock, route: str) -> None:
    for size in range(1, 12):
        mock.script(text=ANSWER, chunk_chars=size)
        got, rid = ROUTES[route](composing, True)
        assert got == REDACTED, (size, got)
        rec = composing.record_for(rid)
        assert rec["decision"] == "redact" and _output_pii(rec)["findings"] == {"EMAIL_ADDRESS": 1}, (size, rec)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_a_composed_phone_number_is_redacted(composing: Proxy, mock: Mock, route: str, stream: bool) -> None:
    """The client sent its 7-digit number; the model adds an area code: a full number the client never sent."""
    mock.script(text="Sure: dial 617-<PHONE_NUMBER_1> now.", chunk_chars=3)
    got, _ = ROUTES[route](composing, stream, "My desk number is 555-0143, call me.")
    assert got == "Sure: dial <PHONE_NUMBER_2> now.", got


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_composed_address_in_tool_call_arguments(composing: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(tool_calls=[{"name": "send_mail", "arguments": {"to": "<PERSON_1>.<PERSON_2>@acme.com",
                                                                "name": "<PERSON_1> <PERSON_2>"}}], chunk_chars=4)
    client = oai(composing)
    messages: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        args = "".join(tc.function.arguments or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=messages, stream=True) for ch in c.choices
            for tc in ch.delta.tool_calls or [] if tc.function is not None)
    else:
        calls = client.chat.completions.create(model="gpt-4o-mini", messages=messages).choices[0].message.tool_calls
        args = calls[0].function.arguments  # type: ignore[index,union-attr]
    assert json.loads(args) == {"to": "<EMAIL_ADDRESS_1>", "name": "Jane Smith"}, args


def test_a_composed_address_in_a_responses_url_citation(composing: Proxy, mock: Mock) -> None:
    url = "mailto:<PERSON_1>.<PERSON_2>@acme.com"
    body = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "completed",
            "model": "gpt-4o-mini", "output": [{
                "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": "Write to <PERSON_1> today.", "annotations": [
                    {"type": "url_citation", "url": url, "title": "Contact", "start_index": 0, "end_index": 5}]}]}],
            "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10}}
    mock.script(raw_body=json.dumps(body))
    part = oai(composing).responses.create(model="gpt-4o-mini", input=PROMPT).output[0].content[0]  # type: ignore[union-attr]
    assert part.text == "Write to Jane today."  # type: ignore[union-attr]  # the client's own name, restored
    assert part.annotations[0].url == "mailto:<EMAIL_ADDRESS_1>", part  # type: ignore[union-attr]


def test_a_composed_address_in_a_streamed_responses_url_citation(composing: Proxy, mock: Mock) -> None:
    said = "Write to <PERSON_1> today."
    item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": said, "annotations": []}]}
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    response = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
                "model": "gpt-4o-mini", "output": []}
    events = [{"type": "response.created", "response": response},
              {"type": "response.output_item.added", "output_index": 0,
               "item": {**item, "status": "in_progress", "content": []}},
              {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                         "annotations": []}},
              {"type": "response.output_text.delta", **where, "delta": said},
              {"type": "response.output_text.annotation.added", **where, "annotation_index": 0, "annotation": {
                  "type": "url_citation", "url": "mailto:<PERSON_1>.<PERSON_2>@acme.com", "title": "Contact",
                  "start_index": 0, "end_index": 5}},
              {"type": "response.output_text.done", **where, "text": said},
              {"type": "response.content_part.done", **where, "part": item["content"][0]},
              {"type": "response.output_item.done", "output_index": 0, "item": item},
              {"type": "response.completed", "response": {**response, "status": "completed", "output": [item]}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    r = post_raw(composing, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": PROMPT, "stream": True}))
    got = data_events(r.text)
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == "Write to Jane today."
    urls = [e["annotation"]["url"] for e in got if e["type"] == "response.output_text.annotation.added"]
    assert urls == ["mailto:<EMAIL_ADDRESS_1>"], urls
    _clean(json.dumps([e for e in got if e["type"] == "response.output_text.annotation.added"]))


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_the_clients_own_names_still_come_back(composing: Proxy, mock: Mock, route: str, stream: bool) -> None:
    mock.script(text=HARMLESS, chunk_chars=3)
    got, rid = ROUTES[route](composing, stream)
    assert got == "Sure, I will write to Jane Smith today.", got
    rec = composing.record_for(rid)
    assert rec["decision"] == "redact" and _output_pii(rec)["action"] == "allow", rec["checks"]


# atk11 A M3: an HTML comment at the joint, a spelled address, and two texts of one whole answer.
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("answer", ["Sure. Mail <PERSON_1><!-- -->@acme.com today.",
                                    "Sure. Mail <PERSON_1> at acme dot com today."])
def test_a_composed_address_behind_a_comment_or_spelled_is_redacted(composing: Proxy, mock: Mock, route: str,
                                                                   stream: bool, answer: str) -> None:
    mock.script(text=answer, chunk_chars=4)
    got, rid = ROUTES[route](composing, stream)
    assert got == REDACTED, got
    rec = composing.record_for(rid)
    assert rec["decision"] == "redact" and _output_pii(rec)["findings"] == {"EMAIL_ADDRESS": 1}, rec["checks"]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_composed_phone_number_behind_a_comment_is_redacted(composing: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(text="Sure: dial 617-<!-- --><PHONE_NUMBER_1> now.", chunk_chars=3)
    got, _ = _chat(composing, stream, "My desk number is 555-0143, call me.")
    assert got == "Sure: dial <PHONE_NUMBER_2> now.", got


@pytest.mark.parametrize(("texts", "prompt", "bare"), [
    (("Sure. Mail <PERSON_1>", "@acme.com now."), PROMPT, ("Jane", "acme")),
    (("Sure: dial 617-", "<PHONE_NUMBER_1> now."), "My desk number is 555-0143, call me.", ("555-0143", "617-")),
])
def test_a_value_composed_across_two_text_blocks_is_redacted(composing: Proxy, mock: Mock, texts: tuple[str, str],
                                                             prompt: str, bare: tuple[str, ...]) -> None:
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": MODEL,
               "content": [{"type": "text", "text": t} for t in texts], "stop_reason": "end_turn",
               "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    got, rid = _messages(composing, False, prompt)
    assert got.startswith("Sure") and not any(v in got for v in bare), got
    assert composing.record_for(rid)["decision"] == "redact"
    response = {"id": "resp_1", "object": "response", "created_at": 1700000000, "status": "completed",
                "model": "gpt-4o-mini", "output": [{"type": "message", "id": "msg_1", "role": "assistant",
                                                   "status": "completed", "content": [
                                                       {"type": "output_text", "text": t, "annotations": []}
                                                       for t in texts]}],
                "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}
    mock.script(raw_body=json.dumps(response))
    got, rid = _responses(composing, False, prompt)
    assert got.startswith("Sure") and not any(v in got for v in bare), got
    assert composing.record_for(rid)["decision"] == "redact"


def test_the_clients_names_in_two_text_blocks_come_back(composing: Proxy, mock: Mock) -> None:
    texts = ("Sure, I will write to <PERSON_1>.", " <PERSON_2> is copied, mail on its way.")
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": MODEL,
               "content": [{"type": "text", "text": t} for t in texts], "stop_reason": "end_turn",
               "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    got, rid = _messages(composing, False)
    assert got == "Sure, I will write to Jane. Smith is copied, mail on its way.", got
    assert composing.record_for(rid)["decision"] == "redact"  # the input's redaction only
    assert _output_pii(composing.record_for(rid))["findings"] == {}, composing.record_for(rid)["checks"]
