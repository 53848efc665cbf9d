"""nm41 (atk39/atk40 leftovers): names whose parts no list holds, or hold as a firm's, a place's or an everyday word,
in a place that says they are a person's: a query value under a person's key (`customer=`, `patient=`) or under
`q=` with a person's cue (a people path, `+obituary`), a firm's word beside a given name after a person-only label
(`EMPLOYEE: SIEMENS JOHANNES`), a timed transcript's given-name labels (`[14:03] Orson:`), a lone surname after
`loop in`/`ping`/`ask`/`remind`, two initials before a place's name, an emoji between a name's words, whole-name
abbreviated keys (`pat_nm`, `emp_full_nm`, `pt_name`, `full_nm`), a person path's slug of two unlisted words. The
names are held out from the measured sets; the look-alikes go as sent."""

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


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    # query values: a person's key, or `q=` after a people path / with a person's word
    ("GET /api/v2/customers?customer=Keola+Kaleikini&page=3 HTTP/1.1", ["Keola", "Kaleikini"], ["page=3"]),
    ("curl 'https://ehr.example.com/visits?patient=Makana%20Kealamakia&sort=desc'", ["Makana", "Kealamakia"],
     ["sort=desc"]),
    ("10.0.4.7 - - \"GET /people/search?q=Kalea+Palakiko HTTP/1.1\" 200", ["Kalea", "Palakiko"], ["HTTP/1.1"]),
    ("Why no results? https://news.example.com/find?q=Kanoa+Kamakau+obituary", ["Kanoa", "Kamakau"], ["obituary"]),
    # a firm's word beside a given name after a person-only label
    ("EMPLOYEE: SIEMENS JOHANNES\nDEPT: 14", ["SIEMENS", "JOHANNES"], ["DEPT: 14"]),
    ("PATIENT: MIELE GRETA\nDOB: 01/02/1980", ["MIELE", "GRETA"], ["DOB:"]),
    # timed transcripts' given-name labels
    ("[14:02] Dana: ready?\n[14:03] Orson: can you send the deck?", ["Orson"], ["can you send the deck?"]),
    ("[09:14] Amara: hi\n[09:15] Keanu: hey, pushed it", ["Amara", "Keanu"], ["hey, pushed it"]),
    # a lone surname after loop in / ping / ask / remind
    ("Can you loop in Raman from the data team?", ["Raman"], ["from the data team?"]),
    ("Please loop in Kaleikini and Okonkwo on the RFC.", ["Kaleikini", "Okonkwo"], ["on the RFC."]),
    ("remind Kamakau about the invoice", ["Kamakau"], ["about the invoice"]),
    # two initials before a place's name
    ("Reviewed by T. K. Pasadena on 12/03.", ["Pasadena"], ["on 12/03."]),
    # an emoji between a name's words
    ("Keola👍Kaleikini approved the PR", ["Keola", "Kaleikini"], ["approved the PR"]),
    ("Makana🙂 Kealamakia will join the call", ["Makana", "Kealamakia"], ["will join the call"]),
    # whole-name abbreviated keys
    ('{"pat_nm": "Abebe Gebremariam", "dob": "1970-01-01"}', ["Gebremariam"], ['"dob": "1970-01-01"']),
    ('{"emp_full_nm": "Sefa Lemalu", "dept": "FIN"}', ["Sefa", "Lemalu"], ['"dept": "FIN"']),
    ('{"pt_name": "Kalea Palakiko"}', ["Kalea", "Palakiko"], ['"pt_name"']),
    ('{"full_nm": "Makana Kealamakia"}', ["Makana", "Kealamakia"], ['"full_nm"']),
    # a person path's slug of two unlisted words
    ("GET /people/keola-kaleikini/profile HTTP/1.1", ["keola", "kaleikini"], ["/profile HTTP/1.1"]),
    ("see https://intranet.example.com/team/sefa-lemalu for the rota", ["sefa", "lemalu"], ["for the rota"]),
]
PLAIN = [  # PII-free look-alikes
    "Approved by QA.",
    "ping Redis before the deploy",
    "ping Redis, then restart.",
    "ping Kafka about lag",
    "ping Grafana when it is up",
    "ask Jenkins to rerun the job",
    "loop in Legal on the contract",
    "loop in Finance and Legal before signing",
    "The event loop in Tornado blocks.",
    "ask Marketing about it",
    "Dear Team,\nThe release is out.",
    "see /team/data-platform for the runbook",
    "GET /search?q=python+asyncio&page=2",
    "GET /search?q=Harry+Potter+books",
    "GET /search?q=New+York",
    "GET /search?q=Kafka+Streams",
    "?customer=Acme+Corp&limit=5",
    "?contact=Sales+Team",
    "GET /people/search?q=Data+Platform",
    "BOSCH dishwasher error E15",
    "PATIENT: STABLE CONDITION",
    "EMPLOYEE: ON LEAVE",
    "Great release 🎉 thanks everyone 🙂 ship it",
    "Deployed🚀Kubernetes today",
    "I love it❤️ Thanks",
    "/staff/on-call rota",
    "/users/me-settings page",
    "/users/saml-sso callback",
    "/team/growth-squad board",
    "[10:02] INFO: started\n[10:03] Warning: disk low\n[10:04] Summary: ok",
    '{"file_nm": "Quarterly Report"}',
    "See A. B. Testing for details",
    "U. S. Steel reported earnings",
    "## Release Notes",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
