"""enc44 (atk43 F06, F07, F11, F19, F22): a value split by a line continuation (backslash-newline in a string,
Dockerfile/Makefile/cmd `^`/VB ` _`/PowerShell backtick), by CDATA markers, by C1 controls, a sentence written wholly
in `\\x..`/`\\u....`/`\\U........` escapes and a name with an escaped Unicode space are read as the language, the XML
parser or the renderer reads them: redacted in requests and in answers, whole and streamed. Ordinary code and markup
with the same syntax and no value go as written."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.enc44 import cdata44, escaped_kept, joins44, joins44_hint
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def esc(s: str, form: str) -> str:
    return "".join(form % ord(c) for c in s)


# (text, what must not stay in it)
LEAKS = [
    ('const phone = "617-555-\\\n0143";', ["0143"]),
    ("ssn = '536-90-\\\n4399'", ["4399"]),
    ('char *card = "4111 1111 \\\n1111 1111";', ["1111 1111"]),
    ('export EMAIL="jane.doe@exam\\\nple.com"', ["ple.com", "jane.doe"]),
    ("ENV CARD=4111\\\n1111\\\n1111\\\n1111", ["4111"]),
    ("set PHONE=617-555-^\n0143", ["0143"]),
    ('p = "617-555-" & _\n    "0143"', ["0143"]),
    ('$c = "4111 1111 " + `\n  "1111 1111"', ["1111 1111"]),
    ('phone = """617-555-\\\r\n    0143"""', ["0143"]),
    ("Record: <phone>617-<![CDATA[555]]>-0143</phone>", ["0143", "555"]),
    ("<email>jane.doe@<![CDATA[example]]>.com</email>", ["jane.doe", ".com"]),
    ("<card><![CDATA[4111 1111]]> <![CDATA[1111 1111]]></card>", ["4111", "1111 1111"]),
    ('printf "%s\\n" "' + esc("call 617-555-0143", "\\x%02x") + '"', ["\\x30\\x31\\x34\\x33"]),
    (esc("card 4111 1111 1111 1111", "\\u%04x"), ["\\u0034\\u0031\\u0031\\u0031"]),
    (esc("call 617-555-0143", "\\U%08x"), ["\\U00000030\\U00000031"]),
    (esc("Contact bob.jones@corp-mail.com or 617-555-0143", "\\x%02x"), ["\\x30\\x31\\x34\\x33", "\\x62\\x6f\\x62"]),
    ("Card 4111\u00851111\u00851111\u00851111 on file.", ["4111", "\u0085"]),
    ("SSN 536\u008590\u00854399", ["4399"]),
    ("jane.doe\u0085@example.com", ["jane.doe", "example.com"]),
    ("jane.doe@exam\u0090ple.com", ["jane.doe", "ple.com"]),
]
NAMES = [
    ("Please write to <![CDATA[Theodore]]> <![CDATA[Hargreaves]]> about the renewal.", ["Theodore", "Hargreaves"]),
    ('Draft a renewal letter for {"name": "Theodore\\u00a0Hargreaves"}', ["Theodore", "Hargreaves"]),
    ('{"name":"Theodore\\u2009Hargreaves"}', ["Theodore", "Hargreaves"]),
    ('{"owner": "Priya\\u00a0Raghunathan"}', ["Priya", "Raghunathan"]),
]


@pytest.mark.parametrize(("text", "gone"), LEAKS + NAMES)
async def test_a_split_or_escaped_value_in_a_request(guard: Guard, text: str, gone: list[str]) -> None:
    sent = await sent_chat(guard, P, text)
    assert not [g for g in gone if g in sent], sent
    assert "_1>" in sent, sent


@pytest.mark.parametrize(("text", "gone"), LEAKS)
async def test_a_split_or_escaped_value_in_an_answer_whole_and_streamed(guard: Guard, text: str,
                                                                        gone: list[str]) -> None:
    verdict = await guard.output(P, [text])
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    assert not [g for g in gone if g in whole], whole
    # (a long sentence wholly in `\U........` escapes, or an e-mail inside one, streamed: a known limit; a short one
    # in `\x`/`\u` escapes is read streamed three or seven characters at a time)
    if text.count("\\") > 24 or "\\U" in text:
        return
    for size in (3, 7) if text.count("\\") > 12 else (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert not [g for g in gone if g in streamed], (size, streamed)


LOOK_ALIKES = [
    "CFLAGS = -O2 -Wall \\\n  -Wextra -pedantic",
    "RUN apk add --no-cache \\\n    git curl",
    "#define SQUARE(x) \\\n  ((x) * (x))",
    'greeting = "Good \\\nmorning"',
    "copy report.txt backup.txt ^\n  /Y",
    "total = 12 + _\n    30",
    "Remove-Item -Path C:\\tmp\\cache `\n  -Recurse -Force",
    "1 & 2 \\\\\n3 & 4 \\\\",
    "<script><![CDATA[ if (n < 10) { go(); } ]]></script>",
    "<build><![CDATA[2024.1]]></build>",
    'pattern = "\\x5b\\x61-\\x7a\\x5d+"',
    "header: \\x89\\x50\\x4e\\x47\\x0d\\x0a\\x1a\\x0a",
    '{"unit": "10\\u00a0kg", "ok": true}',
    "Step 1\u0085Step 2\u0085Step 3",
    "```\nls -la\n```\nthen `pwd`\ndone",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P, text) == text
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] in (None, text)


def test_the_view_reads_joined() -> None:
    assert "617-555-0143" in normalize('x = "617-555-\\\n    0143"').text
    assert "617-555-0143" in normalize("<p>617-<![CDATA[555]]>-0143</p>").text
    assert "\x85" not in normalize("a\x85b").text and "\x9b" in normalize("a\x9b1mb").text
    assert normalize("a \\\\\nb").text == "a \\\\\nb"  # (a doubled backslash is no continuation)


def test_the_gate_is_cheap_and_exact() -> None:
    for text in ("plain text, no trigger", "a\nb\\c ^ d _ e ` f", "<![CDATA", "caf\u00e9 \u00a0"):
        assert not joins44_hint(text) and not list(joins44(text))
    for text in ("a\\\nb", "a^\r\nb", "a _\nb", "a `\nb", "a\x90b"):
        assert joins44_hint(text) and list(joins44(text))
    assert list(cdata44("1<![CDATA[2]]>3")) == [(1, 10, ""), (11, 14, "")]


def test_escaped_kept() -> None:
    assert all(map(escaped_kept, " 0-9@.(+\u00a0\u2009"))
    assert not any(map(escaped_kept, "\\\"'\n\x1b\u200b"))
