"""proxy.guard.decision: one ranking (error < allow < flag < redact < block), refusal messages, GuardUnavailable."""

from __future__ import annotations

import pytest

from proxy.guard.decision import Decision, GuardUnavailable, block_message, rank, stronger, strongest


def test_decisions_are_their_words() -> None:
    assert [d.value for d in Decision] == ["allow", "flag", "redact", "block"]
    assert Decision("redact") is Decision.REDACT and str(Decision.BLOCK) == "block"


@pytest.mark.parametrize(("action", "expected"), [
    ("error", -1), ("allow", 0), ("flag", 1), ("redact", 2), ("block", 3),
    ("would_redact", 2), ("would_block", 3),  # monitor mode: ranked as the action they stand for
    (None, 0), ("", 0), ("something_else", 0), ("would_", 0),
])
def test_rank(action: str | None, expected: int) -> None:
    assert rank(action) == expected


def test_rank_orders_every_decision() -> None:
    assert sorted(["block", "allow", "error", "redact", "flag"], key=rank) == ["error", "allow", "flag", "redact",
                                                                                "block"]


@pytest.mark.parametrize(("actions", "expected"), [
    ([], Decision.ALLOW),
    (["allow", "allow"], Decision.ALLOW),
    (["flag", "allow"], Decision.FLAG),
    (["flag", "redact", "allow"], Decision.REDACT),
    (["redact", "block", "flag"], Decision.BLOCK),
    (["would_block", "flag"], Decision.BLOCK),
    (["would_redact"], Decision.REDACT),
    (["error"], Decision.ALLOW),  # a check that could not run decides nothing
    (["error", "flag"], Decision.FLAG),
])
def test_strongest(actions: list[str], expected: Decision) -> None:
    assert strongest(actions) is expected


def test_strongest_takes_any_iterable() -> None:
    assert strongest(a for a in ("flag", "block")) is Decision.BLOCK


def test_stronger_keeps_the_current_unless_outranked() -> None:
    assert stronger(Decision.ALLOW, "redact") is Decision.REDACT
    assert stronger(Decision.REDACT, "flag") is Decision.REDACT
    assert stronger(Decision.FLAG, "flag") is Decision.FLAG
    assert stronger(Decision.BLOCK, None) is Decision.BLOCK
    assert stronger(Decision.ALLOW, None) is Decision.ALLOW
    assert stronger(Decision.ALLOW, "error") is Decision.ALLOW
    assert stronger(Decision.FLAG, "block") is Decision.BLOCK


def test_block_message_names_policy_and_check_never_text() -> None:
    assert block_message("strict", "pii", "CREDIT_CARD") == "blocked by guardrail policy 'strict': pii (CREDIT_CARD)"
    assert block_message("default", "toxicity") == "blocked by guardrail policy 'default': toxicity"
    assert block_message("default", "patterns", "") == "blocked by guardrail policy 'default': patterns"


def test_guard_unavailable_carries_check_reason_and_records() -> None:
    records = [{"phase": "input", "check": "toxicity", "action": "error"}]
    exc = GuardUnavailable("toxicity", "toxicity model not loaded", records)
    assert exc.check == "toxicity" and exc.reason == "toxicity model not loaded" and exc.records is records
    assert str(exc) == "guardrail check 'toxicity' unavailable: toxicity model not loaded"
    assert GuardUnavailable("pii", "timed out after 30 s").records == []
