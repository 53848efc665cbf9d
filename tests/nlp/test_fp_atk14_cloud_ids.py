"""AWS account ids and decimal trace/span ids are no card numbers (issue 12, PII-free technical text; atk14 tester A
LOW-FP-1: `arn:aws:iam::<12 digits>:role/x`, ECR image URIs, `sts get-caller-identity` output and Datadog's
`dd.trace_id` became `<CREDIT_CARD_1>` whenever the digits passed the card checks, about one id in twenty)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

# Luhn-valid, issuer-valid digits: each reads as a card on its own.
ACCOUNTS = ["494580730211", "457368193035", "522003322453", "538323640564"]
TRACES = ["4224154990951454758", "4277204056086569072", "370293137585843"]

FREE = [
    *[f"Why does AssumeRole fail for arn:aws:iam::{a}:role/deploy-bot in us-east-1?" for a in ACCOUNTS],
    *[f"The pod can't pull {a}.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2, ImagePullBackOff." for a in ACCOUNTS],
    *['{"UserId": "AIDAEXAMPLE", "Account": "' + a + '", "Arn": "arn:aws:iam::' + a + ':user/ci"}' for a in ACCOUNTS],
    *[f"Trace {t} shows 2.3 s in the checkout service, what's slow?" for t in TRACES],
    *['{"level": "error", "dd.trace_id": "' + t + '", "dd.span_id": "' + t + '"}' for t in TRACES],
    *[f"span_id={t} parent_id={t} took 41 ms" for t in TRACES],
    *[f"x-datadog-trace-id: {t}" for t in TRACES],
]
CARDS = [
    ("card number 494580730211 expires 04/27", "494580730211"),
    ("Maestro 457368193035", "457368193035"),
    ("494580730211", "494580730211"),  # a value alone
    ("Pay with 4224154990951454758 today", "4224154990951454758"),
    ("trace 4111 1111 1111 1111 for me", "4111 1111 1111 1111"),  # printed in groups: a card whatever the word
    ("visa 4111111111111111 and account 494580730211", "4111111111111111"),
]


async def test_account_and_trace_ids_are_no_cards(analyzer: PiiAnalyzer) -> None:
    found = await analyzer.analyze(FREE, ["CREDIT_CARD"])
    got = [(t, [t[s.start:s.end] for s in spans if s.score >= 0.4]) for t, spans in zip(FREE, found, strict=True)]
    assert [g for g in got if g[1]] == []


@pytest.mark.parametrize(("text", "card"), CARDS)
async def test_cards_stay_cards(analyzer: PiiAnalyzer, text: str, card: str) -> None:
    [spans] = await analyzer.analyze([text], ["CREDIT_CARD"])
    assert card in [text[s.start:s.end] for s in spans if s.score >= 0.4], text
