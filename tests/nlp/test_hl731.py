"""hl731 (atk30 F4, F5, F19, F25): healthcare message formats. HL7 v2 bare-digit phones and SSNs (PID-13/14/19, NK1-5,
GT1-6/12, XTN components `^PRN^PH^^1^617^5550143`, a CX typed `SS`), HL7 XCN clinicians' names (PV1-7/8/9/17, OBR-16,
ORC-12, PD1-4), ASTM E1394 patient records (name, physician, phone), DICOM dumps (dcmdump and pydicom: PN elements,
phone and patient-id tags) are redacted in a request's text; PII-free look-alikes (OBX results, MSH, ASTM result and
order records, DICOM device and study tags, test and anonymised names) go as sent, and a DICOM dump's tag names and
device values are no names (`Patient's Telephone Numbers`, `[Magnetom Vida]`). Values here are held out: other
names and numbers than the report's."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.hl731 import name_spans, typed_values, without_tag_names
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
BOTH = frozenset({"PHONE_NUMBER", "US_SSN"})
MSH = "MSH|^~\\&|CERNER|MERCY|LIS|MERCY|202501150830||ADT^A04|7781|P|2.5.1\r"


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, what must not go up)
LEAKS = [
    (MSH + "PID|1||88120^^^MERCY^MR||KERR^DANA||19720311|F|||||3125550172||||||219097631", ["3125550172", "219097631"]),
    (MSH + "PID|1||88120^^^MERCY^MR||KERR^DANA||19720311|F|||||^PRN^PH^^1^312^5550172", ["5550172"]),
    (MSH + "PID|1||88120^^^MERCY^MR||KERR^DANA||19720311|F||||||^WPN^PH^^^415^5550199", ["5550199"]),
    (MSH + "PID|1||219097631^^^SSA^SS||KERR^DANA", ["219097631"]),
    (MSH + "NK1|1|KERR^MILES|BRO||4155550188", ["4155550188"]),
    (MSH + "GT1|1||KERR^MILES||9 Elm Rd^^Dayton^OH|9375550110|||||SE|219097632", ["9375550110", "219097632"]),
    (MSH + "PV1|1|O|ER^12^2^MERCY||||4411^Webb^Marcus^^^Dr|5522^Rossi^Sofia", ["Webb", "Marcus", "Rossi", "Sofia"]),
    (MSH + "PV1|1|I|W^3^1^MERCY|||||||||||||||7781^Chen^Emily^L^^Dr", ["Chen", "Emily"]),
    (MSH + "OBR|1|A1||LIPID|||202501150830|||||||||9921^Haddad^Yusuf", ["Haddad", "Yusuf"]),
    (MSH + "ORC|RE|A1||||||||||3310^Lindqvist^Astrid", ["Lindqvist", "Astrid"]),
    (MSH + "PD1|||MERCY CLINIC|6612^Novak^Petra", ["Novak", "Petra"]),
    ("Why is this rejected?\nH|\\^&|||COBAS^2.1|||||||P|1\nP|1||LAB77||Haddad^Yusuf^K||19650704|M|||||Novak^Petra\n"
     "O|1|S22||^^^HBA1C|R", ["Haddad", "Yusuf", "Novak", "Petra"]),
    ("H|\\^&|||XN^1|||||||P|1\nP|1||||Rossi^Sofia||19900101|F||||3125550172|2231^Webb^Marcus",
     ["Rossi", "Sofia", "3125550172", "Webb", "Marcus"]),
    ("Check this header:\n(0008,0090) PN [WEBB^MARCUS]        #  12, 1 ReferringPhysicianName\n"
     "(0010,0010) PN [KERR^DANA^J]          #  12, 1 PatientName\n"
     "(0010,1000) LO [219097631]            #  10, 1 OtherPatientIDs\n"
     "(0010,2154) SH [3125550172]           #  10, 1 PatientTelephoneNumbers",
     ["WEBB", "MARCUS", "KERR", "DANA", "219097631", "3125550172"]),
    ("(0010, 0010) Patient's Name                      PN: 'HADDAD^YUSUF'\n"
     "(0010, 2154) Patient's Telephone Numbers         SH: '4155550188'",
     ["HADDAD", "YUSUF", "4155550188"]),
    ("(0008,1050) PN [Lindqvist^Astrid]  #  16, 1 PerformingPhysicianName", ["Lindqvist", "Astrid"]),
    # a JSON string's escaped line breaks (a tool's result pasted as JSON)
    (json.dumps({"hl7": MSH + "PID|1||5^^^M^MR||NOVAK^PETRA||1980|F|||||4155550188||||||219097631\rPV1|1|I|W||||"
                        "3^Webb^Marcus"}), ["NOVAK", "PETRA", "4155550188", "219097631", "Webb", "Marcus"]),
]

KEPT = [
    MSH + "OBX|1|NM|2345-7^Glucose^LN||98|mg/dL|70-99|N|||F\rOBX|2|NM|4548-4^HbA1c^LN||5.4|%|4.0-5.6|N|||F",
    MSH + "OBR|1|A1||57021-8^CBC W Auto Differential panel^LN|||202501150830",
    "MSH|^~\\&|GE|MONITOR01|EHR|MERCY|202501150830||ORU^R01|DEV-55021|P|2.6",
    "H|\\^&|||COBAS^2.1|||||||P|1\nO|1|S22||^^^HBA1C|R\nR|1|^^^HBA1C|5.4|%||N||F||||20250115",
    "P|1||QC01||CONTROL^LEVEL^1||19000101|U",
    "(0008,0060) CS [MR]                     #   2, 1 Modality\n"
    "(0008,0070) LO [GE MEDICAL SYSTEMS]     #  18, 1 Manufacturer\n"
    "(0008,1090) LO [Signa Premier]          #  14, 1 ManufacturerModelName\n"
    "(0018,1020) LO [RX29.1]                 #   6, 1 SoftwareVersions",
    "(0008,1090) LO [Magnetom Vida]          #  14, 1 ManufacturerModelName",
    "(0010,0010) PN [ANONYMOUS]              #  10, 1 PatientName",
    "(0010, 2154) Patient's Telephone Numbers         SH: ''",
    "(0010, 0010) Patient's Name                      PN: 'Anonymized'\n"
    "(0008, 1090) Manufacturer's Model Name            LO: 'Ingenia Elition'",
]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert not [s for s in secrets if s in after], after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


async def test_a_pydicom_tag_name_is_no_name(guard: Guard) -> None:
    text = "(0010, 2154) Patient's Telephone Numbers         SH: '4155550188'"
    after = await _sent(guard, text)
    assert after.startswith("(0010, 2154) Patient's Telephone Numbers ") and "4155550188" not in after, after


def test_name_spans() -> None:
    text = MSH + "PV1|1|O|ER^12||||4411^Webb^Marcus^^^Dr\rOBX|1|NM|2345-7^Glucose^LN||98"
    assert [text[a:b] for a, b in name_spans(text)] == ["Webb", "Marcus"]
    text = "P|1||X||Haddad^Yusuf||19650704|M|||||^Novak^Petra"
    assert [text[a:b] for a, b in name_spans(text)] == ["Haddad", "Yusuf", "Novak", "Petra"]
    text = "(0010,0010) PN [KERR^DANA=ケル^ダナ]"
    assert [text[a:b] for a, b in name_spans(text)] == ["KERR", "DANA", "ケル", "ダナ"]
    assert name_spans("P|1||QC||TEST^PATIENT") == []
    assert name_spans("OBX|1|CWE|271649006^Systolic blood pressure^SCT") == []
    text = "OBX|1|NM|2345-7^Glucose^LN||98|||||||F|||||123^Manual count^L|4^Analyzer^LOCAL"  # (OBX-17 beside OBX-16)
    assert name_spans(text) == []
    text = "ORC|NW|1|||||||||||5678^Okafor^Chidi"  # (ORC-13 beside ORC-12, in the XCN shape: read)
    assert [text[a:b] for a, b in name_spans(text)] == ["Okafor", "Chidi"]


def test_typed_values() -> None:
    text = MSH + "PID|1||1^^^M^MR||KERR^DANA||19720311|F|||||^PRN^PH^^1^312^5550172~3125550199||||||219097631"
    got = [(text[a:b], kind, value) for a, b, kind, value in typed_values(text, BOTH)]
    assert got == [("1^312^5550172", "PHONE_NUMBER", "1 312 5550172"), ("3125550199", "PHONE_NUMBER", "3125550199"),
                   ("219097631", "US_SSN", "219097631")]
    assert [k for _, _, k, _ in typed_values(text, frozenset({"US_SSN"}))] == ["US_SSN"]
    assert typed_values(MSH + "OBX|1|NM|2345-7^Glucose^LN||98|mg/dL", BOTH) == []
    text = "(0010,2154) SH [3125550172\\4155550188]"
    assert [text[a:b] for a, b, _, _ in typed_values(text, BOTH)] == ["3125550172", "4155550188"]


def test_without_tag_names() -> None:
    text = "(0008,1090) LO [Magnetom Vida]  # ManufacturerModelName\n(0010,0010) PN [VIDA^ANNA]"
    found = [("PERSON", 16, 29, 0.85), ("PERSON", 72, 76, 0.85)]
    assert text[72:76] == "VIDA"
    assert without_tag_names(text, found) == [("PERSON", 72, 76, 0.85)]


def test_a_placeholder_pn_value_is_no_name() -> None:
    text = "(0010, 0010) Patient's Name   PN: 'Anonymized'\n(0010,0010) PN [KERR^DANA]"
    a, b = text.index("Anonymized"), text.index("KERR")
    found = [("PERSON", a, a + 10, 0.85), ("PERSON", b, b + 9, 0.85)]
    assert without_tag_names(text, found) == [("PERSON", b, b + 9, 0.85)]


def test_json_escaped_lines() -> None:
    text = json.dumps({"msg": MSH + "PID|1||5^^^M^MR||NOVAK^PETRA||1980|F|||||4155550188\rPV1|1|I|W||||3^Webb^Marcus"})
    assert [text[a:b] for a, b in name_spans(text)] == ["NOVAK", "PETRA", "Webb", "Marcus"]
    assert [v for _, _, _, v in typed_values(text, BOTH)] == ["4155550188"]
