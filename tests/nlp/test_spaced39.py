"""spaced39 (atk38 F04): letter-spaced text as `pdftotext` writes tracked headings and form captions (one character
per "word", a wider gap between words): names, phone numbers, e-mail addresses and SSNs so written are redacted in a
request's text and in an answer, whole and streamed (a window never ends inside such a run). Values and layouts are
held out (not the report's); the look-alikes (code and math letters, coordinates, DNA, chess, spaced acronyms, digit
lists and tables, hex dumps, Morse, spaced headings) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.normalize import replaced
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.spaced39 import spaced_open, spaced_words
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"],
                 "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NAMES = [  # (text, the spaced values that must not go, what must stay as written)
    ("C U S T O M E R :   H E L E N A   V A S Q U E Z\nP L A N :   G O L D", ["H E L E N A", "V A S Q U E Z"],
     ["P L A N :   G O L D"]),
    ("N A M E :  D a n i e l  O k o n j o", ["D a n i e l", "O k o n j o"], ["N A M E :"]),
    ("Tenant: G r e t a  L i n d q v i s t, unit 4B", ["G r e t a", "L i n d q v i s t"], ["Tenant:", "unit 4B"]),
    ("A U T H O R :   M I C H A E L   H A R T M A N N", ["M I C H A E L", "H A R T M A N N"], ["A U T H O R :"]),
]

CONTACTS = [  # (text, the spaced values that must not go, what must stay as written)
    ("T E L E P H O N E :   7 1 8 - 5 5 5 - 0 1 7 2", ["7 1 8 - 5 5 5 - 0 1 7 2"], ["T E L E P H O N E :"]),
    ("P h o n e :  ( 3 1 2 )  5 5 5 - 0 1 8 8", ["5 5 5 - 0 1 8 8"], ["P h o n e :"]),
    ("E M A I L :  h . v a s q u e z @ o u t l o o k . c o m", ["v a s q u e z @", "o u t l o o k"], ["E M A I L :"]),
    ("Write to d . o k o n j o @ g m a i l . c o m today.", ["o k o n j o @", "g m a i l"], ["Write to", "today."]),
    ("S S N :   2 1 9 - 0 9 - 9 9 9 9", ["0 9 - 9 9 9 9"], ["S S N :"]),
    ("Cell:  ( 4 1 5 )   2 8 3 - 7 7 4 1", ["( 4 1 5 )", "2 8 3 - 7 7 4 1"], ["Cell:"]),
]

PLAIN = [  # look-alikes: must go as sent
    "Let a b c d be the sides of the quadrilateral.",
    "Points are given as x y z, then w for the weight.",
    "The primer is A T G C C G T A C G T T.",
    "D N A :  A T G C  C C G A  T T A G",
    "1. e4 e5 2. Nf3 Nc6 3. Bc4 Bc5",
    "Made in the U S A for the U K market.",
    "Run the steps 1 2 3 4 5 6 7 in order.",
    "0 0 1 0\n1 0 0 1\n0 1 1 0\n1 1 0 0",
    "Bytes: 0 f 3 a 9 c 2 e",
    "S O S is . . .   - - -   . . .",
    "Options: A B C D E, pick one.",
    "if a b c d then swap a and d",
    "W E L C O M E   T O   T H E   W O R K S H O P",
    "T O T A L :   4 2 . 5 0",
    "S E C T I O N   2 :   M E T H O D S",
    "Use h j k l to move the cursor in vim.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMES + CONTACTS)
async def test_spaced_values_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), CONTACTS)
@pytest.mark.parametrize("size", [0, 3, 5])
async def test_spaced_contacts_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                                   size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_answered_as_written(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text


@pytest.mark.parametrize(("text", "joined"), [
    ("N A M E :   E U G E N I A   W H I T A K E R", "Name: Eugenia Whitaker"),
    ("P H O N E : 5 0 3 - 4 7 2 - 9 1 8 0", "Phone: 503-472-9180"),
    ("mail: j a n e . d o e @ a c m e . i o", "mail: jane.doe@acme.io"),
    ("Employee: E u g e n i a  W h i t a k e r, badge 4471", "Employee: Eugenia Whitaker, badge 4471"),
    ("I P :  1 0 . 0 . 0 . 1 2", "IP: 10.0.0.12"),
    ("A T G C  G G C A", "ATGC GGCA"),
    ('{"owner": "L u c i a  F e r r e i r a"}', '{"owner": "Lucia Ferreira"}'),
    ("<td>P A U L   M E R C E R</td>", "<td>Paul Mercer</td>"),
    ("N  A  M  E  :    P  A  U  L     M  E  R  C  E  R", "Name: Paul Mercer"),
    ("N\u00a0A\u00a0M\u00a0E:  J\u00a0O\u00a0N\u00a0E\u00a0S", "Name:  Jones"),
    ("x\tA B C D\te", "x\tAbcd\te"),
    ("Cell:  ( 4 1 5 )   2 8 3 - 7 7 4 1", "Cell:  (415) 283-7741"),
])
def test_runs_read_as_words(text: str, joined: str) -> None:
    assert replaced(text, spaced_words(text)).text == joined


@pytest.mark.parametrize("text", ["1 2 3 4 5", "x y z", "U S A", ". - . .  - - -", "| a | b | c |", "小 松 美 奈 子",
                                  "steps: 1 2 3 4 5 6 7 8", "ssn: 1 2 3 4", "a, b, c, d", "1  2  3  4", "a  b  c  d",
                                  "x = a + b - c"])
def test_runs_left_as_written(text: str) -> None:
    assert list(spaced_words(text)) == []


def test_window_never_ends_inside_a_run() -> None:
    text = "E M A I L :  j a n e . "
    assert spaced_open(text, len(text))
    assert spaced_open(text + "d o e", len(text))
    assert not spaced_open("The plan is A. Then B. ", len("The plan is A. "))
    assert not spaced_open("Go to the next line. Done", len("Go to the next line. "))
