"""The guard engine at text level: decisions, rewriting, restore, monitor mode, errors.

Streams through the output windows are tests/guard/test_windows.py; the phases over provider bodies
tests/guard/test_phases.py. Fixtures and seeded values: tests/guard/conftest.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest

from proxy.guard.checks.scores import ScoreCache
from proxy.guard.engine import Guard, GuardUnavailable
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import (
    CARD,
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

# --------------------------------------------------------------------------- input


async def test_redact_same_value_same_placeholder_and_records(guard: Guard) -> None:
    p = policy(input=PII_IN)
    texts = [f"I am Jane Roe, mail {EMAIL} or call {PHONE}.", f"Again: {EMAIL}.", "Nothing here."]
    v = await guard.input(p, texts, ["system", "user", "assistant"])
    assert v.decision == "redact"
    assert v.texts[0] == "I am <PERSON_1>, mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>."
    assert v.texts[1] == "Again: <EMAIL_ADDRESS_1>." and v.texts[2] is None
    (rec,) = v.records
    assert rec["phase"] == "input" and rec["check"] == "pii" and rec["action"] == "redact"
    assert rec["findings"] == {"EMAIL_ADDRESS": 2, "PERSON": 1, "PHONE_NUMBER": 1} and rec["ms"] >= 0
    no_values(v.records, v.block_reason, v.vault)


async def test_history_is_analysed_once(guard: Guard, analyzer: PiiAnalyzer) -> None:
    p = policy(input=PII_IN)
    history = [f"turn {i}: my number is {PHONE} and I like tea." for i in range(20)]
    await guard.input(p, history, None)
    misses = analyzer.misses
    v = await guard.input(p, [*history, "a new message from Jane Roe"], None)
    assert analyzer.misses == misses + 1  # only the new text
    assert v.texts[-1] == "a new message from <PERSON_1>"


async def test_per_entity_block_names_policy_and_check_only(guard: Guard) -> None:
    p = policy(name="cards", input={"pii": {**PII_IN["pii"], "per_entity": {"CREDIT_CARD": "block"}}})
    v = await guard.input(p, [f"Charge {CARD} for Jane Roe"], None)
    assert v.blocked and v.texts == [None]
    assert v.block_check == "pii"
    assert v.block_reason == "blocked by guardrail policy 'cards': pii (CREDIT_CARD)"
    assert v.records[0]["action"] == "block"
    no_values(v.records, v.block_reason)


async def test_flag_forwards_unchanged(guard: Guard) -> None:
    v = await guard.input(policy(input={"pii": {"action": "flag"}}), [f"SSN {SSN}"], None)
    assert v.decision == "flag" and v.texts == [None] and v.records[0]["findings"] == {"US_SSN": 1}


async def test_allow_list_and_min_score(guard: Guard) -> None:
    base = {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"], "allow": ["Support@Example.com"]}
    text = "Write to support@example.com or jane@corp.io, or try 0490 75 40 81 sometime"
    v = await guard.input(policy(input={"pii": base}), [text], None)
    assert v.texts[0] == "Write to support@example.com or <EMAIL_ADDRESS_1>, or try <PHONE_NUMBER_1> sometime"
    # a phone number without context words scores 0.4: a higher floor drops it
    v = await guard.input(policy(input={"pii": {**base, "min_score": 0.5}}), [text], None)
    assert v.texts[0] == "Write to support@example.com or <EMAIL_ADDRESS_1>, or try 0490 75 40 81 sometime"


async def test_url_inside_email_is_one_finding(guard: Guard) -> None:
    p = policy(input={"pii": {"entities": ["EMAIL_ADDRESS", "URL"]}})
    v = await guard.input(p, [f"mail {EMAIL} or see https://example.org/x"], None)
    assert v.texts[0] == "mail <EMAIL_ADDRESS_1> or see <URL_1>"
    assert v.records[0]["findings"] == {"EMAIL_ADDRESS": 1, "URL": 1}


async def test_patterns_block_redact_flag(guard: Guard) -> None:
    rules = [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"},
             {"name": "ticket-id", "regex": r"\bTCK-\d+\b", "action": "redact"},
             {"name": "shout", "regex": r"\b[A-Z]{6,}\b", "action": "flag"}]
    p = policy(input={"patterns": rules})
    v = await guard.input(p, ["see TCK-123 and TCK-9 and TCK-123 URGENTLY"], None)
    assert v.decision == "redact"
    assert v.texts[0] == "see <TICKET_ID_1> and <TICKET_ID_2> and <TICKET_ID_1> URGENTLY"
    assert v.records[0]["findings"] == {"shout": 1, "ticket-id": 3}
    v = await guard.input(p, ["status of Project Falcon?"], None)
    assert v.blocked and v.block_reason == "blocked by guardrail policy 'test': patterns (codenames)"


async def test_toxicity_thresholds(guard: Guard) -> None:
    p = policy(input={"toxicity": TOX})
    v = await guard.input(p, ["you darn fool"], None)  # toxicity 0.7 < 0.8
    assert v.decision == "allow" and v.records[0]["scores"] == {"toxicity": 0.7, "threat": 0.01}
    v = await guard.input(p, ["fine", "I will kill the process"], None)
    assert v.blocked and v.block_reason == "blocked by guardrail policy 'test': toxicity (toxicity)"
    assert v.records[0]["scores"] == {"toxicity": 0.9, "threat": 0.95}
    flag = policy(input={"toxicity": {**TOX, "action": "flag"}})
    assert (await guard.input(flag, ["idiot"], None)).decision == "flag"


async def test_bias_identity_attack_and_groups(guard: Guard) -> None:
    p = policy(input={"bias": {"action": "flag", "threshold": 0.5}})
    v = await guard.input(p, ["a hateful remark"], None)
    assert v.decision == "flag"
    rec = v.records[0]
    assert rec["check"] == "bias" and rec["groups"] == ["muslim"] and rec["scores"]["identity_attack"] == 0.75
    # toxic and about a group the policy names, without identity_attack: still bias
    named = policy(input={"bias": {"action": "block", "threshold": 0.8, "groups": ["female"]}})
    v = await guard.input(named, ["nasty women"], None)
    assert v.blocked and v.records[0]["groups"] == ["female"]
    v = await guard.input(named, ["nasty weather"], None)
    assert v.decision == "allow"


async def test_decision_precedence(guard: Guard) -> None:
    p = policy(input={**PII_IN, "toxicity": {**TOX, "action": "flag"},
                      "patterns": [{"name": "secret", "regex": "s3cr3t", "action": "block"}]})
    assert (await guard.input(p, ["idiot"], None)).decision == "flag"
    assert (await guard.input(p, ["idiot Jane Roe"], None)).decision == "redact"
    assert (await guard.input(p, ["idiot Jane Roe s3cr3t"], None)).decision == "block"


async def test_monitor_changes_nothing_and_records_would(guard: Guard) -> None:
    doc = {"mode": "monitor", "input": {**PII_IN, "toxicity": TOX}}
    v = await guard.input(policy(**doc), [f"Jane Roe, {EMAIL}"], None)
    assert v.texts == [None] and not v.vault and v.decision == "flag" and v.would_decision == "redact"
    assert [r["action"] for r in v.records] == ["would_redact", "allow"]
    v = await guard.input(policy(**doc), ["kill it"], None)
    assert v.decision == "flag" and v.would_decision == "block" and v.block_reason is None
    assert v.records[1]["action"] == "would_block"


async def test_on_error_block_raises_and_allow_skips(analyzer: PiiAnalyzer) -> None:
    guard = Guard(analyzer, None)
    with pytest.raises(GuardUnavailable) as exc:
        await guard.input(policy(input={"toxicity": TOX}), ["hello"], None)
    assert exc.value.check == "toxicity" and exc.value.reason == "toxicity model not loaded"
    broken = Guard(analyzer, BrokenScorer())
    with pytest.raises(GuardUnavailable) as exc:
        await broken.input(policy(input={"toxicity": {"thresholds": {"toxicity": 0.5}}}), [f"my SSN {SSN}"], None)
    assert exc.value.reason == "toxicity scoring failed: RuntimeError"
    no_values(str(exc.value), exc.value.records)
    v = await broken.input(policy(on_error="allow", input={**PII_IN, "toxicity": {"thresholds": {"toxicity": 0.5}}}),
                           [f"my SSN {SSN}"], None)
    assert v.decision == "redact" and v.texts == ["my SSN <US_SSN_1>"]
    err = next(r for r in v.records if r["check"] == "toxicity")
    assert err["action"] == "error" and err["on_error"] == "allow"
    no_values(v.records)


async def test_a_check_s_own_on_error_overrides_the_policy_s(analyzer: PiiAnalyzer) -> None:
    """`toxicity: {on_error: allow}` runs without the toxicity model while a failing PII check still blocks (a
    README-only review: the policy-wide `on_error: allow` offered for a missing toxicity model also let a PII
    timeout pass every value upstream)."""
    broken = Guard(analyzer, BrokenScorer())
    tox_allows = policy(input={**PII_IN, "toxicity": {"thresholds": {"toxicity": 0.5}, "on_error": "allow"}})
    v = await broken.input(tox_allows, [f"my SSN {SSN}"], None)
    assert v.decision == "redact" and v.texts == ["my SSN <US_SSN_1>"]
    assert next(r for r in v.records if r["check"] == "toxicity")["on_error"] == "allow"
    no_pii = Guard(PiiAnalyzer("no_such_spacy_model", executor="inline"), BrokenScorer())
    pii_blocks = policy(on_error="allow", input={"pii": {**PII_IN["pii"], "on_error": "block"},
                                                  "toxicity": {"thresholds": {"toxicity": 0.5}}})
    with pytest.raises(GuardUnavailable) as exc:
        await no_pii.input(pii_blocks, [f"my SSN {SSN}"], None)
    assert exc.value.check == "pii"
    assert pii_blocks.on_error_for("input", "toxicity") == "allow"
    assert pii_blocks.on_error_for("input", "pii") == "block"
    assert pii_blocks.on_error_for("output", "pii") == "allow"  # no output rule: the policy's


async def test_missing_label_is_an_error_not_a_pass(guard: Guard) -> None:
    with pytest.raises(GuardUnavailable, match="no label sexual_explicit"):
        await guard.input(policy(input={"toxicity": {"thresholds": {"sexual_explicit": 0.5}}}), ["x"], None)


async def test_model_missing_is_unavailable() -> None:
    guard = Guard(PiiAnalyzer("no_such_spacy_model", executor="inline"), None)
    with pytest.raises(GuardUnavailable) as exc:
        await guard.input(policy(input=PII_IN), ["Jane Roe"], None)
    assert exc.value.check == "pii" and "spaCy model 'no_such_spacy_model' is not installed" in exc.value.reason


async def test_parallel_toxicity_is_deferred(guard: Guard) -> None:
    p = policy(input={**PII_IN, "toxicity": {**TOX, "parallel": True}})
    v = await guard.input(p, ["Jane Roe says kill"], None, defer_parallel=True)
    assert v.decision == "redact" and v.deferred is not None
    assert [r["check"] for r in v.records] == ["pii"]
    await v.settle(guard, p)
    assert v.blocked and v.block_check == "toxicity" and [r["check"] for r in v.records] == ["pii", "toxicity"]
    v = await guard.input(p, ["hello"], None, defer_parallel=False)
    assert v.deferred is None and {r["check"] for r in v.records} == {"pii", "toxicity"}


# --------------------------------------------------------------------------- ids and names: data, not prose


async def test_ids_and_names_are_read_for_data_never_scored_as_prose(analyzer: PiiAnalyzer) -> None:
    """A text marked not prose (an id or a name screened as data, `TextSlot.prose`): PII, secrets and patterns
    read it, toxicity and bias never see it (an id is not prose: the model would score noise)."""
    scorer = WordScorer()
    guard = Guard(analyzer, scorer)
    rules = {**PII_OUT, "toxicity": TOX, "bias": {"action": "block", "threshold": 0.5},
             "patterns": [{"name": "codename", "regex": "falcon", "action": "block"}]}
    p = policy(input=rules, output=rules)
    idiot_id, phone_id = "call idiot 0000000000000000003", f"call {PHONE}"
    out = await guard.output(p, ["fine answer", idiot_id, phone_id], prose=[True, False, False])
    assert out.decision == "redact" and out.blocked == []  # not blocked for `idiot`: the id was never scored
    assert out.texts[0] is None and out.texts[1] is None and PHONE not in (out.texts[2] or PHONE)
    assert all(idiot_id not in call and phone_id not in call for call in scorer.calls)
    assert {r["check"] for r in out.records} == {"pii", "patterns", "toxicity", "bias"}
    assert (await guard.output(p, ["fine answer", "falcon 0000000000000000003"], prose=[True, False])).blocked == [1]
    # the same text as prose is scored, and blocks
    assert (await guard.output(p, ["fine answer", idiot_id], prose=[True, True])).blocked == [1]
    # on the way in too (the deferred checks as well); ids alone: the scoring checks do not run at all
    scorer.calls.clear()
    v = await guard.input(p, ["hello", idiot_id], None, prose=[True, False])
    assert not v.blocked and all(idiot_id not in call for call in scorer.calls)
    v = await guard.input(p, [idiot_id], None, prose=[False])
    assert not v.blocked and {r["check"] for r in v.records} == {"pii", "patterns"}
    tox_only = policy(input={"toxicity": {**TOX, "parallel": True}})
    v = await guard.input(tox_only, ["hello", idiot_id], None, defer_parallel=True, prose=[True, False])
    await v.settle(guard, tox_only)
    assert not v.blocked and all(idiot_id not in call for call in scorer.calls)
    no_values(out.records, v.records)


# --------------------------------------------------------------------------- output (whole answers)


async def test_output_restores_and_redacts_model_pii(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    v = await redacted(guard, p, f"I am Jane Roe, {EMAIL}")
    answer = "Hello <PERSON_1>! I noted <EMAIL_ADDRESS_1>. Reach me at help@vendor.io or <PERSON_7>."
    out = await guard.output(p, [answer], v.vault)
    assert out.decision == "redact" and out.blocked == []
    assert out.texts[0] == f"Hello Jane Roe! I noted {EMAIL}. Reach me at <EMAIL_ADDRESS_2> or <PERSON_7>."
    assert out.records[0]["findings"] == {"EMAIL_ADDRESS": 1}
    no_values(out.records)


async def test_output_without_restore_keeps_placeholders(guard: Guard) -> None:
    p = policy(input={"pii": {**PII_IN["pii"], "restore": False}})
    v = await redacted(guard, p, "I am Jane Roe")
    out = await guard.output(p, ["Hi <PERSON_1>"], v.vault)
    assert out.texts == [None] and out.decision == "allow"


async def test_output_block_withholds_that_text(guard: Guard) -> None:
    p = policy(output={"toxicity": TOX})
    out = await guard.output(p, ["fine answer", "you idiot"])
    assert out.decision == "block" and out.blocked == [1] and out.texts == [None, ""]
    assert out.block_reason == "blocked by guardrail policy 'test': toxicity (toxicity)"


async def test_output_monitor_only_restores(guard: Guard) -> None:
    p = policy(mode="monitor", output={**PII_OUT, "toxicity": TOX})
    out = await guard.output(p, [f"mail {EMAIL}, you idiot"])
    assert out.texts == [None] and out.decision == "flag" and out.would_decision == "block"


# --------------------------------------------------------------------------- scoring once per request

ECHOED = ("I am Jane Roe and I would like the delivery of my order moved to next Tuesday morning, "
          "after the school run, please.")


def scored(scorer: WordScorer) -> list[str]:
    return [t for call in scorer.calls for t in call]


class SlowWordScorer(WordScorer):
    """Takes a while, as a model does: concurrent checks ask while a text is still being scored."""

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls.append(list(texts))
        await asyncio.sleep(0.05)
        return await WordScorer().score(texts)


async def test_toxicity_and_bias_share_one_scoring(analyzer: PiiAnalyzer) -> None:
    scorer = SlowWordScorer()
    g = Guard(analyzer, scorer)
    p = policy(input={"toxicity": TOX, "bias": {"action": "flag", "threshold": 0.5}})
    v = await g.input(p, ["a hateful remark about the weather", "a second, unrelated text"], None)
    assert {r["check"] for r in v.records} == {"toxicity", "bias"} and v.decision == "block"
    texts = scored(scorer)
    # two texts and their joint, read directly and with a space between the letters of the cut (join27), each once
    assert sorted(texts) == sorted(set(texts)) and len(texts) == 4
    # Two requests at once with the same new text: scored once too.
    await asyncio.gather(g.input(p, ["one more text"], None), g.input(p, ["one more text"], None))
    assert scored(scorer)[4:] == ["one more text"]


class GatedWordScorer(WordScorer):
    """Scores once the test opens its gate: a scoring still in flight whatever the machine's load."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls.append(list(texts))
        await self.gate.wait()
        return await WordScorer().score(texts)


