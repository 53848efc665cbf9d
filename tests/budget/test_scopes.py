"""Budget scopes (model globs, per key, per end user, warn mode) in proxy.budget.ledger, against real
servers: the embedded Valkey and Debian's redis-server, every test on both.

Each scope refuses on its own while the others have room, and holds nothing anywhere when it refuses;
settle and release move every scope's windows; warn mode holds past a cap and says `would_block`;
status and export break spend down by scope; alerts fire per scope; every key of a team, its scopes'
too, is in the team's Cluster slot; the end-user id as sent is never in the store.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from proxy.budget.ledger import Budgets
from proxy.budget.results import BudgetExceeded, scope_label
from proxy.budget.scopes import END_USER_HEADER, Scope, end_user_hash, end_user_value, key_id, scopes_for
from proxy.budget.step import identify_scopes
from proxy.config.budgets import BudgetsConfig
from proxy.exchange import Exchange, new_request_id
from proxy.providers.base import CHAT, Usage
from proxy.store.routing import key_slot
from tests.budget import test_ledger
from tests.budget.test_ledger import Clock, spent_reserved

# The ledger tests' fixtures: both servers (module scope), a flushed client, a fixed New York clock.
server, client, clock, budgets = test_ledger.server, test_ledger.client, test_ledger.clock, test_ledger.budgets

USD = 1_000_000
SALT = "scopes-test-salt-0123456789"
DAY = "2026-11-18"


@pytest.fixture(autouse=True)
def _salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT)


def scoped(**team: Any) -> BudgetsConfig:
    base = {"daily": 10.0, "models": {"gpt-4o*": {"daily": 1.0}}, "per_key": {"daily": 2.0},
            "per_end_user": {"daily": 3.0}}
    return BudgetsConfig.model_validate({"timezone": "America/New_York", "teams": {"t": {**base, **team}}})


def user(name: str) -> str:
    return end_user_hash("t", name)


async def reserve(budgets: Budgets, cfg: BudgetsConfig, model: str, key: str, end_user: str | None,
                  usd: float) -> Any:
    scopes = scopes_for(cfg.for_team("t"), model, key, end_user)
    return await budgets.reserve("t", model, int(usd * USD), config=cfg, scopes=scopes)


async def held(client: Any, *keys: str) -> list[tuple[int, int]]:
    return [await spent_reserved(client, k) for k in keys]


# ------------------------------------------------------------------------------ each scope on its own


async def test_the_model_scope_refuses_while_key_end_user_and_team_have_room(budgets: Budgets, client: Any) -> None:
    cfg = scoped()
    await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.8)
    with pytest.raises(BudgetExceeded) as exc:  # key k2: $2 free, user u2: $3, team: $9.2 -- the glob has $0.2
        await reserve(budgets, cfg, "GPT-4o-mini", "k2", user("u2"), 0.3)  # letter case does not escape it
    assert exc.value.scope == "model:gpt-4o*" and exc.value.window == "daily"
    assert "scope 'model gpt-4o*'" in exc.value.message and "$1.000000 cap" in exc.value.message
    # All or none: the refusal held nothing in the scopes that had room.
    assert await held(client, f"gp:{{t}}:spend:k:k2:daily:{DAY}", f"gp:{{t}}:spend:u:{user('u2')}:daily:{DAY}",
                      f"gp:{{t}}:spend:daily:{DAY}") == [(0, 0), (0, 0), (0, 800_000)]
    await reserve(budgets, cfg, "claude-x", "k2", user("u2"), 0.3)  # another model: the glob does not apply


async def test_the_key_scope_refuses_while_the_others_have_room(budgets: Budgets, client: Any) -> None:
    cfg = scoped()
    await reserve(budgets, cfg, "claude-x", "k3", user("u3"), 1.5)
    with pytest.raises(BudgetExceeded) as exc:
        await reserve(budgets, cfg, "claude-x", "k3", user("u4"), 0.6)
    assert exc.value.scope == "key:k3" and "scope 'key'" in exc.value.message and "k3" not in exc.value.message
    assert await held(client, f"gp:{{t}}:spend:u:{user('u4')}:daily:{DAY}") == [(0, 0)]
    await reserve(budgets, cfg, "claude-x", "k4", user("u4"), 0.6)  # another key of the team: its own cap


async def test_the_end_user_scope_refuses_while_the_others_have_room(budgets: Budgets, client: Any) -> None:
    cfg = scoped()
    await reserve(budgets, cfg, "claude-x", "k5", user("u5"), 1.5)
    await reserve(budgets, cfg, "claude-x", "k6", user("u5"), 1.0)
    with pytest.raises(BudgetExceeded) as exc:
        await reserve(budgets, cfg, "claude-x", "k7", user("u5"), 0.6)
    assert exc.value.scope == f"end_user:{user('u5')}" and "scope 'end user'" in exc.value.message
    assert user("u5") not in exc.value.message  # the client is told the scope, not the hash
    assert await held(client, f"gp:{{t}}:spend:k:k7:daily:{DAY}") == [(0, 0)]
    await reserve(budgets, cfg, "claude-x", "k7", None, 0.6)  # no end user: per_end_user does not apply


async def test_the_team_scope_refuses_while_every_narrower_scope_has_room(budgets: Budgets) -> None:
    cfg = scoped()
    for i in range(5):
        await reserve(budgets, cfg, "claude-x", f"k{i}", user(f"u{i}"), 1.9)
    with pytest.raises(BudgetExceeded) as exc:  # $9.5 of $10 held; key k9 and user u9 are untouched
        await reserve(budgets, cfg, "claude-x", "k9", user("u9"), 0.6)
    assert exc.value.scope == "team" and "scope" not in exc.value.message.split(":")[0]


# ------------------------------------------------------------------------------ settle, release, warn


async def test_settle_charges_and_release_frees_every_scope(budgets: Budgets, client: Any) -> None:
    cfg = scoped(monthly=100.0)
    keys = [f"gp:{{t}}:spend:{part}daily:{DAY}" for part in ("", "m:gpt-4o*:", "k:k1:", f"u:{user('u1')}:")]
    res = await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.5)
    assert len(res.keys) == 3 + 3  # the team's three windows, one capped window per narrower scope
    assert await held(client, *keys) == [(0, 500_000)] * 4
    settled = await budgets.settle(res, 200_000, Usage(100, 10), config=cfg)
    assert {w.scope for w in settled.windows} == {"team", "model:gpt-4o*", "key:k1", f"end_user:{user('u1')}"}
    assert await held(client, *keys) == [(200_000, 0)] * 4
    assert settled.as_record()["scope"] == "model:gpt-4o*"  # the tightest: $0.8 left of $1
    other = await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.5)
    assert await budgets.release(other)
    assert await held(client, *keys) == [(200_000, 0)] * 4


async def test_warn_mode_holds_past_the_cap_and_says_what_would_block(budgets: Budgets, client: Any) -> None:
    cfg = scoped(mode="warn")
    first = await reserve(budgets, cfg, "claude-x", "k1", user("u1"), 1.5)
    assert first.would_block is None and first.as_record()["mode"] == "warn"
    second = await reserve(budgets, cfg, "claude-x", "k1", user("u1"), 1.0)  # key k1: $2.5 of a $2 cap
    assert second.would_block is not None and second.would_block.scope == "key:k1"
    assert second.as_record()["would_block"] == {"scope": "key:k1", "window": "daily", "period": DAY,
                                                 "spent_usd": 0.0, "reserved_usd": 1.5, "cap_usd": 2.0}
    assert await held(client, f"gp:{{t}}:spend:k:k1:daily:{DAY}") == [(0, 2_500_000)]
    settled = await budgets.settle(second, 1_000_000, None, config=cfg)
    assert second.decorate(settled.as_record())["would_block"]["scope"] == "key:k1"
    # The global default applies to teams without a mode of their own; a team's own mode wins.
    cfg2 = BudgetsConfig.model_validate({"mode": "warn", "teams": {"a": {"daily": 1.0}, "b": {"daily": 1.0,
                                                                                               "mode": "enforce"}}})
    await budgets.reserve("a", "m", 2 * USD, config=cfg2)
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("b", "m", 2 * USD, config=cfg2)


async def test_alerts_fire_per_scope(budgets: Budgets) -> None:
    cfg = scoped(alert_at=[0.5])
    res = await reserve(budgets, cfg, "claude-x", "k1", user("u1"), 1.2)
    settled = await budgets.settle(res, 1_200_000, None, config=cfg)
    assert sorted((a.scope, a.window) for a in settled.alerts) == [("key:k1", "daily")]  # $1.2 of $2
    res = await reserve(budgets, cfg, "claude-x", "k2", user("u1"), 0.5)
    settled = await budgets.settle(res, 500_000, None, config=cfg)
    assert [(a.scope, a.threshold) for a in settled.alerts] == [(f"end_user:{user('u1')}", 0.5)]  # $1.7 of $3
    assert settled.alerts[0].as_record()["scope"] == f"end_user:{user('u1')}"


async def test_the_scope_usage_hash_expires_after_the_usage_retention(budgets: Budgets, client: Any) -> None:
    """Its expiry is set when a settle creates a field in it (so when one creates the hash), not on every
    settle; a field added to a hash that has one (this version's, or the previous one's) sets it again."""
    cfg = scoped()
    key = f"gp:{{t}}:scope-usage:{DAY}"
    retention = budgets.usage_ttl_ms
    res = await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.1)
    await budgets.settle(res, 25_000, Usage(10, 1), config=cfg)
    assert retention - 60_000 < await client.pttl(key) <= retention
    await client.pexpire(key, 5_000_000)  # what it has left after a while
    res = await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.1)  # the same scopes: no new field
    await budgets.settle(res, 25_000, Usage(10, 1), config=cfg)
    assert 4_000_000 < await client.pttl(key) <= 5_000_000
    res = await reserve(budgets, cfg, "gpt-4o", "k1", user("u2"), 0.1)  # a new end user: a new field
    await budgets.settle(res, 25_000, Usage(10, 1), config=cfg)
    assert retention - 60_000 < await client.pttl(key) <= retention
    assert await client.hget(key, "s.cost:key:k1") == b"75000"
    assert await client.hget(key, f"s.cost:end_user:{user('u1')}") == b"50000"
    await client.delete(key)  # gone (evicted): the next settle makes it again, with its expiry
    res = await reserve(budgets, cfg, "gpt-4o", "k1", user("u1"), 0.1)
    await budgets.settle(res, 25_000, Usage(10, 1), config=cfg)
    assert retention - 60_000 < await client.pttl(key) <= retention
    assert await client.hget(key, "s.cost:key:k1") == b"25000"


# ------------------------------------------------------------------------------ reports


async def test_status_and_export_break_spend_down_by_scope(budgets: Budgets, clock: Clock) -> None:
    cfg = scoped()
    for key, who, model, usd in [("k1", "u1", "gpt-4o", 0.5), ("k1", "u2", "claude-x", 0.25),
                                 ("k2", None, "claude-x", 0.125)]:
        res = await reserve(budgets, cfg, model, key, who and user(who), usd)
        await budgets.settle(res, int(usd * USD), Usage(10, 1), config=cfg)
    rows = await budgets.status(cfg, ["t"])
    spent = {(r.scope, r.window): r.spent_micros for r in rows}
    assert spent == {("team", "daily"): 875_000, ("team", "weekly"): 875_000, ("team", "monthly"): 875_000,
                     ("model:gpt-4o*", "daily"): 500_000, ("key:k1", "daily"): 750_000,
                     ("key:k2", "daily"): 125_000, (f"end_user:{user('u1')}", "daily"): 500_000,
                     (f"end_user:{user('u2')}", "daily"): 250_000}
    caps = {r.scope: r.cap_micros for r in rows if r.window == "daily"}
    assert caps["key:k2"] == 2 * USD and caps[f"end_user:{user('u1')}"] == 3 * USD
    day = clock.now.astimezone(cfg.zone).date()
    export = await budgets.export(day, day)
    by_scope = {(r.scope, r.model): r.cost_micros for r in export}
    assert by_scope == {("team", "gpt-4o"): 500_000, ("team", "claude-x"): 375_000,
                        ("model:gpt-4o*", "gpt-4o*"): 500_000, ("key:k1", ""): 750_000,
                        ("key:k2", ""): 125_000, (f"end_user:{user('u1')}", ""): 500_000,
                        (f"end_user:{user('u2')}", ""): 250_000}
    # A new day: yesterday's key and end-user windows are not today's, the configured glob still shows.
    clock.advance(days=1)
    scopes = {r.scope for r in await budgets.status(cfg, ["t"]) if r.window == "daily"}
    assert scopes == {"team", "model:gpt-4o*"}


async def test_every_key_of_a_team_is_in_its_slot_and_no_end_user_id_is_stored(budgets: Budgets,
                                                                              client: Any) -> None:
    cfg = scoped(monthly=100.0, models={"gpt-4o*": {"daily": 1.0, "monthly": 5.0}})
    raw = "alice.liddell@example.com"
    res = await reserve(budgets, cfg, "gpt-4o", key_id("gp-secret-key-value"), user(raw), 0.5)
    await budgets.settle(res, 100_000, Usage(10, 1), config=cfg)
    keys = [k.decode() for k in await client.keys("*")]
    assert {key_slot(k) for k in keys} == {key_slot("gp:{t}:res")}, keys
    dump = " ".join(keys)
    for k in keys:
        if (await client.type(k)).decode() == "hash":
            dump += " ".join(f"{f.decode()}={v.decode()}" for f, v in (await client.hgetall(k)).items())
    assert raw not in dump and "alice" not in dump and "gp-secret-key-value" not in dump
    assert user(raw) in dump


# ------------------------------------------------------------------------------ who the request is


def test_end_user_sources_in_order() -> None:
    headers = {END_USER_HEADER: " h-user "}
    assert end_user_value("openai", {"user": "a", "safety_identifier": "b"}, headers) == "a"
    assert end_user_value("openai", {"safety_identifier": "b", "metadata": {"user_id": "c"}}, headers) == "b"
    assert end_user_value("anthropic", {"metadata": {"user_id": "c"}}, headers) == "c"
    assert end_user_value("openai", {"metadata": {"user_id": "c"}}, headers) == "h-user"  # OpenAI metadata is data
    assert end_user_value("openai", {"user": ""}, {}) is None and end_user_value("openai", [], {}) is None


def test_end_user_from_header_ignores_the_body() -> None:
    """Was (attack F12): a client relayed by an app that names its user in the header dodged the app's
    per-end-user cap with a fresh body `user` each request. `end_user_from: header` reads the header only."""
    headers = {END_USER_HEADER: "app-user-42"}
    body = {"model": "gpt-4o", "user": "random-1", "safety_identifier": "random-2"}

    def end_user(cfg: BudgetsConfig, team: str = "t") -> str | None:
        ex = Exchange(new_request_id(), "openai", CHAT, "/v1/chat/completions")
        ex.team = team
        identify_scopes(cfg, True, ex, body, headers)
        return ex.end_user

    assert end_user(scoped()) == end_user_hash("t", "random-1"), "default: the documented order"
    assert end_user(scoped(end_user_from="header")) == end_user_hash("t", "app-user-42")
    top = BudgetsConfig.model_validate({"end_user_from": "header", "teams": {
        "t": {"daily": 5.0, "per_end_user": {"daily": 1.0}},
        "u": {"daily": 5.0, "per_end_user": {"daily": 1.0}, "end_user_from": "any"}}})
    assert end_user(top) == end_user_hash("t", "app-user-42"), "the top-level default applies"
    assert end_user(top, "u") == end_user_hash("u", "random-1"), "a team's own setting wins"
    assert end_user_value("openai", body, {}, header_only=True) is None, "no header: no end user"


def test_the_end_user_hash_is_keyed_and_per_team(monkeypatch: pytest.MonkeyPatch) -> None:
    a = end_user_hash("t", "bob")
    assert a == end_user_hash("t", "bob") and len(a) == 20 and "bob" not in a
    assert end_user_hash("other", "bob") != a  # per team
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT + "x")
    assert end_user_hash("t", "bob") != a  # keyed: without the salt it cannot be recomputed
    monkeypatch.delenv("GUARDRAIL_PII_SALT")
    with pytest.raises(LookupError):
        end_user_hash("t", "bob")


def test_remembered_scopes_follow_a_reloaded_file() -> None:
    """scopes_for hands out the same Scope objects for one loaded file, and a file loaded again with other
    caps (same globs, same key and end user) gets scopes with its own caps."""
    old, new = scoped(), scoped(models={"gpt-4o*": {"daily": 4.0}}, per_key={"daily": 5.0},
                                per_end_user={"daily": 6.0})
    first = scopes_for(old.for_team("t"), "gpt-4o", "k1", "u1")
    assert scopes_for(old.for_team("t"), "gpt-4o", "k1", "u1") == first
    assert [(s.id, s.caps["daily"]) for s in first] == [
        ("model:gpt-4o*", 1_000_000), ("key:k1", 2_000_000), ("end_user:u1", 3_000_000)]
    again = scopes_for(new.for_team("t"), "gpt-4o", "k1", "u1")
    assert [(s.id, s.caps["daily"]) for s in again] == [
        ("model:gpt-4o*", 4_000_000), ("key:k1", 5_000_000), ("end_user:u1", 6_000_000)]
    assert [s.id for s in scopes_for(old.for_team("t"), "gpt-4o", "k2", "u2")] == [
        "model:gpt-4o*", "key:k2", "end_user:u2"]


def test_remembered_ids_are_the_computed_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """key_id and end_user_hash remember their answers in memory (per salt): what a second call returns is
    exactly what computing it again returns, a salt change is never answered from memory, and values too long
    to remember are hashed every time (alike)."""
    import hashlib

    from proxy.budget import scopes

    long_value = "u" * 5000  # past both the remembered length and the hashed prefix (4,096 characters)
    for value in ("bob", long_value):
        first, again = end_user_hash("t", value), end_user_hash("t", value)
        scopes._END_USERS.clear()
        assert first == again == end_user_hash("t", value)
    assert not any(long_value in k for k in scopes._END_USERS), "a long value is not kept"
    assert end_user_hash("t", long_value) == end_user_hash("t", long_value[:4096]), "hashed by its first 4096"
    a = end_user_hash("t", "bob")
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT + "y")
    b = end_user_hash("t", "bob")
    assert b != a
    scopes._END_USERS.clear()
    assert end_user_hash("t", "bob") == b
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT)
    assert end_user_hash("t", "bob") == a
    for key in ("gp-secret-key-value", "gp-" + "k" * 300):
        expected = hashlib.sha256(key.encode()).hexdigest()[:16]
        assert key_id(key) == key_id(key) == expected
    assert "gp-" + "k" * 300 not in scopes._KEY_IDS, "a long key is not kept"


def test_scope_labels() -> None:
    assert [scope_label(s) for s in ("team", "model:gpt-4o*", "key:abc", "end_user:0f")] == [
        "team", "model gpt-4o*", "key", "end user"]
    assert Scope("end_user", "0f", {}).metric_label == "end_user" and Scope("key", "ab", {}).metric_label == "key"


async def test_concurrent_reservations_never_pass_any_scope(budgets: Budgets, client: Any) -> None:
    """One process, many in flight: the script is atomic across every scope (two processes: e2e)."""
    cfg = scoped()
    who = user("u1")

    async def one(i: int) -> bool:
        try:
            await reserve(budgets, cfg, "gpt-4o" if i % 2 else "claude-x", f"k{i % 3}", who, 0.07)
        except BudgetExceeded:
            return False
        return True

    results = await asyncio.gather(*(one(i) for i in range(120)))
    assert 0 < sum(results) < 120
    for key, cap in [(f"gp:{{t}}:spend:m:gpt-4o*:daily:{DAY}", 1.0), (f"gp:{{t}}:spend:k:k0:daily:{DAY}", 2.0),
                     (f"gp:{{t}}:spend:u:{who}:daily:{DAY}", 3.0), (f"gp:{{t}}:spend:daily:{DAY}", 10.0)]:
        spent, reserved = await spent_reserved(client, key)
        assert spent + reserved <= cap * USD, key


async def test_a_window_key_gone_before_settle_is_not_left_negative(budgets: Budgets, client: Any) -> None:
    """Settle un-reserves with one call per key: a key evicted or deleted meanwhile must not come back with a
    negative `reserved` (it would hand out budget), nor live forever without an expiry."""
    cfg = scoped()
    key = f"gp:{{t}}:spend:k:k1:daily:{DAY}"
    res = await reserve(budgets, cfg, "claude-x", "k1", user("u1"), 0.5)
    await client.delete(key)
    await budgets.settle(res, 100_000, None, config=cfg)
    assert await spent_reserved(client, key) == (100_000, 0)
    assert await client.pttl(key) > 0
    other = await reserve(budgets, cfg, "claude-x", "k1", user("u1"), 0.5)
    await client.delete(key)
    await budgets.release(other)
    assert not await client.exists(key)  # released: nothing to keep
