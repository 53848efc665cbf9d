"""misc45 (atk43 F10, F15, F02, F08): fancy-text alphabets (Canadian-syllabics capitals, the Greek/Cyrillic "style"
set, upside-down text, regional-indicator letters kept apart by invisible joiners, small capitals) carry no codename
or e-mail past the answer's screening, whole or streamed; IPv4 addresses in their other `inet_aton` spellings (one
number, hex, dotted hex, short forms, dashed) right after an IP label or cue are redacted on input; a payload field's
base64 of UTF-8 text is text to screen; spoken values in more languages. Look-alikes (Greek, Russian, Inuktitut,
Turkish text, IPA, flags, maths, bare numbers, hex constants, real binary payloads) go as written."""

from __future__ import annotations

import base64
import os

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.misc45 import fancy_hint, fancy_text, ip_forms, pair_runs, text_payload
from proxy.nlp.normalize import normalize, pattern_view
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.answers import IdSlot, is_text_key, sweep_slot
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}, **BLOCK}
P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True},
                     **BLOCK})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _streamed(guard: Guard, text: str, size: int) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    out += await stream.end("c0")
    return out, stream.blocked


def _flip(text: str) -> str:
    table = dict(zip("abcdefghijklmnopqrstuvwxyz.", "ɐqɔpǝɟƃɥᴉɾʞlɯuodbɹsʇnʌʍxʎz˙", strict=True))
    return "".join(table.get(c, c) for c in reversed(text))


ZWNJ = "\u200c"


def _indicators(word: str, joiner: str = ZWNJ) -> str:
    return joiner.join(chr(0x1F1E6 + ord(c) - ord("A")) for c in word)


# ------------------------------------------------------------------------------------------------------------ F10

CODENAMES = [  # answers carrying a codename in a fancy alphabet
    "Status: ᑭᖇOᒍEᑕT ᖴᗩᒪᑕOᑎ is on track.",
    "Status: ρяσʝєcт ƒαℓcσи is on track.",
    "Status: uoɔlɐɟ ʇɔǝɾoɹd is on track.",
    f"Status: {_indicators('PROJECT')} {_indicators('FALCON')} is on track.",
    "Update: ᴘʀᴏᴊᴇᴄᴛ ꜰᴀʟᴄᴏɴ ships Monday.",
    f"Heads up: {_flip('project osprey')} moved to Q3.",
]
MAILS = [  # (answer, what must not reach the client)
    ("Mail ᒍᗩᑎE.ᗪOE@E᙭ᗩᗰᑭᒪE.ᑕOᗰ today.", "ᒍᗩᑎE.ᗪOE"),
    ("Mail ʝαиє.∂σє@єχαмρℓє.¢σм today.", "ʝαиє"),
    (f"Mail {_flip('lena.kraus@firma.de')} today.", "ǝp˙"),
]
FANCY_LOOK_ALIKES = [
    "Η Θεσσαλονίκη είναι όμορφη πόλη.", "Мы встретимся завтра у метро.", "ᓄᓇᕗᑦ ᒐᕙᒪᖓ", "Çiğdem ılık su içti.",
    "In IPA, 'butter' is /ˈbʌɾɚ/ and 'red' is /ɹɛd/ or [ɹɛd].", "Let ε > 0 and δ = ε/2; then ∂u/∂t = α∇²u.",
    "Teams: 🇯🇵 Tokyo, 🇧🇷 São Paulo, 🇨🇦 Toronto.", "Україна має є та ї.", "Cost: 99¢, ℓ = 3 m.",
    "∃x ∀y: P(x, y)", "Ɔdɔ ne asɔre wɔ ha.", "ʁ and ʀ are uvular.",
]


def test_the_view_reads_fancy_alphabets() -> None:
    assert normalize("ᑭᖇOᒍEᑕT ᖴᗩᒪᑕOᑎ").text == "PROJECT FALCON"
    assert normalize("ρяσʝєcт ƒαℓcσи").text == "project falcon"
    assert normalize("x uoɔlɐɟ ʇɔǝɾoɹd y").text == "x project falcon y"
    assert normalize(f"{_indicators('PROJECT')} ok").text == "PROJECT ok"
    assert normalize("ʝαиє.∂σє@єχαмρℓє.¢σм").text == "jane.doe@example.com"
    assert normalize(_flip("jane.doe@example.com")).text == "jane.doe@example.com"
    assert normalize("ᴊᴀɴᴇ.ᴅᴏᴇ").text == "jane.doe"
    view = normalize("Hi uoɔlɐɟ ʇɔǝɾoɹd!")
    assert view.span(3, 17) == (3, 17)
    assert fancy_hint("ᑭᖇO") and not fancy_hint("project falcon") and not fancy_hint("東京 Zürich")


