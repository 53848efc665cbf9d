"""mime39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F15,
F16): a raw mail's display names as RFC 2047 encoded words (Q with `_`, ISO-2022-JP, Shift_JIS, GB2312), its
quoted-printable bodies in any charset (UTF-8 Russian, GB2312) and base64 bodies in a declared legacy charset
(ISO-2022-JP, Shift_JIS), and a vCard 2.1 with QUOTED-PRINTABLE names reach the provider with the names, phones and
addresses redacted, read back as a mail reader decodes them; a mail with an attachment's random base64 and an ASCII
quoted-printable body goes as sent. A model's quoted-printable answer (a Japanese mail drafted in UTF-8 QP, its phone
in full-width digits) reaches the client with the phone redacted, whole and streamed. Held-out values."""

from __future__ import annotations

import base64
import quopri
import random
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.nlp.test_mime39 import ew, part, read_back
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


JA = "松本由美様\nお世話になっております。携帯080-5521-7734までご連絡ください。\nメール: y.matsumoto@example.ne.jp"
ZH = "黄建国先生：\n请拨打 137 2468 1357 联系我们，邮箱 huangjg@example.cn。"
MAIL = "\n".join([
    "Summarise this thread:", f"From: {ew('UTF-8', 'Ingrid Halvorsen', 'Q')} <ingrid.h@example.no>",
    f"To: {ew('ISO-2022-JP', '松本由美', 'B')} <y.matsumoto@example.ne.jp>",
    f"Cc: {ew('GB2312', '黄建国', 'Q')} <hjg@example.cn>",
    "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="zz9"', "", "--zz9",
    part("UTF-8", "quoted-printable", "Добрый день, Виктор Лебедев! Счёт 8812 оплачен."), "--zz9",
    part("GB2312", "quoted-printable", ZH), "--zz9", part("Shift_JIS", "base64", JA), "--zz9--", ""])
SECRETS = ["Halvorsen", "松本由美", "黄建国", "Лебедев", "137 2468 1357", "huangjg@example.cn", "080-5521-7734",
           "y.matsumoto@example.ne.jp", "ingrid.h@example.no"]
VCARD = ("Add this contact:\nBEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
         + quopri.encodestring("Лебедев;Виктор;;;".encode()).decode().strip()
         + "\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + quopri.encodestring("Виктор Лебедев".encode()).decode()
         .strip() + "\nTEL;CELL:+7 915 204-61-83\nEND:VCARD")
_NOISE = random.Random(3939)
KEPT = "\n".join([
    "Why is this attachment rejected?", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="q1"', "",
    "--q1", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "",
    "Build 412 failed: set retries=3D5 and rerun.", "--q1",
    'Content-Type: application/octet-stream; name="core.bin"', "Content-Transfer-Encoding: base64", "",
    base64.encodebytes(bytes(_NOISE.getrandbits(8) for _ in range(180))).decode().strip(), "--q1--"])


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": MAIL}])
    sent = mock.last_body["messages"][0]["content"]
    seen = read_back(sent)
    assert [s for s in SECRETS if s in seen] == [], seen
    assert "Content-Type: text/plain; charset=GB2312\nContent-Transfer-Encoding: quoted-printable\n" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": MAIL}])
    seen = read_back(str(mock.last_body["messages"][0]["content"]))
    assert [s for s in SECRETS if s in seen] == [], seen
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": VCARD}])
    seen = read_back(str(mock.last_body["messages"][0]["content"]))
    assert "Лебедев" not in seen and "204-61-83" not in seen, seen
    assert "END:VCARD" in seen


ANSWER = ("Here is the draft:\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
          + quopri.encodestring("ご連絡先：０９０－６６１８－２２４７（携帯）".encode()).decode() + "\nDone.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route):
        seen = read_back("MIME-Version: 1.0\n" + got.split("\n", 1)[1])
        assert "６６１８" not in seen and "6618" not in seen, got
        assert got.endswith("Done.")
