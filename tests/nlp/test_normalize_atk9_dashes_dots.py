"""Issue 12, atk9 B-H3 and B-L1: letters shaped like a dash used as a number's hyphen, and dots other than the
ideographic full stop in an address (`proxy.nlp.normalize`).

- B-H3: Japanese and Korean writers type `ー` (U+30FC; `ｰ` U+FF70), `ㅡ` (U+3161), `一` (U+4E00) for the hyphen of a
  phone number, an SSN or a card (also `ᅳ` U+1173, `⼀` U+2F00, `ˉ` U+02C9, the tatweel U+0640): read as `-` between
  the digit groups of a value's shape, never between letters (`コーヒー`, `一个`) nor in a short number (`1ー2ー3`);
- B-L1: middle dots, dot operators, `ꓸ` and other scripts' full stops (`·`, `・`, `ꓸ`, `∙`, `⋅`, `‧`, `։`, `۔`, `።`,
  `⸱`) read as a dot between an e-mail address's labels (a known top-level domain at its end) and an IPv4 address's
  four numbers, nowhere else (`東京·大阪`, `Tom·Jerry`, `2·3·5·7 = 210`, `compute 228·9·161·5`).
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, pattern_view
from proxy.nlp.pii import PiiAnalyzer

ALL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
DASHES = ["\u30fc", "\uff70", "\u3161", "\u4e00", "\u1173", "\u2f00", "\u02c9", "\u0640"]
DOTS = ["\u00b7", "\u30fb", "\ua4f8", "\u2219", "\u22c5", "\u2027", "\u0589", "\u06d4", "\u1362", "\u2e31", "\uff65"]


@pytest.mark.parametrize(("text", "entity", "value"), [
    (f"card 4111{d}1111{d}1111{d}1111 ok", "CREDIT_CARD", f"4111{d}1111{d}1111{d}1111") for d in DASHES] + [
    (f"call me at 617{d}555{d}0143 now", "PHONE_NUMBER", f"617{d}555{d}0143") for d in DASHES] + [
    (f"SSN 536{d}90{d}4399 ok", "US_SSN", f"536{d}90{d}4399") for d in DASHES] + [
    ("\u96fb\u8a71\uff1a090\u30fc1234\u30fc5678", "PHONE_NUMBER", "090\u30fc1234\u30fc5678"),
    ("\u96fb\u8a71 \uff10\uff19\uff10\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18", "PHONE_NUMBER",
     "\uff10\uff19\uff10\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18"),
    ("\uc804\ud654 010\u31611234\u31615678", "PHONE_NUMBER", "010\u31611234\u31615678"),
    ("\u30ab\u30fc\u30c9\u756a\u53f7: 4111\u30fc1111\u30fc1111\u30fc1111 \u3067\u3059", "CREDIT_CARD",
     "4111\u30fc1111\u30fc1111\u30fc1111"),
    ('{"card": "4111\u30fc1111\u30fc1111\u30fc1111"}', "CREDIT_CARD", "4111\u30fc1111\u30fc1111\u30fc1111"),
])
async def test_a_value_with_dash_letters_is_found_as_written(analyzer: PiiAnalyzer, text: str, entity: str,
                                                             value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize(("text", "entity", "value"), [
    (f"write to jane.doe@example{d}com today", "EMAIL_ADDRESS", f"jane.doe@example{d}com") for d in DOTS] + [
    (f"server 192{d}168{d}10{d}77 is down", "IP_ADDRESS", f"192{d}168{d}10{d}77") for d in DOTS] + [
    ("mail jane\u00b7doe@mail\u30fbexample\u30fbco\u30fbuk now", "EMAIL_ADDRESS",
     "jane\u00b7doe@mail\u30fbexample\u30fbco\u30fbuk"),
    ("\u30b5\u30fc\u30d0\u30fc 10\u00b70\u00b70\u00b71 \u304c\u505c\u6b62", "IP_ADDRESS", "10\u00b70\u00b70\u00b71"),
])
async def test_an_address_with_other_dots_is_found_as_written(analyzer: PiiAnalyzer, text: str, entity: str,
                                                              value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize(("text", "read"), [
    ("card 4111\u30fc1111\u30fc1111\u30fc1111", "card 4111-1111-1111-1111"),
    ("\u96fb\u8a71 \uff10\uff19\uff10\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18",
     "\u96fb\u8a71 090-1234-5678"),
    ("jane.doe@example\u00b7com", "jane.doe@example.com"),
    ("server 192\u2219168\u221910\u221977", "server 192.168.10.77"),
])
def test_the_view_reads_them_as_hyphens_and_dots(text: str, read: str) -> None:
    view = normalize(text)
    assert view.text == read
    assert text[slice(*view.span(0, len(read)))] == text


@pytest.mark.parametrize("text", [
    "\u30b3\u30fc\u30d2\u30fc\u3068\u30b1\u30fc\u30ad", "\u4e00\u4e2a\u4eba\u548c\u4e00\u676f",  # between letters
    "\u6771\u4eac\u90fd\u6e2f\u533a\u829d\u516c\u57124\u30fc2\u30fc8",  # an address's block numbers: a short number
    "\u7b2c3\u30fc5\u7ae0 and 100\u30fc200\u5186", "\uc11c\uc6b8 44\u3161928",  # two groups: a range
    "\u6771\u4eac\u00b7\u5927\u962a\u00b7\u4eac\u90fd", "Tom\u00b7Jerry and l\u00b7l", "2\u00b73\u00b75\u00b77 = 210",
    "compute 228\u00b79\u00b7161\u00b75 for the table", "x = 12\u22c534\u22c556\u22c578",
    "v1\u00b72\u00b73\u00b74.5", "300\u00b7168\u00b710\u00b777 is no address", "mail jane@example\u00b7community now",
    "@handle\u00b7com", "jane.doe@example\u00b7com\u00b7x1",
])
def test_dash_letters_and_dots_elsewhere_stay(text: str) -> None:
    read = normalize(text).text  # (other passes may space scripts apart: only no `-` nor `.` is added)
    assert (read.count("-"), read.count(".")) == (text.count("-"), text.count("."))
    assert pattern_view(text).text.count("-") == text.count("-")