@pytest.mark.parametrize("text", FANCY_LOOK_ALIKES)
def test_the_view_keeps_look_alikes(text: str) -> None:
    assert list(fancy_text(text)) == []
    assert normalize(text).text == normalize(text.replace("\u200c", "")).text  # (nothing of ours in it)


@pytest.mark.parametrize("text", CODENAMES)
async def test_fancy_codenames_blocked_in_answers(guard: Guard, text: str) -> None:
    assert pattern_view(text).text != text
    assert (await guard.output(policy(output=OUT), [text])).blocked
    for size in (3, 5):
        got, blocked = await _streamed(guard, text, size)
        assert blocked and "on track" not in got and "Monday" not in got and "Q3" not in got, (size, got)


@pytest.mark.parametrize("text, secret", MAILS)
async def test_fancy_mails_redacted_in_answers(guard: Guard, text: str, secret: str) -> None:
    whole = (await guard.output(policy(output=OUT), [text])).texts[0]
    for got in (whole, (await _streamed(guard, text, 3))[0], (await _streamed(guard, text, 5))[0]):
        assert got is not None and secret not in got and "<EMAIL_ADDRESS_" in got and got.endswith("today."), got


@pytest.mark.parametrize("text", FANCY_LOOK_ALIKES)
async def test_fancy_look_alikes_answered_as_written(guard: Guard, text: str) -> None:
    result = await guard.output(policy(output=OUT), [text])
    assert not result.blocked and result.texts[0] in (None, text), result.texts
    assert (await _streamed(guard, text, 4)) == (text, False)


# ------------------------------------------------------------------------------------------------------------ F15

IPS = [  # (request, what must not go up)
    ("my home IP is 169090600", "169090600"),
    ("my home IP is 0x0A141E28", "0x0A141E28"),
    ("ping 0x0A.0x14.0x1E.0x28 from my laptop", "0x0A141E28"[2:6]),
    ("my home IP is 10.1318440", "1318440"),
    ("my IP: 203-0-113-7", "203-0-113-7"),
    ("ip 3232235777", "3232235777"),
    ("router ipv4 address: 0xC0A80101", "C0A80101"),
    ("IP address is 192.168.257 now", "192.168.257"),
    ("IP 192-168-1-1", "192-168-1-1"),
]
IP_LOOK_ALIKES = [
    "Invoice 169090600 is paid.", "The constant 0x0A141E28 is a CRC seed.", "ping me about 10.1318440 later",
    "SDK 10.1318440 released", "IP rating: 67", "ip = 0x10", "zip 10115-2024", "IP count 4096 in the pool",
    "Build 203-0-113-7 passed", "IP 3.5 is rated", "ip 1.2", "ipconfig shows 255 entries",
]


def test_ip_forms_reader() -> None:
    assert [t[a:b] for t in (c for c, _ in IPS) for a, b in ip_forms(t)] == [
        "169090600", "0x0A141E28", "0x0A.0x14.0x1E.0x28", "10.1318440", "203-0-113-7", "3232235777", "0xC0A80101",
        "192.168.257", "192-168-1-1"]
    assert [t for t in IP_LOOK_ALIKES if ip_forms(t)] == []
    assert ip_forms("IP 256-1-1-1") == [] and ip_forms("ip 0x1FFFFFFFF") == [] and ip_forms("IP 1.2.3.4") == []


@pytest.mark.parametrize("text, secret", IPS)
async def test_ip_forms_redacted_on_input(guard: Guard, text: str, secret: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert secret not in sent and "<IP_ADDRESS_1>" in sent, sent


@pytest.mark.parametrize("text", IP_LOOK_ALIKES)
async def test_ip_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


# ------------------------------------------------------------------------------------------------------------ F02

SECRET = "Customer Bob Jones, SSN 536-90-4399, card 4111 1111 1111 1111, bob.jones@corp-mail.com, 617-555-0143"
TEXTS = [base64.b64encode(SECRET.encode()).decode(), base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("="),
         base64.b64encode("Tel. 030 1234567, Straße 5".encode()).decode()]
BINARY = [base64.b64encode(b"\x89PNG\r\n\x1a\n" + SECRET.encode()).decode(),
          base64.b64encode(b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(64)).decode(),
          base64.b64encode(b"ID3\x03" + SECRET.encode()).decode(),
          base64.b64encode(b"\x00\x00\x00\x20ftypisom" + SECRET.encode()).decode(),
          base64.b64encode(bytes(range(256))).decode(),
          "gAAAAABm" + base64.urlsafe_b64encode(bytes(range(200, 256)) * 3).decode(),
          base64.b64encode("UTF-16 text".encode("utf-16-le")).decode(),
          base64.b64encode(b"1234 5678 9012 3456").decode()]


def test_text_payload_reader() -> None:
    assert all(text_payload(t) for t in TEXTS)
    assert [b for b in BINARY if text_payload(b)] == []
    assert not text_payload(base64.b64encode(os.urandom(3000)).decode())


@pytest.mark.parametrize("key", ["data", "result", "encrypted_content", "signature", "b64_json", "partial_image_b64"])
def test_a_payload_field_of_text_is_screened(key: str) -> None:
    for value in TEXTS:
        item = {"type": "x", key: value}
        assert is_text_key(item, key)
        assert not isinstance(sweep_slot(item, key, "assistant", "k", "c"), IdSlot)
    for value in BINARY[:5]:
        assert not is_text_key({"type": "x", key: value}, key)


# ------------------------------------------------------------------------------------------------------------ (misc)

async def test_screen_request_blocks_a_fancy_codename(guard: Guard) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "Tell me about ρяσʝєcт ƒαℓcσи."}]}
    assert (await screen_request(guard, P_IN, openai.request_texts("chat", body))).blocked


