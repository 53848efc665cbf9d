"""gen32 end to end through the official openai SDK, under the shipped default policy (atk31 F1, F2): a GEDCOM
tree's names, `PHON` and `EMAIL` lines and a PNR's contact elements (`APM`, `APH`, `SSR CTCM`, `APE` and `SSR CTCE`
in GDS form) reach the provider redacted, a GEDCOM header and contact-free PNR elements as sent; the model's own
PNR phones and GDS-form e-mails reach the client redacted, whole and streamed. Held-out values."""

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


REQUEST = ("0 HEAD\n1 SOUR RootsMagic\n2 VERS 9.1\n0 @I3@ INDI\n1 NAME Oluwaseun /Adeyemi/\n2 SURN Adeyemi\n"
           "1 PHON 5035550178\n1 EMAIL seun@@example.org\n0 TRLR\n\n"
           "  3 APM 7185550135\n  4 SSR CTCM DL HK1/13035550162\n  5 APE O.ADEYEMI//EXAMPLE./MAIL.COM\nExplain.")
SECRETS = ["Adeyemi", "Oluwaseun", "5035550178", "seun@@example.org", "7185550135", "13035550162",
           "O.ADEYEMI//EXAMPLE./MAIL.COM"]
KEPT = ("Is this valid?\n0 HEAD\n1 SOUR RootsMagic\n2 VERS 9.1\n2 NAME RootsMagic Essentials\n1 GEDC\n2 VERS 5.5.1\n"
        "0 @R2@ REPO\n1 NAME Allen County Public Library\n0 TRLR\n"
        "  2  DL 44 Y 12MAR 4 ATLCDG HK1  1720 0805+1\n  3 SSR VGML DL HK1/S2\n  4 OSI DL VIP\n  5 FP CASH")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("Updated PNR:\n  3 APM 7185550135\n  4 APH 5035550178\n  5 SSR CTCM DL HK1/13035550162/P1\n"
          "  6 APE O.ADEYEMI//EXAMPLE./MAIL.COM\n  7 SSR CTCE DL HK1/SEUN..A//EXAMPLE.ORG\nDone.")
ANSWER_SECRETS = ["7185550135", "5035550178", "13035550162", "O.ADEYEMI//EXAMPLE", "SEUN..A//EXAMPLE"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "pnr?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "pnr?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
