"""atk46 F06, F04 (`proxy.guard.ctx47`): prev26's memory read for the items a Responses request gives by id, and
shared by every proxy process on the store.

F06: answer 1 (relayed) calls `get_customer_ssn` (item `fc_0`) or asks for the SSN (item `msg_1`); the next request
gives that item back by `item_reference` (or an item with only an `id`) and sends the bare result or reply: read with
the call's name or the question, as with `previous_response_id`. Look-alikes: an id never relayed, another caller's
item, a call of other data: as sent.
F04: answer 1 relayed with a store bound, then this process's memory forgotten (another worker, a replica, a
restart): the next turn is read with the store's memory. The store holds only digests and cue kinds; each caller at
most `prev27.PER_CALLER` entries; a store that does not answer costs at most `ctx47.READ_TIMEOUT_S` and reads as
before (no context)."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proxy.guard import context24, ctx47, prev26, prev27
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import RESPONSES
from proxy.store.embedded import connect
from tests.guard.conftest import policy
from tests.guard.test_prev26 import ALICE, BOB, PII, _answer
from tests.support.pii import WordScorer
from tests.support.redis_servers import ValkeyServer


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    prev26.clear()
    yield
    prev26.clear()


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


@pytest.fixture(scope="module")
def valkey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValkeyServer]:
    server = ValkeyServer(tmp_path_factory.mktemp("ctx47") / "data")
    server.start()
    yield server
    server.stop()


async def _relayed(answer: dict[str, Any], headers: dict[str, str] = ALICE) -> None:
    body = {"model": "m", "input": "hi"}
    prev26.caller(RESPONSES, "default", headers, body)
    await ctx47.fetch(RESPONSES, "default", headers, body, prev26.holds)
    prev26.answered(RESPONSES, answer)
    store = ctx47._stores.get(asyncio.get_running_loop())
    if store is not None:
        await asyncio.gather(*store.tasks)


async def _sent(guard: Guard, body: dict[str, Any], headers: dict[str, str] = ALICE) -> dict[str, Any]:
    body = copy.deepcopy(body)
    prev26.caller(RESPONSES, "default", headers, body)
    await ctx47.fetch(RESPONSES, "default", headers, body, prev26.holds)
    slots = openai.ADAPTER.request_texts(RESPONSES, body)
    with context24.cued(RESPONSES, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    return body


def _result(call_id: str, value: str) -> dict[str, Any]:
    return {"type": "function_call_output", "call_id": call_id, "output": value}


# ------------------------------------------------------------------------------------------------ F06: items by id

REFS = [lambda i: {"type": "item_reference", "id": i}, lambda i: {"id": i}]
TOOLS = [("get_customer_ssn", "536904399"), ("get_customer_phone", "6175550143"),
         ("lookup_member_ssn", "372615948")]  # (the last: held out)
OUTPUTS = [lambda v: v, lambda v: json.dumps({"result": v})]


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize(("fn", "value"), TOOLS)
@pytest.mark.parametrize("shape", OUTPUTS)
async def test_a_tool_result_after_its_call_given_by_id(guard: Guard, ref: Any, fn: str, value: str,
                                                       shape: Any) -> None:
    await _relayed(_answer("resp_f06", calls=(("call_f06", fn),)))
    body = {"model": "m", "input": [ref("fc_0"), _result("call_f06", shape(value))]}
    sent = (await _sent(guard, body))["input"][1]["output"]
    assert value not in sent and "<" in sent, sent


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize(("question", "value"), [("To verify your identity, what is your Social Security number?",
                                                  "536904399"),
                                                 ("What's the best number to call you back on?", "3125550177")])
async def test_a_reply_after_its_question_given_by_id(guard: Guard, ref: Any, question: str, value: str) -> None:
    await _relayed(_answer("resp_f06q", text=question))
    body = {"model": "m", "input": [ref("msg_1"), {"role": "user", "content": value}]}
    sent = (await _sent(guard, body))["input"][1]["content"]
    assert value not in sent and "<" in sent, sent


async def test_lookalikes_by_id_go_as_sent(guard: Guard) -> None:
    await _relayed(_answer("resp_o", text="What's your order number?", calls=(("call_o", "get_order_total"),)))
    for body in (
        {"model": "m", "input": [{"type": "item_reference", "id": "fc_0"}, _result("call_o", "536904399")]},
        {"model": "m", "input": [{"type": "item_reference", "id": "msg_1"}, {"role": "user", "content": "6175550143"}]},
        {"model": "m", "input": [{"type": "item_reference", "id": "fc_unknown"}, _result("call_x", "536904399")]},
    ):
        assert await _sent(guard, body) == body
    prev26.clear()
    await _relayed(_answer("resp_a", calls=(("call_a", "get_customer_ssn"),)))  # alice's call: not bob's
    body = {"model": "m", "input": [{"type": "item_reference", "id": "fc_0"}, _result("call_a", "536904399")]}
    assert await _sent(guard, body, headers=BOB) == body


# ------------------------------------------------------------------------------------------- F04: the shared store

async def _bound(valkey: ValkeyServer) -> Any:
    client = connect(valkey.url)
    await ctx47.bind(client)
    return client


async def _unbound(client: Any) -> None:
    ctx47.unbind(client)
    await client.aclose()


STATEFUL = [
    lambda: {"model": "m", "previous_response_id": "resp_s1", "input": [_result("call_s1", "536904399")]},
    lambda: {"model": "m", "previous_response_id": "resp_s1",
             "input": [_result("call_s1", json.dumps({"result": "536904399"}))]},
    lambda: {"model": "m", "conversation": "conv_s1", "input": [_result("call_s1", "536904399")]},
    lambda: {"model": "m", "input": [{"type": "item_reference", "id": "fc_0"}, _result("call_s1", "536904399")]},
]


@pytest.mark.parametrize("make", STATEFUL)
async def test_another_process_reads_the_call_from_the_store(guard: Guard, valkey: ValkeyServer, make: Any) -> None:
    client = await _bound(valkey)
    try:
        await _relayed(_answer("resp_s1", calls=(("call_s1", "get_customer_ssn"),), conversation="conv_s1"))
        prev26.clear()  # the next turn reaches another process (or this one restarted)
        sent = (await _sent(guard, make()))["input"][-1]["output"]
        assert "536904399" not in sent and "<" in sent, sent
        # another caller's request for the same ids: as sent
        prev26.clear()
        body = make()
        assert await _sent(guard, body, headers=BOB) == body
    finally:
        await _unbound(client)


async def test_a_question_from_the_store(guard: Guard, valkey: ValkeyServer) -> None:
    client = await _bound(valkey)
    try:
        await _relayed(_answer("resp_q1", text="To verify, what is your phone number?"))
        prev26.clear()
        sent = (await _sent(guard, {"model": "m", "previous_response_id": "resp_q1", "input": "6175550143"}))["input"]
        assert "6175550143" not in sent, sent
    finally:
        await _unbound(client)


async def test_a_conversation_gathers_calls_from_several_processes(guard: Guard, valkey: ValkeyServer) -> None:
    client = await _bound(valkey)
    try:
        await _relayed(_answer("resp_c1", calls=(("call_c1", "get_customer_ssn"),), conversation="conv_c"))
        prev26.clear()
        await _relayed(_answer("resp_c2", calls=(("call_c2", "get_customer_phone"),), conversation="conv_c"))
        prev26.clear()
        body = {"model": "m", "conversation": "conv_c",
                "input": [_result("call_c1", "536904399"), _result("call_c2", "6175550143")]}
        sent = await _sent(guard, body)
        assert "536904399" not in json.dumps(sent) and "6175550143" not in json.dumps(sent), sent
    finally:
        await _unbound(client)


async def test_the_store_holds_digests_and_cue_kinds_only(valkey: ValkeyServer) -> None:
    client = await _bound(valkey)
    try:
        await _relayed(_answer("resp_pii", text="Thanks Jane Doe, what is your SSN?",
                               calls=(("call_pii", "get_customer_ssn"),), conversation="conv_pii"))
        dump = []
        async for key in client.scan_iter(match="gp:prev:*"):
            dump.append(key.decode())
            if await client.type(key) == b"string":
                dump.append((await client.get(key)).decode())
            else:
                dump += [m.decode() for m in await client.zrange(key, 0, -1)]
        text = " ".join(dump)
        assert len(dump) > 3
        for word in ("resp_pii", "call_pii", "conv_pii", "fc_0", "msg_1", "Jane", "customer", "sk-alice", "default"):
            assert word not in text, word
    finally:
        await _unbound(client)


async def test_each_caller_holds_at_most_its_share(valkey: ValkeyServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prev27, "PER_CALLER", 3)
    client = await _bound(valkey)
    try:
        # The store is shared with earlier tests: this caller's index is the one that is new here.
        before = {key async for key in client.scan_iter(match="gp:prev:*:index")}
        for k in range(5):
            await _relayed(_answer(f"resp_cap{k}", calls=((f"call_cap{k}", "get_customer_ssn"),)),
                           headers={"Authorization": "Bearer sk-capped"})
        indexes = [key async for key in client.scan_iter(match="gp:prev:*:index") if key not in before]
        sizes = [await client.zcard(key) for key in indexes]
        assert sizes == [3], sizes
        ttl = await client.ttl(indexes[0])
        assert 0 < ttl <= prev26.MAX_AGE_S
    finally:
        await _unbound(client)


async def test_a_store_that_is_down_reads_as_before(guard: Guard, tmp_path: Path) -> None:
    dead = ValkeyServer(tmp_path / "dead")  # never started
    client = connect(dead.url)
    await ctx47.bind(client)
    try:
        await _relayed(_answer("resp_d", calls=(("call_d", "get_customer_ssn"),)))
        start = time.monotonic()
        sent = (await _sent(guard, {"model": "m", "previous_response_id": "resp_d",
                                    "input": [_result("call_d", "536904399")]}))["input"][0]["output"]
        assert "536904399" not in sent  # this process's memory, as before
        prev26.clear()
        body = {"model": "m", "previous_response_id": "resp_d", "input": [_result("call_d", "536904399")]}
        assert await _sent(guard, body) == body  # nothing remembered anywhere: as sent, not blocked
        assert time.monotonic() - start < 2 * ctx47.READ_TIMEOUT_S + 1.5
    finally:
        await _unbound(client)
