"""join43: join42's values given in parts, re-landed. A value given in parts counts once in the decision record
(`proxy.guard.join43`: an address as its local part and domain, a card or an SSN read back in parts, an IBAN as its
parts); parts are joined only where the text says they are one value (a part's word before each: `starts with`,
`ends with`, `area`, `group`, `serial`, `first part`...), never numbers merely kept apart by a word; a stream window
waits for a value's parts only then (`proxy.nlp.join42.parts_open`)."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard, InputVerdict
from proxy.guard.phases import screen_request
from proxy.nlp.join42 import parts_open
from proxy.providers import openai
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE"], "restore": True}}


async def _screen(guard: Guard, text: str) -> tuple[InputVerdict, str]:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    verdict = await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
    return verdict, str(body["messages"][0]["content"])


def _counts(verdict: InputVerdict) -> dict[str, int]:
    found = [r for r in verdict.records if r["check"] == "pii"]
    return found[0]["findings"] if found else {}  # type: ignore[no-any-return]


COUNTED = [  # (text, its parts, the counts)
    ("INSERT INTO mailbox (local_part, domain, quota) VALUES ('wanjiru.kamau', 'fastmail.com', 512);",
     ["wanjiru.kamau", "fastmail.com"], {"EMAIL_ADDRESS": 1}),
    ('cfg = {"mailbox": "oskar.lind", "domain": "telia.se"}', ["oskar.lind"], {"EMAIL_ADDRESS": 1}),
    ("to = '@'.join(['priya.menon', 'rediffmail.com'])", ["priya.menon"], {"EMAIL_ADDRESS": 1}),
    ("Please confirm: the card starts with 4539 1488 and ends with 0343 6467.", ["4539 1488", "0343 6467"],
     {"CREDIT_CARD": 1}),
    ("Payroll form: SSN area 536, group 90, serial 4399.", ["536", "90,", "4399"], {"US_SSN": 1}),
    ("Payee IBAN: country DE, check 89, then 3704 0044 0532 0130 00.", ["3704 0044"], {"IBAN_CODE": 1}),
    # two values given in parts: two
    ("local_part,domain\nwanjiru.kamau,fastmail.com\noskar.lind,telia.se", ["wanjiru.kamau", "oskar.lind"],
     {"EMAIL_ADDRESS": 2}),
]


@pytest.mark.parametrize(("text", "parts", "counts"), COUNTED)
async def test_a_value_given_in_parts_counts_once(guard: Guard, text: str, parts: list[str],
                                                  counts: dict[str, int]) -> None:
    verdict, sent = await _screen(guard, text)
    assert [p for p in parts if p in sent] == [], sent
    assert _counts(verdict) == counts


# Luhn-valid cards and a valid SSN in a card's or an SSN's sentence, their parts kept apart by words that do not
# say they are one value: as sent.
APART = [
    "card 4539 1488 or 0343 6467, whichever is on file",
    "The card table has 4539 1488 chips and 0343 6467 points.",
    "Visa sales rose from 4539 1488 to 0343 6467 units.",
    "SSN checks: 536 passed, 90 failed, 4399 skipped.",
]


@pytest.mark.parametrize("text", APART)
async def test_numbers_kept_apart_by_words_are_no_value(guard: Guard, text: str) -> None:
    verdict, sent = await _screen(guard, text)
    assert sent == text and _counts(verdict) == {}, verdict.records


def test_a_window_waits_for_parts_only_after_a_parts_word() -> None:
    held = "the card starts with 4539 1488 and "
    assert parts_open(held, len(held)) and parts_open(held + "ends with 0343", len(held))
    assert parts_open("SSN area 536, group 90, serial 4399 ok", len("SSN area 536, "))
    plain = "card 4111 and 1111 and then we stopped for lunch at noon ok"
    assert not parts_open(plain, len("card 4111 and "))
    assert not parts_open("card 4111 or 1111 or 1111 or", len("card 4111 or "))
    # a JSON string streamed: its escaped line breaks end the row (`name,ssn\n...`)
    raw = json.dumps({"body": "name,ssn\nAnn Lee,123456780\nBo Park,234567891"})
    assert not parts_open(raw, raw.index("Bo Park") + len("Bo Park,"))


def test_a_window_waits_in_a_mail_insert_only() -> None:
    mail = "INSERT INTO mailbox (local_part, domain) VALUES ('jo.lee', "
    assert parts_open(mail, len(mail)) and parts_open(mail, len("INSERT INTO mailbox (local_"))
    rows = "INSERT INTO `customers` VALUES (1,'Fenella','Abernethy','Leeds'),(2,'Joaquim',"
    assert not parts_open(rows, len(rows)) and not parts_open(rows, len("INSERT INTO `customers` VALUES (1,'Fen"))
    named = "INSERT INTO people (first, last, city) VALUES ('Ana', 'Silva', "
    assert not parts_open(named, len(named))
    pair = "new Customer(\"Chidi\", "
    assert not parts_open(pair, len(pair)) and parts_open("['eloise.h', ", len("['eloise.h', "))
