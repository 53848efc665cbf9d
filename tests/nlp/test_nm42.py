"""nm42 (black-box leftovers): no placeholder inside an encoded run (`username: YWRtaW4=` went as `<PERSON_1>4=`),
a firm's word beside a given name after a role's name label (`EMPLOYEE NAME: SIEMENS KLAUS`, `NAME OF EMPLOYEE:`),
a bare search's value of two unlisted words of a name's open syllables (`/search?q=Ikaika+Kahananui`), the same pair
before a person's verb (`Sefa Lemalu will join the call`), and a raw ISO-2022-JP run no header declares
(`\\x1b$B;3EDB@O:\\x1b(B`). The names are held out from the measured sets; the look-alikes go as sent."""

from __future__ import annotations

import re

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


def jis(text: str) -> str:
    return text.encode("iso-2022-jp").decode("ascii")


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
    # a role's name label before a firm's word and a given name in capitals
    ("EMPLOYEE NAME: SIEMENS KLAUS\nDEPT: 14", ["SIEMENS", "KLAUS"], ["EMPLOYEE NAME:", "DEPT: 14"]),
    ("NAME OF EMPLOYEE: SIEMENS KLAUS", ["SIEMENS", "KLAUS"], ["NAME OF EMPLOYEE:"]),
    ("TENANT NAME: MIELE GRETA\nUNIT: 4B", ["MIELE", "GRETA"], ["UNIT: 4B"]),
    ("STUDENT NAME: PORSCHE LUKAS", ["PORSCHE", "LUKAS"], ["STUDENT NAME:"]),
    # the same pair before a person's verb
    ("Sefa Lemalu will join the call at 3pm.", ["Sefa", "Lemalu"], ["will join the call at 3pm."]),
    ("Kalea Palakiko joined the standup late.", ["Kalea", "Palakiko"], ["joined the standup late."]),
    ("FYI Makana Kealamakia is out today, so the review moves.", ["Makana", "Kealamakia"], ["is out today"]),
    ("Ikaika Kahananui will present the roadmap", ["Ikaika", "Kahananui"], ["will present the roadmap"]),
    # a raw ISO-2022-JP run (no header)
    (jis("山田太郎"), [jis("山田太郎")], []),
    ("From the old mail: " + jis("佐藤花子様") + " (please translate)", [jis("佐藤花子様")],
     ["From the old mail: ", " (please translate)"]),
]
PLAIN = [  # PII-free look-alikes
    "username: admin",
    "username: YWRtaW4=",
    "username: YWRtaW4",
    "password: cGFzc3dvcmQxMjM=",
    "user: dGVzdHVzZXI=",
    "Authorization: Basic YWRtaW46c2VjcmV0",
    "token: YWJjZGVmZ2hpams=",
    "EMPLOYEE NAME: ON LEAVE",
    "CUSTOMER NAME: ACME CORP",
    "MEMBER NAME: GOLD PLAN",
    "NAME OF EMPLOYER: GENERAL ELECTRIC",
    "GET /search?q=Harry+Potter+books",
    "GET /search?q=New+York",
    "GET /search?q=python+asyncio",
    "GET /search?q=Grand+Canyon",
    "GET /search?q=Kubernetes+operator",
    "GET /search?q=Velero+Kiali&page=2",
    "GET /search?q=Kafka+Streams",
    "Kafka Streams will join the cluster",
    "Grafana Loki will replace the old stack",
    "Apache Kafka joined the CNCF landscape long ago.",
    "The Data Team will join the call.",
    "Project Falcon will present the roadmap",
    "감사합니다. 회의는 내일 오전 10시에 있습니다.",
    "ระบบจะรีสตาร์ทในอีกห้านาที",
    jis("こんにちは、明日の会議について"),
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent
    assert not re.search(r"\x1b\$[B@][^\x1b]*<[A-Z_]+_\d+>", sent), sent  # (no placeholder inside a JIS run)


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", ["username: YWRtaW4=", "id: dXNlcjE=x", "key=QWxhZGRpbjpvcGVuIHNlc2FtZQ=="])
async def test_no_placeholder_inside_a_run(guard: Guard, text: str) -> None:
    sent = await _sent(guard, text)
    assert not re.search(r">[A-Za-z0-9+/=]|[A-Za-z0-9+/]<[A-Z]", sent), sent