# ------------------------------------------------------------------------------------------------------------ F08

SPOKEN = [  # (text, what must not pass): requests and answers alike
    ("Kartennummer: vier eins eins eins, eins eins eins eins, eins eins eins eins, eins eins eins eins.", "vier eins"),
    ("Número de tarjeta: cuatro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno.", "cuatro uno"),
    ("Numéro de carte : quatre un un un, un un un un, un un un un, un un un un.", "quatre un"),
    ("Numero di carta: quattro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno.", "quattro uno"),
    ("Die Karte ist drei vier null null null null null null null null null null null null neun.", "drei vier"),
    ("Позвоните: шесть один семь пять пять пять ноль один четыре три.", "шесть один"),
    ("Мой номер телефона девять один шесть пять пять пять два три восемь семь.", "девять один"),
    ("Call six hundred seventeen, five fifty-five, zero one four three.", "seventeen"),
    ("Phone: two one two, eight sixty-seven, fifty-three ninety.", "sixty-seven"),
    ("SSN five thirty-six, ninety, forty-three ninety-nine.", "forty-three"),
    ("Min e-post är jane.doe snabel-a example punkt com.", "snabel-a"),
    ("이메일은 jane.doe 골뱅이 example 닷 com 입니다.", "골뱅이"),
    ("Můj e-mail je jane.doe zavináč example tečka com.", "zavináč"),
    ("E-posta adresim jane.doe et example nokta com.", "jane.doe et"),
    ("Моя почта ivan.petrov собака yandex точка ru", "собака"),
]
SPOKEN_LOOK_ALIKES = [
    "Wir haben vier eins zu null gewonnen.", "Uno, dos, tres, ¡ya!", "Un, deux, trois, soleil !",
    "Считаем до десяти: один два три четыре пять шесть семь.", "Два или три раза в неделю.",
    "Doors open at six thirty, show at seven forty-five.", "The score was ninety, forty-three and twelve.",
    "Page two hundred twelve, line forty-one.", "Släpp snabel-a tangenten och tryck punkt.",
    "Et ve sebze aldım, nokta.", "골뱅이 무침이 맛있어요. 닷새 후에 봐요.", "Znak zavináč je @ a tečka je tečka.",
    "Το παπάκι κολυμπάει στη λίμνη. Τελεία.", "Собака бежит по улице, точка.",
]


@pytest.mark.parametrize("text, secret", SPOKEN)
async def test_spoken_values_redacted_in_requests(guard: Guard, text: str, secret: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert secret not in sent and "<" in sent, sent


@pytest.mark.parametrize("text, secret", SPOKEN)
async def test_spoken_values_redacted_in_answers(guard: Guard, text: str, secret: str) -> None:
    whole = (await guard.output(policy(output=OUT), [text])).texts[0]
    for got in (whole, (await _streamed(guard, text, 3))[0], (await _streamed(guard, text, 7))[0]):
        assert got is not None and secret not in got and "<" in got, got


@pytest.mark.parametrize("text", SPOKEN_LOOK_ALIKES)
async def test_spoken_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text
    assert (await _streamed(guard, text, 5)) == (text, False)


def test_pair_runs_reader() -> None:
    assert [(e, t[a:b]) for t, _ in SPOKEN[7:10] for e, a, b in pair_runs(t)] == [
        ("PHONE_NUMBER", "six hundred seventeen, five fifty-five, zero one four three"),
        ("PHONE_NUMBER", "two one two, eight sixty-seven, fifty-three ninety"),
        ("US_SSN", "five thirty-six, ninety, forty-three ninety-nine")]
    assert [t for t in SPOKEN_LOOK_ALIKES if pair_runs(t)] == []
