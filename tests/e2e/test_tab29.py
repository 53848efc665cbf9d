"""tab29 end to end through the official openai SDK (atk28 F17/F21): an SSN or a phone number under its column's
header in a fixed-width table (pandas print, report), a box-drawing one (DuckDB) and a Markdown table whose header says
it in other words (`Contact Number`, `SSN (full)`, `Home #`, `Social`) reaches the provider redacted, in a chat
request and in a Responses `input_text` part; the model's own such table reaches the client redacted (whole answer).
Look-alikes (order ids, build numbers, timestamps in the same layouts) go as sent."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


TABLES = [  # (text, values that must not go up)
    ("┌─────┬─────────────┬───────────┐\n│ id  │ name        │ ssn       │\n├─────┼─────────────┼───────────┤\n"
     "│   4 │ Ines Moreau │ 402718823 │\n└─────┴─────────────┴───────────┘", ["402718823"]),
    ("        client        tel\n0  Ines Moreau  3125550164\n1   Raj Mehta  2025550173", ["3125550164", "2025550173"]),
    ("ACCT     OPENED       SSN\n77       2020-01-02   387452211", ["387452211"]),
    ("| Client | Contact Number |\n|---|---|\n| Ines Moreau | 7185550123 |", ["7185550123"]),
    ("| Client | SSN (full) |\n|---|---|\n| Raj Mehta | 512448761 |", ["512448761"]),
    ("| Client | Home # |\n|---|---|\n| Raj Mehta | 3035550111 |", ["3035550111"]),
]
KEPT = [
    "┌──────────┬───────────┐\n│ order_id │ build     │\n├──────────┼───────────┤\n│ 4155550199 │ 536904399 │\n"
    "└──────────┴───────────┘",
    "JOB        BUILD #      STARTED\ndeploy     536904399    1699999999",
]


@pytest.mark.parametrize(("text", "gone"), TABLES)
def test_chat_tables(guarded: Proxy, mock: Mock, text: str, gone: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert [g for g in gone if g in sent] == [] and "<" in sent, sent


@pytest.mark.parametrize(("text", "gone"), TABLES[:3])
def test_responses_input_text(guarded: Proxy, mock: Mock, text: str, gone: list[str]) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"role": "user", "content": [{"type": "input_text", "text": text}]}])
    sent = str(mock.last_body["input"])
    assert [g for g in gone if g in sent] == [], sent


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, text: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert mock.last_body["messages"][0]["content"] == text


@pytest.mark.parametrize(("text", "gone"), [TABLES[2], TABLES[4]])
def test_answer_tables(guarded: Proxy, mock: Mock, text: str, gone: list[str]) -> None:
    mock.script(text=f"Here they are:\n\n{text}\n")
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "list them"}])
    got = r.choices[0].message.content or ""
    assert [g for g in gone if g in got] == [], got