async def _ticks(n: int = 20) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def test_a_cancelled_scoring_does_not_fail_a_request_waiting_for_it() -> None:
    # (a gate, not sleeps: under load a 10 ms sleep outlasted a 50 ms scoring and the second request found the
    # first's scores cached, the case this test is not about)
    scorer = GatedWordScorer()
    cache = ScoreCache(scorer)
    first = asyncio.ensure_future(cache.scores(["a shared text", "its own text"]))
    await _ticks()
    assert scorer.calls == [["a shared text", "its own text"]]  # the first scoring is in flight
    second = asyncio.ensure_future(cache.scores(["a shared text"]))
    await _ticks()
    assert not second.done() and len(scorer.calls) == 1  # the second waits on the first's scoring
    first.cancel()  # its client left
    await _ticks()
    scorer.gate.set()
    (scores,) = await asyncio.wait_for(second, 5)
    assert scores["toxicity"] == 0.01
    assert scorer.calls == [["a shared text", "its own text"], ["a shared text"]]


async def test_an_answer_repeating_the_input_scores_only_what_is_new(analyzer: PiiAnalyzer) -> None:
    scorer = WordScorer()
    g = Guard(analyzer, scorer)
    p = policy(input={**PII_IN, "toxicity": TOX, "bias": {"action": "flag", "threshold": 0.5}},
               output={**PII_OUT, "toxicity": TOX})
    v = await g.input(p, [ECHOED], None)
    assert v.decision == "redact" and v.texts[0] is not None and "<PERSON_1>" in v.texts[0]
    before = len(scored(scorer))
    answer = "You said: " + v.texts[0]  # the model echoes what it was sent (placeholders), restored later
    out = await g.output(p, [answer], v.vault)
    assert out.decision == "allow" and out.texts == ["You said: " + ECHOED]
    new = scored(scorer)[before:]
    # The echoed text is not scored again: only the new words with up to ~100 characters of context.
    assert new and all(len(t) < len(ECHOED) for t in new), new
    assert all(t.startswith("You said: ") for t in new)
    # A violation in what is new is still found, next to the echo or far from it.
    for extra in ("You idiot, you said: ", "You said this, and more. " * 8 + "Idiot. You said: "):
        blocked = await g.output(p, [extra + v.texts[0]], v.vault)
        assert blocked.decision == "block" and blocked.blocked == [0]
    assert (await g.output(p, [v.texts[0] + " You idiot."], v.vault)).decision == "block"
    # The same answer in another request (no screened input) is scored whole.
    calls = len(scored(scorer))
    await g.output(p, ["Once more: " + ECHOED])
    assert scored(scorer)[calls:] == ["Once more: " + ECHOED]


