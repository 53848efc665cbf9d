"""mime39 (atk38 F15, F16): raw mail in legacy charsets. RFC 2047 display names (Q with `_` for the space; B and Q
words in ISO-2022-JP, Shift_JIS, GB2312, EUC-JP; adjacent words over a folded line), and MIME bodies: quoted-printable
in any charset (UTF-8 Russian, Greek, Japanese, Korean; ISO-2022-JP, GB2312), base64 in a declared legacy charset
(ISO-2022-JP, Shift_JIS, GB2312), several parts of a multipart mail, vCard 2.1 QUOTED-PRINTABLE names. What the
provider gets is read back as a mail reader decodes it (`email`): no name, phone or address in it. Look-alikes
(random base64 under an attachment header, `=3D` in URLs, `a=B1` configs, an ASCII QP body, a QP body without PII,
PGP armour, an organisation's CJK display name) go as sent. Names and layouts apart from the held-out set."""

from __future__ import annotations

import base64
import email
import email.header
import quopri
import random
import re

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.mime39 import codec_of, q_body, qp_edits
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def ew(charset: str, value: str, kind: str) -> str:
    raw = value.encode(charset)
    if kind == "B":
        return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="
    return f"=?{charset}?Q?{quopri.encodestring(raw, header=True).decode()}?="


def part(charset: str, cte: str, body: str, nl: str = "\n", ctype: str = "text/plain") -> str:
    raw = body.encode(charset)
    enc = base64.encodebytes(raw).decode() if cte == "base64" else quopri.encodestring(raw).decode()
    return nl.join([f"Content-Type: {ctype}; charset={charset}", f"Content-Transfer-Encoding: {cte}", "",
                    enc.replace("\n", nl)])


def _header(m: re.Match[str]) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(m.group())))
    except (ValueError, LookupError, UnicodeError):
        return m.group()  # (a redacted word: `=?ISO-2022-JP?B?<PERSON_1>?=`)


def read_back(sent: str) -> str:
    """`sent` with its encoded words, MIME bodies and vCard QP values decoded, as a mail reader shows them."""
    out = [sent, re.sub(r"=\?[^?]+\?[QqBb]\?[^?]*\?=(?:\s+(?==\?))?", _header, sent)]
    at = sent.find("MIME-Version")
    if at >= 0:
        for p in email.message_from_string(sent[at:].replace("\r\n", "\n")).walk():
            payload = p.get_payload(decode=True)
            if isinstance(payload, bytes):
                out.append(payload.decode(p.get_content_charset() or "utf-8", "replace"))
    for m in re.finditer(r"(?im)^[^\n:]*QUOTED-PRINTABLE[^\n:]*:((?:[^\n]*=\n)*[^\n]*)", sent):
        cs = re.search(r"CHARSET=([\w-]+)", m.group())
        out.append(quopri.decodestring(m.group(1).encode()).decode(cs.group(1) if cs else "utf-8", "replace"))
    return "\n".join(out)


HEAD = "Summarise this mail:\nFrom: the help desk\nMIME-Version: 1.0\n"
JA = "渡辺裕子様\nお世話になっております。携帯090-4827-3391までご連絡ください。\nメール: watanabe.yuko@example.co.jp"
ZH = "王晓明先生：\n请拨打 139 1234 5678 联系我们，邮箱 wangxm@163.com。"
JA_VALUES = ["渡辺裕子", "090-4827-3391", "watanabe.yuko@example.co.jp"]
ZH_VALUES = ["王晓明", "139 1234 5678", "wangxm@163.com"]
MAIL_TAIL = "\nSubject: order 4471\n\nWhere is my parcel?"

