"""Issue 12 (separators inside numbers), the values that still passed (atk13 L3 and the M-items' leftovers, atk12 B):
each is read by the analyzer, which reads requests and answers alike; other values than the reports'.

- 10 digits glued to an id or a model's name by `_` or `-` (`run_6175550143`, `gpt-4o-6175550143`) after a word that
  names a phone on the same line (`phone`, `cell`, `call me`...), a valid North American number; without one an id
  stays an id (`bench/pii_fp.py`'s identifiers).
- an underscore beside a bracketed area code (`Phone_(617)_555_0143`, `phone:(617)_555_0143`).
- the local number glued to the area code in a 6-4 grouping after a phone word (`phone 617555-0143`).
- a trunk-`0` number of Japan, Korea or Indonesia with tripled or spaced dashes (`080---9876---5432`,
  `080 -- 9876 -- 5432`).
- Indonesian mobiles of 12-13 digits and German ones of 12 unbroken after a phone word of those languages (`HP`,
  `No. HP`, `Handy`, `Mobil`).
- IBANs outside SWIFT's registry: Iran (Sheba) and the African countries the banks' lists carry; mod 97 still checked.
- a combining mark of another script on a Latin letter that is not ASCII (`Zoë\\u0e31`) inside a name.
- Vietnamese phone words written decomposed (NFD).
"""

from __future__ import annotations

import unicodedata

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize(("text", "value"), [
    # 10 digits in an id after a phone word
    ("my cell is build_2125550199", "2125550199"),
    ("call me at usr_4155550123", "4155550123"),
    # an underscore beside the bracketed area code
    ("Tel_(030)_90182034", "(030)_90182034"),
    ("mobile:(212)_555_0199", "(212)_555_0199"),
    ("Phone_(415)_555-0123", "(415)_555-0123"),
    # the 6-4 grouping after a phone word
    ("phone 212555-0199", "212555-0199"),
    ("Tel.: 415555-0123", "415555-0123"),
    # tripled or spaced dashes in a trunk-0 number
    ("Tel 090---1234---5678", "090---1234---5678"),
    ("call 010 -- 2345 -- 6789", "010 -- 2345 -- 6789"),
    ("no. 0812 --- 3456 --- 7890", "0812 --- 3456 --- 7890"),
    # Indonesian and German mobiles unbroken after their phone words
    ("HP: 085712345678", "085712345678"),
    ("No HP 0821123456789", "0821123456789"),
    ("Handy: 017612345678", "017612345678"),
    ("Mobilnummer 015212345678", "015212345678"),
])
async def test_numbers_are_found(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    assert ("PHONE_NUMBER", value) in await found(analyzer, text)


@pytest.mark.parametrize(("text", "value"), [
    ('{"phone": "acct-3125550178"}', "3125550178"),
    ("Mobile: ft-gpt-4o-2125550199", "2125550199"),
])
async def test_ids_after_a_phone_label_stay_found(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    """Read before too (a value glued by `-` after a phone label): kept so by the id reading."""
    assert ("PHONE_NUMBER", value) in await found(analyzer, text)


@pytest.mark.parametrize("text", [
    "Retry the API call for job_4155550123",   # an API call, no phone
    "model ft-gpt-4o-2125550199 finished",
    "run_3125550178 and run_3125550179 failed",
    "order 212555-0199 shipped",
    "batch 202406-1234 done",
    "ID 081234567890",                         # a long number without a phone word
    "ref 017612345678",
    "f_(1)_2 and x_(2024)_v2 and fn_(123)_abc",
    "Handy: 123456789012",                     # no valid number of the word's countries
])
async def test_ids_and_other_numbers_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert not {f for f in await found(analyzer, text) if f[0] == "PHONE_NUMBER"}


@pytest.mark.parametrize("iban", [
    "IR42 0170 0000 0021 2345 6789 01", "IR410550012340001234567890", "DZ54 0004 0012 3456 7890 1234 56",
    "MA70 1294 3500 0502 1000 0091 5110", "CI52 CI10 1234 5678 9012 3456 7890", "SN60SN0120152000048500003035",
    "CM46 6035 0600 0005 0001 0030 001", "MZ23 0001 0123 4567 8901 2345 6",
])
async def test_ibans_outside_the_registry_are_found(analyzer: PiiAnalyzer, iban: str) -> None:
    assert ("IBAN_CODE", iban) in await found(analyzer, f"شماره شبا / IBAN {iban} please")


@pytest.mark.parametrize("iban", ["IR43 0170 0000 0021 2345 6789 01", "DZ55 0004 0012 3456 7890 1234 56",
                                  "IR4201700000002123456789"])  # a wrong check digit; too short
async def test_ibans_outside_the_registry_keep_their_checks(analyzer: PiiAnalyzer, iban: str) -> None:
    assert not {f for f in await found(analyzer, f"IBAN {iban} please") if f[0] == "IBAN_CODE"}


@pytest.mark.parametrize(("text", "name"), [
    ("Contact Zoë\u0e31 Saldaña today", "Zoë\u0e31 Saldaña"),
    ("Please ask Sø\u0e34ren Kierkegård about it.", "Sø\u0e34ren Kierkegård"),
    ("Ask Mü\u0e31ller Schröder about it.", "Mü\u0e31ller Schröder"),
])
async def test_a_foreign_mark_on_a_latin_letter_hides_no_name(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    names = [value for entity, value in await found(analyzer, text) if entity == "PERSON"]
    assert any(name in value for value in names), names


@pytest.mark.parametrize(("text", "view"), [
    ("Zoë\u0e31", "Zoë"), ("çağ\u0651ri", "çağri"), ("jöh\u0e31n@example.com", "jöhn@example.com"),
    ("Ñ\u093cu", "Ñu"),
])
def test_the_view_drops_a_foreign_mark_on_a_latin_letter(text: str, view: str) -> None:
    assert normalize(text).text == view


@pytest.mark.parametrize("text", ["e\u0323\u0302", "Nguyễn", "ภาษาไทย", "สวัสดีครับ", "हिन्दी", "Zoë"])
def test_latin_marks_and_other_scripts_marks_stay(text: str) -> None:
    assert normalize(text).text == unicodedata.normalize("NFKC", text)


# Read before too (the view composes the decomposed words before the phone words are matched): kept so.
@pytest.mark.parametrize("text", ["Số điện thoại của tôi: 0987654321", "điện thoại 0912345678",
                                  "SĐT của chị Lan là 0938123456"])
async def test_vietnamese_phone_words_decomposed(analyzer: PiiAnalyzer, text: str) -> None:
    digits = text.split()[-1]
    assert ("PHONE_NUMBER", digits) in await found(analyzer, unicodedata.normalize("NFD", text))
