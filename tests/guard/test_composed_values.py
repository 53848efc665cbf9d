"""A value the model composes around restored placeholders is the model's own (issue 12, atk9 A-H1).

The client sends `first name Jane, last name Smith`; the provider gets `<PERSON_1>`, `<PERSON_2>`; the model answers
`Mail <PERSON_1>.<PERSON_2>@acme.com`. Restored, the client would read `Jane.Smith@acme.com`, an address it never
sent, which the output `pii` rule redacts when the model spells it. Output `pii` (and `secrets`) rules read the
restored text too: a value there that crosses a restored value's edge (not entirely inside one, and no value the
client sent) is redacted whole, placeholders included, numbered as the model's values are (or blocks, per the
rule), whole answers and streams alike (a window never ends where such a value runs across: `617`, a line break,
`<PHONE_NUMBER_1>`). A restored value beside ordinary words comes back as the client sent it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from tests.guard.conftest import PII_IN, PII_OUT, policy

CLIENT = {"PERSON": ["Jane", "Smith"], "PHONE_NUMBER": ["555-0143"], "EMAIL_ADDRESS": ["jane.doe@example.com"]}
RAW = ("Jane", "Smith", "555-0143", "jane.doe@example.com")
# (the model's answer, what the client gets)
COMPOSED = [
    ("Sure. Mail <PERSON_1>.<PERSON_2>@acme.com today.", "Sure. Mail <EMAIL_ADDRESS_2> today."),
    ("Sure: dial 617-<PHONE_NUMBER_1> now.", "Sure: dial <PHONE_NUMBER_2> now."),
    ("Sure: dial (617) <PHONE_NUMBER_1> now.", "Sure: dial <PHONE_NUMBER_2> now."),
    ("CC bob.<EMAIL_ADDRESS_1> please.", "CC <EMAIL_ADDRESS_2> please."),
    ("Write to <PERSON_1>@acme.com soon.", "Write to <EMAIL_ADDRESS_2> soon."),
]
# Restored values beside the model's words: the client's own, as sent.
ORDINARY = [
    ("Hi <PERSON_1>, thanks for writing.", "Hi Jane, thanks for writing."),
    ("Mail <EMAIL_ADDRESS_1> today.", "Mail jane.doe@example.com today."),
    ("Dear <PERSON_1> <PERSON_2>, call <PHONE_NUMBER_1> or mail <EMAIL_ADDRESS_1>.",
     "Dear Jane Smith, call 555-0143 or mail jane.doe@example.com."),
    ("Your number <PHONE_NUMBER_1> is saved; <PERSON_2> agreed.", "Your number 555-0143 is saved; Smith agreed."),
    ("Reply to <EMAIL_ADDRESS_1>, then <PERSON_1>.", "Reply to jane.doe@example.com, then Jane."),
]


def _vault(values: dict[str, list[str]] | None = None) -> Vault:
    vault = Vault()
    for entity, found in (values or CLIENT).items():
        for value in found:
            vault.placeholder(entity, value)
    return vault


def _policy(out: dict[str, Any] | None = None, *, restore: bool = True) -> Any:
    return policy(input={"pii": {**PII_IN["pii"], "restore": restore}}, output=out or PII_OUT)  # type: ignore[dict-item]


async def _streamed(guard: Guard, p: Any, vault: Vault, chunks: list[str]) -> tuple[str, Any]:
    stream = guard.output_stream(p, vault)
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0"), stream


def _splits(text: str) -> list[list[str]]:
    out = [[text[:i], text[i:]] for i in range(1, len(text))]
    out += [[text[k:k + n] for k in range(0, len(text), n)] for n in (1, 2, 3, 5, 7)]
    return out


def test_a_span_crosses_a_restored_value_only_past_its_edge_to_the_models_letters_or_digits() -> None:
    from proxy.guard.vault import crosses_restored

    text = "Mail Jane.Smith@acme.com or 617-555-0143."
    own = [(5, 9), (10, 15), (32, 40)]
    assert crosses_restored(text, own, 5, 24) and crosses_restored(text, own, 28, 40)
    assert not crosses_restored(text, own, 0, 9)  # the model's word kept apart by a space (atk10 A M4)
    assert not crosses_restored(text, own, 5, 9) and not crosses_restored(text, own, 6, 8)  # inside one: the client's
    assert not crosses_restored(text, own, 0, 5) and not crosses_restored(text, own, 16, 24)  # beside: none restored
    assert not crosses_restored(text, own, 5, 15)  # restored values and a separator: the client's pieces
    assert not crosses_restored(text, own, 31, 40)  # a separator only


@pytest.mark.parametrize(("answer", "expected"), COMPOSED)
async def test_a_composed_value_is_redacted_whole_in_a_whole_answer(guard: Guard, answer: str, expected: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [expected], got.texts
    assert got.decision == "redact"
    rec = next(r for r in got.records if r["check"] == "pii")
    assert rec["action"] == "redact" and sum(rec["findings"].values()) == 1, rec


@pytest.mark.parametrize(("answer", "expected"), ORDINARY)
async def test_a_restored_value_beside_the_models_words_stays(guard: Guard, answer: str, expected: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [expected] and got.decision == "allow", got.texts


async def test_the_clients_number_with_an_extension_or_country_code_stays(guard: Guard) -> None:
    vault = _vault({"PHONE_NUMBER": ["617-555-0143"]})
    got = await guard.output(_policy(), ["Call <PHONE_NUMBER_1> ext. 12, or +1 <PHONE_NUMBER_1>."], vault)
    assert got.texts == ["Call 617-555-0143 ext. 12, or +1 617-555-0143."] and got.decision == "allow"


async def test_a_composed_value_the_client_sent_itself_stays(guard: Guard) -> None:
    vault = _vault({"PERSON": ["Jane", "Smith"], "EMAIL_ADDRESS": ["Jane.Smith@acme.com"]})
    got = await guard.output(_policy(), ["Mail <PERSON_1>.<PERSON_2>@acme.com today."], vault)
    assert got.texts == ["Mail Jane.Smith@acme.com today."] and got.decision == "allow"


async def test_the_composed_value_and_the_same_value_spelled_share_one_placeholder(guard: Guard) -> None:
    """Numbered like the model's other values: rewritten as the client would read it (`Jane.Smith@acme.com`)."""
    vault = _vault({"PERSON": ["Jane", "Smith"]})
    got = await guard.output(_policy(), ["Mail <PERSON_1>.<PERSON_2>@acme.com, that is Jane.Smith@acme.com.",
                                         "Or Jane.Smith@acme.com again."], vault)
    assert got.texts == ["Mail <EMAIL_ADDRESS_1>, that is <EMAIL_ADDRESS_1>.", "Or <EMAIL_ADDRESS_1> again."]
    assert vault.original("<EMAIL_ADDRESS_1>") is None  # the model's value: never restored


