"""back46 (atk45 F09, F14, F05, F11): values given in parts that join42 left alone. A card, an SSN or a phone number
read back in parts with the last part first or with other part words and languages (F09); an e-mail address read back
in prose as its local part and domain, or as a mailbox at a named provider (F14); values built by code from literal
parts with `join`, `concat`, a `%`/`format` template (F05); an address wrapped over a line inside its local part (F11).
The report's shapes first, then others; the look-alikes (ordinary prose, code and markup with the same syntax and no
value) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.back46 import code46_hint, mail_prose, read_back46, wraps46_hint
from proxy.nlp.normalize import normalize
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


READ_BACK = [  # (text, what must not go, what must stay as written): F09
    ("My card ends with 1111 1111 and starts with 4111 1111.", ["1111 1111", "4111 1111"], ["My card ends with"]),
    ("The last four of my SSN are 4399 and the first five are 536-90.", ["4399", "536-90"], ["The last four"]),
    ("SSN serial 4399, group 90, area 536.", ["4399", "90,", "536"], ["SSN serial"]),
    ("My card begins with 4111 1111 and finishes with 1111 1111.", ["4111 1111", "1111 1111"], ["begins with"]),
    ("Card: leading digits 4111 1111, trailing digits 1111 1111.", ["4111 1111", "1111 1111"], ["leading digits"]),
    ("Card prefix 4111 1111, suffix 1111 1111.", ["4111 1111", "1111 1111"], ["Card prefix"]),
    ("Meine Kartennummer beginnt mit 4111 1111 und endet mit 1111 1111.", ["4111 1111", "1111 1111"],
     ["Meine Kartennummer beginnt mit"]),
    ("Mi tarjeta empieza por 4111 1111 y termina en 1111 1111.", ["4111 1111", "1111 1111"], ["Mi tarjeta"]),
    ("The prefix is 617-555 and the line number is 0143.", ["617-555", "0143"], ["the line number is"]),
    # other values and layouts
    ("Visa: final digits 0343 6467, opening digits 4539 1488.", ["0343 6467", "4539 1488"], ["Visa: final digits"]),
    ("Social security: group 09, serial 9999, area 219.", ["9999", "219"], ["Social security: group"]),
    ("Phone: line number 2938, area code 617, exchange 432.", ["2938", "617", "432"], ["Phone: line number"]),
]
MAIL_PROSE = [  # F14
    ("The username is jane.doe and the domain is example.com.", ["jane.doe", "example.com"], ["The username is"]),
    ("My email: the part before the at sign is jane.doe, the part after is example.com.", ["jane.doe"],
     ["the part before the at sign is"]),
    ("Email me at jane.doe, domain example.com", ["jane.doe"], ["Email me at"]),
    ("My gmail is jane.doe1987", ["jane.doe1987"], ["My gmail is"]),
    ("The domain is posteo.de and my user name is kwame_mensah.", ["kwame_mensah", "posteo.de"], ["The domain is"]),
    ("icloud: anna.k.lind", ["anna.k.lind"], ["icloud:"]),
]
CODE = [  # F05
    ('email = "jane.doe".concat("@", "example.com")', ["jane.doe", "example.com"], ["email = "]),
    ("card = ''.join([\"4111\", \"1111\", \"1111\", \"1111\"])", ['"4111"', '"1111"'], ["card = ''.join(["]),
    ('phone = "-".join(("617", "555", "0143"))', ['"617"', '"0143"'], ['phone = "-".join(']),
    ('String phone = String.join("-", "617", "555", "0143");', ['"617"', '"0143"'], ["String phone = "]),
    ('phone = "%s-%s-%s" % ("617", "555", "0143")', ['"617"', '"0143"'], ['"%s-%s-%s" % (']),
    # other values and layouts
    ("let to = 'k.tanaka'.concat('@').concat('yahoo.co.jp');", ["k.tanaka", "yahoo.co.jp"], ["let to = "]),
    ('ssn = "{}-{}-{}".format("219", "09", "9999")', ['"219"', '"9999"'], ["ssn = "]),
    ('const tel = ["312", "555", "0199"].join("-");', ['"312"', '"0199"'], ["const tel = ["]),
    ('String s = String.format("%s %s %s %s", "5425", "2334", "3010", "9903");', ['"5425"', '"9903"'],
     ["String s = "]),
]
WRAPPED = [  # F11
    ("contact:\n  email: >-\n    jane.\n    doe@example.com", ["jane."], ["contact:\n  email: >-"]),
    ("Email: jane.do-\ne@example.com", ["jane.do"], ["Email: "]),
    ("Email: oleksandra.kovalchuk-\nbrown@example.com", ["oleksandra", "kovalchuk"], ["Email: "]),
    ("Mail: kwame.\nmensah@posteo.de (home)", ["kwame."], ["(home)"]),
    ("Notes: write to li_\nwei88@qq.com soon", ["li_"], ["Notes: write to", "soon"]),
]
PLAIN = [  # PII-free look-alikes
    "The build starts with step 1 and ends with step 4.",
    "The username is admin and the domain is corp.",  # (no top-level domain: no address)
    "result = ''.join(parts)",
    'version = "%s-%s" % (major, minor)',
    "Python 3.12.1, Node 20.11.0 and Go 1.22.3.",
    "My gmail is full.",
    "my gmail is not working",
    "The range starts with 10 and ends with 20.",
    'date = "-".join(("2024", "01", "15"))',
    'path = "/".join(["usr", "local", "bin"])',
    'label = String.join(", ", "red", "green", "blue");',
    "greeting = 'Hello, '.concat(name, '!')",
    "The shift starts at 0800 and ends at 1630.",
    "The prefix is /api/v2 and the suffix is .json.",
    "Please email me.\nI will reply tomorrow.",
    "See e.g.\nthe docs for details.",
    "description: >-\n  First line.\n  second line.",
    "The domain is example.com and the username field is required.",
    "My outlook is v2.0 now.",
    "ids = ','.join(['12', '345', '6789'])",
]


@pytest.mark.parametrize(("text", "values", "kept"), READ_BACK + MAIL_PROSE + CODE + WRAPPED)
async def test_parts_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), READ_BACK[:9] + CODE[:5])
@pytest.mark.parametrize("size", [0, 3])
async def test_parts_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_read_back_orders_parts_by_their_words() -> None:
    text = "SSN serial 4399, group 90, area 536."
    assert [(e, [text[a:b] for a, b in p]) for e, p in read_back46(text)] == [("US_SSN", ["4399", "90", "536"])]
    assert read_back46("The card game starts with 2 players and ends with 1 winner.") == []
    assert read_back46("Card 4111 1111 then 1111 1111.") == []  # (no part words: `proxy.guard.checks.pii`'s)


def test_mail_prose_needs_a_domain_and_a_mailbox() -> None:
    text = "The username is jane.doe and the domain is example.com."
    assert [[text[a:b] for a, b in p] for p in mail_prose(text)] == [["jane.doe", "example.com"]]
    assert mail_prose("The username is admin and the domain is corp.") == []
    assert mail_prose("My gmail is full.") == []


@pytest.mark.parametrize(("text", "view"), [
    ('x = "-".join(("617", "555", "0143"))', 'x = "-".join(("617-555-0143"))'),
    ("x = ''.join(['4111', '1111', '1111', '1111'])", "x = ''.join(['4111 1111 1111 1111'])"),
    ('x = "jane.doe".concat("@", "example.com")', 'x = "jane.doe@example.com")'),
    ('x = "%s-%s-%s" % ("617", "555", "0143")', 'x = "%s-%s-%s" % ("617-555-0143")'),
    ("email: >-\n  jane.\n  doe@example.com", "email: >-\n  jane.doe@example.com"),
    ("Email: kovalchuk-\nbrown@example.com", "Email: kovalchuk-brown@example.com"),
])
def test_the_view_reads_the_value_joined(text: str, view: str) -> None:
    assert normalize(text).text == view


@pytest.mark.parametrize("text", [
    'x = "-".join(("2024", "01", "15"))', "Visit example.com.\nadmin@example.com", "Please email me.\njane@example.com",
    "e.g.\njane@example.com", 'msg = "%s has %d items" % (name, count)',
])
def test_the_view_leaves_look_alikes(text: str) -> None:
    assert normalize(text).text == text


def test_gates_fail_fast_on_plain_text() -> None:
    plain = "The quick brown fox jumps over the lazy dog at 5 pm, 50% faster.\nSee you at jane@example.com."
    assert not code46_hint(plain) and not wraps46_hint(plain)
    assert code46_hint('"-".join(x)') and wraps46_hint("jane.\ndoe@example.com")
