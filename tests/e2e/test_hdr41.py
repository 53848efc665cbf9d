"""hdr41 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk41 FP03,
FP04): a pasted `curl -I` response (`Server:`), ops and CI notes (`Handler:`, `Branch:`, `Oncall:`) and a forwarded
mail's localized header labels (`Asunto:`, `Betreff:`, `Тема:`) reach the provider as sent, while a transcript's
speakers beside them are redacted; the same headers in an answer reach the client as written, whole and streamed.
Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = ("Why is this response not cached?\nHTTP/1.1 200 OK\nServer: Varnish\nVia: 1.1 varnish\nAge: 0\n\n"
        "Handler: RefundWebhookHandler took 812 ms\nBranch: release/3.1\nCommit: 5be09d2\nOncall: SRE rotation A\n\n"
        "Von: Kundendienst\nGesendet: Mittwoch, 6. November 2024 11:20\nBetreff: Contract renewal\n"
        "Asunto: Invoice overdue reminder\nТема: Price list update")
SPOKEN = "Server: nginx\nPriya: can you check why it returns 502?\nHargreaves: on it."


def test_openai_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": SPOKEN}])
    sent = mock.last_body["messages"][0]["content"]
    assert "Priya" not in sent and "Hargreaves" not in sent and sent.startswith("Server: nginx\n"), sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": SPOKEN}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "Priya" not in sent and "Hargreaves" not in sent and "Server: nginx" in sent, sent


ANSWER = ("Check the headers:\nHTTP/2 200\nServer: openresty\nLink: </style.css>; rel=preload\n"
          "Handler: OrderHandler\nBranch: main\nAsunto: Server outage on Monday\nDone.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    assert whole == ANSWER and streamed == ANSWER, (whole, streamed)
