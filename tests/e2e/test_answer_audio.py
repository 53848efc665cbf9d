"""Audio on output (issue 12, "No side doors"): an answer's audio speaks its words, so a block takes it too.

Plain: a chat answer blocked by an output `patterns:` rule (in `content`, its transcript withheld after it)
kept `message.audio.data`. Streamed: `delta.audio.data` went out as it came, before the transcript it speaks
was screened. Now, under output rules, a blocked choice's audio is emptied, and streamed audio pieces are held
until the choice's text is screened: they go out, each as it came and in order, before the event that ends
the choice, or never if the answer is blocked. Through the official SDK against the mock provider (crafted
bodies and streams served verbatim); assertions on what the client received.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
""",
}
BLOCKED = "The project falcon launch is Monday."
PIECES = ["QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", "WVhXVlVUU1JRUE9OTUxLSklIR0ZFRENCQQ==", "UklGRgAAAABXQVZF"]
MSGS = [{"role": "user", "content": "say it"}]
MODEL = "gpt-4o-audio-preview"


@pytest.fixture(scope="module")
def voiced(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=POLICIES)


def _answer(message: dict[str, Any]) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": MODEL,
                       "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop",
                                    "logprobs": None}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def _audio(transcript: str, data: str = PIECES[0]) -> dict[str, Any]:
    return {"id": "audio_1", "data": data, "expires_at": 1, "transcript": transcript}


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    return "data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": MODEL,
                                  "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"


def _stream(*deltas: dict[str, Any]) -> str:
    return "".join(_chunk(d) for d in deltas) + _chunk({}, "stop") + "data: [DONE]\n\n"


def _received(p: Proxy) -> tuple[list[Any], str]:
    """The streamed chunks the client got (SDK objects), and all of them dumped."""
    chunks = list(oai(p).chat.completions.create(model=MODEL, messages=MSGS,  # type: ignore[arg-type]
                                                 modalities=["text", "audio"],
                                                 audio={"voice": "alloy", "format": "pcm16"}, stream=True))
    return chunks, json.dumps([c.model_dump() for c in chunks])


def _spoken(choice: Any) -> dict[str, Any]:
    """A streamed choice's `delta.audio` as a dict (an SDK type or an extra field, by SDK version)."""
    audio = choice.delta.model_dump().get("audio")
    return audio if isinstance(audio, dict) else {}


def _audio_of(chunks: list[Any]) -> tuple[list[str], str]:
    data, transcript = [], ""
    for c in chunks:
        for choice in c.choices:
            audio = _spoken(choice)
            if audio.get("data"):
                data.append(audio["data"])
            transcript += audio.get("transcript") or ""
    return data, transcript


def _finish(chunks: list[Any]) -> list[str]:
    return [ch.finish_reason for c in chunks for ch in c.choices if ch.finish_reason]


def test_a_blocked_answer_keeps_no_audio(mock: Mock, voiced: Proxy) -> None:
    client = oai(voiced)
    # The content blocks; the transcript after it is withheld; the audio (the same words, spoken) goes with it.
    mock.script(raw_body=_answer({"content": BLOCKED, "audio": _audio("secret plan details")}))
    got = client.chat.completions.create(model=MODEL, messages=MSGS)  # type: ignore[arg-type]
    assert got.choices[0].finish_reason == "content_filter"
    dumped = got.model_dump_json()
    assert PIECES[0] not in dumped and "secret plan" not in dumped and "falcon" not in dumped, dumped
    # The transcript itself blocks.
    mock.script(raw_body=_answer({"content": None, "audio": _audio("Hello. " + BLOCKED)}))
    dumped = client.chat.completions.create(model=MODEL, messages=MSGS).model_dump_json()  # type: ignore[arg-type]
    assert PIECES[0] not in dumped and "falcon" not in dumped, dumped
    # Allowed: the audio arrives whole, with its transcript.
    mock.script(raw_body=_answer({"content": None, "audio": _audio("Hello there. All good.")}))
    got = client.chat.completions.create(model=MODEL, messages=MSGS)  # type: ignore[arg-type]
    assert got.choices[0].finish_reason == "stop" and got.choices[0].message.audio is not None
    assert got.choices[0].message.audio.data == PIECES[0]
    assert got.choices[0].message.audio.transcript == "Hello there. All good."


