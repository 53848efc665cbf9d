"""Issue 12, atk30 F7: a streamed answer's fields scored each on its own (`proxy.stream.glue31`).

A toxic last sentence of one block / part / field without an end mark was scored glued to the next field's first word
(`You are an idiot` + `Here is the summary.` read `You are an idiotHere is the summary.`), so the stream relayed it
while the same answer whole was blocked: Anthropic thinking then text blocks and two text blocks, Responses reasoning
summary then message and two `output_text` parts, chat `reasoning_content` then `content` and `content` then `refusal`.
Each case runs through the real pump and rewriter (event by event), and its whole answer through `screen_answer`:
the two decisions must be the same, for the toxic texts and for PII-free look-alikes. Scorers: the deterministic
keyword scorer, and the detoxify path on the tiny test checkpoint (`tests/support/toxmodel.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.guard.windows import sentence_spans
from proxy.nlp.toxicity import DetoxifyScorer, KeywordScorer
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, Usage
from proxy.stream.glue31 import field_reads
from tests.support.stream_pump import data_of, drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "toxicity": {"action": "block", "thresholds": {"toxicity": 0.8, "insult": 0.8, "threat": 0.6},
                 "stream_hold": "sentence"}}}


# ------------------------------------------------------------------------------------------------------ pure

def test_a_windows_fields_add_their_own_sentences() -> None:
    pieces = [("block:0", "You are an idiot"), ("block:1", "Here is the summary.")]
    starts, reads = field_reads(pieces, [0], ["You are an idiotHere is the summary."], sentence_spans)
    assert reads == ["You are an idiotHere is the summary.", "You are an idiot", "Here is the summary."]
    assert starts == [0, 0, 16]


def test_one_fields_pieces_are_read_joined_and_nothing_is_read_twice() -> None:
    pieces = [("content", "You are an "), ("args", '{"q": 1}'), ("content", "idiot. Fine.")]
    starts, reads = field_reads(pieces, [0], ['You are an {"q": 1}idiot. '], sentence_spans)
    assert "You are an idiot. " in reads and reads.count("Fine.") == 1
    assert starts[reads.index("You are an idiot. ")] == 0
    assert starts[reads.index("Fine.")] == len('You are an {"q": 1}idiot. ')
    one = [("content", "You are an "), ("content", "idiot")]  # one field: nothing added
    assert field_reads(one, [0], ["You are an idiot"], sentence_spans) == ([0], ["You are an idiot"])


# ------------------------------------------------------------------------------------------------------ streams

def _anthropic(first: str, second: str, thinking: bool) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}
    kind0 = ("thinking", "thinking_delta", "thinking") if thinking else ("text", "text_delta", "text")
    events: list[dict[str, Any]] = [{"type": "message_start", "message": msg}]
    block0: dict[str, Any] = {"type": kind0[0], kind0[2]: ""}
    if thinking:
        block0["signature"] = ""
    events.append({"type": "content_block_start", "index": 0, "content_block": block0})
    half = len(first) // 2  # one block's text in two deltas: still read joined
    for piece in (first[:half], first[half:]):
        events.append({"type": "content_block_delta", "index": 0, "delta": {"type": kind0[1], kind0[2]: piece}})
    if thinking:
        events.append({"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta",
                                                                             "signature": "sig"}})
    events += [{"type": "content_block_stop", "index": 0},
               {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
               {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": second}},
               {"type": "content_block_stop", "index": 1},
               {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 9}},
               {"type": "message_stop"}]
    whole0 = {"type": "thinking", "thinking": first, "signature": "sig"} if thinking else {"type": "text",
                                                                                          "text": first}
    body = {**msg, "content": [whole0, {"type": "text", "text": second}], "stop_reason": "end_turn"}
    return events, body


def _responses(first: str, second: str, reasoning: bool) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    resp = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m",
            "output": []}
    events: list[dict[str, Any]] = [{"type": "response.created", "response": resp}]
    msg_index = 1 if reasoning else 0
    output: list[dict[str, Any]] = []
    if reasoning:
        summary = {"type": "summary_text", "text": first}
        where = {"item_id": "rs_1", "output_index": 0, "summary_index": 0}
        item = {"type": "reasoning", "id": "rs_1", "summary": []}
        events += [{"type": "response.output_item.added", "output_index": 0, "item": item},
                   {"type": "response.reasoning_summary_part.added", **where,
                    "part": {"type": "summary_text", "text": ""}},
                   {"type": "response.reasoning_summary_text.delta", **where, "delta": first},
                   {"type": "response.reasoning_summary_text.done", **where, "text": first},
                   {"type": "response.reasoning_summary_part.done", **where, "part": summary},
                   {"type": "response.output_item.done", "output_index": 0, "item": {**item, "summary": [summary]}}]
        output.append({**item, "summary": [summary]})
        texts = [second]
    else:
        texts = [first, second]
    parts = [{"type": "output_text", "text": t, "annotations": []} for t in texts]
    message = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant", "content": parts}
    events.append({"type": "response.output_item.added", "output_index": msg_index,
                   "item": {**message, "status": "in_progress", "content": []}})
    for i, t in enumerate(texts):
        where = {"item_id": "msg_1", "output_index": msg_index, "content_index": i}
        events += [{"type": "response.content_part.added", **where,
                    "part": {"type": "output_text", "text": "", "annotations": []}},
                   {"type": "response.output_text.delta", **where, "delta": t, "logprobs": []},
                   {"type": "response.output_text.done", **where, "text": t, "logprobs": []},
                   {"type": "response.content_part.done", **where, "part": parts[i]}]
    events.append({"type": "response.output_item.done", "output_index": msg_index, "item": message})
    output.append(message)
    done = {**resp, "status": "completed", "output": output}
    events.append({"type": "response.completed", "response": done})
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return events, done


def _chat(first: str, second: str, fields: tuple[str, str]) -> tuple[list[Any], dict[str, Any]]:
    def chunk(delta: dict[str, Any], fin: str | None = None) -> dict[str, Any]:
        return {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": delta, "finish_reason": fin}]}

    events: list[Any] = [chunk({"role": "assistant", fields[0]: first}), chunk({fields[1]: second}),
                         chunk({}, "stop"), "[DONE]"]
    body = {"id": "c1", "object": "chat.completion", "created": 1, "model": "m", "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", fields[0]: first, fields[1]: second}}]}
    return events, body


SHAPES = {
    "anthropic thinking+text": (MESSAGES, lambda a, b: _anthropic(a, b, True)),
    "anthropic text+text": (MESSAGES, lambda a, b: _anthropic(a, b, False)),
    "responses summary+message": (RESPONSES, lambda a, b: _responses(a, b, True)),
    "responses two parts": (RESPONSES, lambda a, b: _responses(a, b, False)),
    "chat reasoning_content+content": (CHAT, lambda a, b: _chat(a, b, ("reasoning_content", "content"))),
    "chat content+refusal": (CHAT, lambda a, b: _chat(a, b, ("content", "refusal"))),
}


async def _decisions(guard: Guard, shape: str, first: str, second: str,
                     doc: dict[str, Any] = POLICY) -> tuple[bool, bool, bytes]:
    """(whole answer blocked, stream blocked, what the stream's client got)."""
    kind, build = SHAPES[shape]
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    events, body = build(first, second)
    policy = Policy.model_validate(doc)
    whole = await screen_answer(guard, policy, adapter.response_texts(kind, body), None)
    pump, _ = make_pump(kind, adapter, guard.output_stream(policy), usage=Usage())
    out = await drive(pump, sse_stream(kind, events))
    return bool(whole.blocked), pump.stopped, out


def _shown(out: bytes) -> str:
    """The texts the client got, joined in order (a field's deltas run on)."""
    got: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key in ("text", "thinking", "delta", "content", "refusal",
                                                      "reasoning_content"):
                    got.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data_of(out))
    return "".join(got)


