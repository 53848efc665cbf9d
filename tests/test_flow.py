"""proxy.flow: one request top to bottom (the order of the steps), refusals, and one record per request."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proxy import flow
from proxy.audit import DecisionLog
from proxy.config.policy import Policy
from proxy.config.settings import Settings, load_settings
from proxy.errors import ProxyError
from proxy.exchange import Exchange
from proxy.flow import Services, _estimate_input_tokens, _phases, _policy, complete, record, refuse
from proxy.guard.decision import Decision
from proxy.guard.phases import has_rules
from proxy.metrics import Metrics
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.conftest import Mock, Proxy

PII_CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "I am Jane Roe, mail jane@example.com"}]}


def ex(kind: str = CHAT, provider: str = "openai") -> Exchange:
    return Exchange("req_flow", provider, kind, "/v1/chat/completions")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    (tmp_path / "proxy.yaml").write_text("{}\n")
    settings = load_settings(tmp_path / "proxy.yaml", env={})
    async with aiohttp.ClientSession() as session:
        svc = Services(settings=settings, env={}, session=session, decisions=DecisionLog(tmp_path / "log.jsonl"),
                       metrics=Metrics())
        yield svc
        svc.decisions.close()


def records(svc: Services) -> list[dict[str, Any]]:
    svc.decisions.flush()
    assert svc.decisions.path is not None
    return [json.loads(line) for line in svc.decisions.path.read_text().splitlines()]


# --------------------------------------------------------------------------- refusals and records


@pytest.mark.parametrize(("code", "decision"), [
    ("invalid_json", "block"), ("invalid_api_key", "block"), ("budget_exceeded", "block"),
    ("guardrail_unavailable", "block"),
    ("upstream_unreachable", "allow"), ("upstream_timeout", "allow"),  # the proxy refused nothing
])
def test_refuse_answers_in_the_providers_format_and_marks_the_exchange(code: str, decision: str) -> None:
    e = ex()
    resp = refuse(ProxyError(code, "why"), e, OPENAI)
    assert (e.status, e.error, e.decision) == (resp.status, code, decision)
    assert resp.headers["x-guardrail-decision"] == decision and resp.headers["x-guardrail-request-id"] == "req_flow"
    assert resp.body is not None and json.loads(bytes(resp.body))["error"]["code"] == code  # type: ignore[arg-type]
    anthropic = refuse(ProxyError(code, "why"), ex(MESSAGES, "anthropic"), ANTHROPIC)
    assert anthropic.body is not None and json.loads(bytes(anthropic.body))["type"] == "error"  # type: ignore[arg-type]


async def test_a_request_without_a_reservation_is_recorded_at_once(services: Services) -> None:
    e = ex()
    e.team, e.status, e.decision = "default", 400, Decision.BLOCK
    complete(services, e)
    assert services.pending == set()  # nothing to settle off the answer's path
    (rec,) = records(services)
    assert rec["request_id"] == "req_flow" and rec["status"] == 400 and rec["decision"] == "block"
    assert "hash" in rec and "prev_hash" in rec
    assert b'guardrail_requests_total{decision="block",route="/v1/chat/completions",status="400",team="default"} 1.0' \
        in services.metrics.render()


async def test_record_writes_one_record_per_call(services: Services) -> None:
    for status in (200, 404):
        e = ex()
        e.status = status
        record(services, e)
    assert [r["status"] for r in records(services)] == [200, 404]


async def test_spawned_work_is_tracked_until_it_ends(services: Services) -> None:
    release = asyncio.Event()

    async def settle() -> None:
        await release.wait()

    services.spawn(settle())
    (task,) = services.pending
    assert not task.done()
    release.set()
    await asyncio.wait_for(task, 1)
    await asyncio.sleep(0)  # the done callback runs on the next iteration
    assert services.pending == set()


# --------------------------------------------------------------------------- small steps


def test_policy_puts_the_mode_on_the_exchange(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("{}\n")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "watch.yaml").write_text("name: watch\nmode: monitor\n")
    settings = load_settings(tmp_path / "proxy.yaml", env={})
    e = ex()
    e.policy = "watch"
    policy = _policy(settings, e)
    assert policy is not None and policy.name == "watch" and e.mode == "monitor"
    e = ex()
    e.policy = "no-such-policy"
    assert _policy(settings, e) is None and e.mode == "enforce"
    assert _policy(Settings(None, tmp_path), ex()) is None  # bare settings: no policies at all


def test_stream_input_estimate_is_about_four_characters_a_token() -> None:
    body = {"model": "m", "messages": [{"role": "system", "content": "x" * 10}, {"role": "user", "content": "y" * 30}]}
    assert _estimate_input_tokens(OPENAI, CHAT, body) == 40 // 4 + 1
    assert _estimate_input_tokens(OPENAI, CHAT, {"model": "m", "messages": []}) == 1
    anthropic = {"model": "m", "system": "s" * 7, "messages": [{"role": "user", "content": "hello"}]}
    assert _estimate_input_tokens(ANTHROPIC, MESSAGES, anthropic) == 12 // 4 + 1


# --------------------------------------------------------------------------- the order of the steps, over HTTP


async def post(url: str, body: bytes | dict[str, Any], headers: dict[str, str] | None = None,
               ) -> tuple[int, dict[str, str], dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with aiohttp.ClientSession() as s, s.post(url, data=data, headers={
            "Content-Type": "application/json", **(headers or {})}) as r:
        return r.status, dict(r.headers), await r.json(content_type=None)


async def test_identity_comes_before_the_body(mock: Mock, team_proxy: Proxy) -> None:
    status, headers, body = await post(f"{team_proxy.url}/v1/chat/completions", b"{not json")
    assert status == 401 and body["error"]["code"] == "invalid_api_key"
    rec = team_proxy.record_for(headers["x-guardrail-request-id"])
    assert rec["team"] is None and rec["error"] == "invalid_api_key" and rec["checks"] == []
    key = {"Authorization": f"Bearer {team_proxy.keys['marketing']}"}
    status, _, body = await post(f"{team_proxy.url}/v1/chat/completions", b"{not json", key)
    assert status == 400 and body["error"]["code"] == "invalid_json"
    assert mock.state.requests == []


async def test_the_allow_list_comes_before_the_guard(mock: Mock, team_proxy: Proxy) -> None:
    key = {"Authorization": f"Bearer {team_proxy.keys['marketing']}"}
    status, headers, body = await post(f"{team_proxy.url}/v1/chat/completions", PII_CHAT, key)
    assert status == 403 and body["error"]["code"] == "model_not_allowed"
    rec = team_proxy.record_for(headers["x-guardrail-request-id"])
    assert rec["team"] == "marketing" and rec["model"] == "gpt-4o" and rec["checks"] == []  # nothing screened
    assert mock.state.requests == []


async def test_the_guard_comes_before_upstream(mock: Mock, team_proxy: Proxy) -> None:
    key = {"Authorization": f"Bearer {team_proxy.keys['marketing']}"}  # the built-in default policy
    status, headers, _ = await post(f"{team_proxy.url}/v1/chat/completions", {**PII_CHAT, "model": "gpt-4o-mini"},
                                    key)
    assert status == 200 and headers["x-guardrail-decision"] == "redact"
    sent = mock.last_body["messages"][0]["content"]
    assert "jane@example.com" not in sent and "<EMAIL_ADDRESS_1>" in sent  # screened before it left
    rec = team_proxy.record_for(headers["x-guardrail-request-id"])
    assert [c["phase"] for c in rec["checks"] if c["check"] == "pii"] == ["input", "output"]


async def test_a_whole_answer_without_output_rules_gives_the_guard_no_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore only (no output rules): ids, names and enums of the answer, whatever they hold, are not
    screened (restore never writes into one and no check would read it); the answer's text is restored.
    With output rules they are, as data (`TextSlot.prose` False)."""
    import proxy.flow as flow
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard, InputVerdict
    from proxy.guard.phases import screen_answer
    from proxy.guard.vault import Vault

    seen: list[list[bool]] = []

    async def recording(guard: Any, policy: Any, slots: Any, verdict: Any) -> Any:
        seen.append([slot.prose for slot in slots])
        return await screen_answer(guard, policy, slots, verdict)

    monkeypatch.setattr(flow, "screen_answer", recording)
    restore_only = Policy.model_validate({"name": "t", "input": {"pii": {"restore": True}}})
    with_rules = Policy.model_validate({"name": "t", "input": {"pii": {"restore": True}},
                                        "output": {"patterns": [{"name": "x", "regex": "zzz", "action": "flag"}]}})
    guard = Guard()
    verdict = InputVerdict("redact", [], Vault(), [], "t")
    placeholder = verdict.vault.placeholder("EMAIL_ADDRESS", "jane@example.com")
    for policy, ids in ((restore_only, False), (with_rules, True)):
        seen.clear()
        body = {"id": "chatcmpl-4111111111111111", "object": "chat.completion", "model": "gpt-4111111111111111",
                "choices": [{"index": 0, "finish_reason": "212-555-0199",
                             "message": {"role": "assistant", "content": f"Mail {placeholder}."}}]}
        assert await flow._guard_output(guard, policy, ex(), OPENAI, body, verdict)
        assert body["choices"][0]["message"]["content"] == "Mail jane@example.com."
        assert body["id"] == "chatcmpl-4111111111111111" and body["model"] == "gpt-4111111111111111"
        (prose,) = seen
        assert (False in prose) is ids, prose


