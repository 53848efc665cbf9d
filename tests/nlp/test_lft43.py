"""lft43 (leftovers of the README-only attack): AAMVA driver-licence barcode data (`DCSGONZALEZ`, `DBB01151990`,
`DAQD1234567`) has its values redacted and its element ids kept; base64url (`-`, `_`, unpadded) and a short run
after a key's `=` are read decoded in requests and answers (whole and streamed); a bare search's name
(`?q=Ikaika+Kahananui`) is found; glued abuse beside an ordinary word (`StupidIdiotTool`) is read; one masked
consonant in a `patterns:` word of five letters or more (`Osp*ey`) is read. Look-alikes go as sent."""

from __future__ import annotations

import base64
import re

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.lft43 import aamva_open, aamva_values, camel_abuse, url_open
from proxy.nlp.normalize import pattern_readings
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.tox42 import name_reading, tox_reading42
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

ALL = [*DEFAULT_ENTITIES, "DATE_TIME", "LOCATION", "US_DRIVER_LICENSE"]
P = policy(input={"pii": {"action": "redact", "entities": ALL, "min_score": 0.4, "restore": False}},
           output={"pii": {"action": "redact", "entities": ALL, "min_score": 0.4}})
P_DEFAULT = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}},
                   output={"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                                    "US_SSN"], "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _all_ways(guard: Guard, text: str, p: object = P) -> list[str]:
    """`text` as sent upstream, as a whole answer and streamed in 1-, 3- and 7-character pieces."""
    sent = await sent_chat(guard, p, text)  # type: ignore[arg-type]
    verdict = await guard.output(p, [text])  # type: ignore[arg-type]
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    return [sent, whole, *[await streamed_out(guard, p, text, n) for n in (1, 3, 7)]]  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- AAMVA

AAMVA = ("@\n\x1e\rANSI 636014040002DL00410278ZC03190024DLDAQD1234567\nDCSGONZALEZ\nDACMARIA\nDADELENA\n"
         "DBB01151990\nDBA01152030\nDAG123 MAIN ST\nDAIANYTOWN\nDAJCA\nDAK902230000\nDCF83D9BN217QO983B1\n")
AAMVA_VALUES = ["GONZALEZ", "MARIA", "ELENA", "01151990", "D1234567", "123 MAIN ST", "ANYTOWN", "902230000",
                "83D9BN217QO983B1"]
AAMVA_IDS = ["DCS", "DAC", "DAD", "DBB", "DAQ", "DAG", "DAI", "DAK", "DCF", "DBA01152030", "DAJCA"]
BARE = "Card data below.\nDCSLINDQVIST\nDACASTRID\nDBB09091991\nDAQS7788990\n\nThat is all."


def test_aamva_values_are_read_with_their_types() -> None:
    got = {AAMVA[a:b]: e for e, a, b in aamva_values(AAMVA)}
    assert got == {"D1234567": "US_DRIVER_LICENSE", "GONZALEZ": "PERSON", "MARIA": "PERSON", "ELENA": "PERSON",
                   "01151990": "DATE_TIME", "123 MAIN ST": "LOCATION", "ANYTOWN": "LOCATION",
                   "902230000": "LOCATION", "83D9BN217QO983B1": "US_DRIVER_LICENSE"}


@pytest.mark.parametrize("text", [AAMVA, BARE])
async def test_aamva_data_is_redacted_keeping_element_ids(guard: Guard, text: str) -> None:
    secrets = AAMVA_VALUES if text is AAMVA else ["LINDQVIST", "ASTRID", "09091991", "S7788990"]
    for got in await _all_ways(guard, text):
        assert not [s for s in secrets if s in got], got
        ids = AAMVA_IDS if text is AAMVA else ["DCS", "DAC", "DBB", "DAQ", "Card data below.", "That is all."]
        assert all(i in got for i in ids), got
        assert re.search(r"DCS<PERSON_\d+>", got) and re.search(r"DBB<DATE_TIME_\d+>", got), got


async def test_aamva_names_under_the_default_policy(guard: Guard) -> None:
    sent = await sent_chat(guard, P_DEFAULT, AAMVA)  # type: ignore[arg-type]
    assert "GONZALEZ" not in sent and "MARIA" not in sent and "DCS<PERSON_" in sent, sent


def test_a_window_never_ends_inside_an_aamva_block() -> None:
    text = AAMVA + "Thanks, that was the card."
    end = text.index("Thanks")
    assert not [c for c in range(8, end - 1) if not aamva_open(text, c)]  # (from the header's `ANSI `)
    assert not aamva_open(text, end)  # (prose after the block: it ended)


AAMVA_LOOK = [
    "The DAQ board logs at 48 kHz; DAQD9911 is the part.",
    "DAGBag\nDAGRun\nDAGModel",
    "ANSI C and ANSI SQL are old standards.",
    "DCSync attacks abuse replication.\nDACL changes too.\nDAGs in Airflow.",
    "DBB02021992 is a test vector.",
    "DACSARAH",
    "Columns: DCS, DAC, DAD, DBB (see the AAMVA spec).",
]


@pytest.mark.parametrize("text", AAMVA_LOOK)
async def test_aamva_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert aamva_values(text) == []
    assert await _all_ways(guard, text) == [text] * 5


# ------------------------------------------------------------------------------------------- base64url


def u(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


URL_CASES = [  # (text, the value; each base64url encoding has a `_`: `?` as a group's third byte)
    (f"Here it is: {u('Is? astrid.l@kth.se')}", "astrid.l@kth.se"),
    (f"secret={u('To? noor.haddad@gmx.at')}", "noor.haddad@gmx.at"),
    (f"The token `{u('Ok? call +33 6 12 34 56 78 now')}` decodes.", "56 78"),
    (f"secret={base64.b64encode(b'kai.ito@ocn.jp').decode().rstrip('=')}", "kai.ito@ocn.jp"),  # standard, short
]


def _decoded(text: str) -> str:
    out = [text]
    for w in re.findall(r"[A-Za-z0-9+/_-]{12,}={0,2}", text):
        body = w.rstrip("=").replace("-", "+").replace("_", "/")
        try:
            out.append(base64.b64decode(body + "=" * (-len(body) % 4)).decode("utf-8", "replace"))
        except ValueError:
            pass
    return " ".join(out)


@pytest.mark.parametrize(("text", "needle"), URL_CASES)
async def test_base64url_values_are_redacted(guard: Guard, text: str, needle: str) -> None:
    assert "_" in text.split("secret=")[-1] or "secret=" in text
    for got in await _all_ways(guard, text, P_DEFAULT):
        assert needle not in _decoded(got), got
        assert "_1>" in _decoded(got), got


def test_a_window_never_ends_inside_a_base64url_run() -> None:
    text = "Here: " + u("Me? astrid.l@kth.se, thanks") + " ok"
    run = text.split()[1]
    a = text.index(run)
    assert [c for c in range(a + 16, a + len(run)) if not url_open(text, c)] == []


URL_LOOK = [
    "token: Zm9vYmFyYmF6cXV4-x_y2Q9",
    "id: get_user_profile_data_for_admins",
    "slug: my-very-long-blog-post-title-2024",
    "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig_abc-123",
    "secret=" + base64.urlsafe_b64encode(bytes(range(200, 218))).decode().rstrip("="),
    "see https://youtu.be/dQw4w9WgXcQ?t=42 and AKIA-EXAMPLE_KEY_12345",
]


@pytest.mark.parametrize("text", URL_LOOK)
async def test_base64url_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await _all_ways(guard, text, P_DEFAULT) == [text] * 5


# ------------------------------------------------------------------------------------------- a bare search's name

SEARCHES = [
    ("?q=Ikaika+Kahananui", ["Ikaika", "Kahananui"]),
    ("See https://x/search?q=Ikaika+Kahananui for it.", ["Ikaika", "Kahananui"]),
    ("GET /search?q=Keola%20Kaleikini&page=2 HTTP/1.1", ["Keola", "Kaleikini"]),
]


@pytest.mark.parametrize(("text", "parts"), SEARCHES)
async def test_a_bare_search_name_is_found(guard: Guard, text: str, parts: list[str]) -> None:
    sent = await sent_chat(guard, P_DEFAULT, text)  # type: ignore[arg-type]
    assert not [p for p in parts if p in sent] and "<PERSON_1>" in sent, sent
    assert "q=" in sent or "%20" in text


@pytest.mark.parametrize("text", ["?q=Harry+Potter+books", "?q=New+York", "?q=Kafka+Streams", "?q=python+asyncio",
                                  "?q=Grand+Canyon", "?q=Velero+Kiali"])
async def test_search_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_DEFAULT, text) == text  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- toxicity


@pytest.mark.parametrize("name", ["StupidIdiotTool", "stupid_idiot_tool", "YouStupidHelper", "RunMoronIdiotJob"])
def test_glued_abuse_beside_an_ordinary_word_is_read(name: str) -> None:
    assert name_reading(name) is not None
    assert tox_reading42(f"Calling {name} now.") is not None


@pytest.mark.parametrize("name", ["StupidSimpleTool", "IdiotProofValidator", "KillAllProcesses", "LoserTreeMerge",
                                  "get_weather", "ShitListManager"])
def test_one_abusive_word_beside_ordinary_ones_is_not(name: str) -> None:
    assert camel_abuse(name) is None and name_reading(name) is None
    assert tox_reading42(f"Calling {name} now.") is None


RULE = re.compile(r"(?i)\bproject (falcon|osprey)\b")


@pytest.mark.parametrize("text", ["Project Osp*ey", "Project Fal*on is late.", "project *sprey", "PROJECT OSPRE*"])
def test_one_masked_consonant_is_read_for_a_long_word(text: str) -> None:
    assert any(RULE.search(v.text) for v in pattern_readings(text))


@pytest.mark.parametrize("text", ["Project Fa**on", "Project Dra*on", "Project Os*re*", "Project Osp*eys"])
def test_other_masks_are_not(text: str) -> None:
    assert not any(RULE.search(v.text) for v in pattern_readings(text))
