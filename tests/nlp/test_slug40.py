"""slug40 (atk40 F04, F07, F08, F09): names glued with `-`, `_` or `/`: `@first-last` mentions, Discord
`first_last#1234` tags and `@i_surname` handles; `given-surname` path segments of any site's or app's URL (both listed,
or one after a person's path word: `/staff/`, `/customers/`, `/agents/`); a card's track 1 `^SURNAME/GIVEN^` and
`Surname/Given` lists; `Given_Surname` in file names written as names (NFC and NFD). Names are held out (not the
report's); the look-alikes go as sent."""

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


NAMED = [  # (text, what must not go, what must stay as written)
    ("cc @niamh-gallagher for the legal review", ["niamh", "gallagher"], ["cc @", " for the legal review"]),
    ("thanks @wanjiru-kamau, merged", ["wanjiru", "kamau"], ["thanks @", ", merged"]),
    ("bogdan_kovalenko#2291 joined the server", ["bogdan", "kovalenko"], ["#2291 joined the server"]),
    ("assigning to @r_kowalczyk, please ack", ["kowalczyk"], ["assigning to @", ", please ack"]),
    ('10.1.2.3 - - [03/Apr/2024:09:00:01 +0000] "GET /staff/adaora-nwosu/profile HTTP/1.1" 200 77',
     ["adaora", "nwosu"], ["GET /staff/", "/profile HTTP/1.1"]),
    ('"GET /api/v2/customers/bogdan-kovalenko/orders HTTP/2" 200 1433', ["bogdan", "kovalenko"],
     ["/api/v2/customers/", "/orders HTTP/2"]),
    ("See https://intranet.example.org/team/wanjiru-kamau/ for her bio", ["wanjiru", "kamau"],
     ["https://intranet.example.org/team/", "/ for her bio"]),
    ("Your agent: https://www.example-realty.com/agents/niamh-gallagher", ["niamh", "gallagher"],
     ["https://www.example-realty.com/agents/"]),
    ("POS log: %B4111111111111111^GALLAGHER/NIAMH^27091010000000000000?", ["GALLAGHER", "NIAMH"],
     ["^27091010000000000000?"]),
    ("The seating plan: Kovalenko/Bogdan, Gallagher/Niamh, Kamau/Wanjiru", ["Bogdan", "Niamh", "Wanjiru", "Kamau"],
     ["The seating plan: "]),
    ("Please rename Offer_Letter_Amelie_Delacroix.pdf to the new scheme.", ["Amelie", "Delacroix"],
     ["Offer_Letter_", ".pdf to the new scheme."]),
    ("Please rename Avenant_Ségolène_Dupré_2024.pdf today.", ["Ségolène", "Dupré"], ["Avenant_", "_2024.pdf today."]),
    ("Please rename Avenant_Ségolène_Dupré_2024.pdf today.", ["Se\u0301gole\u0300ne", "Dupre\u0301"],
     ["Avenant_", "_2024.pdf today."]),
    ("$ ls HR\nNómina_José_Hernández_2024-05.pdf", ["José", "Hernández"], ["Nómina_", "_2024-05.pdf"]),
]
PLAIN = [  # PII-free look-alikes
    "npm i @types/node @angular/core @babel/preset-env",
    "cd my-app && git checkout feature/login-page",
    "load client_secret_2024.json and attach Q3_Report_Final.pdf",
    "docker buildx --platform linux/amd64 over TCP/IP with input/output errors",
    "GET /blog/getting-started, /docs/api-reference and /products/widget-pro",
    "https://example.com/blog/how-to-grow-tomatoes and /news/summer-sale",
    "GET /api/v1/users/me/settings and /team/data-platform/roadmap",
    "Client/Server design, Read/Write access, True/False answers",
    "Sample_Data_2024.csv, Meeting_Notes_Final.docx, Rose_Garden_Photo.jpg",
    "issue #4821 fixed, see build_step#5678",
    "@here please review; use @pytest.fixture",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), [NAMED[k] for k in (0, 2, 4, 6, 8, 9, 10, 13)])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
