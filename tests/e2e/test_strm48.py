"""atk47 F02 (`proxy.guard.strm48`) end to end through the official OpenAI SDK, under the shipped default policy and
the codename rule on output: a Mistral/Magistral stream whose `delta.content[]` thinking parts (a list of text chunks,
or a string), a part's unknown key or a list nested in a part carry a codename, an e-mail, an SSN or a card split over
two chunks reaches the client blocked or redacted; a thinking part's bare SSN after the user's question is read with
the question, as the text part is. Quantities and ids go out as sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai, sse

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
RULE = '  patterns:\n    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
MODEL = "magistral-medium-latest"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY + RULE})


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


SHAPES: dict[str, Any] = {
    "thinking list": lambda s: {"type": "thinking", "thinking": [{"type": "text", "text": s}]},
    "thinking string": lambda s: {"type": "thinking", "thinking": s},
    "unknown key": lambda s: {"type": "text", "text": "", "x_note": s},
    "nested list": lambda s: {"type": "text", "text": "", "x_list": [{"type": "text", "text": s}]},
}


def _strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_strings(v) for v in value)
    if isinstance(value, dict):
        return "".join(_strings(v) for k, v in value.items() if k != "type")
    return ""


def stream(client: openai.OpenAI, mock: Mock, events: list[Any], question: str = "hi") -> tuple[str, list[str]]:
    """The parts' strings as the client joins them, and the finish reasons it saw."""
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": ""}), *events, chunk({}, "stop"), "[DONE]"))
    got, finishes = "", []
    for c in client.chat.completions.create(model=MODEL, stream=True,
                                            messages=[{"role": "user", "content": question}]):
        for choice in c.model_dump(warnings=False)["choices"]:
            content = (choice.get("delta") or {}).get("content")
            got += _strings(content)
            if choice.get("finish_reason"):
                finishes.append(choice["finish_reason"])
    return got, finishes


SPLITS = {
    "e-mail": (["Mail jane.doe@exa", "mple.com now. "], "jane.doe", "<EMAIL_ADDRESS_"),
    "ssn": (["SSN 536-90-", "4399 ok. "], "4399", "<US_SSN_"),
    "card": (["card 4111 1111 ", "1111 1111 ok. "], "1111 1111 ok", "<CREDIT_CARD_"),
}


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("shape", SHAPES)
def test_a_value_split_over_two_chunks_of_a_part_is_redacted(mock: Mock, guarded: Proxy, shape: str,
                                                             split: str) -> None:
    pieces, needle, placeholder = SPLITS[split]
    got, _ = stream(oai(guarded), mock, [chunk({"content": [SHAPES[shape](p)]}) for p in pieces])
    assert needle not in got and placeholder in got, got


@pytest.mark.parametrize("shape", SHAPES)
def test_a_codename_split_over_two_chunks_of_a_part_is_blocked(mock: Mock, guarded: Proxy, shape: str) -> None:
    got, finishes = stream(oai(guarded), mock, [chunk({"content": [SHAPES[shape](p)]})
                                                for p in ("We start project ", "falcon today. ")])
    assert "falcon" not in got, got
    assert finishes[-1:] == ["content_filter"], finishes


def test_a_thinking_parts_bare_ssn_is_read_with_the_question(mock: Mock, guarded: Proxy) -> None:
    events = [chunk({"content": [SHAPES["thinking list"]("536904399")]}),
              chunk({"content": [{"type": "text", "text": "536904399"}]})]
    got, _ = stream(oai(guarded), mock, events, question="What is Dana Kerr's SSN?")
    assert "536904399" not in got, got


LOOK_ALIKES = [
    ["We ship 4111 units ", "on 2 pallets today. "],
    ["Order 536-90 ", "was split in two. "],
    ["Price is 1111.50 ", "EUR per seat. "],
]


@pytest.mark.parametrize("pieces", LOOK_ALIKES)
def test_quantities_and_ids_in_thinking_go_out_as_sent(mock: Mock, guarded: Proxy, pieces: list[str]) -> None:
    got, finishes = stream(oai(guarded), mock, [chunk({"content": [SHAPES["thinking list"](p)]}) for p in pieces])
    assert got == "".join(pieces)
    assert finishes == ["stop"]


# ---------------------------------------------------------------- atk47 F07: recipients a tool call posts to
# Restore keeps the placeholders of a tool call that posts to a chat handle, a channel, a phone number or a chat id
# the model chose (chat and Anthropic, whole and streamed in 3-character pieces); a lookup by a handle is restored.

E = "<EMAIL_ADDRESS_1>"
POSTS = [("share", {"to": "@evil_handle", "text": E}), ("post_to_slack", {"channel": "#random", "note": E}),
         ("send_message", {"to": "@evil_handle", "text": E}), ("notify", {"target": "+12125550199", "say": E})]
LOOKUP = ("find_user", {"user": "@dana", "email": E})


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_call_posting_to_a_handle_channel_or_number_keeps_the_placeholder(mock: Mock, guarded: Proxy, api: str,
                                                                            stream: bool) -> None:
    from tests.e2e.test_scopes16 import MAIL, _anthropic, _chat
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for name, args in POSTS:
        mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=3)
        _, calls = ask(guarded, stream)
        assert MAIL not in json.dumps(mock.last_body)
        got = json.dumps(calls)
        assert MAIL not in got and E in got, name  # (a model's phone number is redacted by the output rule too)
    mock.script(tool_calls=[{"name": LOOKUP[0], "arguments": LOOKUP[1]}], chunk_chars=3)
    _, calls = ask(guarded, stream)
    assert calls == [{"user": "@dana", "email": MAIL}]