async def test_a_composed_value_blocks_under_a_blocking_rule(guard: Guard) -> None:
    out = {"pii": {"action": "block", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}
    got = await guard.output(_policy(out), ["Hello.", "Sure. Mail <PERSON_1>.<PERSON_2>@acme.com today."], _vault())
    assert got.decision == "block" and got.blocked == [1] and got.texts == [None, ""]


async def test_without_restore_the_placeholders_are_what_the_client_gets(guard: Guard) -> None:
    got = await guard.output(_policy(restore=False), ["Mail <PERSON_1>.<PERSON_2>@acme.com today."], _vault())
    assert got.texts == [None] and got.decision == "allow"


async def test_a_composed_value_in_tool_call_arguments(guard: Guard) -> None:
    args = json.dumps({"to": "<PERSON_1>.<PERSON_2>@acme.com", "cc": "<EMAIL_ADDRESS_1>"})
    got = await guard.output(_policy(), [args], _vault(), json_texts=[True])
    text = got.texts[0]
    assert text is not None and json.loads(text) == {"to": "<EMAIL_ADDRESS_2>", "cc": "jane.doe@example.com"}


async def test_a_masked_composed_value_is_masked_as_the_client_would_read_it(guard: Guard) -> None:
    out = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS"],
                   "operators": {"EMAIL_ADDRESS": {"type": "mask", "masking_char": "*", "chars_to_mask": 10}}}}
    got = await guard.output(_policy(out), ["Mail <PERSON_1>.<PERSON_2>@acme.com today."], _vault())
    assert got.texts == ["Mail **********@acme.com today."]


