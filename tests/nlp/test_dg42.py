"""dg42 (fpatk42 FP05): numbers of data read as a phone number, an SSN or a card. A CSV row's or an array's items
apart by commas, a row of numbers (log timers, `vmstat`, `/proc/loadavg`, `wc` columns), numbers after a counter's,
metric's or code's word or before a unit, and process ids that pass Luhn are no values, in a request's text and in
an answer, whole and streamed; phone numbers, SSNs and cards in prose, after their words and labels, in a signature
or in their own printed groups stay redacted. Values and phrasings here are held out: not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
DIGITS = ("PHONE_NUMBER", "US_SSN", "CREDIT_CARD")


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _digit_values(analyzer: PiiAnalyzer, text: str) -> list[tuple[str, str]]:
    spans = (await analyzer.analyze([text], ENTITIES))[0]
    return [(s.entity, text[s.start:s.end]) for s in spans if s.entity in DIGITS]


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


DATA = [
    # list items: CSV rows, arrays, SQL, tuples
    "quarter,units,returns,revenue\nQ1,318,27,7410\nQ2,362,31,8025",
    "product,stock,min,price_cents\nwidget,215,40,3199\ngadget,187,25,4599",
    "matrix = [[230, 55, 6120], [198, 47, 5830]]",
    "SELECT 275, 33, 6245 UNION ALL SELECT 281, 35, 6390;",
    "weights = np.array([735, 284, 6195])",
    "INSERT INTO stats VALUES (415, 62, 8150), (402, 58, 7990);",
    "Our plans as CSV:\nplan,usd,seats,gb,support\nPro,189,40,1500,Phone\nMax,389,90,4000,Chat",
    # rows of numbers: log timers, vmstat, loadavg, wc columns
    "Tq/Tw/Tc/Tr/Tt: 0/0/4/3301/3306 200 6144",
    "HAProxy timers 0/0/3/7204/7207 502 318 sC--",
    "$ cat /proc/loadavg\n0.42 0.51 0.66 2/418 61723",
    " 1  0      0 734512  20418 6123304    0    0     8    31  402  733  4  1 94  1  0",
    "$ wc lib/*.rb\n   418   913  7215 lib/parser.rb\n   206   511  4120 lib/lexer.rb",
    # a counter's, a metric's or a code's word before, a unit or a count's noun after
    "The three runs returned exit codes 126 127 130.",
    "The upload handled 6104 702 318 files across the three shards.",
    "Rows: 418 63 7125 inserted, updated, deleted.",
    "It took 734 912 4021 milliseconds for the three phases.",
    "Docker layer sizes in MB: 734 281 1196.",
    "Timings (ms) for login, search and checkout: 734 286 4410.",
    # ids and counts that pass Luhn, no card's grouping
    "pids 51827 51904 8823107 are stuck.",
    "Cycle counts 62311 62418 8830215 per core.",
]


@pytest.mark.parametrize("text", DATA)
async def test_numbers_of_data_are_no_values(analyzer: PiiAnalyzer, guard: Guard, text: str) -> None:
    assert await _digit_values(analyzer, text) == []
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


@pytest.mark.parametrize("text", [DATA[0], DATA[8], DATA[12], DATA[18]])
async def test_numbers_of_data_streamed_as_written(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text


KEPT = [
    # phones: a phone word, a label, a possessive, a signature, an international or trunk prefix
    ("Call me at 312 845 9120 tomorrow.", "312 845 9120"),
    ("My number is 415 823 6617.", "415 823 6617"),
    ("Best regards,\nOmar Haddad\nNorthwind Ltd\n646 771 2093", "646 771 2093"),  # (no table's header above it)
    ("Thanks,\nLena Ortiz\n415 823 6617", "415 823 6617"),
    ("Her cell is 503 812 7724.", "503 812 7724"),
    ("Reach the on-call engineer at +1 312 845 9120.", "312 845 9120"),
    ("Dial 1 718 362 4410 for support.", "718 362 4410"),
    ("call 512, 768, 3072", "512, 768, 3072"),
    ("my number is 512, 768, 3072", "512, 768, 3072"),
    # printed groups with a phone's exchange or a leading zero stay, whatever word is before them
    ("values [617, 555, 0143]", "617, 555, 0143"),
    ("size 617 555 0143", "617 555 0143"),
    ("Sizes: 312 845 9120", "312 845 9120"),  # a shape word never hides printed groups
    ('{"phone": "", "sizes": [617, 555, 1234]}', "617, 555, 1234"),
    # SSNs: with a label, with `-` or blanks
    ("SSN: 536 90 4399", "536 90 4399"),
    ("His SSN is 478-22-6619.", "478-22-6619"),
    ("SSN [412, 63, 7785]", "412, 63, 7785"),
    ("ssn,name\n536-90-4399,Dana Kerr", "536-90-4399"),
    # cards in a card's grouping, or after a card word
    ("card 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("Visa 4532 0151 1283 0366 exp 04/27", "4532 0151 1283 0366"),
    ("Amex 3782 822463 10005", "3782 822463 10005"),
    ("Checksum offsets 4111 1111 1111 1111 from the test vector.", "4111 1111 1111 1111"),
]


@pytest.mark.parametrize(("text", "value"), KEPT)
async def test_values_in_the_same_frames_stay_redacted(guard: Guard, text: str, value: str) -> None:
    assert value not in await _sent(guard, text)
    assert value not in await _answered(guard, text)


async def test_a_value_beside_data_is_still_found_streamed(guard: Guard) -> None:
    text = "Rows: 418 63 7125 loaded. Call Omar at 312 845 9120 about it."
    out = await _streamed(guard, text, 3)
    assert "312 845 9120" not in out and "418 63 7125" in out, out


@pytest.mark.parametrize(("text", "kind", "kept"), [
    ("Jan,412,38,9120", "US_SSN", False),
    ("exit codes 137 139 143", "PHONE_NUMBER", False),
    ("pid 48211 48307 9912004", "CREDIT_CARD", False),
    ("call 312 845 9120", "PHONE_NUMBER", True),
    ("SSN 536 90 4399", "US_SSN", True),
    ("4111 1111 1111 1111", "CREDIT_CARD", True),
    ("[617, 555, 0143]", "PHONE_NUMBER", True),
])
def test_the_rule_alone(text: str, kind: str, kept: bool) -> None:
    from proxy.nlp.dg42 import without_dg42

    start = next(k for k, c in enumerate(text) if c.isdigit() and (kind != "PHONE_NUMBER" or text[k - 1:k] != "["))
    found = [(kind, start, len(text.rstrip("]")), 0.5), ("PERSON", 0, 1, 0.85)]
    out = without_dg42(text, found, frozenset({"code", "row"}))
    assert (found[0] in out) is kept and found[1] in out
