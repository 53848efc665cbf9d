"""phone33 end to end through the official openai SDK, under the shipped default policy (atk31 F15, F21, F25): bare
phone numbers after `Zelle`/`Venmo` (an OFX memo, a QIF payee line), in a WhatsApp export's `added` event, an SMPP
log's addresses, a `send_sms(to=...)` call in a traceback and after the signature labels `Viber`, `H:`, `CB#`,
`Txt:`, `Cont. No.` reach the provider redacted, ids and amounts after the same words as sent; the model's own such
numbers reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("<STMTTRN><TRNAMT>-75.00<NAME>ZELLE<MEMO>Zelle to 5035550178</STMTTRN>\n!Type:Bank\nPVenmo 7185550135\n^\n"
           "14/02/2026, 08:12 - Oluwaseun Adeyemi added 4155550123\n"
           "deliver_sm source_addr=3125550147 destination_addr=16465550188 esm_class=0\n"
           '    notifier.send_sms(to="2145550166", body=text)\n'
           "Oluwaseun Adeyemi\nViber 5125550190\nH: 6025550111\nCB# 7025550134\nTxt: 8015550109\n"
           "Cont. No. 9195550172\nExplain all of this.")
SECRETS = ["5035550178", "7185550135", "4155550123", "3125550147", "16465550188", "2145550166", "5125550190",
           "6025550111", "7025550134", "8015550109", "9195550172"]
KEPT = ("Zelle payment of 82.40 on 02/14, Zelle ref 2026021408\nW: 1280\nH: 720\nSMS: disabled\nCB# 31 reopened\n"
        "submit_sm source_addr_ton=1 source_addr_npi=1\nthe importer added 2026021408 to the queue\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Zelle to <PHONE_NUMBER_" in sent and "deliver_sm source_addr=<PHONE_NUMBER_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("Your statement:\n<STMTTRN><MEMO>Zelle 5035550178</STMTTRN>\nPCash App 7185550135\n^\n"
          "14/02/2026, 08:12 - Ana added 4155550123\nsubmit_sm dest_addr=3125550147\nViber 5125550190\nDone.")
ANSWER_SECRETS = ["5035550178", "7185550135", "4155550123", "3125550147", "5125550190"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "statement?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "statement?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
