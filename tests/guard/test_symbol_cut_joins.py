"""Issue 12 (README-only attack atk8, tester B H1): a value whose groups are kept apart by one same symbol
throughout (`4111~1111~1111~1111`, `617#555#0143`: the view folds any punctuation or symbol there) was missed when
cut between two texts next to a symbol other than `-`, `.`, `/`, `_`, spaces and `:,+|;`: a cut can be crossed
where three digit groups or more, kept apart by one same symbol, run across it (`proxy.guard.checks.pii`
`_symbol_across`)."""

from __future__ import annotations

import json

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import openai
from tests.guard.conftest import PII_IN, policy

SPLITS = [["card 4111~", "1111~1111~1111"], ["card 4111", "~1111~1111~1111"], ["card 4111*1111*", "1111*1111"],
          ["call 617#555", "#0143"], ["ssn 536~90", "~4399"], ["card 4111\u20221111\u2022", "1111\u20221111"],
          ["card 4111", "~", "1111~1111~1111"], ["card 4111", "*", "1111*1111*1111"],
          ["card 4111^1111^", "1111^1111"], ["card 4111!1111", "!1111!1111"]]
PLAIN = [["version 1.2", "3 is out"], ["x=1", "2 y"], ["rates 10%", "20% 30%"], ["score 12*34", "*56 done"],
         ["2024", "~2025~2026 plan"], ["a 10~20", " then 30"], ["see #12", "#13 and #14"]]


def _parts(texts: list[str]) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


@pytest.mark.parametrize("texts", SPLITS)
async def test_a_value_kept_apart_by_a_symbol_and_cut_between_texts_is_redacted(guard: Guard,
                                                                                texts: list[str]) -> None:
    body = _parts(texts)
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = json.dumps(body)
    assert not any(group in sent for group in ("1111", "0143", "4399")), sent


@pytest.mark.parametrize("texts", PLAIN)
async def test_numbers_with_symbols_that_make_no_value_stay(guard: Guard, texts: list[str]) -> None:
    body = _parts(texts)
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "allow" and [c["text"] for c in body["messages"][0]["content"]] == texts


def test_only_a_run_of_three_groups_across_the_cut_makes_a_joint() -> None:
    assert value_near("card 4111~", "1111~1111~1111") and value_near("call 617#555", "#0143")
    assert not value_near("rates 10%", "20% 30%") and not value_near("a 10~20", " then 30")
