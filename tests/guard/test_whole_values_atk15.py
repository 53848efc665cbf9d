"""A value found whole in one text, read across a cut into the next (atk15 L1; `proxy.guard.checks.pii.
whole_values`): the texts' own findings are the values. A short number or an ordinary word that starts the next
text is left as sent (`Call me at 617-555-0143` + `99 problems` sent `<PHONE_NUMBER_2> problems`), and a name, a
card, an address or a phone number before an address found whole keeps its type (they were all EMAIL_ADDRESS, one
phone number two placeholders of two types). A value split over the cut is still one value."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IP_ADDRESS"], "restore": True}}


@pytest.mark.parametrize(("first", "second", "placeholder"), [
    ("Phone me on 212-555-0187", "42 apples left", "<PHONE_NUMBER_1>"),
    ("Reach 646-555-0112", "7 days a week", "<PHONE_NUMBER_1>"),
    ("gateway 192.168.7.21", "5", "<IP_ADDRESS_1>"),
    ("gateway 172.16.4.9", "12 hosts behind it", "<IP_ADDRESS_1>"),
])
async def test_a_neighbour_that_starts_the_next_text_is_left_as_sent(guard: Guard, first: str, second: str,
                                                                     placeholder: str) -> None:
    verdict = await guard.input(policy(input=PII), [first, second], ["user", "assistant"])
    assert verdict.decision == "redact"
    assert verdict.texts[0] is not None and verdict.texts[0].endswith(placeholder), verdict.texts
    assert verdict.texts[1] is None, verdict.texts  # unchanged


@pytest.mark.parametrize(("first", "second", "placeholder"), [
    ("Ask John Miller.", "tom.baker@yahoo.com", "<PERSON_1>."),
    ("My card is 5555555555554444.", "ann.kim@gmail.com", "<CREDIT_CARD_1>."),
    ("router 10.20.30.40.", "ops.lead@gmail.com", "<IP_ADDRESS_1>."),
    ("ring 415-555-0199.", "lee.chen@gmail.com", "<PHONE_NUMBER_1>."),
])
async def test_a_value_before_a_whole_address_keeps_its_type(guard: Guard, first: str, second: str,
                                                            placeholder: str) -> None:
    verdict = await guard.input(policy(input=PII), [first, second], ["user", "assistant"])
    assert verdict.decision == "redact"
    assert verdict.texts[0] is not None and verdict.texts[0].endswith(placeholder), verdict.texts
    assert "EMAIL_ADDRESS" not in verdict.texts[0]
    assert verdict.texts[1] == "<EMAIL_ADDRESS_1>", verdict.texts


async def test_one_phone_number_is_one_placeholder_of_its_type(guard: Guard) -> None:
    texts = ["Speak to Omar Haddad, phone 303-555-0176.", "omar.haddad@gmail.com", "number on file: 303-555-0176"]
    verdict = await guard.input(policy(input=PII), texts, ["user", "assistant", "tool"])
    assert verdict.texts[0] is not None and verdict.texts[0].endswith("phone <PHONE_NUMBER_1>."), verdict.texts
    assert verdict.texts[2] == "number on file: <PHONE_NUMBER_1>", verdict.texts


@pytest.mark.parametrize(("first", "second", "pieces"), [
    ("call 212-555-", "0187 today", ["212-555", "0187"]),
    ("mail jane.doe@exa", "mple.com now", ["jane.doe", "mple.com"]),
    ("card 4111 1111", "1111 1111 thanks", ["4111", "1111"]),
])
async def test_a_value_split_over_the_cut_is_still_one_value(guard: Guard, first: str, second: str,
                                                            pieces: list[str]) -> None:
    verdict = await guard.input(policy(input=PII), [first, second], ["user", "user"])
    assert verdict.decision == "redact"
    sent = [t if t is not None else o for t, o in zip(verdict.texts, [first, second], strict=True)]
    assert not any(piece in text for piece in pieces for text in sent), sent