async def test_a_secret_composed_around_a_restored_value(guard: Guard) -> None:
    out = {"secrets": {"action": "block"}}
    got = await guard.output(_policy(out), ["Use postgres://admin:pw<PERSON_1>42@db.acme.com/app now."], _vault())
    assert got.decision == "block" and got.blocked == [0]
    plain = await guard.output(_policy(out), ["The database user is <PERSON_1>, see db.acme.com."], _vault())
    assert plain.decision == "allow" and plain.texts == ["The database user is Jane, see db.acme.com."]


@pytest.mark.parametrize(("answer", "expected"), COMPOSED[:2] + COMPOSED[3:])
async def test_a_stream_redacts_a_composed_value_at_every_split(guard: Guard, answer: str, expected: str) -> None:
    for chunks in _splits(answer):
        got, _ = await _streamed(guard, _policy(), _vault(), chunks)
        assert got == expected, (chunks, got)


@pytest.mark.parametrize("answer", [
    "Sure, call us.\nDial 617\n\n<PHONE_NUMBER_1> or write.\n",
    "Sure, call us.\nDial (617)\n<PHONE_NUMBER_1> or write.\n",
    "Sure, write.\nMail <PERSON_1>\n@acme.com or call.\n",
])
async def test_a_stream_window_does_not_end_inside_a_composed_value(guard: Guard, answer: str) -> None:
    """A line break is a window's end; read with the placeholder no value runs across it (`617`, then
    `<PHONE_NUMBER_1>`), read restored one does: the window waits, and the stream gets what the whole answer gets."""
    whole = await guard.output(_policy(), [answer], _vault())
    assert whole.texts[0] is not None and not any(v in whole.texts[0] for v in RAW), whole.texts
    for chunks in _splits(answer):
        got, _ = await _streamed(guard, _policy(), _vault(), chunks)
        assert got == whole.texts[0], (chunks, got)


@pytest.mark.parametrize(("answer", "expected"), ORDINARY)
async def test_a_stream_restores_the_clients_values_beside_the_models_words(guard: Guard, answer: str,
                                                                             expected: str) -> None:
    for chunks in _splits(answer):
        got, stream = await _streamed(guard, _policy(), _vault(), chunks)
        assert got == expected and stream.decision == "allow", (chunks, got)


# atk10 A M4: the model's next or previous word, kept from a restored value by whitespace, composes nothing: the
# client's value comes back as sent (it became a new placeholder the client cannot resolve: `Call <PHONE_NUMBER_3>/7.`).
NEIGHBOURS = [
    "You can reach support at <PHONE_NUMBER_1> 24/7.", "In 2024 <PHONE_NUMBER_1> was your primary number.",
    "Since 2019 <PHONE_NUMBER_1> has been on file.", "Phone: <PHONE_NUMBER_1> 365 days a year.",
    "Top 3 <PHONE_NUMBER_1>, then email.", "Call <PHONE_NUMBER_1> 9-5 on weekdays.", "Step 3 <PHONE_NUMBER_1>",
    "Here are your numbers:\n1. <PHONE_NUMBER_1>\n2. <EMAIL_ADDRESS_1>", "| 1 | <PHONE_NUMBER_1> |",
    "Option 2: <PHONE_NUMBER_1>", "Updated 2024: <PHONE_NUMBER_1>.", "Phone <PHONE_NUMBER_1> 2 lines",
    "For tax year 2024 <US_SSN_1> was used.", "As of 2023 <US_SSN_1> is linked to the account.",
]


@pytest.mark.parametrize("answer", NEIGHBOURS)
async def test_numbers_beside_a_restored_value_keep_it_as_sent(guard: Guard, answer: str) -> None:
    vault = _vault({"PHONE_NUMBER": ["617-555-0143"], "EMAIL_ADDRESS": ["jane.doe@example.com"],
                    "US_SSN": ["536-90-4399"]})
    out = await guard.output(_policy(), [answer], vault)
    want = answer.replace("<PHONE_NUMBER_1>", "617-555-0143").replace("<EMAIL_ADDRESS_1>", "jane.doe@example.com") \
        .replace("<US_SSN_1>", "536-90-4399")
    assert out.texts == [want]


