"""phone39 (atk39 F02, F03, F10): numbers dialled with `00` for `+` and a one-digit area group (`0033 6 12 34 56 78`,
`0031 6 12345678`, `0033 (0)6 ...`), E.164 digits without their `+` under a key that names a phone (`msisdn`,
`mobile`, `phone_number`, a SQL `phone` column, a `mysql>` table's `phone` column, `<msisdn>`) or at an SMS payload's
`to`/`from` beside its text, and German numbers in the older DIN grouping after a phone word (`Telefon (0 30) 1 23 45
67`) are redacted in a request and in an answer, whole and streamed; a Mexican mobile after `+52` is a phone number,
no card; ids, amounts, times, ISBNs, IMEIs, netmasks, NPIs and `00`-led codes that are no phone numbers go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.phone39 import din_grouped, intl_prefixed, sms_ends, without39
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, sent_chat, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, policy(input=PII_IN), text)


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


CASES = [  # (text, what must not go)
    # F02: `00` and a one-digit area group
    ("Rappelez-moi au 0033 6 12 34 56 78 svp.", ["12 34 56 78", "0033 6"]),
    ("Mon numéro : 0033 6 98 76 54 32", ["98 76 54 32"]),
    ("Bel me op 0031 6 12345678.", ["12345678"]),
    ("Met vriendelijke groet,\nSanne de Vries\nT: 0031 6 55501234", ["55501234"]),
    ("Tel: 0033 (0)6 98 76 54 32", ["98 76 54 32", "0033 (0)6"]),
    ("Växel: 0046 8 765 432 10, fråga efter mig.", ["765 432 10"]),
    ("Bureau 0033 1 45 67 89 01 et portable 0033.6.12.34.56.78", ["45 67 89 01", "12.34.56.78"]),
    # F03: E.164 digits without `+` under a phone key, at an SMS payload's ends
    ('{"msisdn": "447911123456", "status": "DELIVERED"}', ["447911123456"]),
    ('{"to": "447911123456", "from": "AcmeBank", "text": "Your code is 482913"}', ["447911123456"]),
    ("msisdn=447911123456&to=AcmeBank&messageId=0A0000001234&status=delivered", ["447911123456"]),
    ('{"mobile": "4915123456789"}', ["4915123456789"]),
    ("phone_number: 4917398765432", ["4917398765432"]),
    ('{"user": {"mobile": "919812345678", "plan": "free"}}', ["919812345678"]),
    ("INSERT INTO `customers` (`id`,`full_name`,`phone`) VALUES (1,'Theodore Hargreaves','3128674412'),"
     "(2,'Chinwe Okafor','447723456789');", ["447723456789", "3128674412"]),
    ("mysql> SELECT name, phone FROM staff;\n+---------------+--------------+\n| name          | phone        |\n"
     "+---------------+--------------+\n| Theo Ward     | 447911123456 |\n| Chinwe Okafor | 447700912345 |\n"
     "+---------------+--------------+", ["447911123456", "447700912345"]),
    ("<sms><msisdn>33698765432</msisdn><text>Votre code 1234</text></sms>", ["33698765432"]),
    # F10: the older DIN grouping after a phone word
    ("Telefon (0 30) 1 23 45 67", ["1 23 45 67"]),
    ("Telefon: 0 30 - 1 23 45 67", ["1 23 45 67"]),
    ("Tel.: (0 6 21) 1 23 45 67", ["1 23 45 67"]),
    ("Mit freundlichen Grüßen\nAnnegret Vogelsang\nTelefon privat (06 21) 98 76 54", ["98 76 54"]),
    ("Fax (0 35) 1 23 45 67 oder Tel. 0 89 / 12 34 56", ["1 23 45 67", "12 34 56"]),
]


@pytest.mark.parametrize("text, secrets", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert "PHONE_NUMBER" in sent


@pytest.mark.parametrize("k", [0, 2, 4, 5, 7, 8, 9, 10, 12, 15])
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = CASES[k]
    text = f"Here it is: {text}\nDone."
    out = policy(output=PII_OUT)
    for got in (await _answered(guard, text), await streamed_out(guard, out, text, 3),
                await streamed_out(guard, out, text, 7)):
        assert [s for s in secrets if s in got] == [], got
        assert "PHONE_NUMBER" in got and got.endswith("Done.")


async def test_mexican_mobile_is_a_phone_number(guard: Guard) -> None:
    sent = await _sent(guard, "Llámame al +52 1 55 1234 5678 por favor.")
    assert "1234 5678" not in sent and "PHONE_NUMBER" in sent and "CREDIT_CARD" not in sent, sent
    assert await _sent(guard, "Card 4111 1111 1111 1111 expires 12/29") != "Card 4111 1111 1111 1111 expires 12/29"


LOOK_ALIKES = [
    '{"order_id": "447700900123", "status": "shipped"}', '{"amount": 4930123456789, "currency": "EUR"}',
    '{"created": 1733480000, "to": 1733566400, "step": "1h"}', '{"from": "2024-01-01", "to": "2024-12-31", '
    '"text": "annual report"}', "2026-03-01 12:00:01 INFO request_id=449123456789012 took 12ms",
    '{"account": "919812345678", "type": "savings"}', "msisdn_count: 447911123456",
    "ISBN 978 0 306 40615 7", "ISBN 978 3 16 148410 0", "IMEI 49 015420 323751 8", "IMEI 35 209900 176148 1",
    "Price: 0049 EUR per unit, code 0031 EUR.", "Dial 0033 then the number without its 0.",
    "The range 0033 6 to 0033 7 covers French mobiles.", "Release 00.33.6 12 is out.",
    "Upgrade to version 0.0.33 6 12 34 next week.", "The readings were 00 33 6 12 34 56 78.",
    "netmask 255 255 255 0", "mask 255 255 255 128", "subnet 255 255 240 0 on eth0",
    '{"phone_model": "447911123456"}', '{"mobile_app_version": "4915123456789"}',  # (a phone's property: keyed.named)
    "NPI 1487652390", '{"npi": "1487652390", "phone_type": "mobile"}', "Billing NPI: 1679576722, taxonomy 207Q00000X",
    "Telefonkonferenz am 12. 03. um 14 Uhr in Raum 0 30.", "Fax cover sheet, pages 1 2 3 4",
    "git commit 0033612345678abc", "+52 is Mexico's country code; +1 covers the US.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_readers() -> None:
    text = "a 0033 6 12 34 56 78 2026 b 0049 EUR c 0031 6 12345678"
    assert [text[a:b] for a, b in intl_prefixed(text)] == ["0033 6 12 34 56 78", "0031 6 12345678"]
    assert intl_prefixed("0012 34 56 78 90") == []  # no valid number with its `+`
    text = "Telefon (0 30) 1 23 45 67, Zimmer 0 30 12 34, Tel. 030 12345-67"
    assert [text[a:b] for a, b in din_grouped(text)] == ["(0 30) 1 23 45 67"]
    text = '{"to": "447911123456", "from": "Acme", "body": "hi"} {"to": "447911123456", "limit": 3}'
    assert [text[a:b] for a, b in sms_ends(text)] == ["447911123456"]
    mask = "mask 255 255 255 0"
    assert without39(mask, [("PHONE_NUMBER", 5, 16, 0.4)]) == []
    card = "+52 1 55 1234 5678"
    assert without39(card, [("CREDIT_CARD", 1, len(card), 1.0)]) == [("PHONE_NUMBER", 0, len(card), 1.0)]
    assert without39("x 4111 1111 1111 1111", [("CREDIT_CARD", 2, 21, 1.0)]) == [("CREDIT_CARD", 2, 21, 1.0)]