@pytest.fixture(scope="module")
def kw() -> Guard:
    return Guard(scorer=KeywordScorer(), stream_hold_chars=60)


# Tuned on `You are an idiot` | `Here is ...`; the rest held out (other insults and threats, other next words).
TOXIC = [("You are an idiot", "Here is the summary you asked for."),
         ("Honestly, you are a moron", "More below."),
         ("I will kill you", "Anyway, the answer is 42."),
         ("What a stupid idiot", "Sure thing.")]
# PII-free look-alikes: an unterminated last sentence that is not toxic; a word of the next field that is.
CLEAN = [("You are an ideal candidate", "Here is the summary you asked for."),
         ("Thanks for waiting", "Kill the process with SIGTERM first."),
         ("Let me check the bug report title", "Shut down the old server first."),
         ("The build is green", "Deploy to staging now.")]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("pair", TOXIC, ids=[a for a, _ in TOXIC])
async def test_a_fields_unterminated_toxic_tail_is_withheld_streamed(kw: Guard, shape: str,
                                                                     pair: tuple[str, str]) -> None:
    whole, streamed, out = await _decisions(kw, shape, *pair)
    assert whole and streamed, (shape, whole, streamed)
    word = pair[0].split()[-1].encode()
    assert word not in out, out


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("pair", CLEAN, ids=[a for a, _ in CLEAN])
async def test_ordinary_fields_stream_as_sent(kw: Guard, shape: str, pair: tuple[str, str]) -> None:
    whole, streamed, out = await _decisions(kw, shape, *pair)
    assert not whole and not streamed, (shape, whole, streamed)
    shown = _shown(out)
    assert pair[0] in shown and pair[1] in shown, shown