async def test_an_echo_between_two_repeated_texts_scores_the_junction(analyzer: PiiAnalyzer) -> None:
    scorer = WordScorer()
    g = Guard(analyzer, scorer)
    p = policy(input={"toxicity": TOX}, output={"toxicity": TOX})
    first = "The first message is about the garden party on Saturday and the weather forecast."
    second = "The second message is about the budget meeting that moved to Thursday afternoon."
    v = await g.input(p, [first, second], None)
    before = len(scored(scorer))
    out = await g.output(p, [first + " " + second], v.vault)
    assert out.decision == "allow"
    new = scored(scorer)[before:]
    assert len(new) == 1 and first[-20:] in new[0] and second[:20] in new[0]  # the junction, with context


# --------------------------------------------------------------------------- concurrent requests


async def test_concurrent_requests_share_inflight_analysis(guard: Guard, analyzer: PiiAnalyzer) -> None:
    p = policy(input=PII_IN)
    text = "A brand new text from Jane Roe, written once."
    misses = analyzer.misses
    a, b = await asyncio.gather(guard.input(p, [text], None), guard.input(p, [text], None))
    assert a.texts == b.texts == ["A brand new text from <PERSON_1>, written once."]
    assert analyzer.misses == misses + 1


# ------------------------------------------------------------ JSON texts (tool call arguments): restore escaped


async def test_whole_answer_restores_into_json_texts_escaped(guard: Guard) -> None:
    p = policy(input=TICKET_IN)
    v = await guard.input(p, [f"file {TICKET} please"], None)
    assert v.texts == ["file <TICKET_1> please"]
    args = '{"ref": "<TICKET_1>", "note": "about <TICKET_1>"}'
    out = await guard.output(p, ["Filed <TICKET_1>.", args], v.vault, json_texts=[False, True])
    assert out.texts[0] == f"Filed {TICKET}."  # plain text: as it was sent
    assert out.texts[1] is not None and json.loads(out.texts[1]) == {"ref": TICKET, "note": f"about {TICKET}"}
    monitor = await guard.output(policy(mode="monitor", input=TICKET_IN), [args], v.vault, json_texts=[True])
    assert monitor.texts[0] is not None and json.loads(monitor.texts[0])["ref"] == TICKET