@pytest.mark.parametrize("order", ["data first", "data between the transcript's halves"])
def test_streamed_audio_waits_for_its_transcript(mock: Mock, voiced: Proxy, order: str) -> None:
    spoken = [{"audio": {"data": PIECES[0]}}, {"audio": {"data": PIECES[1]}}]
    if order == "data first":
        deltas = [*spoken, {"audio": {"transcript": BLOCKED + " More words."}}]
    else:  # the first half is held (no whole sentence yet) while the audio arrives
        deltas = [{"audio": {"transcript": "The project "}}, *spoken, {"audio": {"transcript": "falcon launch."}}]
    mock.script(raw_sse=_stream({"role": "assistant", "audio": {"id": "audio_1", "expires_at": 1}}, *deltas))
    chunks, dumped = _received(voiced)
    assert _finish(chunks) == ["content_filter"]
    assert not any(p in dumped for p in PIECES) and "falcon" not in dumped, dumped


def test_streamed_audio_allowed_arrives_whole_and_in_order(mock: Mock, voiced: Proxy) -> None:
    mock.script(raw_sse=_stream({"role": "assistant", "audio": {"id": "audio_1", "data": PIECES[0]}},
                                {"audio": {"transcript": "Hello there. "}}, {"audio": {"data": PIECES[1]}},
                                {"audio": {"transcript": "All good."}}, {"audio": {"data": PIECES[2]}}))
    chunks, dumped = _received(voiced)
    data, transcript = _audio_of(chunks)
    assert data == PIECES and transcript == "Hello there. All good." and _finish(chunks) == ["stop"], dumped
    # Nothing of it after the choice's end.
    ends = [n for n, c in enumerate(chunks) if any(ch.finish_reason for ch in c.choices)]
    last_data = max(n for n, c in enumerate(chunks) for ch in c.choices if _spoken(ch).get("data"))
    assert last_data < ends[0]
    # And while a block was pending: the data first, then a transcript that blocks, only later in the answer.
    mock.script(raw_sse=_stream({"role": "assistant", "audio": {"id": "audio_1", "data": PIECES[0]}},
                                {"audio": {"transcript": "Hello there. "}}, {"content": BLOCKED}))
    chunks, dumped = _received(voiced)
    assert _finish(chunks) == ["content_filter"] and PIECES[0] not in dumped, dumped


def _responses_stream(*events: dict[str, Any]) -> str:
    created = {"type": "response.created", "sequence_number": 0,
               "response": {"id": "r", "object": "response", "created_at": 1, "status": "in_progress",
                            "model": MODEL, "output": []}}
    done = {"type": "response.completed", "sequence_number": 99,
            "response": {**created["response"], "status": "completed",  # type: ignore[dict-item]
                         "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}}
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in (created, *events, done))


def _audio_delta(n: int, piece: str) -> dict[str, Any]:
    return {"type": "response.audio.delta", "sequence_number": n, "delta": piece}


def _transcript(n: int, text: str, done: bool = False) -> dict[str, Any]:
    if done:
        return {"type": "response.audio.transcript.done", "sequence_number": n}
    return {"type": "response.audio.transcript.delta", "sequence_number": n, "delta": text}


def test_responses_streamed_audio_waits_for_its_transcript(mock: Mock, voiced: Proxy) -> None:
    mock.script(raw_sse=_responses_stream(_audio_delta(1, PIECES[0]), _transcript(2, "The project "),
                                          _audio_delta(3, PIECES[1]), _transcript(4, "falcon launch."),
                                          _transcript(5, "", done=True)))
    with httpx.stream("POST", f"{voiced.url}/v1/responses", json={"model": MODEL, "input": "hi", "stream": True},
                      headers={"Authorization": "Bearer sk-x"}, timeout=30) as r:
        got = r.read().decode()
    assert not any(p in got for p in PIECES) and "falcon" not in got, got
    # Allowed: every piece, in order, before the answer's end.
    mock.script(raw_sse=_responses_stream(_audio_delta(1, PIECES[0]), _transcript(2, "Hello there. "),
                                          _audio_delta(3, PIECES[1]), _transcript(4, "All good."),
                                          _audio_delta(5, PIECES[2]), _transcript(6, "", done=True)))
    with httpx.stream("POST", f"{voiced.url}/v1/responses", json={"model": MODEL, "input": "hi", "stream": True},
                      headers={"Authorization": "Bearer sk-x"}, timeout=30) as r:
        got = r.read().decode()
    at = [got.find(p) for p in PIECES]
    assert -1 not in at and at == sorted(at) and at[-1] < got.find("response.completed"), got
    assert "Hello there. " in got and "All good." in got
