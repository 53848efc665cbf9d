"""files37 (atk37 F10, F11, F16, F17): an uploaded file's bytes decide whether it is a text, whatever its media type
or name says. Text files of any type (`message/rfc822`, EDI, HL7, mbox, form data, `application/vnd.ms-excel` with a
`.csv` name, download types, none), in a legacy encoding without a declared charset (Shift_JIS, GBK, Big5, EUC-KR,
Windows-1251, UTF-16/32 without a BOM) or holding a few control bytes (Ctrl-Z, NUL padding, ANSI colour codes, BEL,
VT) are read and go on re-encoded in their own encoding with their values redacted, the control bytes kept. Binary
files (PNG, ZIP/xlsx, gzip, random bytes) and text files without PII go byte for byte as sent. Values and layouts
are held out (not the report's)."""

from __future__ import annotations

import base64
import codecs
import gzip
import io
import random
import zipfile

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.files37 import sniff
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


MAIL = ("From: Rosalind Okafor <r.okafor@lakeshore-health.org>\nTo: claims@payer.example\nSubject: resubmission\n\n"
        "Member SSN 648-20-1173, call back on (614) 555-0139.\n")
MAIL_SECRETS = ["r.okafor@lakeshore-health.org", "648-20-1173", "555-0139"]
HL7 = ("MSH|^~\\&|LAB|GENERAL|EHR|CLINIC|202603021200||ADT^A01|00042|P|2.5\n"
       "PID|1||MRN77812||Haverford^Corinne||19800417|F|||12 Elm St^^Dayton^OH^45402||937-555-0164|||||648-20-1173\n"
       "NTE|1||contact c.haverford@tri-county.net\n")
HL7_SECRETS = ["937-555-0164", "648-20-1173", "c.haverford@tri-county.net"]
CSV = ("name,email,phone\nDesmond Achterberg,d.achterberg@wingtip.nl,(720) 555-0126\n"
       "Lucia Ferraro,lucia.ferraro@adatum.it,213-555-0145\n")
CSV_SECRETS = ["d.achterberg@wingtip.nl", "555-0126", "lucia.ferraro@adatum.it", "213-555-0145"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(value: str) -> bytes:
    return base64.b64decode(value.partition(";base64,")[2] if ";base64," in value else value)


async def _chat_file(guard: Guard, file: dict) -> dict:
    body = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "file", "file": file}, {"type": "text", "text": "Summarize the attachment."}]}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return body["messages"][0]["content"][0]["file"]


async def _responses_file(guard: Guard, part: dict) -> dict:
    body = {"model": "m", "input": [{"role": "user", "content": [
        {"type": "input_file", **part}, {"type": "input_text", "text": "Summarize the attachment."}]}]}
    await screen_request(guard, P_IN, openai.request_texts("responses", body))
    return body["input"][0]["content"][0]


# ------------------------------------------------------------------------------ F10, F17: any media type or name

TYPED = [  # (media type, file name, text, secrets)
    ("message/rfc822", "resubmit.eml", MAIL, MAIL_SECRETS),
    ("application/hl7-v2", "adt_a01.hl7", HL7, HL7_SECRETS),
    ("application/octet-stream", "feed.hl7", HL7, HL7_SECRETS),
    ("application/x-mbox", "inbox.mbox", "From MAILER Mon Mar  2 10:00:00 2026\n" + MAIL, MAIL_SECRETS),
    ("application/edi-x12", "837.x12", "ISA*00*~NM1*IL*1*ACHTERBERG*DESMOND~N3*12 ELM ST~PER*IC**TE*7205550126*EM*"
     "d.achterberg@wingtip.nl~REF*SY*648201173~", ["d.achterberg@wingtip.nl"]),
    ("application/x-www-form-urlencoded", "", "name=Lucia+Ferraro&email=lucia.ferraro%40adatum.it&phone=213-555-0145"
     "&ssn=648-20-1173", ["213-555-0145", "648-20-1173"]),
    ("application/octet-stream", "people.ldif", "dn: cn=Lucia Ferraro,ou=people,dc=adatum,dc=it\nmail: "
     "lucia.ferraro@adatum.it\ntelephoneNumber: 213-555-0145\n", ["lucia.ferraro@adatum.it", "213-555-0145"]),
    ("application/vnd.ms-excel", "export.csv", CSV, CSV_SECRETS),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "export.csv", CSV, CSV_SECRETS),
    ("application/txt", "notes.txt", MAIL, MAIL_SECRETS),
    ("application/x-log", "app.log", "2026-03-02 10:00:01 INFO login ok user=r.okafor@lakeshore-health.org "
     "ssn=648-20-1173\n", ["r.okafor@lakeshore-health.org", "648-20-1173"]),
    ("application/download", "export.csv", CSV, CSV_SECRETS),
    ("application/x-msdownload", "report.txt", MAIL, MAIL_SECRETS),
    ("application/octet-stream", "README", MAIL, MAIL_SECRETS),
    ("application/octet-stream", "ledger.prn", CSV, CSV_SECRETS),
    ("image/png", "scan.png", MAIL, MAIL_SECRETS),  # a type that lies: the bytes are a text
]


