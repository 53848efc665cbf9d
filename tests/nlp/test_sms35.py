"""sms35 (atk33 F03, F06, F17, F20): message and call exports. SMS Backup & Restore XML (`<sms address=...>`, an
`<mms>`'s `~`-joined recipients and its `<addr>` elements, `<call number=...>`, with or without `+` and country code,
and their `contact_name`), Android's SMS provider rows (`Row: 0 ... address=...`), WhatsApp ids (Twilio's `WaId=`,
the Cloud API's `wa_id`, a Cloud payload's `from`), sqlite3's `.mode quote` rows with no `SELECT` line before them
and `.mode ascii` records (0x1F between cells, 0x1E between rows) are redacted in a request's text and in an answer,
whole and streamed; dates, durations, types, ids, amounts and things' names in the same layouts go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.sms35 import contact_names, sms35_values
from proxy.nlp.sql31 import tables
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=PII_OUT), text, size)


A, B, C, D = "6174938261", "3128472291", "7204619937", "5038274416"
UK = "447912345678"
CASES = [
    # SMS Backup & Restore: a bare number, a contact's name or `(Unknown)`, country code without `+`
    (f'<smses count="2">\n  <sms protocol="0" address="{A}" date="1700000000000" type="1" body="see you" '
     f'read="1" status="-1" readable_date="Nov 14, 2023 5:13:20 PM" contact_name="(Unknown)" />\n'
     f'  <sms protocol="0" address="1{B}" date="1700000100000" type="2" body="ok" contact_name="Dana Kerr" />\n'
     "</smses>\nSummarize the thread.", [A, B], ["Dana Kerr"]),
    (f'<call number="1{C}" duration="42" date="1700000000000" type="1" presentation="1" contact_name="Lena Ortiz" />'
     f'\n<call number="{D}" duration="0" date="1700000500000" type="3" contact_name="(Unknown)" />', [C, D],
     ["Lena Ortiz"]),
    (f'<mms date="1700000000000" msg_box="1" address="{A}~{B}" m_type="132" contact_name="Dana Kerr, Marcus Webb">\n'
     f'  <addrs>\n    <addr address="{A}" type="137" charset="106" />\n    <addr address="+1{B}" type="151" '
     'charset="106" />\n  </addrs>\n</mms>', [A, B], ["Dana Kerr", "Marcus Webb"]),
    (f"Row: 0 _id=1, thread_id=4, address={C}, person=NULL, date=1700000000000, type=1, body=running late\n"
     f"Row: 1 _id=2, thread_id=4, address=+1{D}, person=NULL, date=1700000100000, type=2, body=ok", [C, D], []),
    # WhatsApp: Twilio's webhook form and log, the Cloud API's payload
    (f"SmsMessageSid=SM9f2&NumMedia=0&ProfileName=Dana+Kerr&WaId=1{A}&Body=see+you&To=whatsapp%3A%2B14155238886"
     f"&From=whatsapp%3A%2B1{A}", [A], []),
    (f"inbound WaId={UK} ProfileName=Marcus", [UK], []),
    (f'{{"messaging_product": "whatsapp", "contacts": [{{"profile": {{"name": "Lena Ortiz"}}, "wa_id": "{UK}"}}], '
     f'"messages": [{{"from": "{UK}", "id": "wamid.HBgL", "timestamp": "1700000000", "type": "text"}}]}}', [UK],
     ["Lena Ortiz"]),
    # sqlite3: `.mode quote` rows with no SELECT line, with `.headers on`, `.mode ascii`
    (f"1,'Dana Kerr','{A}'\n2,'Marcus Webb','{B}'\n3,'Lena Ortiz',NULL", [A, B], ["Dana Kerr", "Marcus Webb"]),
    (f"'id','name','mobile'\n1,'Hamid Karimi','{C}'\n2,'Lena Ortiz','{D}'", [C, D], ["Hamid Karimi", "Lena Ortiz"]),
    (f"1\x1fDana Kerr\x1f{A}\x1e2\x1fMarcus Webb\x1f{B}\x1e", [A, B], ["Dana Kerr", "Marcus Webb"]),
    (f"sqlite> .mode ascii\nsqlite> select * from people;\nid\x1fname\x1fphone\x1e1\x1fHamid Karimi\x1f{C}\x1e",
     [C], ["Hamid Karimi"]),
]
TEXTS = [text for text, _, _ in CASES]


@pytest.mark.parametrize("text, secrets, names", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str], names: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets + names if s in sent] == [], sent
    assert "PHONE_NUMBER" in sent


@pytest.mark.parametrize("k", range(len(CASES)))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets, _ = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 11)):
        assert [s for s in secrets if s in got] == [], got


LOOK_ALIKES = [
    '<sms protocol="0" date="1700000000000" type="1" read="1" status="-1" date_sent="0" body="ok" />',
    '<call duration="4200" date="1700000000123" type="2" presentation="1" subscription_id="1" />',
    '<smses count="3128" backup_set="5d2e-11" backup_date="1700000000000" type="full">',
    '<addr address="insert-address-token" type="151" charset="106" />',
    '<node id="6174938261" seq="3128472291" duration="42" />',
    "Row: 0 _id=3128, thread_id=9, date=1700000000000, type=1, read=1",
    "1,'Widget',19.99,4200\n2,'Gadget',4.5,380",
    "'sku','price','qty'\n'W-100',19.99,3\n'G-220',4.25,10",
    "1,3128472291,17\n2,6174938261,9",
    "sqlite> .mode quote\nsqlite> select id, total from orders;\n1,1700000000\n2,4200.5",
    "1\x1fWidget\x1f19.99\x1e2\x1fGadget\x1f4.50\x1e",
    "7001\x1fSteel Bracket\x1f6174938261\x1e7002\x1fHex Bolt\x1f3128472291\x1e",
    "The WaId field of Twilio's webhook is the sender's WhatsApp id; wa_id in the Cloud API is the same.",
    '{"wa_id": "<WA_ID>", "waid_count": 42, "from": "wamid.HBgL"}',
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_reader() -> None:
    text = (f'<sms address="{A}" date="1700000000000" type="1" />\n<call number="{B}" duration="42" />\n'
            f'<mms address="{C}~{D}" date="1" />\n<node address="{A}" />\nWaId={UK}&date=1700000000000')
    found = sms35_values(text, frozenset({"PHONE_NUMBER"}))
    assert sorted(text[a:b] for a, b, _, _ in found) == sorted([A, B, C, D, UK])
    assert [v for a, b, _, v in found if text[a:b] == UK] == ["+" + UK]  # (an id without its `+`, read with it)
    assert sms35_values(text, frozenset({"US_SSN"})) == []
    assert sms35_values('<sms address="1700000000" date="1" />', frozenset({"PHONE_NUMBER"})) == []


def test_contact_names() -> None:
    text = '<mms address="1" contact_name="Dana Kerr, Marcus Webb" />\n<sms address="2" contact_name="(Unknown)" />'
    got = [text[a:b] for _, a, b, _ in contact_names(name_lists(), text, [])]
    assert got == ["Dana Kerr", "Marcus Webb"]


def test_shell_rows() -> None:
    quote = [t for t in tables(f"'id','name','phone'\n1,'Dana Kerr','{A}'\n2,'Marcus Webb',NULL") if not t.name]
    assert [t.columns for t in quote] == [("id", "name", "phone")] and len(quote[0].rows) == 2
    assert tables("1,2,3\n4,5,6") == [] and tables("data = ['a', 'b']") == []
    ascii_ = tables(f"1\x1fDana Kerr\x1f{A}\x1e2\x1fMarcus Webb\x1f{B}\x1e")
    assert [t.columns for t in ascii_] == [None] and [len(r) for r in ascii_[0].rows] == [3, 3]
