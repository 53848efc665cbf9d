"""Issue 12 leftovers (linkview15).

A person's name split across links (`[Maria](#a) [Schmidt](#b)`, `[Mar](#)[ia Schmidt](#)`) displays whole, as
`Maria Schmidt` does, which is redacted: the second reading (links as their text) had no NER and the name went as
sent. It is now read by the NER model where the text has a link with text, and the finding covers the link syntax.

A value after a key or a label that names an SSN (`{"ssn": "123-45-6789"}`, `SSN: 123-45-6789`, `ssn=...`) was
redacted typed PHONE_NUMBER (Presidio takes the sample SSN for none; the phone recognizer reads its groups), so
`per_entity: {US_SSN: block}` let it through: the key types the value (an IBAN's key too)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

NAMES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]
SPLIT_NAMES = {
    "markdown": "[Maria](#a) [Schmidt](#b)",
    "markdown pieces": "[Mar](#)[ia Schmidt](#)",
    "reference": "[Maria][1] [Schmidt][2]",
    "slack": "<https://x.example|Maria> <https://y.example|Schmidt>",
    "jira": "[Maria|https://x.example] [Schmidt|https://y.example]",
    "mediawiki": "[https://x.example Maria] [https://y.example Schmidt]",
    "org": "[[https://x.example][Maria]] [[https://y.example][Schmidt]]",
    "asciidoc": "https://x.example[Maria] https://y.example[Schmidt]",
    "rest": "`Maria <https://x.example>`_ `Schmidt <https://y.example>`_",
}


async def _spans(analyzer: PiiAnalyzer, text: str, entities: list[str]) -> list[tuple[str, str]]:
    found = (await analyzer.analyze([text], entities))[0]
    return [(s.entity, text[s.start:s.end]) for s in found if s.score >= 0.4]


@pytest.mark.parametrize("case", list(SPLIT_NAMES))
async def test_a_name_split_across_links_is_found_whole(analyzer: PiiAnalyzer, case: str) -> None:
    name = SPLIT_NAMES[case]
    found = await _spans(analyzer, f"Please write to {name} about the invoice.", NAMES)
    assert ("PERSON", name) in found, found


async def test_link_text_that_names_no_one_stays(analyzer: PiiAnalyzer) -> None:
    text = ("See [the install guide](https://docs.example.com/install), open [Settings](#settings) then "
            "[Network](#net); ask in <https://team.slack.com/archives/C1|#builds> or read [[Release Process]].")
    assert await _spans(analyzer, text, NAMES) == []


SSN_KEYED = ['{"ssn": "123-45-6789"}', "SSN: 123-45-6789", "ssn=123-45-6789", "customer:\n  ssn: 123-45-6789",
             '{"social_security_number": "078-05-1120"}', "My SSN is 123-45-6789."]


@pytest.mark.parametrize("text", SSN_KEYED)
async def test_a_value_under_an_ssn_key_is_typed_an_ssn(analyzer: PiiAnalyzer, text: str) -> None:
    found = await _spans(analyzer, text, ["PHONE_NUMBER", "US_SSN"])
    value = text.split("is ")[-1].rstrip(".") if "is " in text else text.rsplit(" ", 1)[-1].strip('"}')
    value = value.split("=")[-1]
    assert found == [("US_SSN", value)], found


async def test_an_ssn_shaped_phone_under_another_key_stays_a_phone(analyzer: PiiAnalyzer) -> None:
    assert await _spans(analyzer, '{"phone": "123-45-6789"}', ["PHONE_NUMBER", "US_SSN"]) == \
        [("PHONE_NUMBER", "123-45-6789")]


async def test_without_the_ssn_type_the_value_keeps_the_type_found(analyzer: PiiAnalyzer) -> None:
    # (a policy that redacts phone numbers only still redacts it: the key types a value only as a type asked for)
    assert await _spans(analyzer, "ssn: 123-45-6789", ["PHONE_NUMBER"]) == [("PHONE_NUMBER", "123-45-6789")]


def test_a_key_types_the_whole_value_it_names() -> None:
    from proxy.nlp.pii import _typed_by_key

    iban = '{"iban": "GB82 WEST 1234 5698 7654 31"}'
    a = iban.index("1234")
    assert _typed_by_key(iban, [("PHONE_NUMBER", a, a + 17, 0.4)], ["PHONE_NUMBER", "IBAN_CODE"]) == \
        [("IBAN_CODE", iban.index("GB82"), iban.index("GB82") + 27, 0.85)]
    card = "card_number: 4111 1111 1111 1112"
    c = card.index("4111")
    assert _typed_by_key(card, [("PHONE_NUMBER", c, c + 14, 0.6)], ["PHONE_NUMBER", "CREDIT_CARD"]) == \
        [("CREDIT_CARD", c, len(card), 0.85)]
    # a finding that reaches past the value is left as it is (the key names the value, not what follows it)
    assert _typed_by_key("ssn: 123-45-6789 0143", [("PHONE_NUMBER", 5, 21, 0.4)], ["US_SSN"]) == \
        [("PHONE_NUMBER", 5, 21, 0.4)]
