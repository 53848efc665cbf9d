"""A value read over several fields or texts counts once in the decision record (atk17 L2's observation,
`proxy.guard.checks.pii.Piece`, `proxy.guard.engine._counts`): `{"area": "617", "exchange": "555", "line": "0143"}`
was recorded `PHONE_NUMBER: 3`, a card over four keys `CREDIT_CARD: 4`, `{"user": ..., "domain": ...}`
`EMAIL_ADDRESS: 2`. Each piece is still redacted where its characters are; values found whole count one each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard, InputVerdict
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "restore": True}}


def _findings(verdict: InputVerdict) -> dict[str, int]:
    found = [r for r in verdict.records if r["check"] == "pii"]
    assert len(found) == 1, verdict.records
    return found[0]["findings"]  # type: ignore[no-any-return]


async def _chat(guard: Guard, args: Any = None, result: Any = None, user: str = "look it up",
                ) -> tuple[InputVerdict, dict[str, Any]]:
    body = {"model": "m", "messages": [
        {"role": "user", "content": user},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args or {})}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps(result) if result is not None else "done"}]}
    verdict = await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
    return verdict, body


SPLIT = [
    ({"area": "617", "exchange": "555", "line": "0143"}, {"PHONE_NUMBER": 1}),
    ({"customer": {"user": "jane.doe", "domain": "example.com"}}, {"EMAIL_ADDRESS": 1}),
    ({"a": "4111", "b": "1111", "c": "1111", "d": "1111"}, {"CREDIT_CARD": 1}),
    ({"iban1": "DE89 3704 0044", "iban2": "0532 0130 00"}, {"IBAN_CODE": 1}),
    ({"ssn": [536, 90, 4399]}, {"US_SSN": 1}),
    ({"customer": {"user": "jane.doe", "domain": "example.com"}, "area": "617", "exchange": "555", "line": "0143"},
     {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}),
]


@pytest.mark.parametrize(("doc", "counts"), SPLIT)
async def test_a_value_split_over_tool_call_arguments_counts_once(guard: Guard, doc: Any,
                                                                   counts: dict[str, int]) -> None:
    verdict, body = await _chat(guard, args=doc)
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert all(str(v) not in sent for v in ("617", "0143", "jane.doe", "4111", "3704", "4399")), sent
    assert _findings(verdict) == counts


@pytest.mark.parametrize(("doc", "counts"), SPLIT)
async def test_a_value_split_over_a_json_tool_result_counts_once(guard: Guard, doc: Any,
                                                                  counts: dict[str, int]) -> None:
    verdict, body = await _chat(guard, result=doc)
    sent = body["messages"][2]["content"]
    assert all(v not in sent for v in ('"617"', '"0143"', "jane.doe", '"4111"', "3704", "4399")), sent
    assert _findings(verdict) == counts


async def test_a_value_split_over_two_messages_counts_once(guard: Guard) -> None:
    verdict = await guard.input(policy(input=PII), ["please call 617-555-", "0143 tomorrow"], ["user", "user"])
    assert verdict.texts[0] is not None and "617" not in verdict.texts[0], verdict.texts
    assert _findings(verdict) == {"PHONE_NUMBER": 1}


async def test_whole_values_count_one_each_beside_a_split_one(guard: Guard) -> None:
    verdict, body = await _chat(guard, args={"area": "617", "exchange": "555", "line": "0143"},
                                result={"phone": "212-555-0199", "fax": "415-555-0132", "mail": "li.wei@example.com"},
                                user="my other number is 646-555-0112")
    assert _findings(verdict) == {"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 1}, body
    assert _findings((await _chat(guard, args={"a": "617-555-0143", "b": "212-555-0199"}))[0]) == {"PHONE_NUMBER": 2}


async def test_two_whole_values_a_joint_reads_together_count_two(guard: Guard) -> None:
    """A tool input's address and a `metadata` address, each whole in its own text, also read over the cut between
    them (the pieces are the two whole values): two values, two counts (tests/e2e/test_side_doors.py)."""
    body = {"model": "m", "max_tokens": 10, "metadata": {"user_id": "rvq.userid@ledgerline.io"}, "messages": [
        {"role": "user", "content": "Charge the card."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_9", "name": "charge",
                                           "input": {"card": 5500005555555559, "note": "rvq.tooluse@ledgerline.io"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "charged"}]}]}
    verdict = await screen_request(guard, policy(input=PII), anthropic.request_texts("messages", body))
    assert _findings(verdict) == {"CREDIT_CARD": 1, "EMAIL_ADDRESS": 2}
