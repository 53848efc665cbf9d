"""proxy.guard.windows: output checks and restore over a streamed answer, window by window, per channel."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.windows import sentence_cut, sentence_spans, sentences
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import (
    EMAIL,
    PHONE,
    PII_IN,
    PII_OUT,
    SSN,
    TICKET,
    TICKET_IN,
    TOX,
    no_values,
    policy,
    redacted,
)
from tests.support.pii import BrokenScorer, WordScorer

# --------------------------------------------------------------------------- sentences


def test_sentence_cut_is_the_end_of_the_last_complete_sentence() -> None:
    assert sentence_cut("One. Two! Three") == len("One. Two! ")
    assert sentence_cut('He said "stop." Then') == len('He said "stop." ')
    assert sentence_cut("Wait... what?\nNext") == len("Wait... what?\n")
    assert sentence_cut("A decimal 3.14 is not an end") == 0  # no whitespace after the dot
    assert sentence_cut("No end here") == 0
    assert sentence_cut("Line one\n\n") == len("Line one\n\n")


def test_sentence_spans_keep_their_whitespace_and_leave_blank_ones_out() -> None:
    text = "Hi there. \n\nHow are you?  Fine"
    assert sentence_spans(text) == [(0, 12), (12, 26), (26, 30)]
    assert sentences(text) == ["Hi there. \n\n", "How are you?  ", "Fine"]
    assert sentence_spans("a.\n\n\nb") == [(0, 5), (5, 6)]
    assert sentence_spans("   ") == []
    assert sentences("") == []


# --------------------------------------------------------------------------- what is held back


async def test_without_output_rules_or_restore_nothing_is_held(guard: Guard) -> None:
    stream = guard.output_stream(policy(input={"patterns": [{"name": "x", "regex": "secret", "action": "block"}]}))
    assert await stream.feed("c0", "Hello <PERSON_1 and no sentence end") == "Hello <PERSON_1 and no sentence end"
    assert stream.held == {"c0": 0}
    assert await stream.end("c0") == ""
    assert stream.records() == [] and stream.decision == "allow" and stream.block_reason is None


async def test_restore_holds_only_what_can_still_become_a_placeholder(guard: Guard) -> None:
    p = policy(input=PII_IN)
    v = await redacted(guard, p, "I am Jane Roe")
    stream = guard.output_stream(p, v.vault)
    assert await stream.feed("c0", "a < b and <PER") == "a < b and "  # "<PER" may become <PERSON_1>
    assert stream.held == {"c0": 4}
    assert await stream.feed("c0", "HAPS>") == "<PERHAPS>"  # it did not: released as it came
    assert await stream.feed("c0", " <PERSON_1") == " "
    assert await stream.end("c0") == "<PERSON_1"  # the end releases a prefix that never completed


async def test_a_long_window_is_cut_after_a_word_never_inside_a_number(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))  # hold_chars=60 in this guard
    text = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod 4111 1111"
    out = await stream.feed("c0", text)
    assert out == "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
    assert stream.held == {"c0": len("4111 1111")}


async def test_text_without_any_break_is_released_at_twice_the_hold(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))  # hold_chars=60: released at 120
    assert await stream.feed("c0", "x" * 119) == ""
    assert stream.held == {"c0": 119}
    # At the cap all goes out but the tail a value may still grow from (`_cap_cut`: `hold_chars`, 80 at most).
    assert await stream.feed("c0", "x") == "x" * 60
    assert stream.held == {"c0": 60}
    assert await stream.feed("c0", "x" * 60) == "x" * 60 and stream.held == {"c0": 60}
    assert await stream.end("c0") == "x" * 60 and stream.held == {"c0": 0}


async def test_hold_chars_has_a_floor_of_20(analyzer: PiiAnalyzer) -> None:
    stream = Guard(analyzer, None, stream_hold_chars=1).output_stream(policy(output=PII_OUT))
    assert stream.hold_chars == 20
    assert await stream.feed("c0", "y" * 39) == ""
    assert await stream.feed("c0", "y") == "y" * 20  # the cap: 40, its last 20 held (`_cap_cut`)
    assert await stream.end("c0") == "y" * 20


# --------------------------------------------------------------------------- records across windows


class FlakyScorer:
    """The toxicity model fails on its first call, then scores everything 0.01 (a stand-in for detoxify)."""

    labels: tuple[str, ...] = ("toxicity",)

    def __init__(self) -> None:
        self.calls = 0

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("model hiccup on: " + " ".join(texts))
        return [{"toxicity": 0.01} for _ in texts]


async def test_an_error_in_one_window_is_replaced_by_a_later_result(analyzer: PiiAnalyzer) -> None:
    """`error` ranks below everything: the check's record takes a later window's result, its `error` kept."""
    stream = Guard(analyzer, FlakyScorer()).output_stream(
        policy(on_error="allow", output={"toxicity": {"thresholds": {"toxicity": 0.5}}}))
    assert await stream.feed("c0", f"First {SSN}. ") == f"First {SSN}. "
    (first,) = stream.records()
    assert first["action"] == "error" and first["error"] == "toxicity scoring failed: RuntimeError"
    assert await stream.feed("c0", "Second one. ") == "Second one. "
    (merged,) = stream.records()
    assert merged["action"] == "allow" and merged["error"] == "toxicity scoring failed: RuntimeError"
    assert merged["on_error"] == "allow" and merged["scores"] == {"toxicity": 0.01}
    assert not stream.blocked and stream.decision == "allow"
    no_values(stream.records())


async def test_records_add_findings_and_keep_the_highest_scores(guard: Guard) -> None:
    stream = guard.output_stream(policy(output={**PII_OUT, "toxicity": {**TOX, "action": "flag"}}))
    assert await stream.feed("c0", "Mail a@corp.io now. ") == "Mail <EMAIL_ADDRESS_1> now. "
    assert await stream.feed("c0", "Or b@corp.io, you darn fool. ") == "Or <EMAIL_ADDRESS_2>, you darn fool. "
    records = {r["check"]: r for r in stream.records()}
    assert records["pii"]["findings"] == {"EMAIL_ADDRESS": 2} and records["pii"]["action"] == "redact"
    assert records["toxicity"]["scores"] == {"toxicity": 0.7, "threat": 0.01}
    assert records["toxicity"]["action"] == "allow"  # 0.7 < 0.8: the flag rule did not fire
    assert stream.decision == "redact" and stream.would_decision is None


# ---------------------------------------------------------------- streams through the guard


async def feed_all(stream: Any, fragments: list[str], channel: str = "c0") -> list[str]:
    outs = [await stream.feed(channel, f) for f in fragments]
    outs.append(await stream.end(channel))
    return outs


async def test_stream_restores_split_placeholder_without_output_checks(guard: Guard) -> None:
    p = policy(input=PII_IN)
    v = await redacted(guard, p, f"I am Jane Roe, {EMAIL}")
    stream = guard.output_stream(p, v.vault)
    outs = await feed_all(stream, ["Hi <PER", "SON_1>", ", your mail <EMAIL_", "ADDRESS_1> is", " noted"])
    # A placeholder whole at a piece's end waits for the next piece, which may make it a hostname's label
    # (`<PERSON_1>.collector.example`: restorefix14).
    assert outs == ["Hi ", "", "Jane Roe, your mail ", f"{EMAIL} is", " noted", ""]
    assert stream.decision == "allow" and stream.records() == []


async def test_stream_redacts_pii_split_across_chunks(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    v = await redacted(guard, p, "I am Jane Roe")
    stream = guard.output_stream(p, v.vault)
    outs = await feed_all(stream, ["Dear <PERSON", "_1>, call 212-", "555-0199 or write to ops@", "corp.io. Bye"])
    assert "".join(outs) == "Dear Jane Roe, call <PHONE_NUMBER_1> or write to <EMAIL_ADDRESS_1>. Bye"
    assert outs[:3] == ["", "", ""]  # held until the sentence ends
    assert stream.records()[0]["findings"] == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}
    assert stream.decision == "redact"
    no_values(stream.records())


async def test_stream_hold_is_bounded(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    stream = guard.output_stream(p)  # hold_chars=60 in this guard
    word_salad = "lorem ipsum dolor sit amet " * 10
    released = ""
    for ch in word_salad:
        released += await stream.feed("c0", ch)
        assert stream.held["c0"] <= 2 * 60
    assert len(released) > len(word_salad) - 61
    assert released + await stream.end("c0") == word_salad


@pytest.mark.parametrize("hold", ["sentence", "none"])
async def test_an_id_channel_is_read_for_data_never_scored(analyzer: PiiAnalyzer, hold: str) -> None:
    """An id or a name screened as data (`data=True`, `TextSlot.prose` False): PII is found and redacted in
    it; toxicity never scores it (an id is not prose), whatever `stream_hold`; a text channel still is."""
    scorer = WordScorer()
    guard = Guard(analyzer, scorer, stream_hold_chars=60)
    p = policy(output={**PII_OUT, "toxicity": {**TOX, "stream_hold": hold}})
    stream = guard.output_stream(p)
    out = await stream.feed("field:1", f"call idiot {PHONE}", data=True) + await stream.end("field:1")
    assert not stream.blocked and out == "call idiot <PHONE_NUMBER_1>"
    assert not any("idiot" in text for call in scorer.calls for text in call)
    assert {r["check"] for r in stream.records()} == {"pii"}
    await stream.feed("c0", "You are an idiot. ")
    await stream.end("c0")
    assert stream.blocked and stream.block_check == "toxicity"
    # toxicity alone: an id is not read at all
    only = guard.output_stream(policy(output={"toxicity": {**TOX, "stream_hold": hold}}))
    scorer.calls.clear()
    assert await only.feed("field:1", "idiot 0000000000000000003", data=True) + await only.end("field:1") == \
        "idiot 0000000000000000003"
    assert scorer.calls == [] and only.records() == [] and not only.blocked


async def test_stream_blocks_at_the_violating_sentence(guard: Guard) -> None:
    p = policy(input=PII_IN, output={**PII_OUT, "toxicity": TOX})
    stream = guard.output_stream(p)
    outs = [await stream.feed("c0", "All good here. Still fine. You are an idiot. And more.")]
    outs.append(await stream.feed("c0", " Even more text."))
    outs.append(await stream.end("c0"))
    assert outs == ["All good here. Still fine. ", "", ""]
    assert stream.blocked and stream.block_check == "toxicity"
    assert stream.block_reason == "blocked by guardrail policy 'test': toxicity (toxicity)"
    assert next(r for r in stream.records() if r["check"] == "toxicity")["action"] == "block"


async def test_stream_hold_none_releases_then_stops(guard: Guard) -> None:
    p = policy(output={"toxicity": {**TOX, "stream_hold": "none"}})
    stream = guard.output_stream(p)
    assert await stream.feed("c0", "You idiot") == "You idiot"  # released at once
    assert await stream.feed("c0", ". Then more.") == ". Then more."  # scored when the sentence ends...
    assert stream.blocked and await stream.feed("c0", " And more") == ""  # ...and nothing follows


async def test_stream_bias_alone_is_checked(guard: Guard) -> None:
    stream = guard.output_stream(policy(output={"bias": {"action": "block", "threshold": 0.5}}))
    assert await stream.feed("c0", "Fine so far. A hateful remark. More.") == "Fine so far. "
    assert stream.blocked and stream.block_reason == "blocked by guardrail policy 'test': bias (identity_attack)"


async def test_stream_channels_are_independent(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    stream = guard.output_stream(p)
    assert await stream.feed("content", "mail ops@") == ""
    assert await stream.feed("tool", '{"to": "x@y.io"}') == ""
    assert await stream.feed("content", "corp.io now.\n") == "mail <EMAIL_ADDRESS_1> now.\n"
    assert await stream.end("tool") == '{"to": "<EMAIL_ADDRESS_2>"}'


async def test_stream_monitor_releases_unchanged(guard: Guard) -> None:
    p = policy(mode="monitor", output={**PII_OUT, "toxicity": TOX})
    stream = guard.output_stream(p)
    text = f"Write to {EMAIL}. You idiot. Bye."
    assert "".join(await feed_all(stream, [text[:10], text[10:]])) == text
    assert not stream.blocked and stream.decision == "flag" and stream.would_decision == "block"


async def test_stream_check_failure_ends_stream(analyzer: PiiAnalyzer) -> None:
    guard = Guard(analyzer, BrokenScorer())
    stream = guard.output_stream(policy(output={"toxicity": {"thresholds": {"toxicity": 0.5}}}))
    assert await stream.feed("c0", f"My SSN is {SSN}. ") == ""
    assert stream.blocked and stream.block_check == "toxicity"
    assert stream.error == "toxicity scoring failed: RuntimeError"
    no_values(stream.records(), stream.error)


async def test_stream_with_output_checks_restores_into_json_escaped(guard: Guard) -> None:
    p = policy(input=TICKET_IN, output=PII_OUT)
    v = await guard.input(p, [f"file {TICKET}"], None)
    stream = guard.output_stream(p, v.vault)
    args = '{"ref": "<TICKET_1>", "to": "ops@corp.io"}'
    outs = [await stream.feed("tool", args[i:i + 4], in_json=True) for i in range(0, len(args), 4)]
    text = "Filed <TICKET_1>. Done."
    texts = [await stream.feed("content", text[i:i + 4]) for i in range(0, len(text), 4)]
    assert json.loads("".join(outs) + await stream.end("tool")) == {"ref": TICKET, "to": "<EMAIL_ADDRESS_1>"}
    assert "".join(texts) + await stream.end("content") == f"Filed {TICKET}. Done."


# --------------------------------------------------------------------------- the fields of one answer


async def test_a_value_split_between_two_fields_of_a_group_is_redacted_in_both(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    assert await stream.feed("content", "Mail jane.roe", group="a") == ""
    assert await stream.end("content", group="a") == ""  # a field's end keeps its tail for the next field
    assert stream.held_in("content") == len("Mail jane.roe")
    # the next field's first window releases both: the first field's text waits in the spill
    second = await stream.feed("refusal", "@example.com now. More", group="a")
    assert second.startswith("<EMAIL_ADDRESS_") and second.endswith("> now. ")
    spill = stream.take_spill()
    assert [c for c, _ in spill] == ["content"] and spill[0][1].startswith("Mail <EMAIL_ADDRESS_")
    assert stream.take_spill() == [] and stream.held_in("content") == 0
    assert await stream.end_group("a") == [("refusal", "More")]
    no_values(stream.records())


async def test_a_json_field_is_read_from_its_first_string_value(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    assert await stream.feed("content", "Send it to jane", group="a") == ""
    assert await stream.feed("args", '{"to": ".roe@exa', in_json=True, group="a") == ""
    assert await stream.feed("args", 'mple.com", "n": 2}', in_json=True, group="a") == ""
    released = dict(await stream.end_group("a"))
    assert released["content"].startswith("Send it to <EMAIL_ADDRESS_")
    args = json.loads(released["args"])  # still JSON: only the value's characters were replaced
    assert args["to"].startswith("<EMAIL_ADDRESS_") and args["n"] == 2


async def test_fields_side_by_side_make_no_value_of_their_edges(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    await stream.feed("content", "Room 12", group="a")
    await stream.feed("refusal", "Write to jane.roe@example.com.", group="a")
    await stream.feed("tool", "Net rules apply", group="a")
    released = dict(await stream.end_group("a"))
    assert released["content"] == "Room 12" and released["tool"] == "Net rules apply"
    assert released["refusal"].startswith("Write to <EMAIL_ADDRESS_")


async def test_a_blocking_sentence_across_fields_stops_every_field_after_it(guard: Guard) -> None:
    stream = guard.output_stream(policy(output={"toxicity": TOX}))
    assert await stream.feed("reasoning", "Fine. You are an id", group="a") == "Fine. "
    assert await stream.feed("content", "iot and more. Bye. ", group="a") == ""  # "You are an idiot ..."
    assert stream.take_spill() == []
    assert stream.blocked and await stream.feed("content", "later", group="a") == ""
    assert await stream.end_group("a") == []


async def test_groups_are_independent(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    await stream.feed("choice:0:content", "Mail jane.roe", group="choice:0")
    await stream.feed("choice:1:content", "@example.com", group="choice:1")
    assert dict(await stream.end_group("choice:0")) == {"choice:0:content": "Mail jane.roe"}
    assert dict(await stream.end_group("choice:1")) == {"choice:1:content": "@example.com"}
