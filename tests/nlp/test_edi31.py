"""edi31 (atk30 F3, F6, F9, F15; FP1, FP7): a person's names, SSN and phone numbers in ANSI X12 (`NM1`, `REF*SY`,
`PER`), UN/EDIFACT (`NAD`, `CTA`, `COM`), SWIFT MT103 (`:59:`, `:59F:`, `:50K:`) and FHIR identifiers typed as the
US SSN are redacted in a request's text; an X12 interchange's `ST` segment and an NPI after `XX` are no phone
numbers, an organisation's `NM1` no person, and PII-free look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.keyed import labelled_values
from proxy.guard.phases import screen_request
from proxy.nlp.edi31 import edi_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
BOTH = frozenset({"PHONE_NUMBER", "US_SSN"})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, what must not go up): the report's shapes, with other names, values, qualifiers and layouts (held out).
LEAKS = [
    ("Explain this claim rejection:\nST*837*0001*005010X222A1~\nNM1*IL*1*SMITH*JOHN****MI*536904399~\n"
     "REF*SY*536904399~\nPER*IC*JOHN SMITH*TE*6175550143~\nSE*5*0001~", ["SMITH", "JOHN", "536904399", "6175550143"]),
    ("Why is this patient loop rejected?\nHL*3*2*23*0~\nPAT*19~\nNM1*QC*1*GARCIA*MARIA*L***34*412673390~\n"
     "N3*1 MAIN ST~",
     ["GARCIA", "MARIA", "412673390"]),
    ("HL*2*1*22*0~\nSBR*P*18*******CI~\nNM1*IL*1*NGUYEN*LINH****MI*287654321~\nDMG*D8*19800212*F~",
     ["NGUYEN", "LINH", "287654321"]),
    ("834 enrolment:\nINS*Y*18*030*XN*A~\nREF*0F*A12345~\nREF*SY*412673390~\nDTP*356*D8*20260101~", ["412673390"]),
    ("Contact segment:\nPER*IC*PRIYA PATEL*CP*4155550199*FX*2125550143~\nN1*PR*ACME HEALTH PLAN~",
     ["PRIYA", "PATEL", "4155550199", "2125550143"]),
    ("PER*IC*ROBERT KING*TE*3125550172*EM*R.KING@NORTHWINDHEALTH.COM~\nSE*9*0002~",
     ["ROBERT", "3125550172", "R.KING"]),
    ("PER*IC*MARGARET OKONKWO*TE*6175550143*EM*M.OKONKWO@ACME-CORP.COM~", ["MARGARET", "6175550143", "OKONKWO"]),
    ("Why does the partner reject this ORDERS message?\nUNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Volkov:Dmitri'\n"
     "CTA+IC+:Dmitri Volkov'\nCOM+6175550143:TE'\nUNT+5+1'", ["6175550143", "Dmitri", "Volkov"]),
    ("UNH+1+INVOIC:D:96A:UN'\nNAD+IV+++Okafor:Chidi'\nCOM+4155550199:FX'\nUNT+3+1'", ["Chidi", "Okafor", "4155550199"]),
    ("VISA-card payment, see:\nREF*SY*536904399~\nREF*EI*123456789~", ["536904399"]),
    ("UNH+7+DESADV:D:01B:UN'\nCTA+OC+:Maria Garcia'\nCOM+2125550143:AL'", ["Maria", "Garcia", "2125550143"]),
    ("Why was this MT103 rejected?\n{4:\n:20:REF12345\n:50K:/DE89370400440532013000\nMARGARET OKONKWO\n"
     ":59:/GB29NWBK60161331926819\nDMITRI VOLKOV\n-}", ["DMITRI", "VOLKOV", "MARGARET"]),
    (":20:PAY-77\n:59F:/DE89370400440532013000\n1/PRIYA PATEL\n2/12 HIGH STREET\n3/GB/LONDON\n:71A:SHA",
     ["PRIYA", "PATEL"]),
    (":32A:261206EUR500,00\n:59:/FR1420041010050500013M02606\nMaria Garcia\nCalle Mayor 1\n:70:INVOICE 42",
     ["Maria", "Garcia"]),
    ('{"resourceType": "Patient", "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "536904399"}]}',
     ["536904399"]),
    ('{"resourceType": "Patient", "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/'
     'CodeSystem/v2-0203", "code": "SS"}]}, "value": "412673390"}]}', ["412673390"]),
    ('Patient resource:\n{\n  "identifier": [\n    {\n      "system": "urn:oid:2.16.840.1.113883.4.1",\n'
     '      "value": "287654321"\n    }\n  ]\n}', ["287654321"]),
    ('<Patient xmlns="http://hl7.org/fhir"><identifier><system value="http://hl7.org/fhir/sid/us-ssn"/>'
     '<value value="412673390"/></identifier></Patient>', ["412673390"]),
]

KEPT = [
    "GS*PO*SENDER*RECEIVER*20261206*1015*1*X*004010~\nST*850*0001~",
    "ST*850*0001~\nBEG*00*SA*PO-4411**20261206~\nCTT*1~\nSE*4*0001~",
    "ST*810*0042~\nBIG*20261206*INV-9921~\nSE*3*0042~",
    "GS*HC*SENDER*RECEIVER*20261206*1015*7*X*005010X222A1~\nST*837*0007*005010X222A1~\n"
    "BHT*0019*00*0123*20261206*1015*CH~",
    "Explain this:\nNM1*85*2*SPRINGFIELD GENERAL HOSPITAL*****XX*1234567893~",
    "NM1*82*2*NORTHWIND MEDICAL GROUP*****XX*1497758544~\nPRV*PE*PXC*207Q00000X~",
    "NM1*PR*2*BLUE CROSS BLUE SHIELD*****PI*87726~\nREF*EI*123456789~",
    "NM1*41*2*CLEARINGHOUSE INC*****46*TGJ23~\nPER*IC*BILLING DEPT*UR*WWW.EXAMPLE.COM~",
    "UNH+1+ORDERS:D:96A:UN'\nNAD+SU+5412345000013::9'\nNAD+BY+++NORTHWIND TRADERS'\nLIN+1++4000862141404:SRV'",
    "NAD+BY+++Grace Foods'\nNAD+SU+++Max Retail'",
    "QTY+21:48'\nPRI+AAA:27.5'\nCOM+WWW.NORTHWIND.COM:AH'",
    ":20:REF12345\n:59:/12345678\nNORTHWIND TRADING LTD\n:71A:OUR",
    '{"identifier": [{"system": "http://hospital.example/mrn", "value": "123456789"}]}',
    '{"identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "00451234"}]}',
    '{"resourceType": "Observation", "code": {"coding": [{"code": "SS"}]}, "valueQuantity": {"value": 412673390}}',
    '{"concept": [{"code": "SS", "display": "Social Security number"}]}',
]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert not [s for s in secrets if s in after], after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


async def test_an_email_across_elements_is_cut_to_its_own() -> None:
    from proxy.nlp.edi31 import with_edi31
    from proxy.nlp.names import NameLists

    text = "PER*IC*MARGARET OKONKWO*TE*6175550143*EM*M.OKONKWO@ACME-CORP.COM~"
    lists = NameLists(frozenset({"margaret"}), frozenset({"okonkwo"}), frozenset(), frozenset())
    found = with_edi31(text, [("EMAIL_ADDRESS", 16, 64, 1.0), ("PHONE_NUMBER", 1, 9, 0.4)], ["EMAIL_ADDRESS"], lists)
    assert ("EMAIL_ADDRESS", 41, 64, 1.0) in found
    assert text[41:64] == "M.OKONKWO@ACME-CORP.COM"
    assert not any(r[0] == "PERSON" for r in found)  # (names only where PERSON is checked)


def test_edi_values_spans() -> None:
    x12 = "NM1*IL*1*SMITH*JOHN****MI*536904399~\nREF*SY*412673390~\nPER*IC*JOHN SMITH*TE*6175550143*EM*A@B.COM~"
    assert [(x12[a:b], kind) for a, b, kind in edi_values(x12, BOTH)] == [
        ("536904399", "US_SSN"), ("412673390", "US_SSN"), ("6175550143", "PHONE_NUMBER")]
    assert [x12[a:b] for a, b, _ in edi_values(x12, frozenset({"PHONE_NUMBER"}))] == ["6175550143"]
    edifact = "COM+6175550143:TE'\nCOM+JANE@X.COM:EM'\nCOM+4155550199:FX'"
    assert [edifact[a:b] for a, b, _ in edi_values(edifact, BOTH)] == ["6175550143", "4155550199"]
    assert [k.text for k in labelled_values([edifact])] == ["phone: 6175550143", "phone: 4155550199"]


def test_edi_values_need_the_qualifier() -> None:
    assert edi_values("REF*EI*123456789~\nREF*SY~\nNM1*85*2*HOSP*****XX*1234567893~", BOTH) == []
    assert edi_values("NM1*IL*2*ACME*****MI*536904399~", BOTH) == []  # (an organisation's member id)
    assert edi_values("PER*IC*JOHN*UR*WWW.X.COM~\nCOM+4155550199:AH'", BOTH) == []
    assert edi_values('{"system": "http://hospital.example/mrn", "value": "536904399"}', BOTH) == []
