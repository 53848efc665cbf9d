"""enc41 (issue 12, atk39/atk40 leftovers): a Han name alone on the line after a closing
(`Regards,\\n林`, `敬具\\n山田`),
a booking line's 12-digit UK grouping, an ISO-2022-JP quoted-printable body's name redacted on its JIS run's escapes
(never breaking one), Thai name labels of a role, and hex-encoded text in streamed answers read whole. Values are
held out (not the report's); the look-alikes go as sent, whole and streamed."""

from __future__ import annotations

import codecs
import quopri

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.enc40 import hex_open, hex_run_at
from proxy.nlp.enc41 import jis_whole, signed_han
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}

HEADER = "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: quoted-printable\n\n"


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


def _jis(text: str) -> str:
    """`text` in ISO-2022-JP, written quoted-printable (escapes as `=1B`)."""
    return quopri.encodestring(text.encode("iso2022_jp")).decode().replace("\x1b", "=1B")


def _jis_read(body: str) -> str:
    """An ISO-2022-JP quoted-printable body read back (raises where an escape or a JIS run is broken)."""
    return codecs.decode(quopri.decodestring(body.encode()), "iso2022_jp", "strict")


def _hex(text: str) -> str:
    return text.encode().hex()


NAMED = [  # (text, what must not go, what must stay as written)
    ("Thanks for checking the build.\nRegards,\n郑", ["郑"], ["Regards,"]),
    ("Please review the diff.\nThanks,\n\n周", ["周"], ["Thanks,"]),
    ("Cheers,\n欧阳娜娜", ["欧阳娜娜"], ["Cheers,"]),
    ("Kind regards,\n高橋", ["高橋"], ["Kind regards,"]),
    ("ご確認をお願いいたします。\n敬具\n中村", ["中村"], ["敬具"]),
    ("以上、よろしくお願いいたします。\n松本", ["松本"], ["以上、よろしくお願いいたします。"]),
    ("请查收附件。\n谢谢！\n孙", ["孙"], ["谢谢！"]),
    ("项目已上线。\n此致\n敬礼\n赵丽颖", ["赵丽颖"], ["此致\n敬礼"]),
    ("For changes ring our booking line 0161 0840 2276 before noon.", ["0840 2276"], ["before noon."]),
    ("Booking line: 0117 4960 0823", ["4960 0823"], ["Booking line:"]),
    ("Our reservations line is 0207 946 00871.", ["946 00871"], ["reservations line is"]),
    ("ชื่อผู้ป่วย: ประเสริฐ ศรีสวัสดิ์ เตียง 4", ["ประเสริฐ", "ศรีสวัสดิ์"], ["ชื่อผู้ป่วย:"]),
    ("ชื่อเจ้าของบัญชี: วิไลวรรณ บุญมา", ["วิไลวรรณ", "บุญมา"], ["ชื่อเจ้าของบัญชี:"]),
]
PLAIN = [  # PII-free look-alikes
    "ขอบคุณมากครับ\nวันนี้อากาศดีมาก เราไปเที่ยวทะเลกัน",
    "ชื่อไฟล์ รายงาน ประจำปี",
    "此致\n敬礼",
    "谢谢！\n明天见",
    "ご確認ください。\n敬具\n以上",
    "Thanks,\n客服部",
    "Best,\n技术支持团队",
    "Regards,\n人事課",
    "Order 0161 0930 1145 was shipped on Monday.",
    "Room bookings: 101 0900 1000, 102 1000 1130",
    "sha256 " + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad, id 123e4567-e89b-12d3-a456-426614174000, colour #1e90ff",
    HEADER + _jis("お世話になっております。\n資料を送ります。") + "\n",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str], size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _streamed(guard, text, 3) == text


JIS_BODIES = [  # (the body's text, the name in it)
    ("石川美穂様\nいつもお世話になっております。", "石川美穂"),
    ("宛先： 岡本 健一 さん", "岡本"),
    ("担当 藤原 和也\n電話は後ほど。", "藤原"),
]


@pytest.mark.parametrize(("body", "name"), JIS_BODIES)
@pytest.mark.parametrize("header", [True, False])
async def test_iso2022jp_body(guard: Guard, body: str, name: str, header: bool) -> None:
    encoded = _jis(body) + "\n"
    text = (HEADER if header else "Pasted mail body:\n") + encoded
    for out in (await _sent(guard, text), await _streamed(guard, text, 3)):
        rest = out[out.index("\n\n") + 2:] if header else out[len("Pasted mail body:\n"):]
        read = _jis_read(rest)  # every escape and JIS run whole
        assert name not in read and "<PERSON_" in read, read


def test_jis_whole_spans() -> None:
    text = HEADER + "=1B$B;3ED2mO:=1B(B=1B$BMM=1B(B\n"
    body = len(HEADER)
    # a span over the name's bytes, its closing escape and the next run's opening escape (as the mapping gives it)
    span = [("PERSON", body + 5, body + 23, 0.85)]
    assert jis_whole(text, span) == [("PERSON", body, body + 18, 0.85)]
    assert jis_whole("plain text", span) == span


def test_signed_han() -> None:
    text = "Regards,\n吴\n\n敬具\n佐々木"
    assert [text[a:b] for a, b in signed_han(text)] == ["吴", "佐々木"]
    assert signed_han("请确认。\n王伟") == []  # (no closing before it)


HEX_ANSWERS = [  # (an answer holding hex-encoded text, the encoded values that must not go)
    ("Decoded export:\n" + _hex("Customer record: name Rosalind Okonkwo-Hale, email rosalind.hale@example.com, "
                                "phone 617-492-3817, notes: call after 5pm") + "\nThat is the row.",
     [_hex("Rosalind"), _hex("rosalind.hale"), _hex("617-492-3817")]),
    ("Here it is:\n" + " ".join(f"{b:02x}" for b in b"Gwendolyn Ashcroft gwen.ashcroft@example.org") + "\nEnd.",
     [" ".join(f"{b:02x}" for b in b"Gwendolyn"), " ".join(f"{b:02x}" for b in b"gwen.ash")]),
    ("The blob is " + _hex("From: Thaddeus Okafor <thaddeus.okafor@example.de>\nTo: Marisol Quintero "
                           "<marisol.quintero@example.de>\nSubject: Vertrag") + " as stored.",
     [_hex("Thaddeus"), _hex("thaddeus."), _hex("Marisol"), _hex("marisol.")]),
]


@pytest.mark.parametrize(("text", "values"), HEX_ANSWERS)
@pytest.mark.parametrize("size", [3, 7])
async def test_hex_streamed(guard: Guard, text: str, values: list[str], size: int) -> None:
    out = await _streamed(guard, text, size)
    assert [v for v in values if v in out] == [], out


def test_hex_open() -> None:
    run = _hex("Jane Doe, jane@example.com")
    text = "Decoded: " + run
    assert hex_open(text, len(text) - 4) and hex_open(text, len(text))
    assert hex_run_at(text, len(text) - 4) == len("Decoded: ")
    assert not hex_open("the bad cafe is here", 13)
    assert hex_run_at("a decade ago we faced it", 8) == -1
    assert hex_run_at("x" + "ab" * 1100, 2000) == -1  # (longer than held)
