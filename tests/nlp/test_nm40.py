"""nm40 (atk38/atk39 leftovers): a lone surname after a person's frame (`Approved by Okonkwo.`), a name of one
unlisted part in a query string's value (`?q=Chinwe+Okafor`), logins under a login's key or made of a found person's
name (`username: okonkwo_c`, `dpetrovic` beside `dragan.petrovic@`), a JSON row's name cell beside a found one in a
row with a phone, one word in capitals of no list after a person's label. The look-alikes go as sent."""

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
    # a lone surname after a person's frame
    ("Approved by Okonkwo.", ["Okonkwo"], ["Approved by"]),
    ("Reviewed by Adeyemi", ["Adeyemi"], ["Reviewed by"]),
    ("Ticket 4471 assigned to Okonkwo yesterday.", ["Okonkwo"], ["Ticket 4471 assigned to", "yesterday."]),
    ("Escalated to Adeyemi for review.", ["Adeyemi"], ["Escalated to", "for review."]),
    ("Change approved by Okafor and Adeyemi.", ["Okafor", "Adeyemi"], ["Change approved by"]),
    ("Requested by Raghunathan, handed over to Whitaker.", ["Raghunathan", "Whitaker"], ["Requested by"]),
    ("bcc: Mokoena", ["Mokoena"], ["bcc:"]),
    ("fix: retry on 503\n\nReviewed-by: Adeyemi\nSigned-off-by: Mokoena\nAcked-by: Okafor",
     ["Adeyemi", "Mokoena", "Okafor"], ["Reviewed-by:", "Signed-off-by:", "Acked-by:"]),
    ("Thanks to Okafor for the fix; merged by Whitaker.", ["Okafor", "Whitaker"], ["for the fix; merged by"]),
    # a name of one unlisted part in a query string's value
    ("GET /search?q=Chinwe+Okafor&page=2", ["Chinwe", "Okafor"], ["GET /search?q=", "&page=2"]),
    ('84.17.203.66 - - [01/May/2024:10:00:00 +0000] "GET /find?name=Chinwe+Okafor HTTP/1.1" 200 812',
     ["Chinwe", "Okafor"], ["GET /find?name=", "HTTP/1.1"]),
    ("/api/v1/lookup?customer=Tsolmon+Batzorig&limit=5", ["Tsolmon", "Batzorig"], ["&limit=5"]),
    # logins
    ("username: okonkwo_c", ["okonkwo_c"], ["username:"]),
    ("login=c.okafor", ["c.okafor"], ["login="]),
    ('{"user": "a.adeyemi", "role": "viewer"}', ["a.adeyemi"], ['"role": "viewer"']),
    ("Account: Dragan Petrovic (dragan.petrovic@mail.rs). Failed logins for dpetrovic since 09:00.",
     ["Dragan", "Petrovic", "dpetrovic"], ["since 09:00."]),
    ("Customer Chidi Okonkwo, account okonkwo_c locked.", ["Chidi", "Okonkwo", "okonkwo_c"], ["locked."]),
    # a JSON row's name cell beside a found one (a listed given name wins over the English list: Katarzyna)
    ('["Wójcik","Tomasz","+48 601 234 567"]', ["Wójcik", "Tomasz", "601 234 567"], ['["']),
    ('[["Kowalczyk","Katarzyna","+48 512 345 678"],["Grzelak","Marta","marta.grzelak@onet.pl"]]',
     ["Kowalczyk", "Katarzyna", "Grzelak", "Marta"], ['[["']),
    # one word in capitals of no list after a person's label
    ("CUSTOMER: BRANDSTAETTER", ["BRANDSTAETTER"], ["CUSTOMER:"]),
    ("EMPLOYEE: MBEKI THABO", ["MBEKI", "THABO"], ["EMPLOYEE:"]),
    ("PATIENT: NAKASHIMA", ["NAKASHIMA"], ["PATIENT:"]),
]
PLAIN = [  # PII-free look-alikes
    "Approved by QA.",
    "Reviewed by Legal",
    "cc: Finance",
    "Signed off by Management.",
    "Escalated to Zendesk.",
    "Routed to Salesforce.",
    "Reviewed by Copilot.",
    "Assigned to Jenkins.",
    "Approved by Infosec.",
    "Task assigned to Backlog.",
    "The PR was reviewed by Prettier and ESLint.",
    "Thanks to Kubernetes for that.",
    "Handled by Terraform; created by Ansible.",
    "PATIENT: STABLE",
    "CUSTOMER: ACME",
    "Contact: SUPPORT",
    "GET /search?q=python+asyncio",
    "GET /search?q=Kafka+Streams",
    "?q=Toyota+Corolla+2019",
    "?name=Grafana+Loki&from=now-1h",
    "user: svc_backup",
    "login: jenkins",
    "username: backup_admin",
    "user=postgres",
    '["Red","Green","Blue"]',
    '["Chicago","IL","60601"]',
    "Use Bold text for headings.",
    "Pita bread with hummus is a good snack.",
    "The Rose Garden opens at 10.",
    "## Bold Moves in Data Engineering",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


# (a login made of a name found elsewhere in an answer is read in the window that holds the name: not in answers)
ANSWERED = [n for n in NAMED[::3] if "dpetrovic" not in n[0]]


@pytest.mark.parametrize(("text", "values", "kept"), ANSWERED)
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
