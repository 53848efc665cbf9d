"""hdr41 (atk41 FP03, FP04): a line's label that is an HTTP header's name (`Server:` of every `curl -I`), a technical
or CI field (`Handler:`, `Branch:`, `Oncall:`) or a mail client's header label in another language (`Asunto:`,
`Onderwerp:`, `Тема:`, `Gesendet:`/`Betreff:`) is no speaker, and a machine header's value (`Server: 2019 Datacenter`)
no person; real speaker labels (`Priya:`, `Okafor:`) stay redacted. Values and layouts are held out (not the
report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


KEPT = [  # PII-free: go as sent
    "HTTP/1.1 200 OK\nServer: lighttpd/1.4.71\nContent-Length: 512\nConnection: keep-alive",
    "HTTP/2 503\nServer: Varnish\nRetry-After: 120\nVia: 1.1 varnish",
    "HTTP/1.1 200 OK\nServer: Werkzeug/3.0.1 Python/3.11.7\nX-Powered-By: Express",
    "Server: Windows Server 2022 Standard, 64 GB RAM",
    "Server: db-eu-2 is down since 14:00, failover done.",
    "Handler: PaymentWebhookHandler failed with NullPointerException",
    "Link: flapping on uplink 2, check the SFP",
    "Branch: release/2.4\nCommit: a91c3e7\nStatus: passed",
    "Branch: hotfix/login-timeout\nPipeline: #4521 failed at stage test",
    "Balancer: nlb-prod-eu, 6 healthy targets",
    "Linker: lld 17, LTO enabled",
    "Oncall: SRE rotation B this week",
    "Asunto: Contract renewal for next year\nCan you draft a reply?",
    "Oggetto: Shipping delay for order 4471\nPlease reply politely.",
    "Předmět: Meeting moved to Thursday\nReply that I agree.",
    "Temat: Server migration plan\nPlease summarize.",
    "Onderwerp: Security audit findings\nVerzonden: dinsdag 5 november 2024 14:02",
    "Von: Support Team\nGesendet: Dienstag, 5. November 2024 10:15\nAn: Sales\nBetreff: Pricing update",
    "От: Служба поддержки\nОтправлено: вторник, 5 ноября 2024 г. 10:15\nТема: Price list update",
    "Kimden: Destek\nGönderildi: 5 Kasım 2024 Salı 10:15\nKonu: Quarterly targets",
    "Gesendet: Freitag, 8. November 2024 16:40",
    "Teilnehmer: Entwicklung, QA, Produktmanagement\nOrt: Raum 3.14",
]


@pytest.mark.parametrize("text", KEPT)
async def test_labels_kept(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", KEPT[:8])
async def test_labels_kept_in_answers(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text


SPEAKERS = [  # (text, the speakers that must not go)
    ("Tendai: I pushed the fix.\nMarcus: thanks, reviewing now.", ["Tendai", "Marcus"]),
    ("Chinwe: where is the report?\nHargreaves: on the share drive.", ["Chinwe", "Hargreaves"]),
    ("Lakshmi: is the server down?\nKowalski: yes, since 9.", ["Lakshmi", "Kowalski"]),
    ("Nakamura: the deploy failed again.\nPriya: rolling back.", ["Nakamura", "Priya"]),
    ("Siobhan: send me the draft tonight.", ["Siobhan"]),
    ("Magdalena: please sign the contract.\nOkafor: will do.", ["Magdalena", "Okafor"]),
    # a speaker beside header lines still goes
    ("Server: nginx\nPriya: can you check why it returns 502?", ["Priya"]),
    ("Asunto: Server outage\nDe: Oluwaseun Adeyemi\nPlease reply.", ["Oluwaseun", "Adeyemi"]),
]


@pytest.mark.parametrize(("text", "secrets"), SPEAKERS)
async def test_speakers_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not [s for s in secrets if s in sent], sent
