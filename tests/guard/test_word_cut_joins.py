"""Issue 12 (README-only attack atk8, tester B H1 remainder): a value whose groups are kept apart by a glued `x`
(`617x555x0143`) or a short word (`4111 and 1111 and ...`, `4111 x 1111 x ...`) is read as one in one text (the
view folds it), but was missed when cut between two texts (content parts, messages, a streamed answer's chunks):
`call 617x555x` + `0143`, `card 4111 and 1111 and` + ` 1111 and 1111`. A cut is crossed where three digit groups or
more kept apart by one same separator of the view's (a symbol, spaced or not, a glued `x`, a short word; not `to`,
`or`, `by`...) run across it (`proxy.guard.checks.pii._symbol_across`), and a stream window does not end inside
such a run while the groups after it are not known yet (`proxy.guard.windows.may_cut`)."""

from __future__ import annotations

import json

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.windows import may_cut
from proxy.providers import openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

SPLITS = [["call 617x555x", "0143"], ["call 617x555", "x0143"], ["call 617X555X", "0143"],
          ["card 4111x1111x", "1111x1111"], ["card 4111 and 1111 and", " 1111 and 1111"],
          ["card 4111 x 1111", " x 1111 x 1111"], ["card 4111 an", "d 1111 and 1111 and 1111"],
          ["card 4111 and ", "1111 and 1111 and 1111"], ["ssn 536 then 90", " then 4399"],
          ["card 4111, then 1111, then", " 1111, then 1111"], ["card 4111", " and ", "1111 and 1111 and 1111"],
          ["call 617 x ", "555 x 0143"], ["card 4111 * 1111", " * 1111 * 1111"]]
# What the view does not fold in one text stays as sent across a cut too: a range, a choice or a ratio (`to`,
# `or`, `by`), groups of no value's shape, separators that differ.
PLAIN = [["call 617 to 555", " to 0143"], ["card 4111 or 1111 or", " 1111 or 1111"], ["size 1920x1080", "x720"],
         ["pages 12 and 34", " and 56 and 78"], ["rooms 10 by 20", " by 30 by 40"],
         ["card 4111 and 1111", " then 1111 and 1111"], ["call 617 x 555", " and 0143"]]


def _parts(texts: list[str]) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


def _messages(texts: list[str]) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": t} for t in texts]}


@pytest.mark.parametrize("texts", SPLITS)
async def test_a_value_kept_apart_by_an_x_or_a_word_and_cut_between_texts_is_redacted(guard: Guard,
                                                                                     texts: list[str]) -> None:
    for body in (_parts(texts), _messages(texts)):
        verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
        assert verdict.decision == "redact", verdict.records
        sent = json.dumps(body)
        assert not any(group in sent for group in ("1111", "0143", "4399")), sent


@pytest.mark.parametrize("texts", [["card 4111x1111x", "1111x1111"], ["card 4111 and 1111 and", " 1111 and 1111"],
                                   ["card 4111 x 1111", " x 1111 x 1111"]])
async def test_a_card_rule_that_blocks_blocks_a_card_cut_between_texts(guard: Guard, texts: list[str]) -> None:
    rule = {"pii": {"action": "redact", "entities": ["CREDIT_CARD"], "per_entity": {"CREDIT_CARD": "block"}}}
    verdict = await screen_request(guard, policy(input=rule), openai.request_texts("chat", _parts(texts)))
    assert verdict.decision == "block", verdict.records


@pytest.mark.parametrize("texts", PLAIN)
async def test_numbers_kept_apart_by_a_word_that_make_no_value_stay(guard: Guard, texts: list[str]) -> None:
    whole = _parts(["".join(texts)])
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", whole))
    assert verdict.decision == "allow"  # as one text: no value
    body = _parts(texts)
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "allow" and [c["text"] for c in body["messages"][0]["content"]] == texts


def test_only_a_run_of_one_same_separator_across_the_cut_makes_a_joint() -> None:
    assert value_near("call 617x555x", "0143") and value_near("card 4111 and 1111 and", " 1111 and 1111")
    assert value_near("card 4111 an", "d 1111 and 1111") and value_near("card 4111 * 1111", " * 1111 * 1111")
    assert not value_near("from 10 to 20", " to 30 to 40") and not value_near("card 4111 or 1111 or", " 1111 or 1")
    assert not value_near("card 4111 and 1111", " then 1111") and not value_near("we met at 10 and", " left")


def test_a_window_waits_while_the_groups_after_a_word_are_not_known() -> None:
    text = "card 4111 and 1111 and"
    assert not may_cut(text, len("card 4111 and "), after_word=True)  # `1111 and` then what? not known yet
    assert not may_cut("card 4111 x 1111 x 11", len("card 4111 x "), after_word=True)
    assert not may_cut("call 617x555x0143 ok", len("call 617x"))
    assert may_cut("card 4111 and 1111 and then we stopped for lunch at noon ok", len("card 4111 and "),
                   after_word=True)  # known: two groups only
    assert may_cut("we had 4 or 5 of them", len("we had 4 or "), after_word=True)  # `or`: never a value's


LEAD = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
STREAMED = [(LEAD + "card 4111 and 1111 and 1111 and 1111 ok thanks", ("4111", "1111")),
            (LEAD + "call 617 x 555 x 0143 ok thanks", ("617", "0143")),
            (LEAD + "ssn 536 then 90 then 4399 ok thanks", ("536", "4399")),
            (LEAD + "card 4111, then 1111, then 1111, then 1111 ok", ("4111", "1111")),
            (LEAD + "call 617x555x0143 ok thanks and more words here to pass the cap", ("617", "0143"))]


async def _streamed(guard: Guard, chunks: list[str]) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0")


@pytest.mark.parametrize(("text", "pieces"), STREAMED)
async def test_no_split_of_a_streamed_answer_lets_a_piece_of_such_a_value_through(guard: Guard, text: str,
                                                                                   pieces: tuple[str, ...]) -> None:
    whole = (await guard.output(policy(output=PII_OUT), [text])).texts[0]
    assert whole is not None and [p for p in pieces if p in whole] == []  # the whole answer's check finds it
    for i in range(len(LEAD), len(text)):
        got = await _streamed(guard, [text[:i], text[i:]])
        assert [p for p in pieces if p in got] == [], (i, got)
    for n in range(1, 12):
        got = await _streamed(guard, [text[k:k + n] for k in range(0, len(text), n)])
        assert [p for p in pieces if p in got] == [], (n, got)
