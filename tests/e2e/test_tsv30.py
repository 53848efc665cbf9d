"""tsv30 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk28 F08, F09,
F19): a name in a two-cell tab-separated row, a patient's name in a PDF header line, a bare-digit phone after
`Direct line:`, `DID`, `Pager`, and on a signature's number line (quoted too) reach the provider redacted; a
signature's bare number and `DID 6175550143` in the model's answer reach the client redacted, whole and streamed.
Look-alikes go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUESTS = [
    ("Name\tDept\nMarcus Webb\tSales", "Marcus Webb"),
    ("Page 1 of 2      PATIENT: KERR, DANA      DOB: 01/02/1980", "DANA"),
    ("Best,\nDana Kerr\nVP Sales, Northwind\nDirect line: 4155550199", "4155550199"),
    ("DID 2125550143", "2125550143"),
    ("Summarize:\n\n> Regards,\n> Sofia Rossi\n> CTO, Brightline\n> 3125550172", "3125550172"),
    ("Am Di. schrieb Jürgen Becker:\n> Bitte ruf mich an:\n> 015123456789", "015123456789"),
]
KEPT = ["Widget Pro\tSales\t1200", "Pager duty rotation starts Monday", "Quarterly Report\nRevenue Summary\n4155550199"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secret in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert secret not in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Summarize:\nEmily Chen\nDirector of Operations\n14155550199\nPager 6175550143"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "14155550199" not in sent and "6175550143" not in sent, sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    answer = "Her signature reads:\nDana Smith\nDirector\n4155550199\nDID 6175550143"
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
    assert got is not None and "4155550199" not in got and "6175550143" not in got, got
    mock.script(text=answer, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}], stream=True) if c.choices)
    assert streamed and "4155550199" not in streamed and "6175550143" not in streamed, streamed