async def test_a_word_split_across_two_fields_is_still_read_joined(kw: Guard) -> None:
    """`You are an id` | `iot. Fine.`: the joined reading stays (as the whole answer's joint)."""
    whole, streamed, _ = await _decisions(kw, "anthropic text+text", "Fine. You are an id", "iot. Fine.")
    assert whole and streamed


CODENAMES = [("Go Project Falcon", "Here is more."), ("Go Project Falcon", "2 more."),
             ("We start project", "falcon now."), ("the project", "Falconer is here.")]


@pytest.mark.parametrize("shape", SHAPES)
async def test_patterns_at_a_field_boundary_decide_as_the_whole_answer(kw: Guard, shape: str) -> None:
    """`patterns:` read each field on its own too: a codename ending one field is blocked, whatever starts the next."""
    for first, second in CODENAMES:
        whole, streamed, out = await _decisions(kw, shape, first, second)
        assert whole == streamed, (first, second, whole, streamed)
        assert streamed == (second != "Falconer is here."), (first, second)
        if streamed:
            assert b"alcon" not in out.lower(), out


# ------------------------------------------------------------------------------------------------------ detoxify

@pytest.fixture(scope="module")
def detox(tox_model: Any) -> Iterator[Guard]:
    scorer = DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tox_model.hf_dir)
    scorer.load(timeout=120)
    yield Guard(scorer=scorer, stream_hold_chars=60)
    scorer.close()


DETOX_SHAPES = ["anthropic thinking+text", "responses two parts", "chat reasoning_content+content",
                "chat content+refusal"]
# The insult label: the tiny model scores `You are an idiot` 0.87 alone, 0.62 glued to `Here is the summary...`.
DETOX_POLICY = {"name": "t", "on_error": "block", "output": {
    "toxicity": {"action": "block", "thresholds": {"insult": 0.8, "threat": 0.6}, "stream_hold": "sentence"}}}
DETOX_TOXIC = [("You are an idiot", "Here is the summary you asked for."), ("you are a moron", "here is the summary")]


@pytest.mark.parametrize("shape", DETOX_SHAPES)
@pytest.mark.parametrize("pair", DETOX_TOXIC, ids=[a for a, _ in DETOX_TOXIC])
async def test_detoxify_scores_a_fields_tail_as_the_whole_answer(detox: Guard, shape: str,
                                                                 pair: tuple[str, str]) -> None:
    whole, streamed, out = await _decisions(detox, shape, *pair, DETOX_POLICY)
    assert whole and streamed, (whole, streamed)
    assert pair[0].split()[-1].encode() not in out


@pytest.mark.parametrize("shape", DETOX_SHAPES)
async def test_detoxify_passes_an_ordinary_fields_tail(detox: Guard, shape: str) -> None:
    first, second = "thanks for the lovely report", "here is the summary"
    whole, streamed, out = await _decisions(detox, shape, first, second, DETOX_POLICY)
    assert not whole and not streamed
    assert first in _shown(out) and second in _shown(out)