def test_no_checks_no_guard_queue_ticket(mock: Mock, proxy_factory: Any) -> None:
    """A policy with no input or output rules runs no check: no guard queue ticket, so its record has no
    `latency_ms.queue` (nothing waited for a worker); a policy with rules keeps it."""
    import httpx

    proxy = proxy_factory(teams={"open": {"policy": "open"}, "screened": {"policy": "tox"}}, files={
        "policies/open.yaml": "name: open\n",
        "policies/tox.yaml": "name: tox\ninput:\n  toxicity: {action: block, thresholds: {toxicity: 0.8}}\n"})
    chat = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Summarise RFC 9110 in a line."}]}
    queued = {}
    for team in ("open", "screened"):
        r = httpx.post(f"{proxy.url}/v1/chat/completions", json=chat, timeout=30,
                       headers={"Authorization": f"Bearer {proxy.keys[team]}"})
        assert r.status_code == 200, r.text
        rec = proxy.record_for(r.headers["x-guardrail-request-id"])
        assert rec["policy"] == ("open" if team == "open" else "tox")
        queued[team] = "queue" in rec["latency_ms"]
    assert queued == {"open": False, "screened": True}


def test_the_phases_of_a_policy_are_read_once_per_loaded_policy() -> None:
    """`_phases`: `has_rules` of the input and output phases, kept per policy object (a reload loads new
    objects, each read anew), at most 256 of them."""
    shapes = [{}, {"input": {"patterns": [{"name": "falcon", "regex": "falcon", "action": "block"}]}},
              {"output": {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS"]}}},
              {"input": {"secrets": {"action": "block"}}, "output": {"patterns": [
                  {"name": "falcon", "regex": "falcon", "action": "redact"}]}}]
    flow._PHASES.clear()
    for shape in shapes * 2:
        policy = Policy.model_validate({"name": "p", **shape})
        assert _phases(policy) == (has_rules(policy.input), has_rules(policy.output)), shape
        assert _phases(policy) == _phases(policy)
    assert [_phases(Policy.model_validate({"name": "p", **shape})) for shape in shapes] == \
        [(False, False), (True, False), (False, True), (True, True)]
    kept = [Policy.model_validate({"name": f"p{i}"}) for i in range(300)]
    for policy in kept:
        assert _phases(policy) == (False, False)
        assert len(flow._PHASES) <= 256
