"""OpenRouter's chat `reasoning_details` under restore (thinking22, found by thinking20).

A `reasoning.text` piece with a `signature` (Claude's thinking through OpenRouter, `format: anthropic-claude-v1`) is
sent back byte for byte in the next turn, as an Anthropic thinking block is: the proxy restores nothing into it (whole
and streamed), a resent one holding a value is refused (rewritten, the signature would not hold), one holding only
the request's own `synthesize` fakes goes up as it came; an encrypted piece's `data` and a piece's `signature` go as
sent. A summary is reasoning like `reasoning_content`: restored, and read by output rules.
"""

from __future__ import annotations

import json
import re
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_signed_thinking import SYNTH_POLICY
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, oai, post_raw, received, sse

MAIL = "maria.lopez@example.org"
SIG = "EqMockLQoW6M4N8v73Yc1RULhjfAs9RuS+q/nvWaqS5mgzL5L/fdQcGQbwV0wuM8b6rwRtg04haS6r6YH2SvCLcSJ3GQ=="
# An encrypted piece's payload: long random base64 (with a `+1 415 555 0182`-like run a text reading would find).
DATA = "gAAAAABo8Zq3+14155550182/Xk9vTq2LmN8pR4sW7yZ1cB3dF6hJ0kM5nQ8tV2xA4eG7iL9oU1rY3wS6uH0jK2mP5qT8vX" * 2
FORMAT = "anthropic-claude-v1"


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


def _details(thought: str, summary: str) -> list[dict[str, Any]]:
    return [{"type": "reasoning.text", "text": thought, "signature": SIG, "format": FORMAT, "index": 0,
             "id": "rd_01"},
            {"type": "reasoning.summary", "summary": summary, "format": FORMAT, "index": 1},
            {"type": "reasoning.encrypted", "data": DATA, "format": FORMAT, "index": 2}]


