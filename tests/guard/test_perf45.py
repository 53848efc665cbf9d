"""perf45: what a chat turn skips where it cannot change the PII check's result (issue 12's 5% bound), each gate
shown to give what the ungated path gives, on cases where it skips and where it must not (a value split across the
cut, a name in the history mentioned again in the new text)."""

from __future__ import annotations

from typing import Any

import pytest

import proxy.guard.checks.pii as pii_check
from proxy.guard import perf45
from proxy.guard.checks.pii import PiiCheck, select
from proxy.guard.engine import Guard
from proxy.nlp import memo31
from proxy.nlp.pii import Span
from tests.guard.conftest import PII_IN, policy

RULE = policy(input=PII_IN).input.pii
assert RULE is not None


class _Analyzer:
    """Stands in for the analyzer: the cross-text pass's workers find nothing more."""

    def __init__(self) -> None:
        self.jobs: list[Any] = []

    async def mentions(self, jobs: Any) -> list[tuple[Span, ...]]:
        self.jobs.extend(jobs)
        return [() for _ in jobs]


NO_NAMES = [
    (["Mail jane.doe@example.com now.", "Call +1 212-555-0143."],
     [[Span("EMAIL_ADDRESS", 5, 25, 1.0)], [Span("PHONE_NUMBER", 5, 20, 0.75)]]),
    (["田中様にお伝えください。", "Later I told Tanaka about the refund."], [[], []]),
    (["Customer: Okafor", "Later I told Okafor about the refund.", "Okafor"], [[], [], []]),
]


@pytest.mark.parametrize(("texts", "spans"), NO_NAMES)
async def test_no_person_span_skips_the_cross_text_plan(monkeypatch: pytest.MonkeyPatch, texts: list[str],
                                                        spans: list[list[Span]]) -> None:
    def plan(*_: Any, **__: Any) -> Any:
        raise AssertionError("planned")

    monkeypatch.setattr(memo31, "plan", plan)
    out = await PiiCheck(_Analyzer())._mentions(texts, spans, RULE, [])  # type: ignore[arg-type]
    assert out == [list(found) for found in spans]


@pytest.mark.parametrize(("texts", "spans"), NO_NAMES)
async def test_the_gate_gives_what_the_plan_gives(texts: list[str], spans: list[list[Span]]) -> None:
    assert memo31.plain(texts, spans, lambda i, s: s.score >= RULE.min_score) == ([], [])
    memo31.clear()
    assert memo31.plan(texts, spans, lambda i, s: s.score >= RULE.min_score, (RULE.min_score, frozenset())) == ([], [])
    out = await PiiCheck(_Analyzer())._mentions(texts, spans, RULE, [])  # type: ignore[arg-type]
    assert out == [list(found) for found in spans]


async def test_a_name_in_the_history_mentioned_again_is_not_gated(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Customer: Mrs. Okafor. She asked about the invoice.", "Later I told Okafor about the refund."]
    spans = [[Span("PERSON", 15, 21, 0.85)], []]
    planned: list[int] = []
    real = memo31.plan

    def plan(*a: Any, **k: Any) -> Any:
        planned.append(1)
        return real(*a, **k)

    monkeypatch.setattr(memo31, "plan", plan)
    analyzer = _Analyzer()
    await PiiCheck(analyzer)._mentions(texts, spans, RULE, [])  # type: ignore[arg-type]
    assert planned == [1]
    assert [(text, names) for text, _, names in analyzer.jobs] == [(texts[1], (("Okafor", 0.85),))]


# ------------------------------------------------------------------------------------------------- `selected`

SELECTS = [
    ("Mail jane.doe@example.com or call +1 212-555-0143.",
     [Span("EMAIL_ADDRESS", 5, 25, 1.0), Span("PHONE_NUMBER", 34, 49, 0.75), Span("URL", 14, 25, 0.5)]),
    ("Customer: Mrs. Okafor.", [Span("PERSON", 15, 21, 0.85), Span("PERSON", 10, 21, 0.3)]),
    ("Nothing here.", []),
]


def test_selected_gives_what_select_gives() -> None:
    perf45.clear()
    texts, spans = [t for t, _ in SELECTS], [s for _, s in SELECTS]
    want = [select(t, s, RULE) for t, s in SELECTS]
    extra: list[list[Span]] = [[] for _ in texts]
    assert perf45.selected(texts, spans, RULE, None, extra, select) == want
    assert perf45.selected(texts, spans, RULE, None, extra, select) == want  # from the memo
    stricter = policy(input={"pii": {**PII_IN["pii"], "min_score": 0.9}}).input.pii
    assert stricter is not None
    assert perf45.selected(texts, spans, stricter, None, extra, select) == [select(t, s, stricter) for t, s in SELECTS]
    allowing = policy(input={"pii": {**PII_IN["pii"], "allow": ["jane.doe@example.com"]}}).input.pii
    assert allowing is not None
    assert perf45.selected(texts, spans, allowing, None, extra, select) == [select(t, s, allowing) for t, s in SELECTS]


def test_selected_reads_extra_spans_and_a_vault_anew() -> None:
    perf45.clear()
    texts, spans = [t for t, _ in SELECTS], [s for _, s in SELECTS]
    calls: list[int] = []

    def counted(*a: Any) -> Any:
        calls.append(1)
        return select(*a)

    extra = [[Span("PERSON", 0, 4, 0.9)], [], []]
    assert perf45.selected(texts, spans, RULE, None, extra, counted) == [select(t, s, RULE, None, e) for (t, s), e
                                                                         in zip(SELECTS, extra, strict=True)]
    assert perf45.selected(texts, spans, RULE, None, extra, counted)[0] == select(texts[0], spans[0], RULE, None,
                                                                                  extra[0])
    assert len(calls) == 4  # the text with extra spans both times, the others once


# ------------------------------------------------------------------------------------------------- a chat turn

TURNS = [
    # a value split across the cut between the last earlier message and the new one
    (["Customer: Mrs. Okafor. She asked about the invoice.", "Please mail jane.doe@exa"], "mple.com now."),
    # a name in the history mentioned again in the new text
    (["Customer: Mrs. Okafor. She asked about the invoice.", "Call +1 212-555-0143 for the refund."],
     "Later I told Okafor about the refund."),
    (["The weather is fine.", "Call me at 617-555-"], "0143 was my number."),
]


async def _verdict(guard: Guard, texts: list[str]) -> Any:
    verdict = await guard.input(policy(input=PII_IN), texts, None)
    return verdict.decision, verdict.texts


@pytest.mark.parametrize(("history", "new"), TURNS)
async def test_a_turn_reads_as_it_does_with_no_memo(guard: Guard, history: list[str], new: str) -> None:
    await guard.input(policy(input=PII_IN), history, None)
    warm = await _verdict(guard, [*history, new])
    again = await _verdict(guard, [*history, new])
    perf45.clear()
    memo31.clear()
    cold = await _verdict(Guard(guard.pii, None), [*history, new])
    assert warm == cold == again
    assert warm[1][-1] is not None and warm[1][-1] != new  # the new text is rewritten: the turn's value is read


async def test_a_resent_history_is_not_selected_again(guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    history = ["Customer: Mrs. Haddad. She asked about the invoice.", "Call +1 212-555-0199 for the refund."]
    await guard.input(policy(input=PII_IN), history, None)
    read: list[str] = []

    def counted(text: str, *a: Any) -> Any:
        read.append(text)
        return select(text, *a)

    monkeypatch.setattr(pii_check, "select", counted)
    await guard.input(policy(input=PII_IN), [*history, "Later I told Haddad about the refund."], None)
    assert history[1] not in read