NAMED = [  # (text, values that must not reach the provider, read back decoded; what stays as written)
    (f"From: {ew('UTF-8', 'Eugenia Whitaker', 'Q')} <noreply@example.com>" + MAIL_TAIL, ["Whitaker", "Eugenia"],
     "Subject: order 4471\n\nWhere is my parcel?"),
    (f"To: {ew('UTF-8', 'Priya Raghunathan', 'Q')} <p.r@example.com>" + MAIL_TAIL, ["Raghunathan"], "Subject:"),
    (f"From: {ew('ISO-8859-1', 'Jörg Lindström', 'Q')} <jl@example.se>" + MAIL_TAIL, ["Lindström"], "Subject:"),
    (f"From: {ew('ISO-2022-JP', '渡辺裕子', 'B')} <noreply@example.com>" + MAIL_TAIL, ["渡辺裕子"], "Subject:"),
    (f"From: {ew('Shift_JIS', '渡辺裕子', 'B')} <y.watanabe@example.jp>" + MAIL_TAIL, ["渡辺裕子"], "Subject:"),
    (f"From: {ew('Shift_JIS', '小林直子', 'Q')} <naoko@example.jp>" + MAIL_TAIL, ["小林直子"], "Subject:"),
    (f"From: {ew('GB2312', '王晓明', 'B')} <noreply@example.com>" + MAIL_TAIL, ["王晓明"], "Subject:"),
    (f"Cc: {ew('GB2312', '王晓明', 'Q')} <wxm@example.cn>" + MAIL_TAIL, ["王晓明"], "Subject:"),
    (f"From: {ew('EUC-JP', '小林直子', 'B')} <naoko@example.jp>" + MAIL_TAIL, ["小林直子"], "Subject:"),
    (f"From: {ew('UTF-8', '渡辺', 'B')}\n {ew('UTF-8', '裕子', 'B')} <y.w@example.jp>" + MAIL_TAIL, ["渡辺"],
     "Subject:"),
    (HEAD + part("ISO-2022-JP", "base64", JA), JA_VALUES, HEAD),
    (HEAD + part("Shift_JIS", "base64", JA), JA_VALUES, HEAD),
    (HEAD + part("GB2312", "base64", ZH), ZH_VALUES, HEAD),
    (HEAD + part("ISO-2022-JP", "quoted-printable", JA), JA_VALUES[:2], HEAD),
    (HEAD + part("UTF-8", "quoted-printable", JA), JA_VALUES[:2], HEAD),
    (HEAD + part("GB2312", "quoted-printable", ZH), ZH_VALUES[:2], HEAD),
    (HEAD + part("UTF-8", "quoted-printable", "Здравствуйте, Дмитрий Кузнецов! Ваш заказ 4471 отправлен."),
     ["Кузнецов"], HEAD),
    (HEAD + part("UTF-8", "quoted-printable", "Αγαπητή Αικατερίνη Παπαδοπούλου, η παραγγελία σας στάλθηκε."),
     ["Παπαδοπούλου"], HEAD),
    (HEAD + part("UTF-8", "quoted-printable", "김민지 고객님, 주문이 발송되었습니다. 연락처 010-3344-5566"),
     ["김민지", "010-3344-5566"], HEAD),
    (HEAD.replace("\n", "\r\n") + part("UTF-8", "quoted-printable", "Добрый вечер, Дмитрий Кузнецов!", nl="\r\n"),
     ["Кузнецов"], "Summarise this mail:"),
    (HEAD + 'Content-Type: multipart/alternative; boundary="b7"\n\n--b7\n' + part("GB2312", "quoted-printable", ZH)
     + "\n--b7\n" + part("UTF-8", "quoted-printable", f"<p>{JA}</p>", ctype="text/html") + "\n--b7--\n",
     ["王晓明", "139 1234 5678", "渡辺裕子", "090-4827-3391"], "--b7--\n"),
    ("Import this contact:\nBEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
     + quopri.encodestring("Кузнецов;Дмитрий;;;".encode()).decode().strip()
     + "\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + quopri.encodestring("Дмитрий Кузнецов".encode()).decode()
     .strip() + "\nTEL;CELL:+7 916 482-19-37\nEND:VCARD", ["Кузнецов", "482-19-37"], "END:VCARD"),
]

_NOISE = random.Random(39)
BLOB = base64.encodebytes(bytes(_NOISE.getrandbits(8) for _ in range(240))).decode()
PLAIN = [  # PII-free look-alikes: as sent
    "Why does this 404? https://shop.example/r?next=3D%2Fcart&ref=3Dmail",
    "[cache]\nmode=AB\nflag=C3\nretries=3\nkey=E2E4",
    "Content-Type: application/octet-stream; name=\"dump.bin\"\nContent-Transfer-Encoding: base64\n"
    "Content-Disposition: attachment; filename=\"dump.bin\"\n\n" + BLOB,
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    "Set the ratio=3D0.75 and restart the worker, then check the queue depth.",
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    + quopri.encodestring("ご注文ありがとうございます。明日発送いたします。".encode()).decode(),
    "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: base64\n\n"
    + base64.encodebytes("会議は明日の十時からです。資料をご確認ください。".encode("iso2022_jp")).decode(),
    "Subject: =?UTF-8?Q?Release_notes_=E2=80=93_v2.3?=\nDate: Mon, 2 Dec 2024 10:00:00 +0000",
    "Subject: =?ISO-2022-JP?B?GyRCMnE1RCROMEY3bxsoQg==?=\nDate: Mon, 2 Dec 2024 10:00:00 +0000",
    "-----BEGIN PGP SIGNATURE-----\n\n" + BLOB + "=tQ3x\n-----END PGP SIGNATURE-----",
    "BEGIN:VCARD\nVERSION:2.1\nORG;ENCODING=QUOTED-PRINTABLE:Northwind=20Traders\nEND:VCARD",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_mime_values_redacted_on_input(guard: Guard, text: str, values: list[str], kept: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    seen = read_back(sent)
    assert [v for v in values if v in seen] == [], seen
    assert kept in sent


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


async def test_organisations_display_names_stay(guard: Guard) -> None:
    text = f"From: {ew('UTF-8', '客服中心', 'B')} <kefu@example.cn>\nTo: 株式会社テスト <info@example.jp>\n\nhi"
    sent = await sent_chat(guard, P_IN, text)
    assert ew("UTF-8", "客服中心", "B") in sent and "株式会社テスト" in sent


def test_qp_read_byte_by_byte() -> None:
    body = quopri.encodestring("渡辺様".encode("iso2022_jp")).decode()
    edits, regions = qp_edits("Content-Transfer-Encoding: quoted-printable\nContent-Type: text/plain; "
                              "charset=ISO-2022-JP\n\n" + body)
    assert regions and "".join(new for _, _, new in edits).startswith("渡辺様")
    assert q_body("=E6=B8=A1_x", 0, 11, "utf-8") == [(0, 9, "渡"), (9, 10, " ")]
    assert codec_of("GB2312") == "gb18030" and codec_of("x-unknown-charset") is None