def _whole(content: str, details: list[dict[str, Any]]) -> str:
    return json.dumps({"id": "gen-1", "object": "chat.completion", "created": 1, "model": "anthropic/claude-sonnet-4",
                       "choices": [{"index": 0, "finish_reason": "stop", "message": {
                           "role": "assistant", "content": content, "reasoning_details": details}}],
                       "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})


def _stream(content: str, details: list[dict[str, Any]]) -> str:
    """The pieces as OpenRouter streams them: the signed text in two parts, its signature after."""
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "gen-1", "object": "chat.completion.chunk", "created": 1, "model": "anthropic/claude-sonnet-4",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    text = details[0]["text"]
    cut = len(text) // 2
    events: list[Any] = [
        chunk({"role": "assistant", "content": "", "reasoning_details": [
            {"type": "reasoning.text", "text": text[:cut], "format": FORMAT, "index": 0}]}),
        chunk({"reasoning_details": [{"type": "reasoning.text", "text": text[cut:], "format": FORMAT, "index": 0}]}),
        chunk({"reasoning_details": [{"type": "reasoning.text", "signature": SIG, "format": FORMAT, "index": 0}]}),
        chunk({"reasoning_details": [details[1]]}),
        chunk({"reasoning_details": [details[2]]}),
        chunk({"content": content}),
        chunk({}, "stop"),
        "[DONE]",
    ]
    return sse(*events)


def _ask(p: Proxy, stream: bool, extra: dict[str, Any] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """One chat turn through the openai SDK: the content and the reasoning pieces (an extra field) the client got,
    a stream's pieces joined by `index`."""
    messages: Any = [{"role": "user", "content": f"Refund the last order of {MAIL}."}]
    client = oai(p)
    if not stream:
        r = client.chat.completions.create(model="anthropic/claude-sonnet-4", messages=messages, extra_body=extra)
        msg = r.choices[0].message
        return msg.content or "", list((msg.model_extra or {}).get("reasoning_details") or [])
    pieces: dict[int, dict[str, Any]] = {}
    content = ""
    for c in client.chat.completions.create(model="anthropic/claude-sonnet-4", messages=messages, stream=True,
                                            extra_body=extra):
        for choice in c.choices:
            content += choice.delta.content or ""
            for piece in (choice.delta.model_extra or {}).get("reasoning_details") or []:
                have = pieces.setdefault(piece["index"], {})
                for k, v in piece.items():
                    have[k] = have.get(k, "") + v if k in ("text", "summary", "data", "signature") else v
    return content, [pieces[i] for i in sorted(pieces)]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_signed_text_reaches_the_client_as_signed(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """Nothing restored into the signed text; the summary and the content get the client's value back; the
    signature and the encrypted data come as the provider sent them."""
    thought, summary = "The customer is <EMAIL_ADDRESS_1>: refund it.", "Refunding <EMAIL_ADDRESS_1>."
    details = _details(thought, summary)
    if stream:
        mock.script(raw_sse=_stream("Done for <EMAIL_ADDRESS_1>.", details))
    else:
        mock.script(raw_body=_whole("Done for <EMAIL_ADDRESS_1>.", details))
    content, got = _ask(proxy, stream)
    assert content == f"Done for {MAIL}."
    assert got[0]["text"] == thought and got[0]["signature"] == SIG
    assert got[1]["summary"] == f"Refunding {MAIL}."
    assert got[2]["data"] == DATA


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_output_rules_read_the_reasoning_pieces(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """The pieces are reasoning the model wrote: the codename rule blocks the answer."""
    details = _details("Project Falcon is the plan.", "Planning.")
    if stream:
        mock.script(raw_sse=_stream("ok", details))
    else:
        mock.script(raw_body=_whole("ok", details))
    content, got = _ask(proxy, stream)
    assert "falcon" not in json.dumps(got).lower() and "falcon" not in content.lower()


def _resend(p: Proxy, thought: str, ask: str) -> Any:
    body = {"model": "anthropic/claude-sonnet-4", "messages": [
        {"role": "user", "content": ask},
        {"role": "assistant", "content": "Checking.", "reasoning_details": _details(thought, "Checking the order.")},
        {"role": "user", "content": "Go on."}]}
    return post_raw(p, "/v1/chat/completions", json.dumps(body))


def test_resent_signed_text_with_placeholders_goes_up_as_it_came(mock: Mock, proxy: Proxy) -> None:
    thought = "The customer is <EMAIL_ADDRESS_1>: refund it."
    mock.script(text="ok")
    r = _resend(proxy, thought, f"Refund the last order of {MAIL}.")
    assert r.status_code == 200
    sent = mock.last_body["messages"][1]["reasoning_details"]
    assert sent == _details(thought, "Checking the order.")  # signature, data, id, format, type as sent
    assert MAIL not in received(mock)


def test_resent_signed_text_with_a_value_is_refused(mock: Mock, proxy: Proxy) -> None:
    """Rewritten, the signature would not hold; sent, the value would leak: refused, as a thinking block is."""
    served = len(mock.state.requests)
    r = _resend(proxy, f"The customer is {MAIL}.", "Refund the last order.")
    assert r.status_code == 400 and "signed_text" in r.text
    assert len(mock.state.requests) == served


def test_resent_pieces_through_the_sdk(mock: Mock, proxy: Proxy) -> None:
    """The openai SDK sends the pieces as an extra field of the assistant message: the same."""
    thought = "The customer is <EMAIL_ADDRESS_1>: refund it."
    mock.script(text="ok")
    messages: Any = [{"role": "user", "content": f"Refund the last order of {MAIL}."},
                     {"role": "assistant", "content": "Checking.",
                      "reasoning_details": _details(thought, "Checking the order.")},
                     {"role": "user", "content": "Go on."}]
    oai(proxy).chat.completions.create(model="anthropic/claude-sonnet-4", messages=messages)
    assert mock.last_body["messages"][1]["reasoning_details"] == _details(thought, "Checking the order.")
    bad: Any = [*messages[:1], {**messages[1], "reasoning_details": _details(f"It is {MAIL}.", "x")}, messages[2]]
    with pytest.raises(openai.BadRequestError, match="signed_text"):
        oai(proxy).chat.completions.create(model="anthropic/claude-sonnet-4", messages=bad)


@pytest.fixture(scope="module")
def synth_proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SYNTH_POLICY})


def test_resent_signed_text_with_the_requests_own_fakes_goes_up_as_it_came(mock: Mock, synth_proxy: Proxy) -> None:
    ask = f"Refund the last order of {MAIL}."
    mock.script(text="ok")
    oai(synth_proxy).chat.completions.create(model="anthropic/claude-sonnet-4",
                                             messages=[{"role": "user", "content": ask}])
    fake = re.findall(r"\S+@example\.\w+", mock.last_body["messages"][0]["content"])[0]
    assert fake != MAIL
    thought = f"The customer is {fake}: refund it."
    r = _resend(synth_proxy, thought, ask)
    assert r.status_code == 200
    assert mock.last_body["messages"][1]["reasoning_details"][0]["text"] == thought
    assert MAIL not in received(mock)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_loop_asking_for_reasoning_gets_its_values_back(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """A chat request asking for reasoning (OpenRouter's `reasoning`) tags each placeholder with its value's own tag,
    as an Anthropic request with thinking does: the next turn, resending the signed text, names the client's value by
    the same token, so the answer naming it gets the value back, and the signed text goes up as it came."""
    client = oai(proxy)
    ask: Any = [{"role": "user", "content": f"Refund the last order of {MAIL}."}]
    extra = {"reasoning": {"max_tokens": 1024}}
    mock.script(text="ok")
    client.chat.completions.create(model="anthropic/claude-sonnet-4", messages=ask, extra_body=extra)
    tokens = re.findall(r"<EMAIL_ADDRESS_1_[a-z2-7]{8}>", mock.last_body["messages"][0]["content"])
    assert len(tokens) == 1
    token = tokens[0]
    thought = f"The customer is {token}: refund it."
    details = _details(thought, f"Refunding {token}.")
    if stream:
        mock.script(raw_sse=_stream(f"Checking {token}.", details))
    else:
        mock.script(raw_body=_whole(f"Checking {token}.", details))
    content, got = _ask(proxy, stream, extra)
    assert content == f"Checking {MAIL}." and got[0]["text"] == thought
    mock.script(raw_body=_whole(f"Refunded {token}.", _details("Done.", "Done.")))
    loop: Any = [*ask, {"role": "assistant", "content": content, "reasoning_details": got},
                 {"role": "user", "content": "Go on."}]
    done = client.chat.completions.create(model="anthropic/claude-sonnet-4", messages=loop, extra_body=extra)
    assert done.choices[0].message.content == f"Refunded {MAIL}."
    sent = mock.last_body["messages"]
    assert sent[1]["reasoning_details"][0]["text"] == thought and sent[1]["reasoning_details"][0]["signature"] == SIG
    assert token in sent[0]["content"] and token in sent[1]["content"]
    assert MAIL not in received(mock)


def test_resent_encrypted_data_and_signature_go_as_sent(mock: Mock, proxy: Proxy) -> None:
    """An encrypted piece's `data` and a piece's `signature` are the provider's payloads: long random base64 goes up
    byte for byte even where a text reading would find a card number between its `+` and `/`."""
    payload = "gAAAAABo8Zq3+4111111111111111/Xk9vTq2LmN8pR4sW7yZ1cB3dF6hJ0kM5nQ8tV2xA4eG7iL9oU1rY3wS6uH0jK2mP5q"
    details = [{"type": "reasoning.text", "text": "Checking the order.", "signature": payload, "format": FORMAT,
                "index": 0},
               {"type": "reasoning.encrypted", "data": payload, "format": "google-gemini-v1", "index": 1,
                "id": "tool_01"}]
    body = {"model": "google/gemini-2.5-pro", "messages": [
        {"role": "user", "content": "Refund the last order."},
        {"role": "assistant", "content": "Checking.", "reasoning_details": details},
        {"role": "user", "content": "Go on."}]}
    mock.script(text="ok")
    r = post_raw(proxy, "/v1/chat/completions", json.dumps(body))
    assert r.status_code == 200
    assert mock.last_body["messages"][1]["reasoning_details"] == details


def test_a_piece_field_not_of_its_shape_is_screened(mock: Mock, proxy: Proxy) -> None:
    """Exempt only while of its shape: a `data` that is a sentence is screened as any field."""
    details = [{"type": "reasoning.encrypted", "data": f"mail {MAIL} now", "index": 0}]
    body = {"model": "google/gemini-2.5-pro", "messages": [
        {"role": "user", "content": "Hi."}, {"role": "assistant", "content": "Hi.", "reasoning_details": details},
        {"role": "user", "content": "Go on."}]}
    mock.script(text="ok")
    r = post_raw(proxy, "/v1/chat/completions", json.dumps(body))
    assert r.status_code == 200 and MAIL not in received(mock)
