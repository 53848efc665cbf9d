"""Issue 12 (README-only attack, F8-F10): tag characters, look-alikes outside Cyrillic and Greek, encodings
the view did not decode."""

from __future__ import annotations

import unicodedata

import pytest

from proxy.guard.checks.patterns import loose
from proxy.nlp.confusables import LOOKALIKES
from proxy.nlp.normalize import normalize, pattern_view

CODENAME = loose(r"(?i)\bproject (falcon|osprey)\b")


def tag(text: str) -> str:
    """`text` spelled in Unicode tag characters (U+E0000 + each ASCII code)."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


# ------------------------------------------------------------------------------------ F8: tag characters

@pytest.mark.parametrize(("written", "read"), [
    (tag("project falcon"), "project falcon"),
    (tag("mkowalski@contoso.com"), "mkowalski@contoso.com"),
    (tag("617-555-0143"), "617-555-0143"),
    (tag("4111 1111 1111 1111"), "4111 1111 1111 1111"),
    (tag("mkowalski%40contoso.com"), "mkowalski@contoso.com"),  # decoded after it is read
    ("proj" + tag("ect fal") + "con", "project falcon"),  # half spelled in tags
])
def test_tag_characters_read_as_the_ascii_they_spell_and_map_back_exactly(written: str, read: str) -> None:
    text = f"Status of {written} please"
    v = normalize(text)
    assert v.text == f"Status of {read} please"
    at = v.text.index(read)
    a, b = v.span(at, at + len(read))
    assert text[a:b] == written
    for i in range(len(v.text) + 1):  # one tag character for one view character: every offset exact
        a, b = v.span(i, i)
        assert 0 <= a == b <= len(text)


def test_a_codename_in_tag_characters_matches_its_pattern_on_the_tag_characters() -> None:
    text = "Status of " + tag("Project Falcon") + " please"
    v = pattern_view(text)
    m = CODENAME.search(v.text)
    assert m is not None
    a, b = v.span(m.start(), m.end())
    assert text[a:b] == tag("Project Falcon")


def test_the_language_and_cancel_tags_spell_nothing() -> None:
    flag = "\U0001f3f4" + tag("gbeng") + "\U000e007f"  # an emoji subdivision flag
    assert normalize(f"go {flag}!").text == "go \U0001f3f4gbeng!"
    assert normalize("a\U000e0001b\U000e007fc").text == "abc"


# ----------------------------------------------------------------------------- F9: look-alike letters

@pytest.mark.parametrize("written", [
    "project falc\u0585n",  # Armenian small letter oh
    "project f\u0251lcon",  # Latin small letter alpha
    "pro\u0237ect falcon",  # Latin small letter dotless j
    "\u1d18\u0280\u1d0f\u1d0a\u1d07\u1d04\u1d1b \ua730\u1d00\u029f\u1d04\u1d0f\u0274",  # small capitals
    "project falc\u13a4n",  # Cherokee letter U (O with a hook)
    "project fa\ua4e1con",  # Lisu letter la
    "proj\u0435ct \u2c9fsprey",  # Cyrillic e (the hand table), Coptic o
    "pr\u00f8ject f\u0251\u0142c\u0585n",  # o with stroke, l with stroke
])
def test_look_alike_letters_of_other_scripts_match_a_codename_rule(written: str) -> None:
    text = f"Status of {written}?"
    v = pattern_view(text)
    m = CODENAME.search(v.text)
    assert m is not None, v.text
    assert text.__getitem__(slice(*v.span(m.start(), m.end()))) == written


@pytest.mark.parametrize("text", [
    "project\u2223falcon",  # DIVIDES: a symbol stays a separator (confusables read it as `l`)
    "project\u2228falcon",  # LOGICAL OR (`v`)
    "project\u00d7falcon",  # MULTIPLICATION SIGN (`x`)
])
def test_symbols_that_look_like_letters_stay_separators(text: str) -> None:
    assert pattern_view(text).text == text and CODENAME.search(pattern_view(text).text) is not None


def test_the_generated_table_only_folds_letters_that_reach_the_view() -> None:
    """Every entry: a letter or letter-like number that `normalize` leaves as it is (what NFKC or the digit
    fold changes never reaches this table), read as one or two ASCII letters or digits."""
    bad = []
    for ch, target in LOOKALIKES.items():
        category = unicodedata.category(ch)
        if not (category.startswith("L") or category in ("Nl", "No")) or normalize(ch).text != ch \
                or not (target.isascii() and target.isalnum() and 1 <= len(target) <= 2):
            bad.append(f"{ord(ch):#x}")
    assert not bad and len(LOOKALIKES) > 500, bad


@pytest.mark.parametrize("text", [
    "Հայաստանի Հանրապետություն, բարև, օրինակ",  # Armenian
    "\u13a3\u13b3\u13a9 \u13a6\u13ec\u13c2\u13af\u13cd\u13d7",  # Cherokee
    "Здравствуйте, обзор готов, проект Сокол",  # Cyrillic
    "Wczoraj rozmawia\u0142em z Tomaszem, \u00d8stergade 12",
])
def test_real_text_in_those_scripts_matches_no_codename_rule(text: str) -> None:
    assert CODENAME.search(pattern_view(text).text) is None
    # PII and toxicity read other scripts as written: no Latin letter appears in their view
    assert {c for c in normalize(text).text if c.isascii() and c.isalpha()} <= set(text)


# ------------------------------------------------------------------------------- F10: more encodings

@pytest.mark.parametrize(("text", "view", "value", "original"), [
    ("&#x0000070;roject falcon", "project falcon", "p", "&#x0000070;"),  # leading zeros: HTML allows any
    ("&#00000000112;roject falcon", "project falcon", "p", "&#00000000112;"),
    ("mail mkowalski\\u{40}contoso.com", "mail mkowalski@contoso.com", "mkowalski@contoso.com",
     "mkowalski\\u{40}contoso.com"),
    ("mail mkowalski\\100contoso\\056com", "mail mkowalski@contoso.com", "mkowalski@contoso.com",
     "mkowalski\\100contoso\\056com"),
    ("mail mkowalski\\U00000040contoso\\U0000002Ecom", "mail mkowalski@contoso.com", "mkowalski@contoso.com",
     "mkowalski\\U00000040contoso\\U0000002Ecom"),  # Python's and C's 8-digit escape, as `\\u0040`
    ("mail mkowalski=40contoso.com now", "mail mkowalski@contoso.com now", "mkowalski@contoso.com",
     "mkowalski=40contoso.com"),
    ("mail m.kowalski=40mx=2Econtoso=2Ecom", "mail m.kowalski@mx.contoso.com", "m.kowalski@mx.contoso.com",
     "m.kowalski=40mx=2Econtoso=2Ecom"),
    ("mail mkowalski @ contoso . com now", "mail mkowalski@contoso.com now", "mkowalski@contoso.com",
     "mkowalski @ contoso . com"),
    ("mail m . kowalski@contoso .co . uk", "mail m.kowalski@contoso.co.uk", "m.kowalski@contoso.co.uk",
     "m . kowalski@contoso .co . uk"),
    ("card 4111x1111x1111x1111 ok", "card 4111 1111 1111 1111 ok", "4111 1111 1111 1111", "4111x1111x1111x1111"),
    ("amex 3782X822463X10005", "amex 3782 822463 10005", "3782 822463 10005", "3782X822463X10005"),
])
def test_more_encodings_are_decoded_and_map_back(text: str, view: str, value: str, original: str) -> None:
    v = normalize(text)
    assert v.text == view
    at = v.text.index(value)
    assert text.__getitem__(slice(*v.span(at, at + len(value)))) == original
    assert v.span(0, len(v.text)) == (0, len(text))


@pytest.mark.parametrize("text", [
    "width=40 height=40; a=40&b=example.com; x=40.5",  # assignments, not quoted-printable
    "the screen is 1920x1080, the box 30x40x50 cm, 4111x1111 px",  # sizes
    "meet @ home . com; ping @ team. Co-workers; 5 @ 3.50 each",  # `@` in prose
    "\\1 and \\9 back-references, \\400 is no byte",
    "&#x110000; &#0; stay",
    "C:\\Users\\U0000 and \\U00110000 and \\U0000D800 stay",  # short, beyond Unicode, a surrogate
])
def test_look_alike_encodings_in_ordinary_text_are_left_alone(text: str) -> None:
    assert normalize(text).text == text
