"""Issue 12 (`proxy.nlp.left31`): leftovers of sql31, edi31, hl731 and a tool's name holding an SSN or a phone.

- (1) a person's record written as positional literals (`new Customer("Dana Kerr", "6175550143", "536904399")`,
  `['Dmitri Volkov','6175550143','536904399']`): its bare phone and SSN cells;
- (4) a tool's or function's name holding an SSN or a phone number (`lookup_536904399`, `call_6175550143`, acc28
  F16) refuses the request (`name_text`) as a person's name there does.

Each with held-out values and PII-free look-alikes that go as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24
from proxy.guard.engine import Guard
from proxy.guard.phases import NAME_TEXT_CHECK, InputVerdict, screen_request
from proxy.nlp.left31 import positional_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _screen(guard: Guard, kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], InputVerdict]:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == "messages" else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        verdict = await screen_request(guard, policy(input=PII), slots)
    return body, verdict


async def _text(guard: Guard, text: str) -> str:
    body, verdict = await _screen(guard, "chat", {"model": "m", "messages": [{"role": "user", "content": text}]})
    assert not verdict.blocked
    out = body["messages"][0]["content"]
    assert isinstance(out, str)
    return out


# ------------------------------------------------------------------------------------ (4) numbers in tool names

TOOL_NUMBERS = ["lookup_536904399", "call_6175550143", "sms_16175550143",  # (the brief's)
                "fetch_record_219458763", "dial_2125550199", "ssn_412739856_check", "textTo4155550172"]  # held out
TOOL_PLAIN = ["get_v2", "lookup_20241130", "tool_123", "sha_4f1c2ab9", "step_1234567", "get_weather",
              "run_20240115093000", "job_123456789", "ticket_000123456", "build_9991234567", "order_1234567890",
              "export_v1_2_3", "crc32_check"]


def _tool_bodies(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                  "tools": [{"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}]}),
        ("chat", {"model": "m", "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]}),
        ("messages", {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                      "tools": [{"name": name, "input_schema": {"type": "object"}}]}),
        ("responses", {"model": "m", "input": "hi",
                       "tools": [{"type": "function", "name": name, "parameters": {"type": "object"}}]}),
    ]


@pytest.mark.parametrize("name", TOOL_NUMBERS)
async def test_a_number_in_a_tool_name_refuses_the_request(guard: Guard, name: str) -> None:
    digits = "".join(c for c in name if c.isdigit())
    for kind, body in _tool_bodies(name):
        _, verdict = await _screen(guard, kind, body)
        assert verdict.blocked and verdict.block_check == NAME_TEXT_CHECK, (kind, name)
        assert digits not in (verdict.block_reason or "")


@pytest.mark.parametrize("name", TOOL_PLAIN)
async def test_a_tool_name_with_other_digits_goes_as_sent(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        sent, verdict = await _screen(guard, kind, body)
        assert not verdict.blocked, (kind, name)
        assert sent == body, (kind, name)


# ------------------------------------------------------------------------------ (1) positional records (sql31)

async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


RECORDS = [  # (text, what must not go through): the brief's shapes, then held-out names, values and languages
    ('new Customer("Dana Kerr", "6175550143", "536904399");', ["6175550143", "536904399"]),
    ("rows = [['Dmitri Volkov','6175550143','536904399']]", ["6175550143", "536904399"]),
    ("seed = [(1,'Dmitri Volkov','6175550143')]", ["6175550143"]),
    ('Patient p = new Patient("Ingrid Halvorsen", "412785506", "3125550172");', ["412785506", "3125550172"]),
    ("contacts.append(('Tomasz Wieczorek', '+12065550183', 'gold'))", ["2065550183"]),
    ("const people = [\n  ['Amara Nwosu', '4045550117', '219458763'],\n"
     "  ['Yusuf Demir', '7135550164', '318274650'],\n];",
     ["4045550117", "219458763", "7135550164", "318274650"]),
    ("employee = Employee(42, 'Lucia Fernandez', '15035550126')", ["15035550126"]),
    ("add_person [\"Chidi Okafor\", \"305-77\", \"6465550139\"]", ["6465550139"]),
]
LOOK_ALIKES = [  # ids, prices, SKUs, timestamps, counts beside products and builds: as sent
    "builds = [('Release 2024', '2024113042'), ('Release 2025', '2025010107')]",
    "items = [(1,'Blue Widget','4006381333','19.99'),(2,'Red Widget','4006381334','24.50')]",
    "new Product(\"Standing Desk\", \"88213\", \"129.00\")",
    "events = [['Deploy Start', '1733788800', '536904399']]",
    "Order o = new Order(\"ORD-2291\", \"2125550199\", \"shipped\");",
    "rows = [('Mountain View', '6505550100', '94043')]",
    "products = [('Grace Hopper Poster', '6175550143', '536904399')]",
    "skus = ['Ada Lovelace Mug', '8401234567', '536904399']",
    "('Jenkins Pipeline', '900123456', '1234567890')",
    "counts = [('Open Sans', '5559876543', '123456789')]",
]


@pytest.mark.parametrize(("text", "secrets"), RECORDS)
async def test_a_person_record_s_positional_phone_and_ssn_are_redacted(guard: Guard, text: str,
                                                                         secrets: list[str]) -> None:
    for out in (await _sent(guard, text), await _answered(guard, text), await _streamed(guard, text, 7)):
        assert not any(s in out for s in secrets), out


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_positional_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_positional_values_types_and_spans() -> None:
    text = 'x = ("Dana Kerr", "6175550143", "536904399", "999123456", "1234567890")'
    got = [(text[a:b], kind) for a, b, kind in positional_values(text, frozenset({"PHONE_NUMBER", "US_SSN"}))]
    assert got == [("6175550143", "PHONE_NUMBER"), ("536904399", "US_SSN")]
    assert positional_values(text, frozenset({"US_SSN"})) == [(33, 42, "US_SSN")]


# ------------------------------------------------------------------------------- (2) X12 separators, FHIR YAML

X12_PIPE = ("Explain this claim rejection:\nISA|00|          |00|          |ZZ|SUBMITTER      |ZZ|RECEIVER       |"
            "261206|1015|^|00501|000000001|0|P|>\nGS|HC|SUB|REC|20261206|1015|1|X|005010X222A1\n"
            "ST|837|0001|005010X222A1\nNM1|IL|1|VOLKOV|DMITRI||||MI|536904399\nREF|SY|536904399\n"
            "PER|IC|DMITRI VOLKOV|TE|6175550143\nSE|5|0001\n")
X12_HELD_OUT = ("ISA!00!          !00!          !ZZ!CLEARINGHOUSE  !ZZ!PAYER          !261130!0845!^!00501!"
                "000000417!0!P!:'"
                "ST!834!0417!005010X220A1'INS!Y!18!030!XN!A'REF!SY!412785506'"
                "NM1!IL!1!HALVORSEN!INGRID!M!!!34!219458763'PER!IC!INGRID HALVORSEN!CP!3125550172'SE!6!0417'")
YAML_SSN = ("resourceType: Patient\nidentifier:\n  - system: http://hl7.org/fhir/sid/us-ssn\n"
            "    value: \"536904399\"\n  - system: http://hospital.example.org/mrn\n    value: MRN-7731\n")
YAML_HELD_OUT = ("patient:\n  identifier:\n  - use: official\n    type: {coding: [{system: 'http://terminology.hl7.org/"
                 "CodeSystem/v2-0203', code: SS}]}\n    value: 412-78-5506\n  - type:\n      coding:\n"
                 "        - system: http://terminology.hl7.org/CodeSystem/v2-0203\n          code: SS\n"
                 "    value: '219458763'\n  - system: urn:oid:2.16.840.1.113883.4.1\n    value: 318274650\n")
INTERCHANGES = [
    (X12_PIPE, ["VOLKOV", "DMITRI", "536904399", "6175550143"]),
    (X12_HELD_OUT, ["HALVORSEN", "INGRID", "412785506", "219458763", "3125550172"]),
    (YAML_SSN, ["536904399"]),
    (YAML_HELD_OUT, ["412-78-5506", "219458763", "318274650"]),
]
INTERCHANGE_LOOK_ALIKES = [
    "ISA|00|          |00|          |ZZ|SENDER         |ZZ|RECEIVER       |261206|1015|^|00501|000000001|0|P|>\n"
    "ST|850|0001\nBEG|00|SA|PO-4471||20261206\nNM1|BY|2|SPRINGFIELD GENERAL HOSPITAL|||||XX|1234567893\n"
    "PO1|1|12|EA|19.99||VP|8401234567\nSE|5|0001\n",
    "identifier:\n  - system: http://hospital.example.org/mrn\n    value: \"536904399\"\n"
    "  - type: {coding: [{code: MR}]}\n    value: 412785506\n",
    "build:\n  steps:\n    - name: SS build\n      value: 6175550143\n",
]


@pytest.mark.parametrize(("text", "secrets"), INTERCHANGES)
async def test_other_separator_x12_and_yaml_fhir_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not any(s in sent for s in secrets), sent
    numbers = [s for s in secrets if s[0].isdigit()]  # (the output rule: phones and SSNs)
    for out in (await _answered(guard, text), await _streamed(guard, text, 9)):
        assert not any(s in out for s in numbers), out


@pytest.mark.parametrize("text", INTERCHANGE_LOOK_ALIKES)
async def test_interchange_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


# ----------------------------------------------------------------------------- (3) HL7 OBX names, ASTM O-17

HL7_OBX = ("MSH|^~\\&|LAB|MERCY|EHR|MERCY|20261206||ORU^R01|1|P|2.5\rPID|1||12345||DOE^JANE\r"
           "OBX|1|XPN|56789-1^Emergency contact^LN||Volkov^Dmitri||\r"
           "OBX|2|XTN|56790-2^Contact phone^LN||^PRN^PH^^1^617^5550143||\r")
HL7_OBX_HELD_OUT = ("MSH|^~\\&|LIS|NORTH|EHR|NORTH|20261130||ORU^R01|77|P|2.5.1\n"
                    "OBX|1|XCN|18-1^Referring clinician^LN||4471^HALVORSEN^INGRID^^^Dr||\n"
                    "OBX|2|TN|56790-2^Callback^LN||(312)555-0172||\n"
                    "OBX|3|PN|56789-1^Next of kin^LN||Wieczorek^Tomasz~Okafor^Chidi||\n"
                    "OBX|4|XTN|56790-2^Contact phone^LN||2065550183^PRN^CP||\n")
ASTM_O = ("H|\\^&|||ANALYZER^1.0|||||||P|1\rP|1||PID123||OKONKWO^CHIDI\r"
          "O|1|SID42||^^^GLU|R|20261206|||||N|||||4471^HALVORSEN^INGRID|3125550172\rL|1|N\r")
HEALTH = [  # (text, what must not go up, what must not reach a client: whole, streamed)
    # (an XTN's components `^PRN^PH^^1^617^5550143` are read in whole answers; streamed, PID-13's are not either)
    (HL7_OBX, ["Volkov", "Dmitri", "5550143"], ["5550143"], []),
    (HL7_OBX_HELD_OUT, ["HALVORSEN", "INGRID", "555-0172", "Wieczorek", "Tomasz", "Okafor", "2065550183"],
     ["555-0172", "2065550183"], ["555-0172", "2065550183"]),
    (ASTM_O, ["HALVORSEN", "INGRID", "3125550172"], ["3125550172"], ["3125550172"]),
]
HEALTH_LOOK_ALIKES = [
    "MSH|^~\\&|LAB|MERCY|EHR|MERCY|20261206||ORU^R01|1|P|2.5\r"
    "OBX|1|ST|5778-6^Color^LN||Straw Yellow||\rOBX|2|CWE|260385009^Negative^SCT||260385009^Negative^SCT||\r"
    "OBX|3|NM|2345-7^Glucose^LN||95|mg/dL|70-99|N|||F\rOBX|4|XPN|56789-1^Emergency contact^LN||TEST^PATIENT||\r",
    "H|\\^&|||ANALYZER^1.0|||||||P|1\rO|1|SID42||^^^GLU|R|20261206|||||N|||||^^|\rL|1|N\r",
]


@pytest.mark.parametrize(("text", "secrets", "numbers", "streamed"), HEALTH)
async def test_obx_names_and_phones_and_astm_ordering_physician_are_redacted(
        guard: Guard, text: str, secrets: list[str], numbers: list[str], streamed: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not any(s in sent for s in secrets), sent
    answered = await _answered(guard, text)
    assert not any(s in answered for s in numbers), answered
    out = await _streamed(guard, text, 9)
    assert not any(s in out for s in streamed), out


@pytest.mark.parametrize("text", HEALTH_LOOK_ALIKES)
async def test_obx_and_astm_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text
