"""The output side has no side doors, through the official SDKs against the mock provider: logprobs
follow what the client sees; reasoning, thinking, audio transcripts and refusals are screened like
the answer, plain and streamed; a stream stops everything at the violating sentence; answers the
proxy cannot read fail closed under output rules; a guarded stream's header says `pending`.

Assertions are on what the client received (every field, via the SDK objects dumped whole) and on
the decision record. The policy redacts e-mail addresses with a pattern and blocks toxicity with the
keyword scorer, so no model has to load.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.mock.anthropic import thinking_signature
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team as _post
from tests.support.clients import team_claude as ant
from tests.support.clients import team_oai as oai

EMAIL = "mara.lin@example.org"
SAID = f"Write to {EMAIL} today. Thanks a lot."
SAFE = "Thank you for your help with the report. "
TOXIC = "You are an idiot and a moron. "
AFTER = "The meeting moved to Thursday."
LEAKS = ("example.org", "EXAMPLE.ORG", "mara.lin", "MARA.LIN", "idiot", "IDIOT", "moron", "Thursday", "THURSDAY")

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  patterns:
    - {name: email, regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', action: redact}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
    "policies/watch.yaml": "name: watch\nextends: default\nmode: monitor\n",
    "policies/open.yaml": "name: open\n",
}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "watchers": {"policy": "watch"}, "open": {"policy": "open"}},
                         files=POLICIES)


def dump(objs: Any) -> str:
    """Everything the client got, every field (extra ones included)."""
    items = objs if isinstance(objs, list) else [objs]
    return json.dumps([o.model_dump(mode="json", warnings=False) if hasattr(o, "model_dump") else o for o in items])


def assert_nothing_leaked(got: str, *extra: str) -> None:
    for word in (*LEAKS, *extra):
        assert word not in got, f"{word!r} reached the client"


def spelled(entries: list[Any]) -> str:
    return "".join(e.token for e in entries)


def assert_consistent(tokens: str, text: str) -> None:
    """The tokens spell the start of what the client sees, and the start of what it sees only."""
    assert text.startswith(tokens), (tokens, text)


MSGS = [{"role": "user", "content": "hi"}]


# --------------------------------------------------------------------------------------------- logprobs

@pytest.mark.parametrize("stream", [False, True])
def test_chat_logprobs_never_spell_a_redacted_value(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=4, logprobs=True)
    raw = oai(guarded).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=MSGS, logprobs=True, top_logprobs=1, stream=stream)
    if stream:
        chunks = [c for c in raw.parse() if c.choices]
        text = "".join(c.choices[0].delta.content or "" for c in chunks)
        entries = [e for c in chunks if c.choices[0].logprobs for e in c.choices[0].logprobs.content or []]
        got = dump(chunks)
    else:
        answer = raw.parse()
        text = answer.choices[0].message.content or ""
        assert answer.choices[0].logprobs is not None
        entries = answer.choices[0].logprobs.content or []
        got = dump(answer)
    assert EMAIL not in text and text.startswith("Write to <") and text.endswith("today. Thanks a lot.")
    assert entries and spelled(entries).startswith("Write to"), "logprobs before the value are kept"
    assert_consistent(spelled(entries), text)
    assert len(spelled(entries)) <= text.index("<")  # nothing from the redacted value on
    assert all(top.token == e.token.upper() for e in entries for top in e.top_logprobs)
    assert_nothing_leaked(got)
    rec = guarded.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["decision"] == "redact"


@pytest.mark.parametrize("stream", [False, True])
def test_completions_logprobs_never_spell_a_redacted_value(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=4, logprobs=True)
    client = oai(guarded)
    if stream:
        chunks = [c for c in client.completions.create(model="gpt-4o-mini", prompt="hi", logprobs=1, stream=True)
                  if c.choices]
        text = "".join(c.choices[0].text for c in chunks)
        tokens = [t for c in chunks if c.choices[0].logprobs for t in c.choices[0].logprobs.tokens or []]
        got = dump(chunks)
    else:
        answer = client.completions.create(model="gpt-4o-mini", prompt="hi", logprobs=1)
        text = answer.choices[0].text
        lp = answer.choices[0].logprobs
        assert lp is not None and lp.tokens is not None and lp.token_logprobs is not None
        tokens = lp.tokens
        assert len(lp.token_logprobs) == len(lp.tokens) == len(lp.top_logprobs or []) == len(lp.text_offset or [])
        got = dump(answer)
    assert EMAIL not in text and "<" in text
    assert tokens and "".join(tokens).startswith("Write to")
    assert_consistent("".join(tokens), text)
    assert_nothing_leaked(got)


@pytest.mark.parametrize("stream", [False, True])
def test_responses_logprobs_never_spell_a_redacted_value(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=4, logprobs=True)
    client = oai(guarded)
    if stream:
        with client.responses.stream(model="gpt-4o-mini", input="hi", include=["message.output_text.logprobs"]) as s:
            events = list(s)
            final = s.get_final_response()
        deltas = [e for e in events if e.type == "response.output_text.delta"]
        streamed = [x for e in deltas for x in e.logprobs or []]
        assert_consistent(spelled(streamed), "".join(e.delta for e in deltas))
        got = dump([*events, final])
    else:
        final = client.responses.create(model="gpt-4o-mini", input="hi", include=["message.output_text.logprobs"])
        got = dump(final)
    part = final.output[0].content[0]  # type: ignore[union-attr]
    assert part.type == "output_text"
    assert EMAIL not in part.text and "<" in part.text
    assert part.logprobs and spelled(part.logprobs).startswith("Write to")
    assert_consistent(spelled(part.logprobs), part.text)
    assert_nothing_leaked(got)


def test_blocked_stream_sends_no_logprob_after_the_violating_sentence(mock: Mock, guarded: Proxy) -> None:
    mock.script(text=SAFE + TOXIC + AFTER, chunk_chars=5, logprobs=True)
    chunks = list(oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=MSGS, logprobs=True, top_logprobs=1, stream=True,
        stream_options={"include_usage": True}))
    with_choices = [c for c in chunks if c.choices]
    text = "".join(c.choices[0].delta.content or "" for c in with_choices)
    entries = [e for c in with_choices if c.choices[0].logprobs for e in c.choices[0].logprobs.content or []]
    assert text == SAFE
    assert [c.choices[0].finish_reason for c in with_choices if c.choices[0].finish_reason] == ["content_filter"]
    assert entries and SAFE.startswith(spelled(entries))
    ending = [c for c in with_choices if c.choices[0].finish_reason]
    assert ending[0].choices[0].logprobs is None  # the ending the proxy builds repeats no logprobs
    assert_nothing_leaked(dump(chunks))


# ------------------------------------------------------------------- reasoning and other answer texts

@pytest.mark.parametrize("stream", [False, True])
def test_chat_reasoning_audio_and_refusal_are_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    client = oai(guarded)
    # reasoning_content (OpenAI-compatible servers) and the audio transcript, with the answer
    mock.script(text="All done.", reasoning=f"The user is {EMAIL}. Answer briefly.", audio_transcript=SAID,
                chunk_chars=4)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    if stream:
        chunks = [c for c in raw.parse() if c.choices]
        reasoning = "".join(getattr(c.choices[0].delta, "reasoning_content", None) or "" for c in chunks)
        transcript = "".join((c.choices[0].delta.audio or {}).get("transcript", "")  # type: ignore[attr-defined]
                             if isinstance(getattr(c.choices[0].delta, "audio", None), dict)
                             else getattr(getattr(c.choices[0].delta, "audio", None), "transcript", None) or ""
                             for c in chunks)
        got = dump(chunks)
    else:
        message = raw.parse().choices[0].message
        reasoning = getattr(message, "reasoning_content", "")
        assert message.audio is not None
        transcript = message.audio.transcript
        got = dump(raw.parse())
    assert reasoning.startswith("The user is <") and reasoning.endswith("Answer briefly.")
    assert transcript.startswith("Write to <") and transcript.endswith("today. Thanks a lot.")
    assert_nothing_leaked(got)
    assert guarded.record_for(raw.headers["x-guardrail-request-id"])["decision"] == "redact"

    # a refusal, and toxic reasoning: blocked like the answer
    mock.script(refusal=f"I cannot mail {EMAIL}.", chunk_chars=4)
    if stream:
        chunks = [c for c in client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True)
                  if c.choices]
        refusal = "".join(c.choices[0].delta.refusal or "" for c in chunks)
        got = dump(chunks)
    else:
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
        refusal = answer.choices[0].message.refusal or ""
        got = dump(answer)
    assert refusal.startswith("I cannot mail <") and EMAIL not in got

    mock.script(text="Fine.", reasoning=SAFE + TOXIC + AFTER, chunk_chars=4)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    if stream:
        chunks = [c for c in raw.parse() if c.choices]
        reasoning = "".join(getattr(c.choices[0].delta, "reasoning_content", None) or "" for c in chunks)
        finish = [c.choices[0].finish_reason for c in chunks if c.choices[0].finish_reason]
        assert reasoning == SAFE
        assert "".join(c.choices[0].delta.content or "" for c in chunks) == "", "nothing after the violation"
        got = dump(chunks)
    else:
        answer = raw.parse()
        finish = [answer.choices[0].finish_reason]
        assert answer.choices[0].message.content == "", "nothing after the violation"
        got = dump(answer)
    assert finish == ["content_filter"]
    assert_nothing_leaked(got)
    rec = guarded.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["decision"] == "block" and any(c["check"] == "toxicity" and c["action"] == "block"
                                              for c in rec["checks"])


@pytest.mark.parametrize("stream", [False, True])
def test_responses_reasoning_summary_is_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    client = oai(guarded)
    mock.script(text="Done.", reasoning=f"Mail {EMAIL} first. Then answer.", chunk_chars=4)
    if stream:
        with client.responses.stream(model="gpt-4o-mini", input="hi") as s:
            events = list(s)
            final = s.get_final_response()
        streamed = "".join(e.delta for e in events if e.type == "response.reasoning_summary_text.delta")
        assert streamed.startswith("Mail <") and streamed.endswith("Then answer.")
        got = dump([*events, final])
    else:
        final = client.responses.create(model="gpt-4o-mini", input="hi")
        got = dump(final)
    summary = final.output[0].summary[0].text  # type: ignore[union-attr]
    assert summary.startswith("Mail <") and summary.endswith("Then answer.")
    assert_nothing_leaked(got)

    mock.script(text="Done.", reasoning=SAFE + TOXIC + AFTER, chunk_chars=4)
    if stream:
        with client.responses.stream(model="gpt-4o-mini", input="hi") as s:
            events = list(s)
        kinds = [e.type for e in events]
        assert kinds[-1] == "response.incomplete" and "response.output_text.delta" not in kinds
        assert "".join(e.delta for e in events if e.type == "response.reasoning_summary_text.delta") == SAFE
        got = dump(events)
    else:
        final = client.responses.create(model="gpt-4o-mini", input="hi")
        assert final.status == "incomplete" and final.incomplete_details is not None
        assert final.incomplete_details.reason == "content_filter"
        got = dump(final)
    assert_nothing_leaked(got)


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_thinking_is_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    client = ant(guarded)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 300, "messages": MSGS}
    mock.script(text="Done.", reasoning=f"The user is {EMAIL}. Be brief.", chunk_chars=4)
    if stream:
        with client.messages.stream(**kwargs) as s:
            events = list(s)
            final = s.get_final_message()
        got = dump([*events, final])
    else:
        final = client.messages.create(**kwargs)
        got = dump(final)
    thinking = final.content[0]
    assert thinking.type == "thinking" and thinking.signature == thinking_signature(f"The user is {EMAIL}. Be brief.")
    assert thinking.thinking.startswith("The user is <") and thinking.thinking.endswith("Be brief.")
    assert_nothing_leaked(got)

    mock.script(text="Done.", reasoning=SAFE + TOXIC + AFTER, chunk_chars=4)
    if stream:
        with client.messages.stream(**kwargs) as s:
            events = list(s)
            final = s.get_final_message()
        assert final.content[0].type == "thinking" and final.content[0].thinking == SAFE
        got = dump([*events, final])
    else:
        final = client.messages.create(**kwargs)
        got = dump(final)
    assert final.stop_reason == "refusal"
    assert not any(b.type == "text" and b.text for b in final.content), "nothing after the violation"
    assert_nothing_leaked(got)


# ------------------------------------------------------------------------------- unreadable answers

UNREADABLE = [("not json at all", "application/json"), ('{"choices": []}', "text/plain"),
              ("[1, 2]", "application/json")]


@pytest.mark.parametrize(("body", "ctype"), UNREADABLE)
def test_unreadable_answers_fail_closed_under_output_rules(mock: Mock, guarded: Proxy, body: str, ctype: str) -> None:
    mock.script(raw_body=body, content_type=ctype)
    with pytest.raises(openai.APIStatusError) as exc:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    assert exc.value.status_code == 502
    assert exc.value.body["code"] == "upstream_unreadable"  # type: ignore[index]
    assert exc.value.body["type"] == "api_error"  # type: ignore[index]
    rec = guarded.record_for(exc.value.response.headers["x-guardrail-request-id"])
    assert rec["status"] == 502 and rec["error"] == "upstream_unreadable" and rec["decision"] == "block"
    assert {"phase": "output", "check": "readable", "action": "block",
            "findings": {"unreadable_body": 1}} in rec["checks"]

    mock.script(raw_body=body, content_type=ctype)
    with pytest.raises(anthropic.APIStatusError) as aexc:
        ant(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=MSGS)
    assert aexc.value.status_code == 502
    assert aexc.value.body == {"type": "error", "error": {"type": "api_error", "message": aexc.value.body["error"][  # type: ignore[index]
        "message"]}}

    # without output rules it passes as before; in monitor mode it passes and is recorded
    for team in ("open", "watchers"):
        mock.script(raw_body=body, content_type=ctype)
        r = _post(guarded, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS}, team)
        assert r.status_code == 200 and r.text == body
    rec = guarded.record_for(r.headers["x-guardrail-request-id"])
    assert rec["decision"] == "flag" and {"phase": "output", "check": "readable", "action": "flag",
                                          "findings": {"unreadable_body": 1}} in rec["checks"]


def _sse(*events: Any) -> str:
    return "".join(f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events)


CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}


def test_unreadable_stream_events_fail_closed(mock: Mock, guarded: Proxy) -> None:
    client = oai(guarded)
    # unreadable before anything went out: a 502
    mock.script(raw_sse=_sse({"surprise": {"content": "mara"}}, "[DONE]"))
    with pytest.raises(openai.APIStatusError) as exc:
        list(client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True))
    assert exc.value.status_code == 502 and exc.value.body["code"] == "upstream_unreadable"  # type: ignore[index]
    rec = guarded.record_for(exc.value.response.headers["x-guardrail-request-id"])
    assert rec["status"] == 502 and rec["error"] == "upstream_unreadable"

    # unreadable mid-stream: an error event ends it, nothing of the unreadable event reaches the client
    hello = {**CHUNK, "choices": [{"index": 0, "delta": {"content": "Hello there. "}, "finish_reason": None}]}
    first = _sse(hello)  # sent alone: the client has it before the unreadable event comes
    mock.script(raw_sse=first + _sse("not json " + EMAIL, hello, "[DONE]"), chunk_chars=len(first),
                chunk_delay_ms=150)
    got: list[Any] = []
    with pytest.raises(openai.APIError) as err:
        for c in client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True):
            got.append(c)
    assert "could not be read" in str(err.value.message)
    assert "".join(c.choices[0].delta.content or "" for c in got if c.choices) == "Hello there. "
    assert_nothing_leaked(dump(got))

    # Anthropic: an unknown delta type mid-stream
    start = {"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant", "content": [],
                                                  "model": "claude-3-5-haiku-latest", "stop_reason": None,
                                                  "stop_sequence": None, "usage": {"input_tokens": 3,
                                                                                   "output_tokens": 1}}}
    block = {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
    odd = {"type": "content_block_delta", "index": 0, "delta": {"type": "novel_delta", "words": EMAIL}}
    mock.script(raw_sse="".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in (start, block, odd)))
    with pytest.raises(anthropic.APIError), ant(guarded).messages.stream(
            model="claude-3-5-haiku-latest", max_tokens=10, messages=MSGS) as s:
        list(s)

    # without output rules the stream is relayed as it came
    mock.script(raw_sse=_sse(hello, "not json", "[DONE]"))
    r = _post(guarded, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS, "stream": True}, "open")
    assert r.status_code == 200 and "not json" in r.text
    assert r.headers["x-guardrail-decision"] == "allow"


# ------------------------------------------------------------------------------------- the header

def test_guarded_stream_header_says_pending_and_the_record_decides(mock: Mock, guarded: Proxy) -> None:
    mock.script(text=SAFE + TOXIC, chunk_chars=6)
    raw = oai(guarded).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=True)
    assert raw.headers["x-guardrail-decision"] == "pending"
    list(raw.parse())
    assert guarded.record_for(raw.headers["x-guardrail-request-id"])["decision"] == "block"

    mock.script(text="Plain words.")
    araw = ant(guarded).messages.with_raw_response.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                                          messages=MSGS, stream=True)
    assert araw.headers["x-guardrail-decision"] == "pending"
    list(araw.parse())

    raw = oai(guarded, "open").chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS,
                                                                         stream=True)
    assert raw.headers["x-guardrail-decision"] == "allow"  # no output rules: nothing left to decide
    list(raw.parse())
    plain = oai(guarded).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    assert plain.headers["x-guardrail-decision"] == "allow"  # a whole answer: decided before the head
