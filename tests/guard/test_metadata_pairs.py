"""Issue 12, seventh round: each `metadata` value is read with every message text of the request, both ways
(`proxy.guard.phases.field_pairs`), not with the first and the last only: a map has no place among the messages,
so a value or a codename split between a middle message and `metadata` is one (`call 617-555` in the second of
three messages, `{"x": "-0143"}`). Bounded: `_METADATA_TEXTS` (value, text) pairs in all, the latest texts
first; the first and last texts always."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.engine import Guard
from proxy.guard.phases import documents, screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

CODENAME = [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]


def _chat(middle: str, metadata: dict[str, str], n: int = 3) -> dict[str, Any]:
    turns = [{"role": "user" if k % 2 == 0 else "assistant", "content": f"turn {k} of the talk, nothing here."}
             for k in range(n)]
    turns[n // 2]["content"] = middle
    return {"model": "m", "messages": turns, "metadata": metadata}


@pytest.mark.parametrize(("middle", "metadata", "gone"), [
    ("call 617-555", {"x": "-0143"}, ["617", "0143"]),
    ("card 4111 1111", {"a": "ok", "x": " 1111 1111 please"}, ["4111", "1111 1111 please"]),
    ("mail jane.roe@exa", {"x": "mple.com"}, ["jane.roe", "mple.com"]),
    ("-0143 is the rest", {"x": "call 617-555"}, ["617", "0143"]),  # the value begins in `metadata`
])
async def test_a_value_split_between_a_middle_message_and_metadata_is_redacted_in_each(
        guard: Guard, middle: str, metadata: dict[str, str], gone: list[str]) -> None:
    body = _chat(middle, metadata, n=5)
    verdict = await screen_request(guard, policy(input=PII_IN, output=PII_OUT), openai.request_texts("chat", body))
    assert verdict.decision == "redact"
    sent = json.dumps(body)
    for piece in gone:
        assert piece not in sent, (piece, sent)


async def test_a_codename_split_between_a_middle_message_and_metadata_is_blocked(guard: Guard) -> None:
    p = policy(input={"patterns": CODENAME})
    for api, adapter, body in [
        ("chat", openai, _chat("status of project", {"tag": "osprey"}, n=4)),
        ("responses", openai, {"model": "m", "input": [{"role": "user", "content": "hi"},
                                                       {"role": "user", "content": "status of project"},
                                                       {"role": "user", "content": "thanks"}],
                               "metadata": {"tag": "falcon"}}),
        ("messages", anthropic, {"model": "c", "max_tokens": 1, "metadata": {"user_id": "falcon"}, "messages": [
            {"role": "user", "content": "hi"}, {"role": "assistant", "content": "status of project"},
            {"role": "user", "content": "thanks"}]}),
    ]:
        slots = adapter.request_texts(api, body) if adapter is openai else adapter.ADAPTER.request_texts(api, body)
        assert (await screen_request(guard, p, slots)).decision == "block", api


@pytest.mark.parametrize("body", [
    _chat("room 12", {"n": "34 seats"}, n=5), _chat("Deploy build 4411 to prod", {"trace": "5521", "env": "staging"}),
    _chat("the project", {"tag": "kestrel"}, n=5),
])
async def test_metadata_beside_unrelated_middle_messages_joins_into_nothing(guard: Guard, body: dict[str, Any]) -> None:
    before = json.dumps(body)
    verdict = await screen_request(guard, policy(input={**PII_IN, "patterns": CODENAME}, output=PII_OUT),
                                   openai.request_texts("chat", body))
    assert verdict.decision == "allow" and json.dumps(body) == before


def test_pairs_are_bounded_the_first_and_last_texts_always() -> None:
    body = _chat("x", {f"k{j}": "v" for j in range(16)}, n=200)
    slots = openai.request_texts("chat", body)
    pairs = [d for d in documents(slots) if len(d) == 2 and d[0][1] == d[1][1] == "direct"]
    texts = [i for i, s in enumerate(slots) if phases.joinable(s) is True]
    metadata = [i for i, s in enumerate(slots) if s.channel.startswith("field:metadata:") and s.mode == "value"]
    assert len(pairs) <= 4 * len(metadata) + 2 * phases._METADATA_TEXTS
    for i in metadata:  # every value with the last text before it and the first after it, and the latest between
        assert [(texts[-1], "direct"), (i, "direct")] in pairs and [(i, "direct"), (texts[0], "direct")] in pairs
        assert [(texts[-2], "direct"), (i, "direct")] in pairs and [(i, "direct"), (texts[-2], "direct")] in pairs
    assert [(texts[1], "direct"), (metadata[0], "direct")] not in pairs  # past the bound


async def test_a_resent_conversation_reads_its_joints_from_the_patterns_cache(
        guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules' findings in a joint (the messages' cuts, each `metadata` value with the latest texts) are
    remembered (`proxy.guard.checks.patterns.joint_finds`): the next turn, resent with one message more, reads
    only the joints it has not read before, and still finds the codename split between a middle message and
    `metadata`."""
    from proxy.guard.checks import patterns

    reads: list[str] = []
    find = patterns.PatternCheck.find

    def counted(text: str, ctx: Any, protect: bool = True, own: Any = ()) -> Any:
        if not protect:
            reads.append(text)
        return find(text, ctx, protect, own)

    monkeypatch.setattr(patterns.PatternCheck, "find", staticmethod(counted))
    p = policy(input={"patterns": CODENAME})
    body = _chat("status of project", {"tag": "osprey", "n": "resend-cache-check 7731"}, n=6)
    assert (await screen_request(guard, p, openai.request_texts("chat", json.loads(json.dumps(body))))).decision \
        == "block"
    first = len(reads)
    assert first > 0
    body["messages"].append({"role": "user", "content": "and the next question, resend-cache-check"})
    reads.clear()
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "block", verdict.records
    assert 0 < len(reads) < first / 2, (len(reads), first)  # the new message's joints only


async def test_the_patterns_cache_is_per_rule_set(guard: Guard) -> None:
    """The same joint read under other rules is read again: a rule added finds what the first set did not."""
    body = _chat("status of project", {"tag": "kestrel", "n": "per-rule-set check"}, n=5)
    one = policy(input={"patterns": CODENAME})
    assert (await screen_request(guard, one, openai.request_texts("chat", json.loads(json.dumps(body))))).decision \
        == "allow"
    two = policy(input={"patterns": [*CODENAME, {"name": "birds", "regex": r"(?i)\bproject kestrel\b",
                                                  "action": "block"}]})
    assert (await screen_request(guard, two, openai.request_texts("chat", body))).decision == "block"