# atk11 A M3: the restored reading reads as the input side does, without HTML comments (`uncommented`) and with
# spelled addresses folded; and across the texts of one answer (two Anthropic text blocks, two output_text parts).
MARKED = [
    ("Mail <PERSON_1><!-- -->@acme.com today.", "Mail <EMAIL_ADDRESS_2> today."),
    ("Mail <PERSON_1>.<PERSON_2><!-- x -->@acme.com today.", "Mail <EMAIL_ADDRESS_2> today."),
    ("Call 617-<!-- --><PHONE_NUMBER_1> today.", "Call <PHONE_NUMBER_2> today."),
    ("Call (617)<!-- --> <PHONE_NUMBER_1> today.", "Call <PHONE_NUMBER_2> today."),
    ("Mail <PERSON_1> at acme dot com today.", "Mail <EMAIL_ADDRESS_2> today."),
    ("Mail <PERSON_1> at acme.com today.", "Mail <EMAIL_ADDRESS_2> today."),
]


@pytest.mark.parametrize(("answer", "expected"), MARKED)
async def test_a_value_composed_across_a_comment_or_spelled_is_redacted(guard: Guard, answer: str,
                                                                        expected: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [expected], got.texts
    assert got.decision == "redact"


@pytest.mark.parametrize(("answer", "expected"), MARKED[:1] + MARKED[2:3] + MARKED[4:5])
async def test_a_stream_redacts_a_value_composed_across_a_comment_or_spelled(guard: Guard, answer: str,
                                                                             expected: str) -> None:
    for chunks in [["Mail <PERSON", "_1><!-- ", "-->@acme.com today."]] if "<!--" in answer and "Mail" in answer \
            else _splits(answer)[::3]:
        got, _ = await _streamed(guard, _policy(), _vault(), chunks)
        assert got == expected, (chunks, got)


@pytest.mark.parametrize("answer", [
    "Hi <PERSON_1><!-- greeting -->, thanks for writing.", "Thanks <PERSON_1> at the office.",
    "Ask <PERSON_1> at the front desk, dot the i's.", "Dial <PHONE_NUMBER_1><!-- x --> now.",
    "<PERSON_1> at 5 pm; <PERSON_2> at noon.",
])
async def test_a_restored_value_beside_a_comment_or_the_word_at_stays(guard: Guard, answer: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    want = answer.replace("<PERSON_1>", "Jane").replace("<PERSON_2>", "Smith").replace("<PHONE_NUMBER_1>", "555-0143")
    assert got.texts == [want] and got.decision == "allow", got.texts


@pytest.mark.parametrize(("parts", "bare"), [
    (["Mail <PERSON_1>", "@acme.com now."], ("Jane", "acme")),
    (["Call 617-", "<PHONE_NUMBER_1> now."], ("555-0143",)),
    (["Mail <PERSON_1>.", "<PERSON_2>@acme.com"], ("Jane", "Smith", "acme")),
])
async def test_a_value_composed_across_two_texts_of_an_answer_is_redacted(guard: Guard, parts: list[str],
                                                                          bare: tuple[str, ...]) -> None:
    got = await guard.output(_policy(), parts, _vault())
    joined = "".join(t if t is not None else p for t, p in zip(got.texts, parts, strict=True))
    assert got.decision == "redact" and not any(v in joined for v in bare), got.texts


async def test_restored_values_in_neighbouring_texts_stay(guard: Guard) -> None:
    parts = ["Hi <PERSON_1>,", " thanks. Call <PHONE_NUMBER_1>", " or mail <EMAIL_ADDRESS_1>.", " Bye <PERSON_2>."]
    got = await guard.output(_policy(), parts, _vault())
    assert got.decision == "allow", got.texts
    assert got.texts == ["Hi Jane,", " thanks. Call 555-0143", " or mail jane.doe@example.com.", " Bye Smith."]