@pytest.mark.parametrize(("media", "name", "text", "secrets"), TYPED)
async def test_text_file_of_any_type_is_read(guard: Guard, media: str, name: str, text: str,
                                             secrets: list[str]) -> None:
    value = f"data:{media};base64,{b64(text.encode())}"
    for file in (await _chat_file(guard, {"filename": name, "file_data": value}),
                 await _responses_file(guard, {"filename": name, "file_data": value})):
        assert file["file_data"].startswith(f"data:{media};base64,") and file["filename"] == name
        sent = unb64(file["file_data"]).decode()
        assert not [s for s in secrets if s in sent], sent
        assert sent[:4] == text[:4]


async def test_data_url_without_type_and_anthropic_document(guard: Guard) -> None:
    for value in ("data:;base64," + b64(CSV.encode()), "data:;charset=utf-8;base64," + b64(CSV.encode())):
        file = await _chat_file(guard, {"file_data": value})
        sent = unb64(file["file_data"]).decode()
        assert file["file_data"].startswith(value.partition("base64,")[0] + "base64,")
        assert not [s for s in CSV_SECRETS if s in sent], sent
    body = {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/octet-stream",
                                        "data": b64(HL7.encode() + b"\x1a")}},
        {"type": "text", "text": "What is this?"}]}]}
    await screen_request(guard, P_IN, anthropic.request_texts("messages", body))
    sent = unb64(body["messages"][0]["content"][0]["source"]["data"])
    assert sent.endswith(b"\x1a") and sent.startswith(b"MSH|") and not [s for s in HL7_SECRETS if s.encode() in sent]


# ------------------------------------------------------------------------------------ F11: legacy encodings

LEGACY = [  # (text, codec, secrets)
    ("氏名,メール,電話\n高橋健一,k.takahashi@example.co.jp,090-4417-2286\n中村由美,y.nakamura@example.co.jp,080-3321-9054\n",
     "shift_jis", ["k.takahashi@example.co.jp", "4417-2286", "y.nakamura@example.co.jp", "3321-9054"]),
    ("姓名,邮箱,手机\n刘建国,liu.jianguo@example.cn,139-1088-4521\n陈晓燕,chen.xy@example.cn,138-0571-2209\n",
     "gbk", ["liu.jianguo@example.cn", "1088-4521", "chen.xy@example.cn", "0571-2209"]),
    ("姓名,電郵,電話\n黃志偉,wong.cw@example.com.tw,0933-271-845\n蔡佩君,tsai.pc@example.com.tw,0921-554-310\n",
     "big5", ["wong.cw@example.com.tw", "271-845", "tsai.pc@example.com.tw", "554-310"]),
    ("이름,이메일,전화\n박지훈,park.jihoon@example.co.kr,010-7734-2190\n최수빈,choi.sb@example.co.kr,010-2248-6613\n",
     "euc-kr", ["park.jihoon@example.co.kr", "7734-2190", "choi.sb@example.co.kr", "2248-6613"]),
    ("ФИО,почта,телефон\nСмирнова Ольга Викторовна,o.smirnova@example.ru,+7 921 448-19-62\n"
     "Кузнецов Дмитрий,d.kuznetsov@example.ru,+7 985 302-77-14\n", "cp1251",
     ["o.smirnova@example.ru", "448-19-62", "d.kuznetsov@example.ru", "302-77-14"]),
    (CSV, "utf-16-le", CSV_SECRETS),
    (CSV, "utf-32-be", CSV_SECRETS),
    (CSV, "utf-32", CSV_SECRETS),
]


@pytest.mark.parametrize(("text", "codec", "secrets"), LEGACY)
@pytest.mark.parametrize(("media", "name"), [("text/csv", "export.csv"), ("application/octet-stream", "")])
async def test_legacy_encoding_read_in_its_own(guard: Guard, text: str, codec: str, secrets: list[str],
                                              media: str, name: str) -> None:
    raw = text.encode(codec)
    file = await _responses_file(guard, {"filename": name, "file_data": f"data:{media};base64,{b64(raw)}"})
    sent_raw = unb64(file["file_data"])
    sent = sent_raw.decode(codec)  # re-encoded in its own encoding
    assert not [s for s in secrets if s in sent], sent
    assert sent.splitlines()[0] == text.splitlines()[0]  # the header row as it was


def test_sniff_reads_each_encoding_right() -> None:
    for text, codec, _ in LEGACY:
        found = sniff(text.encode(codec))
        assert found is not None and found[0] == text, (codec, found and found[1])
    cp1252 = "nom;ville;remarque\nFrançoise Lefèvre;Besançon;très bien\nJürgen Müßig;Köln;größer\n"
    assert sniff(cp1252.encode("cp1252")) == (cp1252, "cp1252")


