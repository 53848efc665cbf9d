"""fields22, struct20's leftovers: a phone number right after `#` in its printed shape (`#(818)629-8896`,
`#818-629-8896`: `proxy.nlp.hash_phone`) and a given name after a surname in capitals and a comma (`Patient: SMITH,
JOHN A`: `proxy.nlp.comma_names`); ids after `#` and capitals lists after a comma stay."""

from __future__ import annotations

import pytest

from proxy.nlp.hash_phone import hashed_phone
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize(("text", "phone"), [
    ("#(818)629-8896", "(818)629-8896"),
    ("#818-629-8896", "818-629-8896"),
    ("Reach: #(818) 629-8896", "(818) 629-8896"),
    ("- #415.555.0123 after six", "415.555.0123"),
])
async def test_a_phone_number_after_a_hash_sign_is_found(analyzer: PiiAnalyzer, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)


# (`# 818-629-8896`, `#818 629 8896` and `No. 818-629-8896` alone are phone numbers since fields24: the ids' words
# before them keep them ids)
@pytest.mark.parametrize("text", ["Ticket #818-629-8896", "PR #1234 5678", "Ticket #4155 5512 3412",
                                  "Ticket # 818-629-8896", "See #818 629 8896 here", "Issue #818-629-88",
                                  "Order No. 818-629-8896", "Order #(818)629-8896", "color: #818; margin: 0"])
async def test_an_id_after_a_hash_sign_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(entity == "PHONE_NUMBER" for entity, _ in await found(analyzer, text)), text


def test_which_numbers_after_a_hash_sign_are_phone_numbers() -> None:
    assert hashed_phone("818-629-8896", "#") and hashed_phone("(818)629-8896", "call me: #")
    assert not hashed_phone("818-629-8896", "Ticket #") and not hashed_phone("818-629-8896", "PR#")
    assert not hashed_phone("818 629 8896", "See #") and not hashed_phone("818-629-8896", "Order No. ")
    assert not hashed_phone("818-629-88960", "#") and not hashed_phone("818-629-8896", "##")


@pytest.mark.parametrize(("text", "given"), [
    ("Patient: SMITH, JOHN A", "JOHN A"),
    ("PATIENT: SMITH, JOHN A.", "JOHN A."),
    ("Doctor: SMITH, JOHN A", "JOHN A"),
    ("Pt: JONES, MARY", "MARY"),
    ("Patient: SMITH, JOHN A\nDOB: 01/02/1980", "JOHN A"),
])
async def test_a_given_name_after_a_surname_in_capitals_and_a_comma_is_found(analyzer: PiiAnalyzer, text: str,
                                                                              given: str) -> None:
    spans = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    assert given in spans, spans


@pytest.mark.parametrize("text", ["Status: OPEN, HIGH P", "Vendor: ACME, INC", "Location: PARIS, FRANCE",
                                  "Priority: LOW, MEDIUM", "Severity: CRITICAL, P1"])
async def test_capitals_after_a_comma_that_name_no_one_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(entity == "PERSON" for entity, _ in await found(analyzer, text)), text


@pytest.mark.parametrize(("text", "names"), [
    ('{"given": "J\\u00f6rg", "family": "M\\u00fcller"}', ["J\\u00f6rg", "M\\u00fcller"]),
    ('{"firstName": "J\\u00fcrgen", "lastName": "Sch\\u00e4fer"}', ["J\\u00fcrgen", "Sch\\u00e4fer"]),
    ("Name: J\\u00fcrgen Sch\\u00e4fer", ["J\\u00fcrgen Sch\\u00e4fer"]),
])
async def test_a_name_with_unicode_escapes_is_found_whole(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    # The view decodes `\\u00f6`; the span was cut at the backslash (`J` redacted, `\\u00f6rg` sent).
    spans = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    assert all(name in spans for name in names), spans


async def test_a_path_keeps_its_backslashes_apart(analyzer: PiiAnalyzer) -> None:
    spans = {value for entity, value in await found(analyzer, "Copied to C:\\Users\\Maria Schmidt\\Desktop")
             if entity == "PERSON"}
    assert spans and all("\\" not in value for value in spans), spans
