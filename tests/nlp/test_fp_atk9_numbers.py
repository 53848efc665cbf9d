"""Issue 12, atk9 tester B M2, M4, M6 (false positives): numbers that are no IP address or phone number.

M2: four-part dotted numbers after a section, clause, requirement, OID or mask word, OIDs of more than four parts,
masks (`255.255.255.0`, `0.0.0.255`) and dotted numbers under a version, section, OID or mask key are no IP address.
M4: part, lot, case and SKU numbers of two hyphenated groups 4-3, 5-2, 5-3, 3-5 are no phone number without a phone
word. M6: amounts with space, U+202F or `.` thousands separators beside a currency or an amount word are no phone
number. Both directions: the addresses and phone numbers written in the same frames are still found (real Presidio,
real spaCy model, the default policy's entities and score floor)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import WordScorer, found

PII_ALL = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                    "US_SSN", "IBAN_CODE", "IP_ADDRESS"]}}


# --------------------------------------------------------------------------- M2: dotted numbers


@pytest.mark.parametrize("text", [
    "See section 3.2.1.4 of the spec for the retry rules.",
    "Requirement 4.1.2.3 says the session must expire after 15 minutes.",
    "As described in clause 5.3.2.1, the supplier must notify us within 48 hours.",
    "Test case 1.2.3.4 fails on the staging environment.",
    "Paragraph 7.1.4.2 of the contract covers termination.",
    "Step 2.1.1.3: configure the load balancer health check.",
    "Question 3.3.1.2 in the audit checklist is not applicable.",
    "See \u00a7 4.2.1.1 for the definitions.",
    "sections 3.1.1.1 to 3.1.1.9 cover logging",
    "clauses 6.2.1.1 and 6.2.1.2 were rewritten",
    "The SNMP OID 1.3.6.1.2.1.1.3.0 returns the system uptime.",  # more than four parts: never an address in part
    "Poll 1.3.6.1.4.1.2021.10.1.3.1 for the one-minute load average.",
    "The certificate policy OID is 2.23.140.1.2.1.",
    "The LDAP attribute OID 2.5.4.3 is commonName.",
    "netmask 255.255.255.0 on the internal interface",  # 240.0.0.0/4: no host (nor a phone number's groups)
    "Subnet mask 255.255.240.0 gives 4094 usable hosts.",
    "The wildcard mask 0.0.0.255 matches the last octet in the ACL.",  # 0.0.0.0/8: no host
    "Use mask 128.0.0.0 for the upper half.",  # a mask after a mask word
    '{"version": "1.2.3.4"}',  # a version key as a version word
    '{"section": "3.2.1.4", "doc": "spec.pdf"}',
    '{"oid": "1.3.6.1.2.1.1.3.0"}',
    '{"netmask": "255.255.255.0"}',
])
async def test_dotted_numbers_that_name_no_host_are_no_ip_address(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "addresses"), [
    ("server 10.0.0.5 is down", {"10.0.0.5"}),
    ("ip 192.168.1.77", {"192.168.1.77"}),
    ("from 8.8.8.8", {"8.8.8.8"}),
    ("release on 10.0.0.5", {"10.0.0.5"}),  # the README's trade-off: a word between
    ("in case 10.0.0.5 is down, use 10.0.0.6", {"10.0.0.5", "10.0.0.6"}),  # `case` alone is no numbering word
    ("firewall rule 10.0.0.5 allow", {"10.0.0.5"}),
    ("ARP table 10.0.0.5 at aa:bb", {"10.0.0.5"}),
    ("the mask 10.0.0.5 is wrong", {"10.0.0.5"}),  # after a mask word, but no mask
    ("host 10.20.30.40.", {"10.20.30.40"}),  # a full stop after it is no fifth part
    ("ifconfig eth0 shows inet 10.0.0.12 netmask 255.255.255.0 broadcast 10.0.0.255", {"10.0.0.12", "10.0.0.255"}),
    ("netmask 255.255.255.0, gateway 10.0.0.1", {"10.0.0.1"}),
    ("ip address 10.1.1.1 255.255.255.0", {"10.1.1.1"}),
    ("see 3.1.1.1 to 3.1.1.9 in the appendix", {"3.1.1.1", "3.1.1.9"}),  # no numbering word: read as addresses
])
async def test_addresses_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                             addresses: set[str]) -> None:
    assert {v for e, v in await found(analyzer, text) if e == "IP_ADDRESS"} == addresses


# --------------------------------------------------------------------------- M4: part and lot numbers


@pytest.mark.parametrize("text", [
    "SKU 10045-221 is out of stock",
    "Part 20451-117 replaces 20451-116",
    "Lot 31207-884 expires in May",
    "Model 55120-310 ships Monday",
    "Case 58142-37 was escalated.",
    "Ref 1849-922 is attached.",
    "Item 4521-337 is back in stock.",
    "Article 612-40877 is back in stock.",
    "CEP 01310-100 S\u00e3o Paulo",
    '{"sku": "10045-221"}',
])
async def test_two_hyphenated_groups_of_seven_or_eight_digits_are_no_phone_number(analyzer: PiiAnalyzer,
                                                                                  text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "phone"), [
    ("call me at 5550-123", "5550-123"),
    ("my phone is 10045-221", "10045-221"),
    ("Tel: 1849-922", "1849-922"),
    ("10045-221 (mobile)", "10045-221"),
    ("Desk: 845-12093", "845-12093"),
    ("call 617-555-0143", "617-555-0143"),
    ("phone 555-0143", "555-0143"),
    ("SKU 617-555-0143", "617-555-0143"),  # a phone number's own shape needs no word
])
async def test_phone_numbers_with_a_phone_word_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                               phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)


# --------------------------------------------------------------------------- M6: amounts


@pytest.mark.parametrize("text", [
    "Le chiffre d'affaires s'\u00e9l\u00e8ve \u00e0 6 304 919 105 \u20ac pour l'exercice.",
    "Le chiffre d'affaires 2023 s'\u00e9l\u00e8ve \u00e0 12 345 678 \u20ac contre 11 204 512 \u20ac en 2022.",
    "Der Umsatz lag bei 12.345.678 \u20ac nach 11.204.512 \u20ac im Vorjahr.",
    "Le capital social est de 1 500 000 000 \u20ac.",
    "Oms\u00e4ttningen var 265\u202f770\u202f067 kronor f\u00f6rra \u00e5ret.",
    "Przychody wynios\u0142y w tym roku 3 415 809 747 z\u0142.",
    "\u0412\u044b\u0440\u0443\u0447\u043a\u0430 \u0441\u043e\u0441\u0442\u0430\u0432\u0438\u043b\u0430 3 456 789 012 "
    "\u0440\u0443\u0431\u043b\u0435\u0439.",
    "The total is 2 125 550 199 in the legacy report.",  # an amount word before it
    "Revenue 1 234 567 890 \u20ac (consolidated).",
    "Net revenue reached \u20ac 1 204 330 915 this quarter.",  # a currency sign before it
])
async def test_amounts_with_thousands_separators_are_no_phone_number(analyzer: PiiAnalyzer, text: str) -> None:
    assert not {v for e, v in await found(analyzer, text) if e == "PHONE_NUMBER"}


@pytest.mark.parametrize(("text", "phone"), [
    ("I would like to stop receiving messages to 699 956 915", "699 956 915"),  # 3-3-3, no amount word
    ("Mobile: 723 813 266", "723 813 266"),
    ("call 612 345 678 about the 5 000 \u20ac invoice", "612 345 678"),
    ("Le total : appelez le 612 345 678", "612 345 678"),  # three groups of 3 need a currency or count word
    ("Revenue 12 345 678 90 \u20ac", "12 345 678 90"),  # groups of 2 at the end: no thousands grouping
])
async def test_phone_numbers_beside_amounts_are_still_found(analyzer: PiiAnalyzer, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)


# --------------------------------------------------------------------------- tool arguments


def _call(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"}]}


@pytest.mark.parametrize("args", [
    {"section": "3.2.1.4", "doc": "spec.pdf"},
    {"version": "1.2.3.4"},
    {"oid": "2.5.4.3"},
    {"subnet_mask": "255.255.0.0"},
    {"mask": "128.0.0.0"},
    {"sku": "10045-221"},
    {"part": "20451-117"},
    {"amount": "12 345 678 \u20ac"},
])
async def test_tool_arguments_with_such_numbers_go_up_as_sent(analyzer: PiiAnalyzer, args: dict[str, Any]) -> None:
    body = _call(args)
    before = copy.deepcopy(body)
    await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_ALL), openai.request_texts("chat", body))
    assert body == before, body["messages"][1]


@pytest.mark.parametrize(("args", "key"), [
    ({"host": "10.0.0.5"}, "host"),
    ({"ip": "192.168.1.77", "version": "1.2.3.4"}, "ip"),
    ({"mask": "10.0.0.5"}, "mask"),  # a mask key, but no mask
    ({"phone": "10045-221"}, "phone"),
    ({"phone": "612 345 678"}, "phone"),
])
async def test_addresses_and_phone_numbers_in_tool_arguments_are_still_redacted(
        analyzer: PiiAnalyzer, args: dict[str, Any], key: str) -> None:
    body = _call(args)
    await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_ALL), openai.request_texts("chat", body))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent[key].startswith("<") and args[key] not in json.dumps(sent), sent
