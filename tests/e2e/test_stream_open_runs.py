"""A value or a codename a stream window cut inside a construct the checks read only whole, through the official
SDKs (issue 12, stream joins).

The view reads a phone number spelled as digit words after a label (`call six one seven, five five five, ...`), as
CJK numerals (`六一七 五五五 〇一四三`) or as Korean digit words after a phone word (`전화 육일칠 오오오 공일사삼`) only
as a whole run; the second reading lays out an inline LaTeX math span (`$\\text{we start project} \\text{falcon}$`)
and an element shown right to left (`<bdo dir="rtl">noclaf tcejorp</bdo>`) only once it is closed. A stream window
ended inside such a run or span (at a sentence end, `六一七. `, or past the hold, after a word): each window read
alone, the value went out raw, the codename unblocked, the record `allow`. Now the window waits while such a run or
span is open at its end (a run `OPEN_HOLD` (256) characters back at most, a span as far back as the view reads one,
`RENDERED_HOLD`: tests/e2e/test_stream_open_runs_far.py): the stream agrees with the whole answer.

The mock serves the chunks verbatim (chat `delta.content`, Anthropic `text_delta`); the clients are the official SDKs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, claude, oai, sse

# The structured contact types redacted on output, nothing else: windows cut as soon as no value can cross.
PII_ONLY = {"policies/default.yaml": """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
"""}

FILL = "Some filler words here to pass the hold " * 6  # past `hold_chars` (200): a window may end after a word
ZH = "这是一个很长的句子用来填充窗口的内容" * 12

# name -> (chunks, raw pieces that must not reach the client)
NUMBERS: dict[str, tuple[list[str], list[str]]] = {
    "digit-words-sentences": (["Call six one seven. ", "five five five. zero one four three. Thanks."],
                              ["six", "five five", "four three"]),
    "digit-words-long": ([FILL + "call six one seven five five five", " zero one four three now. Thanks."],
                         ["six one", "five five", "four three"]),
    "cjk-numerals-sentences": (["電話 六一七. ", "五五五. 〇一四三 です。"], ["六一", "五五", "四三"]),
    "cjk-numerals-long": ([FILL + "電話 六一七 五五五", " 〇一四三 です。"], ["六一", "五五", "四三"]),
    "chinese-numerals": ([ZH + "我的电话是六一七 五五五", " 〇一四三谢谢。"], ["六一七", "〇一四三"]),
    "korean-digit-words-sentences": (["전화 육일칠. ", "오오오. 공일사삼 입니다."], ["육일", "오오", "사삼"]),
    "korean-digit-words-long": ([FILL + "전화 육일칠", " 오오오 공일사삼 입니다."], ["육일", "오오", "사삼"]),
    "bdo-email": (["<bdo dir=\"rtl\">" + "drow " * 45 + " moc.elpmaxe@", "eod.enaj liaM</bdo> ok. "],
                  ["elpmaxe", "eod.enaj"]),
}
CODENAMES: dict[str, list[str]] = {
    "latex-codename": [FILL + "$\\text{we start project} \\text{falcon", " now}$ ok. "],
    "bdo-codename": ["<bdo dir=\"rtl\">" + "drow " * 45 + " noclaf ", "tcejorp trats eW</bdo> ok. "],
}
MODEL = "claude-3-5-sonnet-20241022"


@pytest.fixture(scope="module")
def values(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=PII_ONLY)


@pytest.fixture(scope="module")
def codenames(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def chat(mock: Mock, p: Proxy, chunks: list[str]) -> tuple[str, str | None, str]:
    """The text the client joined, its finish reason and the request's id (chat completions, streamed)."""
    deltas = [_chunk({"role": "assistant", "content": chunks[0]}), *(_chunk({"content": c}) for c in chunks[1:])]
    mock.script(raw_sse=sse(*deltas, _chunk({}, "stop"), "[DONE]"))
    raw = oai(p).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True)
    text, finish = "", None
    for chunk in raw.parse():
        for c in chunk.choices:
            text += c.delta.content or ""
            finish = c.finish_reason or finish
    return text, finish, raw.headers["x-guardrail-request-id"]


def chat_whole(mock: Mock, p: Proxy, text: str) -> tuple[str, str | None, str]:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop",
                         "logprobs": None}], "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}
    mock.script(raw_body=json.dumps(body))
    raw = oai(p).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    whole = raw.parse()
    return whole.choices[0].message.content or "", whole.choices[0].finish_reason, raw.headers["x-guardrail-request-id"]


def messages(mock: Mock, p: Proxy, chunks: list[str]) -> tuple[str, str | None, str]:
    """The text the client joined, its stop reason and the request's id (Anthropic messages, streamed)."""
    events = [{"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None,
        "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        *({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": c}} for c in chunks),
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with claude(p).messages.stream(model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}]) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
        request_id = s.response.headers["x-guardrail-request-id"]
    return text, final.stop_reason, request_id


@pytest.mark.parametrize("case", list(NUMBERS))
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_number_spelled_across_chunks_is_read_whole(mock: Mock, values: Proxy, case: str, api: str) -> None:
    chunks, raws = NUMBERS[case]
    text, finish, request_id = (chat if api == "chat" else messages)(mock, values, chunks)
    for raw in raws:
        assert raw not in text, (raw, text)
    assert values.record_for(request_id)["decision"] == "redact"
    assert finish == ("stop" if api == "chat" else "end_turn")
    assert "_ADDRESS_1>" in text if case == "bdo-email" else "<PHONE_NUMBER_1>" in text, text
    if api == "chat":  # the whole answer decides the same
        whole, _, whole_id = chat_whole(mock, values, "".join(chunks))
        assert not any(raw in whole for raw in raws), whole
        assert values.record_for(whole_id)["decision"] == "redact"


@pytest.mark.parametrize("case", list(CODENAMES))
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_codename_across_chunks_in_markup_blocks(mock: Mock, codenames: Proxy, case: str, api: str) -> None:
    chunks = CODENAMES[case]
    text, finish, request_id = (chat if api == "chat" else messages)(mock, codenames, chunks)
    assert "falcon" not in text and "noclaf" not in text, text
    assert finish == ("content_filter" if api == "chat" else "refusal")
    assert codenames.record_for(request_id)["decision"] == "block"
    if api == "chat":
        _, whole_finish, whole_id = chat_whole(mock, codenames, "".join(chunks))
        assert whole_finish == "content_filter"
        assert codenames.record_for(whole_id)["decision"] == "block"


def test_ordinary_dollar_amounts_and_numerals_are_not_held_to_the_end(mock: Mock, values: Proxy) -> None:
    """Money (`$5`), a closed math span and a short CJK count are no open run: the first sentence goes out before
    the stream's last chunk is read (what the client gets in its first chunks)."""
    chunks = ["It costs $5 and $10 today, see $x^2$ too. ", "我有一本书。\n", "Next one. ", "Done."]
    deltas = [_chunk({"role": "assistant", "content": chunks[0]}), *(_chunk({"content": c}) for c in chunks[1:])]
    mock.script(raw_sse=sse(*deltas, _chunk({}, "stop"), "[DONE]"))
    raw = oai(values).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True)
    pieces = [c.delta.content for chunk in raw.parse() for c in chunk.choices if c.delta.content]
    assert "".join(pieces) == "".join(chunks)
    assert len(pieces) >= 3, pieces  # released sentence by sentence, not all at the end
