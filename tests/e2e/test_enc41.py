"""enc41 end to end through the official openai and anthropic SDKs, under the shipped default policy (issue 12,
atk39/atk40 leftovers): a Han name alone on the line after a closing (`Regards,\\n林`, `敬具\\n山田`), a booking
line's UK number, a Thai patient's name label and an ISO-2022-JP quoted-printable body's name reach the provider
redacted (the body's escapes whole); hex-encoded addresses and phone numbers in the model's answer (the default
policy's output entities) reach the client redacted, whole and streamed three characters a chunk. Held-out values."""

from __future__ import annotations

import codecs
import quopri
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
HEADER = "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: quoted-printable\n\n"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _jis(text: str) -> str:
    return quopri.encodestring(text.encode("iso2022_jp")).decode().replace("\x1b", "=1B")


REQUESTS = [  # (text, what must not go)
    ("Can you tighten this email?\nThe deploy is done.\nBest regards,\n韩", ["韩"]),
    ("添付をご確認ください。\n敬具\n長谷川", ["長谷川"]),
    ("For group changes use our booking line 0114 2870 3391 (9-5).", ["2870 3391"]),
    ("สรุปเวร\nชื่อผู้ป่วย: สุรชัย แก้วประเสริฐ", ["สุรชัย", "แก้วประเสริฐ"]),
    ("Translate this mail:\n" + HEADER + _jis("西村真由美様\n会議の件です。") + "\n", ["西村真由美", "@>B<??M3H~"]),
]
KEPT = ("此致\n敬礼\n\nThanks,\n运维团队\n\nOrder 0161 0930 1145 shipped.\n"
        "วันนี้อากาศดีมาก\nsha256 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n"
        + HEADER + _jis("お世話になっております。") + "\nWhy?")


@pytest.mark.parametrize("text, secrets", REQUESTS)
def test_chat_request(guarded: Proxy, mock: Mock, text: str, secrets: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in secrets if s in sent], sent
    if "ISO-2022-JP" in text:
        body = sent[sent.index("\n\n") + 2:]
        read = codecs.decode(quopri.decodestring(body.encode()), "iso2022_jp", "strict")  # every escape whole
        assert "西村" not in read and "<PERSON_" in read and "会議の件です。" in read, read


@pytest.mark.parametrize("k", [0, 4])
def test_anthropic_request(guarded: Proxy, mock: Mock, k: int) -> None:
    text, secrets = REQUESTS[k]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in secrets if s in sent], sent


def test_kept(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT


ANSWER = ("Here is the decoded export you asked for, kept in hex as stored in the legacy table:\n"
          + b"Customer record: email cordelia.ames@example.net, phone 617-492-3817, notes: prefers mornings and "
            b"asks for a callback on weekdays".hex()
          + "\nAnd the spelled bytes: " + " ".join(f"{b:02x}" for b in b"ignatius.pemberton@example.org")
          + "\nDone.")
ANSWER_SECRETS = [b"cordelia.ames".hex(), b"617-492-3817".hex(),
                  " ".join(f"{b:02x}" for b in b"ignatius.pemb")]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got and "And the spelled bytes: " in got