# --------------------------------------------------------------------------------------------- F16: control bytes

CONTROLLED = [  # (bytes, what must stay in them)
    (CSV.encode() + b"\x1a", b"\x1a"),
    (CSV.encode() + b"\x00" * 40, b"\x00" * 40),
    (b"\x1b[32mINFO\x1b[0m " + MAIL.encode() + b"\x1b[0m", b"\x1b[32mINFO\x1b[0m"),
    (CSV.encode().replace(b"\n", b"\x07\n", 1), b"\x07"),
    (MAIL.encode().replace(b"\n\n", b"\n\x0b\n"), b"\x0b"),
    (MAIL.encode() + b"\x0c\x1a", b"\x0c\x1a"),
]


@pytest.mark.parametrize(("raw", "kept"), CONTROLLED)
async def test_control_bytes_kept_and_file_read(guard: Guard, raw: bytes, kept: bytes) -> None:
    for file in (await _chat_file(guard, {"filename": "x.csv", "file_data": "data:text/plain;base64," + b64(raw)}),
                 await _responses_file(guard, {"filename": "x.log", "file_data": b64(raw)})):
        sent = unb64(file["file_data"])
        assert kept in sent and sent != raw, sent
        assert not [s for s in CSV_SECRETS + MAIL_SECRETS if s.encode() in sent], sent


# ---------------------------------------------------------------------------------------------------- look-alikes

def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>Rosalind Okafor r.okafor@lakeshore-health.org</t></si></sst>")
    return buf.getvalue()


_RNG = random.Random(37)
BINARY = [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(_RNG.randrange(256) for _ in range(300)),
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"Rosalind Okafor 648-20-1173" + bytes(range(256)),
    _xlsx(),
    gzip.compress(CSV.encode()),
    bytes(_RNG.randrange(256) for _ in range(500)),
    bytes(_RNG.randrange(256) for _ in range(40)),
    bytes([3, 0, 250, 255, 7, 0, 249, 255] * 80),  # PCM samples
]


@pytest.mark.parametrize("raw", BINARY)
@pytest.mark.parametrize(("media", "name"), [("text/csv", "export.csv"), ("application/octet-stream", ""),
                                             ("application/vnd.ms-excel", "export.csv")])
async def test_binary_files_go_as_sent(guard: Guard, raw: bytes, media: str, name: str) -> None:
    value = f"data:{media};base64,{b64(raw)}"
    file = await _chat_file(guard, {"filename": name, "file_data": value})
    assert file["file_data"] == value
    assert sniff(raw) is None


PLAIN = ("region,quarter,revenue,note\nEMEA,Q1,1280.50,ok\nAPAC,Q1,990.00,late\n", "ascii")
PLAINS = [
    PLAIN,
    ("製品,数量,単価\nネジ M3,1200,4.5\nナット M3,800,2.1\n", "shift_jis"),
    ("产品,数量,单价\n螺丝 M3,1200,4.5\n螺母 M3,800,2.1\n", "gbk"),
    ("產品,數量,單價\n螺絲 M3,1200,4.5\n螺帽 M3,800,2.1\n", "big5"),
    ("제품,수량,단가\n나사 M3,1200,4.5\n너트 M3,800,2.1\n", "euc-kr"),
    ("товар,количество,цена\nвинт М3,1200,4.5\nгайка М3,800,2.1\n", "cp1251"),
    ("produit,quantité,prix\nvis à tête M3,1200,4.5\nécrou M3,800,2.1\n", "cp1252"),
    (PLAIN[0], "utf-16-le"),
    (PLAIN[0], "utf-16"),
    (PLAIN[0], "utf-32-le"),
]


@pytest.mark.parametrize(("text", "codec"), PLAINS)
async def test_text_without_pii_byte_for_byte(guard: Guard, text: str, codec: str) -> None:
    for raw in (text.encode(codec), text.encode(codec) + b"\x1a", b"\x1b[1m" + text.encode(codec)
                if not codec.startswith("utf-") else codecs.BOM_UTF8 + text.encode("utf-8")):
        for media in ("text/csv", "application/octet-stream", ""):
            value = f"data:{media};base64,{b64(raw)}"
            file = await _chat_file(guard, {"filename": "items.csv", "file_data": value})
            assert file["file_data"] == value


async def test_cp1252_accents_read_right(guard: Guard) -> None:
    text = "nom;email;ville\nFrançoise Lefèvre;f.lefevre@exemple.fr;Besançon\nJosé Müller;j.muller@exemple.ch;Zürich\n"
    file = await _chat_file(guard, {"filename": "clients.csv",
                                    "file_data": "data:application/vnd.ms-excel;base64," + b64(text.encode("cp1252"))})
    sent = unb64(file["file_data"]).decode("cp1252")
    assert "f.lefevre@exemple.fr" not in sent and "j.muller@exemple.ch" not in sent, sent
    assert sent.startswith("nom;email;ville\n") and "Besançon" in sent and "Zürich" in sent, sent
