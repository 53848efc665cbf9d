"""conc33 end to end through the official openai SDK, under the shipped default policy (atk31 F19, F3): a Concordance
DAT load file's custodians, senders and recipients, and sqlite list-mode rows' names and phones reach the provider
redacted, a DAT file of document metadata and sqlite rows of cities as sent; the model's own phones in sqlite rows
and under a `CallerNumber` column reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
P, D = "\u00fe", "\u00b6"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _dat(rows: list[list[str]]) -> str:
    return "\n".join(D.join(f"{P}{c}{P}" for c in row) for row in rows)


REQUEST = (_dat([["DOCID", "CUSTODIAN", "FROM", "TO"],
                 ["MNO0007", "Evangeline Ashworth", "Evangeline Ashworth", "Bartholomew Nkemelu; Sunniva Aasen"]])
           + "\n\nsqlite> SELECT name, phone FROM tenants;\nOctavia Renwick|2065550139\nLeopold Marchand|5125550147"
           + "\nSummarize both.")
SECRETS = ["Evangeline", "Ashworth", "Bartholomew", "Nkemelu", "Sunniva", "Aasen", "Octavia", "Renwick", "Leopold",
           "Marchand", "2065550139", "5125550147"]
KEPT = (_dat([["DOCID", "PAGECOUNT", "FILENAME"], ["MNO0008", "3", "Lease Amendment.pdf"]])
        + "\n\nsqlite> SELECT city, population FROM cities;\nAustin|961855\nLincoln|291082")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert f"{P}MNO0007{P}{D}" in sent and "Summarize both." in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("Here you go:\n\nsqlite> SELECT name, phone FROM tenants;\nOctavia Renwick|2065550139\n\n"
          '"CallDate","CallerNumber","Agent"\n"2026-02-01","5125550147","Hollis"\n"2026-02-02","7185550112","Hollis"'
          "\nDone.")
ANSWER_SECRETS = ["2065550139", "5125550147", "7185550112"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "rows?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "rows?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed and "Octavia Renwick|" in streamed
