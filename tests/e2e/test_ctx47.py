"""atk46 F06, F04 (`proxy.guard.ctx47`) end to end through the official OpenAI SDK.

F06: answer 1 (relayed by the proxy) calls `get_customer_ssn` or asks for the SSN; the client's next request gives
that output item back by id (`item_reference`, or an item with only its `id`) and sends the bare result or reply:
it reaches the provider redacted, as with `previous_response_id`.
F04: two proxy processes on one store (`serve` twice, one Valkey): answer 1 through the first, the tool result
(`previous_response_id`, or the call by `item_reference`) through the second, and after the first restarted:
redacted at the provider. In-process form too (two proxies of this process on one store, the memory forgotten
between the turns), streamed and whole."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai
from tests.support.procs import ProxyProcess
from tests.support.redis_servers import ValkeyServer

TOOLS: Any = [{"type": "function", "name": "get_customer_ssn",
               "parameters": {"type": "object", "properties": {"customer": {"type": "string"}}}}]
SSN = "536904399"


@pytest.fixture(scope="module")
def valkey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValkeyServer]:
    server = ValkeyServer(tmp_path_factory.mktemp("e2e-ctx47") / "data")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared(proxy_factory: ProxyFactory, valkey: ValkeyServer) -> tuple[Proxy, Proxy]:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait

    async def flush() -> None:
        client = connect(valkey.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    files = {"policies/default.yaml": REDACT_NAMES_POLICY}
    return tuple(proxy_factory({"store": {"url": valkey.url}}, start_store=True, files=files)  # type: ignore[return-value]
                 for _ in range(2))


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _first(client: openai.OpenAI, streamed: bool, **kw: Any) -> Any:
    if not streamed:
        return client.responses.create(model="gpt-4o-mini", **kw)
    done = [e.response for e in client.responses.create(model="gpt-4o-mini", stream=True, **kw)
            if e.type == "response.completed"]
    assert len(done) == 1
    return done[0]


def _call(r1: Any) -> Any:
    (call,) = [o for o in r1.output if o.type == "function_call"]
    return call


REFS = [lambda i: {"type": "item_reference", "id": i}, lambda i: {"id": i}]


@pytest.mark.parametrize("ref", REFS)
def test_f06_a_tool_result_after_its_call_given_by_id(shared: tuple[Proxy, Proxy], mock: Mock, ref: Any) -> None:
    client = oai(shared[0])
    mock.script(tool_calls=[{"name": "get_customer_ssn", "arguments": {"customer": "C-1042"}}])
    call = _call(client.responses.create(model="gpt-4o-mini", input="Look up customer C-1042", tools=TOOLS))
    mock.script(text="Done.")
    client.responses.create(model="gpt-4o-mini", tools=TOOLS, input=[
        ref(call.id), {"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"result": SSN})}])
    assert SSN not in json.dumps(mock.state.requests[-1].body)


def test_f06_a_reply_after_its_question_given_by_id(shared: tuple[Proxy, Proxy], mock: Mock) -> None:
    client = oai(shared[0])
    mock.script(text="To verify your identity, what is your Social Security number?")
    r1 = client.responses.create(model="gpt-4o-mini", input="I need to update my account.")
    (msg,) = [o for o in r1.output if o.type == "message"]
    mock.script(text="Thanks.")
    client.responses.create(model="gpt-4o-mini", input=[{"type": "item_reference", "id": msg.id},
                                                        {"role": "user", "content": SSN}])
    assert SSN not in json.dumps(mock.state.requests[-1].body)


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("by", ["previous_response_id", "item_reference"])
def test_f04_the_next_turn_through_another_proxy_on_the_store(shared: tuple[Proxy, Proxy], mock: Mock,
                                                             streamed: bool, by: str) -> None:
    mock.script(tool_calls=[{"name": "get_customer_ssn", "arguments": {"customer": "me"}}])
    r1 = _first(oai(shared[0]), streamed, input="What's my SSN on file?", tools=TOOLS)
    call = _call(r1)
    prev26.clear()  # (both proxies serve from this process: its memory forgotten, as another process has none)
    mock.script(text="Done.")
    result = {"type": "function_call_output", "call_id": call.call_id, "output": SSN}
    if by == "previous_response_id":
        oai(shared[1]).responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[result], tools=TOOLS)
    else:
        oai(shared[1]).responses.create(model="gpt-4o-mini", input=[{"type": "item_reference", "id": call.id}, result],
                                        tools=TOOLS)
    sent = mock.state.requests[-1].body
    assert SSN not in json.dumps(sent), sent


def test_f04_two_proxy_processes_on_one_store_and_a_restart(mock: Mock, valkey: ValkeyServer, tmp_path: Path) -> None:
    procs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        procs.append(ProxyProcess(tmp_path / name, mock.url, proxy_yaml={"store": {"url": valkey.url}},
                                  files={"policies/default.yaml": REDACT_NAMES_POLICY}))
    a, b = procs
    try:
        a.start(ready_within=300)
        b.start(ready_within=300)
        client_a = openai.OpenAI(base_url=f"{a.url}/v1", api_key="sk-x", max_retries=0, timeout=60)
        client_b = openai.OpenAI(base_url=f"{b.url}/v1", api_key="sk-x", max_retries=0, timeout=60)
        mock.script(tool_calls=[{"name": "get_customer_ssn", "arguments": {"customer": "me"}}])
        r1 = client_a.responses.create(model="gpt-4o-mini", input="What's my SSN on file?", tools=TOOLS)
        call = _call(r1)
        result = {"type": "function_call_output", "call_id": call.call_id, "output": SSN}
        mock.script(text="Done.")
        client_b.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[result], tools=TOOLS)
        assert SSN not in json.dumps(mock.state.requests[-1].body)
        mock.script(text="Done.")
        client_b.responses.create(model="gpt-4o-mini", input=[{"type": "item_reference", "id": call.id}, result],
                                  tools=TOOLS)
        assert SSN not in json.dumps(mock.state.requests[-1].body)
        # the first one restarted: its own memory is gone, the store's is not
        assert a.stop(signal.SIGTERM) == 0
        a.start(ready_within=300)
        mock.script(text="Done.")
        client_a.responses.create(model="gpt-4o-mini", previous_response_id=r1.id,
                                  input=[{**result, "output": json.dumps({"result": SSN})}], tools=TOOLS)
        assert SSN not in json.dumps(mock.state.requests[-1].body)
        # another key's request for the same ids: no context, as sent
        other = openai.OpenAI(base_url=f"{b.url}/v1", api_key="sk-other", max_retries=0, timeout=60)
        mock.script(text="Done.")
        other.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[result], tools=TOOLS)
        assert SSN in json.dumps(mock.state.requests[-1].body)
    finally:
        for p in procs:
            if p.proc is not None:
                p.proc.kill()
                p.proc.wait()
