"""rgx45 (atk43 F18, F09): a value written as the regular expression that matches it (double-escaped in a string
literal, class escapes or classes as separators, a final alternation, a codename's `\\s+`/`\\W+`) and string literals
joined across a line break (C/Python adjacent literals, Go/Java/JS/SQL operators at a line's end or start) or around
an f-string's empty field are read as what they match or build: redacted in requests and in answers, whole and
streamed; the codename is found. Ordinary regexes and wrapped code without a value go as written; each pass has a
cheap gate that texts without its trigger fail."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.engine import Guard
from proxy.guard.windows import may_cut
from proxy.nlp.normalize import normalize, pattern_readings
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.rgx45 import escaped_open, escaped_run_at, joins45, joins45_hint, literal_open, regex45, regex45_hint
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

CODENAME = CheckContext("input", InputRules.model_validate(
    {"patterns": [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}))
OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# (text, what must not stay in it)
REGEXES = [
    ('Pattern p = Pattern.compile("^jane\\\\.doe@example\\\\.com$");', ["doe@example"]),
    ('var re = new RegExp("jane\\\\.doe@example\\\\.com");', ["doe@example"]),
    ('Why does this not match? Pattern.compile("617\\\\-555\\\\-0143")', ["0143"]),
    ('Pattern.compile("536\\\\-90\\\\-4399")', ["4399"]),
    ('Regex("4111\\\\s1111\\\\s1111\\\\s1111")', ["4111"]),
    ("rg '617\\D?555\\D?0143' logs/", ["0143"]),
    ("rg 'jane\\.doe@example\\.(com|org)' logs/", ["doe@example"]),
    ("grep -E '617[ -]?555[ -]?0143' calls.log", ["0143"]),
    ("const re = /\\b617\\s*555\\s*0143\\b/;", ["0143"]),
]
LITERALS = [
    ('```c\nconst char *card = "4111 1111 "\n                   "1111 1111";\n```', ["1111 1111"]),
    ('```python\nphone = ("617-555-"\n         "0143")\n```', ['"0143"']),
    ('```python\nemail = ("jane.doe@"\n         "example.com")\n```', ['"jane.doe@"', "example.com"]),
    ('```go\nphone := "617-555-" +\n\t"0143"\n```', ['"0143"']),
    ('String ssn = "536-90-"\n    + "4399";', ["4399"]),
    ("```python\nphone = f\"617-555-{''}0143\"\n```", ["0143"]),
]
CODENAMES = [
    "rg -i 'project\\s+falcon' src/",
    "grep -P 'project\\W+falcon' notes.txt",
    'Pattern.compile("(?i)project\\\\s+osprey")',
]


@pytest.mark.parametrize(("text", "gone"), REGEXES + LITERALS)
async def test_a_value_as_a_regex_or_joined_literals_in_a_request(guard: Guard, text: str, gone: list[str]) -> None:
    sent = await sent_chat(guard, P, text)
    assert not [g for g in gone if g in sent], sent
    assert "_1>" in sent, sent


@pytest.mark.parametrize(("text", "gone"), REGEXES + LITERALS)
async def test_a_value_as_a_regex_or_joined_literals_in_an_answer_whole_and_streamed(guard: Guard, text: str,
                                                                                    gone: list[str]) -> None:
    verdict = await guard.output(P, [text])
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    assert not [g for g in gone if g in whole], whole
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert not [g for g in gone if g in streamed], (size, streamed)


@pytest.mark.parametrize("text", CODENAMES)
def test_a_codename_written_as_a_regex_is_found(text: str) -> None:
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]


LOOK_ALIKES = [
    're.compile(r"^\\d{3}-\\d{4}$")',
    "words = line.split(/\\s+/);",
    "grep -E '^\\[(\\w+)\\]\\s+(\\d{4}-\\d{2}-\\d{2})' app.log",
    'Pattern SEP = Pattern.compile("\\\\s*,\\\\s*");',
    'new RegExp("^[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}$")',
    "sed -E 's/\\s+$//' file.txt",
    "Copy the file to C:\\Data\\Windows\\System32\\drivers first.",
    "Open C:\\\\proj\\\\src\\\\Data\\\\Windows\\\\build.bat",
    'msg = ("Hello, "\n       "world")',
    'query = "SELECT id, name " +\n        "FROM users WHERE id = ?";',
    "print(f\"total: {'n/a'}\")",
    'ver = ("1.2."\n       "3")',
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P, text) == text
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] in (None, text)
    assert PatternCheck.find(text, CODENAME) == []


def test_the_view_reads_what_the_regex_matches() -> None:
    assert "617-555-0143" in normalize('Pattern.compile("617\\\\-555\\\\-0143")').text
    assert "jane.doe@example.com" in normalize("rg 'jane\\.doe@example\\.(com|org)'").text
    assert "4111 1111 1111 1111" in normalize('Regex("4111\\\\s1111\\\\s1111\\\\s1111")').text
    assert "project falcon" in pattern_readings("rg -i 'project\\s+falcon'")[0].text
    assert "617-555-0143" in normalize('x = ("617-555-"\n     "0143")').text
    # (a path's backslash before a letter, with no regex around, is no separator; nor `\s+` with no value around)
    assert normalize("C:\\Data\\Windows").text == "C:\\Data\\Windows"
    assert normalize("split(/\\s+/)").text == "split(/\\s+/)"


@pytest.mark.parametrize("text", ["plain text, no trigger", "a\\nb c:\\temp", "x = [1, 2]", "f(a, b)",
                                  'print("a")\nprint("b")', "{x} and {y}", "C:\\Data\\Windows\\x"])
def test_the_gates_fail_fast_without_a_trigger(text: str) -> None:
    assert not regex45_hint(text) or not list(regex45(text))
    assert not joins45_hint(text) and not list(joins45(text))


def test_the_gates_open_on_their_triggers() -> None:
    assert regex45_hint("617\\D?555") and regex45_hint("4111\\\\s1111") and regex45_hint("617[ -]?555")
    assert regex45_hint("example.(com|org)")
    assert joins45_hint('("617-555-"\n  "0143")') and joins45_hint("f\"617-{''}0143\"")


def test_a_stream_window_does_not_end_at_a_literal_that_may_go_on() -> None:
    text = 'phone = ("617-555-"\n'
    assert literal_open(text, len(text)) and not may_cut(text, len(text))
    mail = 'email = ("jane.doe@"\n'
    assert not may_cut(mail, len(mail)) and not may_cut(mail + "  ", len(mail) + 2)
    assert literal_open(text + '         "0143")', len(text))
    assert not literal_open(text + "         x)", len(text))
    assert not literal_open('msg = ("Hello"\n', len('msg = ("Hello"\n'))  # (no digit, `@` or dot in it)
    assert literal_open('s = "617-555-" +', len('s = "617-555-" +'))


def esc(s: str, form: str) -> str:
    return "".join(form % ord(c) for c in s)


# enc44's F11 left streamed: a sentence wholly in escapes, longer than the window's cap, was cut by the cap inside a
# value's escapes; a run of escapes is now held whole (up to `_ESC_HOLD`), as a base64 or hex run is.
ESCAPED = [
    (esc("call 617-555-0143", "\\U%08x"), ["\\U00000030\\U00000031\\U00000034\\U00000033"]),
    (esc("Contact bob.jones@corp-mail.com or 617-555-0143", "\\x%02x"), ["\\x30\\x31\\x34\\x33", "\\x62\\x6f\\x62"]),
]
ESCAPED_KEPT = [
    "PNG magic: " + "\\x89\\x50\\x4e\\x47\\x0d\\x0a\\x1a\\x0a" * 3 + " then IHDR.",
    "nop sled " + "\\x90" * 120 + " end",
    "emoji \\U0001f600\\U0001f601\\U0001f602\\U0001f603\\U0001f604\\U0001f605\\U0001f606 done",
]


@pytest.mark.parametrize(("text", "gone"), ESCAPED)
async def test_an_escaped_sentence_is_redacted_when_streamed(guard: Guard, text: str, gone: list[str]) -> None:
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert not [g for g in gone if g in streamed], (size, streamed)
        assert "_1>" in streamed, streamed


@pytest.mark.parametrize("text", ESCAPED_KEPT)
async def test_escaped_bytes_stream_as_written(guard: Guard, text: str) -> None:
    for size in (1, 7):
        assert await streamed_out(guard, P, text, size) == text


def test_a_run_of_escapes_is_held_whole() -> None:
    text = esc("Contact bob.jones@corp-mail.com", "\\x%02x")
    assert escaped_run_at(text, 50) == 0 and escaped_open(text, 50) and escaped_open(text, len(text))
    assert not escaped_open(text + " and more", len(text))  # (the run ended at the cut: read whole)
    assert escaped_run_at("a \\x41\\x42 b", 8) == -1  # (two escapes: no run)
    assert not escaped_open("plain text", 5)
