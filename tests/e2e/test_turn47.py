"""atk46 F05 (`proxy.guard.turn47`) end to end through the official OpenAI SDK, under the shipped default policy: a
phone number, SSN or e-mail address dictated over the turns of a Responses conversation the provider keeps (each
request one piece, `previous_response_id` or `conversation`; answers whole or streamed) reaches the provider with the
piece that completes it redacted; look-alikes as sent. Two proxy processes on one store: the next turn read by the
other with the state the first left."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from proxy.guard import prev26, turn47
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai
from tests.support.redis_servers import ValkeyServer

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()
    turn47.clear()


def _create(client: openai.OpenAI, streamed: bool, **kw: Any) -> str:
    """One turn through the proxy; the answer's id (a streamed one's from its completed event)."""
    if not streamed:
        return client.responses.create(model="gpt-4o-mini", **kw).id
    done = [e.response for e in client.responses.create(model="gpt-4o-mini", stream=True, **kw)
            if e.type == "response.completed"]
    assert len(done) == 1
    return done[0].id


def _sent(mock: Mock) -> str:
    got = mock.state.requests[-1].body["input"]
    return got if isinstance(got, str) else got[0]["content"]


def _dictate(clients: list[openai.OpenAI], mock: Mock, pieces: list[str], streamed: bool = False,
             conversation: str | None = None) -> list[str]:
    sent, prev = [], None
    for n, piece in enumerate(pieces):
        mock.script(text="ok")
        kw: dict[str, Any] = {"input": piece}
        if conversation is not None:
            kw["conversation"] = conversation
        elif prev is not None:
            kw["previous_response_id"] = prev
        prev = _create(clients[n % len(clients)], streamed, **kw)
        sent.append(_sent(mock))
    return sent


CASES = [(["My phone: 617", "555", "0143"], "0143"), (["my email is jane.doe@", "gmail.com"], "gmail.com"),
         (["My SSN is 536", "90", "4399"], "4399"),
         (["call me on 312", "555", "0178"], "0178")]  # (held out: dict44's shape, other values)


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(("pieces", "gone"), CASES)
def test_previous_response_id(guarded: Proxy, mock: Mock, streamed: bool, pieces: list[str], gone: str) -> None:
    sent = _dictate([oai(guarded)], mock, pieces, streamed)
    assert gone not in sent[-1] and "<" in sent[-1], sent


@pytest.mark.parametrize(("pieces", "gone"), CASES[:3])
def test_conversation(guarded: Proxy, mock: Mock, pieces: list[str], gone: str) -> None:
    sent = _dictate([oai(guarded)], mock, pieces, conversation=f"conv_{gone.replace('.', '_')}")
    assert gone not in sent[-1] and "<" in sent[-1], sent


@pytest.mark.parametrize("pieces", [["I need 617", "555 units"], ["We run release 3.8", "4410"],
                                    ["Order 55120", "qty 3"], ["send it to billing@", "thanks"]])
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, pieces: list[str]) -> None:
    assert _dictate([oai(guarded)], mock, pieces) == pieces
    assert _dictate([oai(guarded)], mock, pieces, conversation="conv_look") == pieces


@pytest.fixture(scope="module")
def valkey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValkeyServer]:
    server = ValkeyServer(tmp_path_factory.mktemp("e2e-turn47") / "data")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared(proxy_factory: ProxyFactory, valkey: ValkeyServer) -> tuple[Proxy, Proxy]:
    _engines(DEFAULT_SPACY_MODEL)

    async def flush() -> None:
        client = connect(valkey.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    files = {"policies/default.yaml": DEFAULT_POLICY}
    return tuple(proxy_factory({"store": {"url": valkey.url}}, start_store=True, files=files)  # type: ignore[return-value]
                 for _ in range(2))


@pytest.mark.parametrize("conversation", [None, "conv_shared"])
def test_the_next_turn_through_another_proxy_on_the_store(shared: tuple[Proxy, Proxy], mock: Mock,
                                                          conversation: str | None) -> None:
    a, b = shared
    pieces = ["My phone: 617", "555", "0143"]

    class Forgetting(openai.OpenAI):  # each turn's process never saw the earlier answers (another worker)
        def post(self, *args: Any, **kw: Any) -> Any:
            prev26.clear()
            turn47.clear()
            return super().post(*args, **kw)

    clients = [Forgetting(base_url=f"{p.url}/v1", api_key="sk-test", max_retries=0) for p in (a, b)]
    sent = _dictate(clients, mock, pieces, conversation=conversation)  # type: ignore[arg-type]
    assert "0143" not in sent[-1] and "<PHONE_NUMBER_" in sent[-1], sent
