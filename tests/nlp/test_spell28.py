"""spell28 (atk26 F12): voice and call-centre transcripts. A surname spelled out letter by letter beside the name, after
a name word or a spelling word (`that's O-K-A-F-O-R`, `S-C-H-M-I-D-T`, `o.k.a.f.o.r`, `O as in Oscar, K as in
kilo...`), and an SSN or a phone number read out as words (`five three six, nine zero, ...`, `oh`, `double five`,
`triple two`, `six1seven`) are redacted in a request's text; look-alikes (counting, ages, times, acronyms spelled
without a name, `T-shirt`, `X-ray`, an order number read out) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.spell28 import spoken_numbers_hint, with_spelled_names, without_spelled_letters
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, the values that must not go up). The report's lines, then other names, numbers and phrasings.
SPELLED = [
    ("Caller: My last name is Okafor, that's O-K-A-F-O-R.", ["O-K-A-F-O-R", "Okafor"]),
    ('Transcript: "Surname is Schmidt, S-C-H-M-I-D-T, first name Maria."', ["S-C-H-M-I-D-T", "Schmidt", "Maria"]),
    ("Caller: my last name is Okafor, o.k.a.f.o.r.", ["o.k.a.f.o.r", "Okafor"]),
    ("Customer: The surname is Delacroix, D E L A C R O I X.", ["D E L A C R O I X", "Delacroix"]),
    ("Caller: my name is Priya Raghunathan, that's r.a.g.h.u.n.a.t.h.a.n.", ["r.a.g.h.u.n.a.t.h.a.n", "Raghunathan"]),
    ("Patient: Last name Brzezinski, spelled B-R-Z-E-Z-I-N-S-K-I.", ["B-R-Z-E-Z-I-N-S-K-I", "Brzezinski"]),
    ("Caller: My surname is Haugen. H-A-U-G-E-N.", ["H-A-U-G-E-N", "Haugen"]),
    ("Customer: it's Mbeki. That's M, B, E, K, I.", ["M, B, E, K, I", "Mbeki"]),
    ("Caller: Last name: F-I-T-Z-G-E-R-A-L-D.", ["F-I-T-Z-G-E-R-A-L-D"]),
    ("Agent: Last name please?\nCaller: N G U Y E N.", ["N G U Y E N"]),
    ("Agent: How do you spell your surname?\nCaller: K as in kilo, A as in alpha, M as in mike, A as in alpha, "
     "L as in lima.", ["K as in kilo", "L as in lima"]),
    ("Caller: It's spelled O-K-O-N-K-W-O, Okonkwo.", ["O-K-O-N-K-W-O", "Okonkwo"]),
    ("Caller: Okonkwo, O-K-O-N-K-W-O, is my family name.", ["O-K-O-N-K-W-O", "Okonkwo"]),
    ("Caller: my name is Jo Li, L-I.", ["L-I", "Jo Li"]),
]
NUMBERS = [
    ("Caller: my social is five three six, nine zero, four three nine nine.", "five three six, nine zero"),
    ("Caller: you can call me on six one seven, five five five, zero one four three.", "six one seven, five five five"),
    ("Caller: call me on six one seven, double five five, oh one four three.", "double five five, oh one four three"),
    ("Caller: my cell is six1seven five five five 0143.", "six1seven five five five 0143"),
    ("Caller: The social on the account is two eight nine, four four, one zero three six.", "four four, one"),
    ("Caller: you can reach me at four one five, eight eight two, three nine oh one.", "three nine oh one"),
    ("Caller: best number to call back is seven one eight, triple two, four zero nine one.", "triple two, four zero"),
    ("Caller: phone is 2one2 five five five 0198.", "2one2 five five five 0198"),
    ("Caller: my mobile, it's nine one seven four four two eight eight three one.", "nine one seven four four two"),
    ("Caller: text me at six four six, three three one, oh oh two seven.", "three three one, oh oh two seven"),
    ("Caller: my number is eight one eight, nine nine oh, two four six one.", "nine nine oh, two four six one"),
]
KEPT = [
    "I have two three-year-old kids and one five-year-old.",
    "One two three go, on my count.",
    "We gave it five five five stars on every site.",
    "Table for four, seven thirty please.",
    "The agency, N-A-S-A, announced the launch window.",
    "Wear a T-shirt, check your e-mail, bring the X-ray, and we run an A-B test.",
    "Project codename Falcon, that's F-A-L-C-O-N, ships in May.",
    "Set the variable names x, y, z before the loop.",
    "Press A, B, C in order to reset the console.",
    "Count with me: one two three four five six seven eight nine ten.",
    "Your confirmation number is four seven two nine one eight three.",
    "Call volume was one, two, three, four, five, six, seven calls per hour.",
    "The acronym is spelled I-C-A-N-N and means the DNS registry body.",
    "Steps: one, two, three, four, five, six, seven, eight.",
    "Agent: we open at nine, close at five, seven days a week, call us anytime.",
    "The IRS, I.R.S., sent the letter last week.",
]


@pytest.mark.parametrize(("text", "secrets"), SPELLED)
async def test_spelled_names_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert all(s not in after for s in secrets), after
    assert "<PERSON_" in after, after


@pytest.mark.parametrize(("text", "secret"), NUMBERS)
async def test_numbers_read_out_are_redacted(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after
    assert "<US_SSN_" in after or "<PHONE_NUMBER_" in after, after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_spoken_numbers_view() -> None:
    assert normalize("my social is five three six, nine zero, four three nine nine.").text \
        == "my social is 536 90 4399."
    assert normalize("call me on six one seven, double five five, oh one four three").text \
        == "call me on 617 555 0143"
    assert normalize("my cell is six1seven five five five 0143").text == "my cell is 617 555 0143"
    assert normalize("Call me: triple five, two one two one, eight eight oh").text \
        == "Call me: 555 2121 880"
    for kept in ("one two three go", "Table for four, seven thirty", "confirmation number is four seven two nine one "
                 "eight three", "call me at nine one two three four five six seven hundred",
                 "count one two three four five six seven eight"):
        assert normalize(kept).text == kept
    assert spoken_numbers_hint("call six one seven")
    assert not spoken_numbers_hint("call one two, no more") and not spoken_numbers_hint("six one seven")


def test_spelled_name_spans() -> None:
    text = "Surname is Schmidt, S-C-H-M-I-D-T, first name Maria."
    maria = text.index("Maria")
    got = with_spelled_names(text, [("PERSON", maria, maria + 5, 0.85)], ["PERSON"])
    assert sorted(text[a:b] for _, a, b, _ in got) == ["Maria", "S-C-H-M-I-D-T", "Schmidt"]
    assert with_spelled_names(text, [], ["EMAIL_ADDRESS"]) == []
    # A name read inside a spelling alphabet becomes the spelling whole; another type over it keeps it as it is.
    nato = "Spell your surname? Caller: O as in Oscar, K as in kilo, A as in alpha."
    inner = ("PERSON", nato.index("Oscar"), nato.index("Oscar") + 5, 0.85)
    assert [nato[a:b] for _, a, b, _ in with_spelled_names(nato, [inner], ["PERSON"])] \
        == ["O as in Oscar, K as in kilo, A as in alpha"]
    assert with_spelled_names("N-A-S-A and the F-B-I", [], ["PERSON"]) == []
    # Two letters only as the spelling of a name found beside them.
    pair = "Maria Ng, that is N.G. and an A-B test."
    got = with_spelled_names(pair, [("PERSON", 0, 8, 0.85)], ["PERSON"])
    assert [pair[a:b] for _, a, b, _ in got] == ["Maria Ng", "N.G"]
    assert with_spelled_names("Ann Bee, A-B test", [("PERSON", 0, 7, 0.85)], ["PERSON"]) == [("PERSON", 0, 7, 0.85)]


async def test_spelled_letters_leave_the_name_beside_them(guard: Guard) -> None:
    # Why `Surname is Schmidt, S-C-H-M-I-D-T, first name Maria.` sent `Schmidt`: the name filter guessed the sentence's
    # language by its function words, and the spelling's single letters are Romanian ones: the NER's `Schmidt` was
    # dropped as a word of another language. A spelled code that is no name leaves it found, and stays as written.
    text = "Surname is Schmidt, reference S-C-H-M-I-D-T-X, first name Maria."
    assert await _sent(guard, text) == "Surname is <PERSON_1>, reference S-C-H-M-I-D-T-X, first name <PERSON_2>."


def test_without_spelled_letters() -> None:
    toks = ["Surname", "is", "Schmidt", ",", "S", "-", "C", "-", "H", "-", "M", "-", "I", ",", "first", "name"]
    assert without_spelled_letters(toks) == ["Surname", "is", "Schmidt", ",", "-", "-", "-", "-", ",", "first", "name"]
    assert without_spelled_letters(["O", "K", "A", "F", "O", "R"]) == []
    for kept in (["Melden", "Sie", "sich", "i", "m", "Portal"], ["a", "b"], ["A", "and", "B", "or", "C"]):
        assert without_spelled_letters(kept) == kept
