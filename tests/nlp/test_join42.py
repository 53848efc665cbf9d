"""join42 (atk42 F04, F05, F08, F10): values given in parts. An e-mail address split into its local part and its
domain (a mail server's `mailbox` rows, `local_part,domain` columns, JSON/YAML/INI pairs, `format`/`join` code) or
wrapped over a line at a domain's dot or hyphen; an IBAN as its country, check digits and bank/account parts; a
card, an SSN, a phone number or an IBAN read back in parts in one sentence. Values and layouts differ from the
report's but for its own shapes (marked); the look-alikes (templates without values, numbers in prose, price and
version ranges, `split('@')`) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


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


PARTS = [  # (text, what must not go, what must stay as written)
    # e-mail parts (F04): the report's shapes first
    ("INSERT INTO mailbox (local_part, domain, quota, active) "
     "VALUES ('eloise.hargreaves', 'fastmail.com', 2048, 1);",
     ["eloise.hargreaves", "fastmail.com"], ["INSERT INTO mailbox", "2048, 1);"]),
    ('local_part,domain,plan\njo.lee,yahoo.com,pro\nk.tanaka,gmail.com,free', ["jo.lee", "k.tanaka"],
     [",pro", ",free"]),
    ('addr = "{}@{}".format("jo.lee", "yahoo.com")', ["jo.lee", "yahoo.com"], ['"{}@{}".format(']),
    ("const e = ['eloise.h', 'fastmail.com'].join('@');", ["eloise.h'", "fastmail.com"], [".join('@');"]),
    ('{"mailbox": "renata.silva", "domain": "uol.com.br", "verified": true}', ["renata.silva"], ['"verified": true']),
    ("mysql> SELECT local_part, domain FROM mailbox;\n+----------------+-------------+\n"
     "| local_part     | domain      |\n"
     "+----------------+-------------+\n| tomasz.nowak   | onet.pl     |\n| ines.moreau    | orange.fr   |\n"
     "+----------------+-------------+", ["tomasz.nowak", "ines.moreau"], ["SELECT local_part, domain"]),
    ("print('{}@{}'.format('yusuf.demir', 'gmail.com'))", ["yusuf.demir"], ["print("]),
    ('mail = "%s@%s" % ("giulia.conti", "libero.it")', ["giulia.conti"], ["mail = "]),
    ("to = '@'.join(['lars.nilsson', 'telia.se'])", ["lars.nilsson"], ["to = "]),
    ("virtual:\n  local_part: anika.sharma\n  domain: rediffmail.com\n  quota: 512", ["anika.sharma"], ["quota: 512"]),
    # a domain wrapped over a line (F10)
    ("Applicant contact: eh1986@fastmail.\ncom (preferred)", ["eh1986", "fastmail."], ["(preferred)"]),
    ("Applicant contact: eh1986@fast-\nmail.com (preferred)", ["eh1986", "fast-"], ["(preferred)"]),
    ("Name            Email\nR. Okafor       rokafor22@outlook.\n                com", ["rokafor22", "outlook."],
     ["Name            Email"]),
    ("Reach me: bjorn.l@proton.\nme", ["bjorn.l"], ["Reach me:"]),
    ("Contact ops@acme-corp.com.\nIt works now.", ["ops@acme"], [".\nIt works now."]),  # (a whole address: no wrap)
    # IBAN parts (F05)
    ('{"country": "DE", "check_digits": "89", "bban": "370400440532013000"}', ["370400440532013000"],
     ['"country": ']),
    ('country,check,bank,account\nNL,91,ABNA,0417164300', ["0417164300"], ["country,check,bank,account"]),
    ('payee:\n  iban_country: GB\n  iban_check: "29"\n  sort_code: "601613"\n  account_number: "31926819"\n'
     '  bank: NWBK', ["31926819", "601613"], ["payee:"]),
    ('{"country_code": "BE", "check": "68", "account": "539007547034"}', ["539007547034"], ['"country_code"']),
    # read back in one sentence (F08)
    ("Just to confirm, the card starts with 4539 1488 and ends with 0343 6467.", ["4539 1488", "0343 6467"],
     ["Just to confirm"]),
    ("BIN 453914, account digits 880343646, check digit 7.", ["880343646", "453914"], ["account digits"]),
    ("For the W-9: SSN area 536, group 90, serial 4399.", ["536", "4399"], ["For the W-9"]),
    ("Her mobile: area code 617, then 432-2938.", ["432-2938"], ["Her mobile"]),
    ("IBAN: country DE, check 89, then 3704 0044 0532 0130 00.", ["3704 0044 0532 0130 00"], ["IBAN: country"]),
    ("Okay, the card begins 5425 2334 and the last eight are 3010 9903.", ["5425 2334", "3010 9903"], ["Okay"]),
    ("His SSN: first three 219, middle 09, last four 9999.", ["219", "9999"], ["His SSN"]),
    ("Call the office: area code 212, then 736-4211.", ["736-4211"], ["Call the office"]),
]
PLAIN = [  # PII-free look-alikes
    'addr = "{}@{}".format(user, domain)',
    "to = '@'.join([local_part, domain])",
    "const email = `${user}@${domain}`;",
    "INSERT INTO mailbox (local_part, domain, quota) VALUES (?, ?, ?);",
    "INSERT INTO domains (domain, description, active) VALUES ('example.com', 'test', 1);",
    '{"domain": "example.com", "ttl": 300, "type": "A"}',
    'user,domain,role\nadministrator,CORP,admin\nsvc-backup,CORP,service',
    "email.split('@') -> ['local', 'domain.com']",
    "The shop opens at 9 and closes at 17.",
    "The sale starts at 199 and ends at 249 dollars.",
    "Supported versions: 3.8 to 3.12, and 4.0 through 4.2.",
    "The card game starts with 52 cards and ends with 4 left.",
    "Order 4539 shipped in 2 boxes of 1488 units, ends with 0343 items left.",
    "IBAN format: country code DE, 2 check digits, then 18 digits.",
    "Country DE, check 12 results, then 100 more rows.",
    "Area code 212, then press 1 for sales.",
    "Decorator usage:\n@app.\nroute('/')",
    "The SSN field has 9 digits: 3, then 2, then 4.",
    "Card 3 of 10: steps 4, 5 and 6.",
]


@pytest.mark.parametrize(("text", "values", "kept"), PARTS)
async def test_parts_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


# (an IBAN's parts on YAML lines are read in a whole answer only: a stream's window ends at each line, and the shipped
# output rules screen no IBAN)
ANSWERED = [p for p in PARTS if "iban_country" not in p[0]][::2]


@pytest.mark.parametrize(("text", "values", "kept"), ANSWERED)
@pytest.mark.parametrize("size", [0, 3])
async def test_parts_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
