"""b6446 (atk45 F12, F13, F07, F10): base64 of a value in a URL path segment, base64 of a number under a phone key,
character-code lists and base64 in 4-character groups are read decoded (requests and answers, the whole run
redacted, a URL's host kept out of the placeholder); Chinese financial numerals, Japanese daiji, Suzhou numerals,
Braille digits and the DIGIT COMMA forms read as digits; an IPv4 address defanged with `[.]`, and in octal dotted form
after an IP cue, is one. Look-alikes (ids in paths, hashes, a one-character code, amounts of money, Braille prose,
`[.]` in a regex or Markdown, hex words in groups) go as written."""

from __future__ import annotations

import base64

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.b6446 import digits46, digits46_hint, encoded46, encoded46_hint, whole46
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, found, sent_chat

OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def b64u(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def grouped(s: str) -> str:
    e = b64(s)
    return " ".join(e[i:i + 4] for i in range(0, len(e), 4))


MAIL, PHONE = "tomas.novak@seznam.cz", "415-555-0172"

# (text, what its view must read)
VIEWS = [
    (f"Why does https://news.example.com/unsubscribe/{b64u(MAIL)} not work?", MAIL),
    (f"See /unsubscribe/{b64u(MAIL)} please", MAIL),
    (f"Open https://x.example/{b64(MAIL)} please", MAIL),
    (f"https://t.example/c/{b64u(MAIL)}/confirm", MAIL),
    ("Link: https://crm.example/c?phone=" + b64("4155550172"), "phone=4155550172"),
    ("const m = String.fromCharCode(" + ",".join(str(ord(c)) for c in MAIL) + ");", MAIL),
    ("p = bytes([" + ", ".join(hex(c) for c in PHONE.encode()) + "]).decode()", PHONE),
    ("e = ''.join(map(chr, [" + ", ".join(str(ord(c)) for c in MAIL) + "]))", MAIL),
    ("Token: " + grouped("Contact: " + MAIL), MAIL),
    ("我的信用卡号是肆伍叁玖壹肆捌捌零叁肆叁陆肆陆柒", "4539148803436467"),
    ("电话：陆壹柒伍伍伍零壹肆叁", "6175550143"),
    ("信用卡號碼：肆伍叁玖 壹肆捌捌 零叁肆叁 陸肆陸柒", "4539 1488 0343 6467"),
    ("電話番号：〇九〇-壱弐参四-伍六七八", "090-1234-5678"),
    ("〦〡〧-〥〥〥-〇〡〤〣", "617-555-0143"),
    ("Phone ⠼⠋⠁⠛⠤⠑⠑⠑⠤⠚⠁⠙⠉", "617-555-0143"),
    ("Card ⠼⠙⠑⠉⠊⠀⠼⠁⠙⠓⠓", "4539 1488"),
    ("🄇🄂🄈-🄆🄆🄆-🄁🄂🄅🄄", "617-555-0143"),
    ("IOC: 192[.]168[.]1[.]10", "192.168.1.10"),
    ("- 203[.]0[.]113[.]45\n- 198.51.100[.]7", "203.0.113.45\n- 198.51.100.7"),
]


@pytest.mark.parametrize(("text", "read"), VIEWS)
def test_the_view_reads_the_value(text: str, read: str) -> None:
    assert read in normalize(text).text


LOOK_ALIKES = [
    "GET /api/v1/users/dXNlcjEyMw HTTP/1.1",
    "see https://github.com/acme/app/commit/9fceb02d0ae598e95dc970b74767f19372d61af8 and /orders/"
    "550e8400-e29b-41d4-a716-446655440000/items",
    '<script src="/assets/app.3f9a7c2b.js"></script> /static/js/main.8d3f2a1b4c5e6f70.chunk.js',
    "https://example.com/blog/how-to-configure-nginx-reverse-proxy-on-ubuntu",
    "/img/iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg/x.png",
    "String.fromCharCode(65) and String.fromCharCode(...codes)",
    "const arr = [104, 101, 108, 108, 111]; rgb(255, 128, 0)",
    "bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) is the PNG signature",
    "?page=MTIz&sort=asc&token=Zx8Qp2LmN4vR7tYw",
    "人民币壹万贰仟元整",
    "金额（大写）：壹拾贰万叁仟肆佰伍拾陆元整",
    "¥壹贰叁肆伍陆柒捌",
    "陆续参加了会议，肆意妄为，伍佰的演唱会。",
    "⠓⠑⠇⠇⠕ ⠺⠕⠗⠇⠙ ⠁⠃⠉ ⠚⠊",
    "Use the regex `[.]` to match a dot; \\d+[.]\\d+ for decimals; [.] in Markdown.",
    "Scale 1[.]2[.]3 and 1[.]2[.]3[.]4[.]5",
    "this that with from have been were they",
    "2001 0db8 85a3 0000 0000 8a2e 0370 7334",
    "Serial: ABCD EFGH IJKL MNOP QRST and 4111 2222 3333 4444 5555",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_read_as_written(text: str) -> None:
    assert list(encoded46(text)) == [] and list(digits46(text)) == []


def test_the_gates_are_cheap_tests() -> None:
    prose = "The quick brown fox jumps over the lazy dog near the river bank, twice a day. " * 40
    assert not encoded46_hint(prose) and not digits46_hint(prose)
    assert not digits46_hint("北京是中国的首都，人口很多。") and digits46_hint("电话：陆壹柒")


REQUESTS = [
    (f"Why does https://news.example.com/unsubscribe/{b64u(MAIL)} not work?", MAIL, "news.example.com/unsubscribe/"),
    (f"See /track/{b64(MAIL)} please", MAIL, "/track/"),
    (f"See https://x.example/#{b64(MAIL)}", MAIL, "https://x.example/#"),
    ("Link: https://crm.example/c?phone=" + b64("4155550172"), "4155550172", "?phone="),
    ("const m = String.fromCharCode(" + ",".join(str(ord(c)) for c in MAIL) + ");", MAIL, "fromCharCode("),
    ("p = bytes([" + ", ".join(hex(c) for c in PHONE.encode()) + "]).decode()", PHONE, "bytes(["),
    ("Token: " + grouped("Contact: " + MAIL), MAIL, "Token: "),
    ("我的信用卡号是肆伍叁玖壹肆捌捌零叁肆叁陆肆陆柒", "4539148803436467", "信用卡号是"),
    ("电话：陆壹柒伍伍伍零壹肆叁", "6175550143", "电话"),
    ("Phone ⠼⠋⠁⠛⠤⠑⠑⠑⠤⠚⠁⠙⠉", "617-555-0143", "Phone "),
    ("Card: 🄅🄆🄄🄊 🄂🄅🄉🄉 🄁🄄🄅🄄 🄇🄅🄇🄈", "4539", "Card: "),
]


def _readable(text: str) -> str:
    return normalize(text).text


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


@pytest.mark.parametrize(("text", "value", "kept"), REQUESTS)
async def test_values_in_a_request_and_an_answer_are_redacted(guard: Guard, text: str, value: str, kept: str) -> None:
    sent = await sent_chat(guard, P, text)
    assert value not in _readable(sent) and "_1>" in sent and kept in sent, sent
    verdict = await guard.output(P, [text])
    out = verdict.texts[0] if verdict.texts[0] is not None else text
    assert value not in _readable(out) and "_1>" in out and kept in out, out


@pytest.mark.parametrize("text", ["IOC: 192[.]168[.]1[.]10", "Block:\n- 203[.]0[.]113[.]45\n- 198[.]51[.]100[.]7",
                                  "Server IP is 0300.0250.0001.0012", "ping 012.0100.0377.0001"])
async def test_defanged_and_octal_ipv4_in_a_request(guard: Guard, text: str) -> None:
    sent = await sent_chat(guard, P, text)
    assert "<IP_ADDRESS_1>" in sent and not any(ch.isdigit() for ch in sent.replace("_1>", "").replace("_2>", "")), \
        sent
    if "[.]" in text:  # (IP addresses are input-only: no number read in a defanged one is a phone)
        verdict = await guard.output(P, [text])
        assert verdict.texts[0] is None or "PHONE" not in verdict.texts[0], verdict.texts[0]


@pytest.mark.parametrize("text", [*LOOK_ALIKES, "https://example.com/p/ZGV2aWNlLXNldHVwLWd1aWRl?ref=home"])
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P, text) == text
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] is None or verdict.texts[0] == text


async def test_a_finding_in_a_run_covers_the_run(analyzer: PiiAnalyzer) -> None:
    text = "Token: " + grouped("Contact: " + MAIL) + " end"
    got = await found(analyzer, text)
    assert ("EMAIL_ADDRESS", text[len("Token: "):-len(" end")]) in got, got
    assert whole46(text, [], DEFAULT_ENTITIES) == []


async def test_names_and_values_as_written_are_still_found(analyzer: PiiAnalyzer) -> None:
    text = "Maria Gonzalez wrote from maria.gonzalez@example.org, phone 617-555-0143, IP 10.20.30.40."
    got = await found(analyzer, text)
    assert {("EMAIL_ADDRESS", "maria.gonzalez@example.org"), ("PHONE_NUMBER", "617-555-0143"),
            ("IP_ADDRESS", "10.20.30.40")} <= got, got
    assert any(entity == "PERSON" and "Gonzalez" in value for entity, value in got), got
